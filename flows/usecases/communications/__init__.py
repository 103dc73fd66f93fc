"""The communications' use cases (issue 22): what the DPA asks us to tell customers "immediately" besides a
breach, each recorded once and told to every customer concerned through the breach notices' outbox.

``requests`` forwards a data subject's request (DPA clause 4(1)); ``dpo`` announces a change of our DPO
(5(a)); ``inspections`` tells the customers an authority's action concerns (5(e)) and opens a support task for
each; ``addressing`` is what they share (whom, by when, one notice each); ``reminders`` climbs a customer's
escalation chain when nobody acknowledges; ``views`` lists them and builds their evidence pack; ``retention``
removes a request's text once its retention period is over.
"""
