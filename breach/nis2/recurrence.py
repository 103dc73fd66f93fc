"""Recurring incidents, Implementing Regulation (EU) 2024/2690 Art. 4 (criterion ``cir.4``).

Incidents that are not significant on their own are one significant incident when (a) they occurred at
least twice within 6 months, (b) with the same apparent root cause, and (c) together meet Art. 3(1)(a),
the direct financial loss threshold. This incident is one of them; ``earlier`` holds the others, which the
caller records only when they were not significant on their own.

**The window, counted back from ``occurred_at``, in calendar months.** Regulation (EEC, Euratom) No
1182/71 Art. 3(2)(c), counted backwards from this incident's day: the window opens at the start of the
day with the same date six months earlier, or of that month's last day where the date does not exist
(31 August looks back to 28 or 29 February), and closes at ``occurred_at``. Days are those of
``occurred_at``'s own time zone, as given. An earlier incident on the opening day counts; one the day
before does not. Counting back from the later incident is the wider reading at a month's end (1182/71
counted forward from the earlier one would end on 28 August): the safer side for a reporting duty.
"""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

import pendulum

from breach.nis2.checks import MET, NOT_MET, OPEN, Check, ParamValue, figure, more_than_lower_of
from breach.nis2.facts import EarlierIncident, Nis2Facts, exact, same_root_cause
from breach.nis2.rules import T


def window_opens(occurred_at: datetime) -> date:
    """The first day of the Art. 4(a) window: six calendar months before ``occurred_at``'s day."""
    day = pendulum.date(occurred_at.year, occurred_at.month, occurred_at.day).subtract(months=T.recurrence_months)
    return date(day.year, day.month, day.day)  # pendulum clamps 31 August - 6 months to 28/29 February


def within_window(earlier: datetime, occurred_at: datetime) -> bool:
    """Art. 4(a): ``earlier`` falls within the six months that end at ``occurred_at``."""
    local = earlier.astimezone(occurred_at.tzinfo)
    return window_opens(occurred_at) <= local.date() and earlier <= occurred_at


def _could_recur(incident: EarlierIncident, facts: Nis2Facts) -> bool:
    # With the root cause or the time not known, an earlier incident may still turn out to match.
    cause_fits = facts.root_cause is None or same_root_cause(incident.root_cause, facts.root_cause)
    time_fits = facts.occurred_at is None or within_window(incident.occurred_at, facts.occurred_at)
    return cause_fits and time_fits


def recurring(facts: Nis2Facts) -> Check:
    """``cir.4``: met, not met, or open on the facts that decide it (the caller applies it only when the
    incident is not significant on its own)."""
    candidates = [(i, e) for i, e in enumerate(facts.earlier) if _could_recur(e, facts)]
    params: dict[str, ParamValue] = {"window_months": T.recurrence_months, "earlier_incidents": len(candidates)}
    if len(candidates) + 1 < T.recurrence_count:
        return Check(NOT_MET, params=params)
    context = [name for name in ("root_cause", "occurred_at") if getattr(facts, name) is None]
    losses = [facts.direct_financial_loss_eur, *(e.direct_financial_loss_eur for _, e in candidates)]
    missing = [] if facts.direct_financial_loss_eur is not None else ["direct_financial_loss_eur"]
    missing += [f"earlier[{i}].direct_financial_loss_eur" for i, e in candidates if e.direct_financial_loss_eur is None]
    known_sum = sum((exact(loss) for loss in losses if loss is not None), start=Fraction(0))
    loss = more_than_lower_of(
        "direct_financial_loss_eur",
        known_sum,
        fixed=T.loss_eur,
        share=T.loss_turnover_share,
        base_name="annual_turnover_eur",
        base=facts.annual_turnover_eur,
    )
    params.update(loss.params)
    params["direct_financial_loss_eur"] = figure(known_sum)
    if loss.outcome == MET:
        # Losses are never negative: the ones not known yet can only add to a sum already over the line.
        return Check(OPEN, tuple(context), params) if context else Check(MET, params=params)
    if not context and not missing and loss.outcome == NOT_MET:
        return Check(NOT_MET, params=params)
    turnover = ["annual_turnover_eur"] if facts.annual_turnover_eur is None else []
    return Check(OPEN, tuple(dict.fromkeys([*context, *missing, *turnover])), params)
