"""Context models of communications (issue 22): what the DPA asks us to tell a customer besides a breach."""
