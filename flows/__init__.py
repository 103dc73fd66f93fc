"""The composition root: settings, database scope, Prefect flows, the CLI and the HTTP API."""
