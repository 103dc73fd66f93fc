"""The HTTP API: request and response models, authentication, refusals in one shape, and the routes."""
