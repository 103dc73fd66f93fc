"""Turning a notice's context into its subject, text and HTML (and the JSON attachment), strictly and
sandboxed, in worker processes when asked."""
