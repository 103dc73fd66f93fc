"""Our own NIS2 duty as the things people do (issue 20): record the ``nis2`` facts (``section``, ``records``),
assess significance and act on it (``assess``: the alert, the early-warning clock, a DPO's override), and
show it (``view``). The test itself is ``breach.nis2``; its words ``notifications.nis2``."""
