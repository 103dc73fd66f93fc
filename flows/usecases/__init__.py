"""One module per thing a person or the watchdog does, shared by the CLI, the HTTP API and the Prefect flows:
each opens a unit of work, calls the legal core, and commits the result with its audit events."""
