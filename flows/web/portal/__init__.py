"""The customers' portal (`/portal`): pages, forms, the session cookie, CSRF, and the deadline timeline."""
