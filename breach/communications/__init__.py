"""Communications: what the DPA asks us to tell a customer "immediately" besides a breach.

A data subject's request forwarded (clause 4(1), ``requests``), a change of our DPO (5(a)) and an inspection or
measure by an authority (5(e)) (``facts``): each a ``NoticeKind`` with its row in ``breach.notices.kinds``, sent
through the breach notices' fan-out, outbox, acknowledgements and evidence. ``store`` writes them (SQL).
"""
