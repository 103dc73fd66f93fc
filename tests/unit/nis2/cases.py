"""Facts for the NIS2 tests: every fact known and ruled out, so one changed fact decides alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from breach.nis2 import Nis2Facts, Significance, significance

WHEN = datetime(2026, 8, 31, 14, 0, tzinfo=UTC)

# Nothing is significant here for any entity type; the turnover makes 5 % of it EUR 2 000 000, so the
# loss threshold is the fixed EUR 500 000, and 5 % of the users is 50 000, below 1 million.
QUIET = Nis2Facts(
    direct_financial_loss_eur=0,
    annual_turnover_eur=40_000_000,
    trade_secrets_exfiltrated=False,
    death=False,
    considerable_health_damage=False,
    malicious_unauthorised_access=False,
    severe_operational_disruption_possible=False,
    complete_unavailability_minutes=0,
    limited_availability_minutes=0,
    users_limited=0,
    users_in_union=1_000_000,
    data_compromised=False,
    suspected_malicious=False,
    users_data_compromised=0,
    physical_access_compromised=False,
    root_cause="expired-certificate",
    occurred_at=WHEN,
)


def quiet(**changes: Any) -> Nis2Facts:
    """``QUIET`` with ``changes``."""
    return replace(QUIET, **changes)


def assess(entity_type: str = "cloud", **changes: Any) -> Significance:
    """The significance of ``QUIET`` with ``changes`` for ``entity_type``."""
    return significance(quiet(**changes), entity_type=entity_type)


def outcome(result: Significance, criterion: str) -> str:
    """The outcome the reasons give for ``criterion``."""
    return next(r.outcome for r in result.reasons if r.criterion == criterion)
