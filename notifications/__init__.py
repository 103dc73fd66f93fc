"""Everything that turns a decision into a delivered message: context, rendering, channels, outbox.

Imports ``breach``, Jinja2 and Apprise; never Prefect (DESIGN.md section 2).
"""
