"""Prefect: the flows (`handle_incident`, `watch_deadlines`, `publish_register`), their deployments and
automations, the dashboard artifacts, and `make serve`. A thin shell over `flows.usecases`."""
