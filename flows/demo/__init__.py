"""The demo: a fresh database, a fictional directory, and (from the first-path issue on) a breach."""
