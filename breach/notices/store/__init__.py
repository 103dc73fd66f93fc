"""The notices' store, the SQL of the notices package: ``queue`` (who is owed which notice) and ``outbox`` (the
notices held until delivered, claimed, settled)."""
