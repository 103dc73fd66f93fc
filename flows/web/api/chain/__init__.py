"""The processing chain's API routes (issue 21): a customer's sub-processors (``subprocessors``) and the
breach notices our sub-processors send us (``intake``)."""
