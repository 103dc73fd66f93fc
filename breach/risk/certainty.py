"""Reasons that say what is known: a finding about data that left the controller's control is worded as a
fact only when that loss is established, and as a possibility while it only cannot be ruled out.

The rules (``breach.risk.rules``) treat "cannot be ruled out" like "confirmed", as they must: a risk that
cannot be excluded is assessed (EDPB Guidelines 9/2022; LAW.md section 4). The sentence that explains the
outcome must not turn that prudence into a finding ("an attacker took the data") the facts do not support:
the controller copies these reasons into its own notification, which must be accurate (GDPR Art. 5(1)(d),
33(3)(a)) and is completed in phases as facts are established (Art. 33(4)). So each reason that states the
loss of control has a ``_possible`` twin in ``breach.risk.reasons.REASONS``, and ``worded`` picks one.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from breach.risk.facts import BreachFacts, Recipients
from breach.risk.reasons import REASONS

# Recipients who certainly hold the data: they were sent it (trusted, known) or it was published. "unknown"
# also covers "nobody knows whether anyone got it", so it establishes nothing by itself.
HOLDERS_ESTABLISHED: Final[frozenset[Recipients]] = frozenset({"trusted", "known", "public"})

# Each reason that states the loss of control as established, with its twin that states it as possible.
POSSIBLE_TWIN: Final[Mapping[str, str]] = MappingProxyType(
    {
        code: f"{code}_possible"
        for code, spec in REASONS.items()
        if spec.certainty == "established" and f"{code}_possible" in REASONS
    }
)


def loss_established(facts: BreachFacts) -> bool:
    """Whether the data certainly left the controller's control: exfiltration confirmed, or recipients who
    certainly hold them."""
    return facts.exfiltration == "confirmed" or facts.recipients in HOLDERS_ESTABLISHED


def worded(code: str, *, established: bool) -> str:
    """``code`` itself when the loss of control is established (or the reason does not state it); else its
    ``_possible`` twin."""
    if established:
        return code
    return POSSIBLE_TWIN.get(code, code)
