"""What we can prove afterwards: the keyed, hash-chained audit log and its anchors, the breach register, and
the retention that removes personal data when its time is up (DPA clause 10)."""
