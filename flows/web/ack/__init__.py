"""The acknowledgement pages every notice links to (``/ack/{token}``)."""
