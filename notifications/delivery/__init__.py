"""The outbox sender, from a claim to a settled try: claim, plan, render, send concurrently, settle, and
what a failure means next (retry, next contact, or a visible failure)."""
