"""Our customers, their services and contacts (the controller directory), the supervisory authorities they
answer to, and which customers a breach affects."""
