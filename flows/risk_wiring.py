"""How a case is assessed at confirmation: the incident's facts with the customer's own numbers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from breach.incidents.fanout import Assessor


def assess_for_customer(facts: Mapping[str, Any], data_subjects: int) -> dict[str, Any]:
    from breach.risk.assessment import BreachFacts, assess  # noqa: PLC0415  (arrives with the risk module)

    fields = dict(facts)
    if data_subjects > 0:
        # Each case is assessed with that customer's own number of people (LAW.md section 1, fan-out).
        fields["data_subjects"] = data_subjects
        if fields.get("data_subjects_max") is not None and fields["data_subjects_max"] < data_subjects:
            fields["data_subjects_max"] = None
    return assess(BreachFacts.model_validate(fields)).model_dump(mode="json")


def assessor() -> Assessor:
    return assess_for_customer
