"""The records package's store, its SQL: ``audit`` (the keyed audit log's rows and their verification)."""
