"""Writing and reading instructions (SQL)."""
