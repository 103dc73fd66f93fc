"""Escalation chains: what happens to a delivered notice that nobody acknowledges (DPA clause 8(1)(b)).

Delivery proves that a mail server or a webhook accepted the notice, not that a person read it. A chain is
data, per customer (the directory's ``escalation`` list; ``None`` takes ``DEFAULT_CHAIN``): each step
waits ``after`` from the first delivery, then re-sends the same notice through the customer's next contact
or alerts our DPO and the account manager; the last step may repeat every ``repeat_every`` until the notice
is acknowledged or the incident ends. ``due_escalations`` is a pure function of the first delivery, the
time now and the keys already done; the caller filters acknowledged notices and acts on the result
(``flows.usecases.escalation``).

Keys are stable (``resend@1h``, ``alert@2h``, ``alert@6h``...) so a watchdog run after a crash or a long
pause acts once per key. After a pause, each action is done at most once per run: the latest occurrence
due, which *covers* the earlier ones it skipped (one alert, not a flood of them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, TypeAdapter, ValidationError

from breach.clock import require_aware
from breach.errors import InvalidInput

Action = Literal["resend_next_contact", "alert_internal"]
RESEND: Final = "resend_next_contact"
ALERT: Final = "alert_internal"
# The key prefix of each action's occurrences.
ACTION_KEYS: Final[Mapping[str, str]] = {RESEND: "resend", ALERT: "alert"}

MAX_STEPS: Final = 10
LONGEST: Final = timedelta(days=30)
# A repeat more often than this floods our DPO without helping the customer read the notice.
SHORTEST_REPEAT: Final = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Step:
    """Wait ``after`` from the first delivery, then do ``action``; the last step may repeat."""

    after: timedelta
    action: Action
    repeat_every: timedelta | None = None


# The default: after 1 hour re-send through the next contact; after 2 hours alert our DPO and the
# account manager, again every 4 hours until someone acknowledges or the incident closes.
DEFAULT_CHAIN: Final[tuple[Step, ...]] = (
    Step(after=timedelta(hours=1), action=RESEND),
    Step(after=timedelta(hours=2), action=ALERT, repeat_every=timedelta(hours=4)),
)


@dataclass(frozen=True, slots=True)
class Escalation:
    """One step due now: its stable ``key``, what to do, when it fell due, and the skipped keys it covers."""

    key: str
    action: Action
    at: datetime
    covers: tuple[str, ...] = ()


# --- durations: "90m", "1h", "4h", "2d", "1h30m" -------------------------------------------------

_DURATION = re.compile(r"^(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?$")


def parse_duration(text: str) -> timedelta:
    """``"90m"``, ``"1h"``, ``"2d"`` or ``"1h30m"`` as a timedelta; a ``ValueError`` names the form."""
    match = _DURATION.match(text.strip().lower())
    if not text.strip() or match is None:
        raise ValueError(f"{text!r} is not a duration (use minutes, hours or days: 90m, 4h, 2d)")
    parts = {k: int(v) if v else 0 for k, v in match.groupdict().items()}
    return timedelta(days=parts["d"], hours=parts["h"], minutes=parts["m"])


def format_duration(value: timedelta) -> str:
    """Whole hours as ``"6h"``, anything else in minutes (``"90m"``): the form used in keys."""
    minutes = int(value.total_seconds() // 60)
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


def _to_timedelta(value: Any) -> Any:
    if isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, timedelta):
        return value
    raise ValueError("expected a duration such as 90m, 4h or 2d")


def _whole_minutes(value: timedelta) -> timedelta:
    if value.total_seconds() % 60 or value < timedelta(minutes=1) or value > LONGEST:
        raise ValueError("must be whole minutes, from 1m to 30d")
    return value


Duration = Annotated[timedelta, BeforeValidator(_to_timedelta), AfterValidator(_whole_minutes)]


class StepSpec(BaseModel):
    """One step as a directory file writes it: ``{after: 1h, action: resend_next_contact}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    after: Duration
    action: Action
    repeat_every: Duration | None = None


def _valid_chain(steps: tuple[StepSpec, ...]) -> tuple[StepSpec, ...]:
    if len(steps) > MAX_STEPS:
        raise ValueError(f"at most {MAX_STEPS} steps")
    for before, step in pairwise(steps):
        if step.after <= before.after:
            raise ValueError("each step must come later than the one before it (after must increase)")
    for step in steps[:-1]:
        if step.repeat_every is not None:
            raise ValueError("only the last step may repeat (repeat_every)")
    if steps and steps[-1].repeat_every is not None and steps[-1].repeat_every < SHORTEST_REPEAT:
        raise ValueError(f"repeat_every must be at least {format_duration(SHORTEST_REPEAT)}")
    return steps


# A whole chain, as the directory file validates it (``breach.directory.entries.CustomerSpec.escalation``).
ChainSpec = Annotated[tuple[StepSpec, ...], AfterValidator(_valid_chain)]
_CHAIN: Final = TypeAdapter(ChainSpec)


def to_steps(specs: Iterable[StepSpec]) -> tuple[Step, ...]:
    return tuple(Step(after=s.after, action=s.action, repeat_every=s.repeat_every) for s in specs)


def stored_chain(specs: Sequence[StepSpec]) -> list[dict[str, str | None]]:
    """The chain as the ``Customer.escalation`` JSON column keeps it (durations as text)."""
    return [
        {
            "after": format_duration(s.after),
            "action": s.action,
            "repeat_every": format_duration(s.repeat_every) if s.repeat_every is not None else None,
        }
        for s in specs
    ]


def chain_from_stored(raw: Sequence[Mapping[str, Any]] | None) -> tuple[Step, ...]:
    """The customer's own chain, or ``DEFAULT_CHAIN`` when it has none (an empty list: no escalation)."""
    if raw is None:
        return DEFAULT_CHAIN
    try:
        return to_steps(_CHAIN.validate_python(list(raw)))
    except ValidationError as exc:
        raise InvalidInput("escalation", raw, exc.errors()[0]["msg"]) from None


# --- what is due ---------------------------------------------------------------------------------


def step_key(action: str, offset: timedelta) -> str:
    return f"{ACTION_KEYS[action]}@{format_duration(offset)}"


@dataclass(frozen=True, slots=True)
class _Occurrence:
    key: str
    action: Action
    offset: timedelta


def _occurrences(chain: Sequence[Step], elapsed: timedelta) -> list[_Occurrence]:
    """Every occurrence of every step up to ``elapsed`` after the first delivery, in time order."""
    out: list[_Occurrence] = []
    for step in chain:
        if step.after > elapsed:
            continue
        repeats = 0
        if step.repeat_every is not None:
            repeats = (elapsed - step.after) // step.repeat_every
        for index in range(repeats + 1):
            offset = step.after + index * (step.repeat_every or timedelta(0))
            out.append(_Occurrence(step_key(step.action, offset), step.action, offset))
    return sorted(out, key=lambda o: o.offset)


def due_escalations(
    delivered_at: datetime, now: datetime, chain: Sequence[Step], done: set[str] | frozenset[str]
) -> list[Escalation]:
    """The escalations due at ``now`` for a notice first delivered at ``delivered_at``, in time order.

    ``done`` holds the keys acted on before. Per action, only the latest occurrence due is returned, and
    only if neither it nor a later occurrence of that action is done; it ``covers`` the earlier ones not
    done (a watchdog that was down for hours sends one alert, not one per missed repeat). The caller
    filters notices already acknowledged and incidents that ended.
    """
    start = require_aware(delivered_at, "delivered_at")
    elapsed = require_aware(now, "now") - start
    if elapsed < timedelta(0):
        return []
    result: list[Escalation] = []
    for action in (RESEND, ALERT):
        mine = [o for o in _occurrences(chain, elapsed) if o.action == action]
        if not mine:
            continue
        last_done = max((i for i, o in enumerate(mine) if o.key in done), default=-1)
        pending = mine[last_done + 1 :]
        if not pending:
            continue
        latest = pending[-1]
        covers = tuple(o.key for o in pending[:-1])
        result.append(Escalation(key=latest.key, action=action, at=start + latest.offset, covers=covers))
    return sorted(result, key=lambda e: e.at)
