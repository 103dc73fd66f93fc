"""The communications' SQL: recording one, addressing it to customers, reading it back, purging a request."""
