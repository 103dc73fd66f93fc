"""The communications' routes (issue 22): ``POST /requests`` forwards a data subject's request (DPA 4(1))."""
