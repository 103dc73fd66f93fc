"""The portal's page of communications (issue 22): what we told the customer besides a breach, and its
instructions (DPA clause 9), which it confirms, amends or withdraws there."""
