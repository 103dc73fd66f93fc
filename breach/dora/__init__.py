"""DORA: what we know of our incident for a financial-entity customer's own classification (issue 20).

A customer that is a financial entity classifies our incident, an ICT third-party incident for it, by the
criteria of DORA Art. 18(1) as Delegated Regulation (EU) 2024/1772 specifies them; it reports a major one
under DORA Art. 19. We never classify for it: ``information`` lists, per criterion, what we know or that we
do not know it yet. Modules: ``criteria`` (the table, one row per criterion with its article),
``information`` (the pure function), ``store`` (reading what it needs from the database).
"""

from breach.dora.criteria import CRITERIA, CriterionId, DoraCriterion
from breach.dora.information import DoraFact, DoraFacts, DoraItem, DoraRecord, FactKind, information, nis2_figures

__all__ = [
    "CRITERIA",
    "CriterionId",
    "DoraCriterion",
    "DoraFact",
    "DoraFacts",
    "DoraItem",
    "DoraRecord",
    "FactKind",
    "information",
    "nis2_figures",
]
