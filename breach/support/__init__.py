"""What we do for a customer beyond notifying it (DPA clause 8(1)(c)-(e), 8(2)): support tasks and who pays
for them, and the prior consultations of an authority (GDPR Art. 36) we support."""
