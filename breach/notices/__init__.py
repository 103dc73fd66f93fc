"""Notices owed to customers and to ourselves: the queue that decides who is owed what, the outbox that
holds them until delivered, and the escalation of notices nobody acknowledges."""
