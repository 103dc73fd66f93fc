"""How a case is assessed: the incident's facts with the customer's own number of people and its own data.

The facts are written once for the incident; a customer that keeps more on the breached services (the
Mutuelle's bank account details on the mail service) is assessed with those categories too, so its risk
reasons name what its notice and drafts name (``breach.risk.data_kinds``; GDPR Art. 33(3)(a), (c)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from breach.incidents.fanout import Assessor
from breach.risk.data_kinds import categories_of


def assess_for_customer(facts: Mapping[str, Any], data_subjects: int, data_kinds: Iterable[str] = ()) -> dict[str, Any]:
    from breach.risk.assessment import BreachFacts, assess  # noqa: PLC0415  (arrives with the risk module)

    fields = dict(facts)
    kept = categories_of(data_kinds)
    if kept:
        fields["data_categories"] = sorted(set(fields.get("data_categories") or ()) | kept)
    if data_subjects > 0:
        # Each case is assessed with that customer's own number of people (LAW.md section 1, fan-out).
        fields["data_subjects"] = data_subjects
        if fields.get("data_subjects_max") is not None and fields["data_subjects_max"] < data_subjects:
            fields["data_subjects_max"] = None
    return assess(BreachFacts.model_validate(fields)).model_dump(mode="json")


def assessor() -> Assessor:
    return assess_for_customer
