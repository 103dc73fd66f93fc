"""The criteria of Delegated Regulation (EU) 2024/1772 we give information on, one row each with its article.

Each row names the article of 2024/1772 that specifies the criterion and the point of DORA Art. 18(1) it
specifies. Art. 2 (reputational impact: media attention, complaints, the entity's own regulatory
standing) is left out on purpose: it is measured within the financial entity, and nothing we hold says
anything about it. The thresholds of Art. 8-9 are left out too: they are the entity's classification,
not our information.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

CriterionId = Literal["clients", "duration", "geography", "data_losses", "critical_services", "economic"]


@dataclass(frozen=True, slots=True)
class DoraCriterion:
    """One criterion: its id, the article of 2024/1772 and the point of DORA Art. 18(1) it specifies."""

    id: CriterionId
    article: str
    dora: str
    what: str


CRITERIA: Final[tuple[DoraCriterion, ...]] = (
    # Art. 1(1): clients unable to use the service or adversely impacted; we know the data subjects and
    # records of this customer on the affected services, which is what its count starts from.
    DoraCriterion("clients", "2024/1772 Art. 1", "DORA Art. 18(1)(a)", "clients, counterparts, transactions"),
    # Art. 3(1)-(3): duration from occurrence (else detection) to resolution; Art. 3(4): downtime from
    # full or partial unavailability to restoration.
    DoraCriterion("duration", "2024/1772 Art. 3", "DORA Art. 18(1)(b)", "duration and service downtime"),
    # Art. 4: impact in two or more Member States; we know where the customers affected are supervised.
    DoraCriterion("geography", "2024/1772 Art. 4", "DORA Art. 18(1)(c)", "geographical spread"),
    # Art. 5: the availability, authenticity, integrity or confidentiality of data affected.
    DoraCriterion("data_losses", "2024/1772 Art. 5", "DORA Art. 18(1)(d)", "data losses"),
    # Art. 6: whether ICT services supporting critical or important functions are affected; which of ours
    # those are for the entity is its own register's answer (DORA Art. 28(3)).
    DoraCriterion("critical_services", "2024/1772 Art. 6", "DORA Art. 18(1)(e)", "criticality of services"),
    # Art. 7: direct and indirect costs and losses; ours are only a part of the entity's.
    DoraCriterion("economic", "2024/1772 Art. 7", "DORA Art. 18(1)(f)", "economic impact"),
)
