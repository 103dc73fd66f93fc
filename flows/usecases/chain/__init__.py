"""What people and machines do with the processing chain (issue 21): import the sub-processor directory
(``directory``), take in a sub-processor's breach notice (``intake``)."""
