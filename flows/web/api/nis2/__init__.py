"""Our own NIS2 duty's API routes (issue 20): the significance test and a DPO's override (``routes``)."""
