"""Instructions (DPA clause 9): what a customer tells us to do with the data we process for it.

An oral instruction is confirmed in writing (9(1)); one we believe infringes data-protection law is told to
the customer with our reasons, and we may suspend it until the customer confirms or changes it (9(2)).
``states`` is the instruction's state machine (a table and one pure function) and the checks of its input;
``store`` writes and reads them (SQL). The customer is told through the communications
(``breach.communications``): kinds ``instruction_confirmation`` and ``instruction_concern``.
"""
