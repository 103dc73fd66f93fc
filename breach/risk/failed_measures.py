"""When to ask which measures of the DPA appendix failed (``Narrative.failed_measures``), and which to suggest.

A personal data breach is "a breach of security" (GDPR Art. 4(12)): when the facts show that someone got
past the access controls, that data were altered or that they became unavailable, one of the measures we
promised under Art. 32(1) did not hold. The controller needs to know which for its DPIA's "measures
envisaged to address the risks" (Art. 35(7)(d); DPA clause 8(1)(d)), and we need it to review our own
measures (Art. 32(1)(d)). So the operator is asked for ``failed_measures`` (never refused: the completeness
gate follows Art. 33(3) only) once the facts show such a failure and until the measures are named.

Each ``Trigger`` is a row: what in the facts shows the failure, and the appendix measures it points at.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from breach.risk.enisa import confidentiality_exposed
from breach.risk.facts import BreachFacts
from breach.risk.measures import MEASURES

GROUND: Final = "GDPR Art. 35(7)(d); Art. 32(1)"


@dataclass(frozen=True, slots=True)
class Trigger:
    """A fact that shows a failed measure: its code, its test, and the appendix measures to check first."""

    code: str
    shows: str  # what the facts show, for the operator's message
    when: Callable[[BreachFacts], bool]
    suggests: tuple[str, ...]


TRIGGERS: Final[tuple[Trigger, ...]] = (
    # Someone with malicious intent (or not yet known intent) obtained or could obtain the data: access
    # control failed (Art. 32(1)(b): confidentiality), a compromised account being the usual way in.
    Trigger(
        "unauthorised_access",
        "someone unauthorised, possibly malicious, got or could get the data",
        lambda f: confidentiality_exposed(f) and f.assessed_malicious,
        ("physical_access", "electronic_access", "internal_access", "isolation"),
    ),
    # Credentials among the data: accounts are compromised or at risk (Art. 32(1)(b)).
    Trigger(
        "credentials_exposed",
        "credentials are among the data",
        lambda f: "credentials" in f.data_categories,
        ("electronic_access",),
    ),
    # Data went to the wrong people without malice: a transfer or an entry went wrong (Art. 32(1)(b)).
    Trigger(
        "misdirected",
        "data reached the wrong people by mistake",
        lambda f: confidentiality_exposed(f) and f.malicious is False,
        ("transfer_control", "internal_access"),
    ),
    # Data altered: integrity controls failed (Art. 32(1)(b)).
    Trigger(
        "data_altered",
        "data were altered",
        lambda f: "integrity" in f.breach_types,
        ("entry_control", "transfer_control"),
    ),
    # Data unavailable for a time or for good: availability and recovery did not hold (Art. 32(1)(b), (c)).
    Trigger(
        "availability_lost",
        "data became unavailable",
        lambda f: f.availability in ("temporary", "permanent"),
        ("availability_control", "rapid_recovery"),
    ),
)


@dataclass(frozen=True, slots=True)
class FailedMeasuresWanted:
    """The request for ``failed_measures``: why (the triggers), where to look first, and every choice."""

    field: str
    ground: str
    because: tuple[str, ...]  # the triggers' codes
    shows: tuple[str, ...]  # what each shows, in words
    suggested: tuple[str, ...]  # in the appendix's order
    choices: tuple[str, ...]  # every measure of the appendix, in its order

    def sentence(self) -> str:
        """One line for the operator (CLI), in English like every operator message."""
        return (
            f"wanted: {self.field} ({self.ground}): the facts show that {'; '.join(self.shows)};"
            f" name the appendix measures that failed, e.g. {', '.join(self.suggested)}"
            f" (choices: {', '.join(self.choices)})"
        )


def failed_measures_wanted(facts: BreachFacts | None, failed_measures: Sequence[str]) -> FailedMeasuresWanted | None:
    """The request for ``failed_measures`` when ``facts`` show a failed measure and none is named yet."""
    if facts is None or failed_measures:
        return None
    fired = [t for t in TRIGGERS if t.when(facts)]
    if not fired:
        return None
    suggested = {m for t in fired for m in t.suggests}
    return FailedMeasuresWanted(
        field="narrative.failed_measures",
        ground=GROUND,
        because=tuple(t.code for t in fired),
        shows=tuple(t.shows for t in fired),
        suggested=tuple(m.id for m in MEASURES if m.id in suggested),
        choices=tuple(m.id for m in MEASURES),
    )
