"""An incident's life on the processor's side: its state machine, what people write about it, the fan-out into
one case per affected customer, awareness, what changed between versions, and whether its duties still stand."""
