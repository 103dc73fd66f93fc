"""Work a batch sends to its render workers besides rendering: e-mail's MIME building (issue 19)."""
