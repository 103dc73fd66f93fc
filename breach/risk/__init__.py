"""Risk of a personal data breach (GDPR Art. 33(1), 34(1)): the facts, the ENISA score, the outcome rules and
their reasons, and `assessment.assess`, which puts them together."""
