"""The `breach` command line (`app`), one module per command group, thin over `flows.usecases`."""
