"""`breach serve`: the FastAPI application (`app`), the HTTP API (`api/`), the customers' portal
(`portal/`), the acknowledgement pages, and what every request shares (keys, limits, headers, clients)."""
