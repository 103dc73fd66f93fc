"""The processing chain's SQL: the sub-processor directory (``subprocessors``) and their notices (``notices``)."""
