"""The legal core of the breach engine: pure rules, the data model and its repository.

Nothing here imports Prefect, Apprise or Jinja (DESIGN.md section 2); a test enforces it.
"""
