"""The engine's one exception tree. Every error raised on purpose is a ``BreachError``.

::

    BreachError                      anything the engine refuses or cannot do, on purpose
    ├── InvalidInput                 bad input from a person, a file or a caller: names the field and value
    │   ├── NaiveDatetime            a datetime without a zone where an instant is meant
    │   ├── UnknownValue             an id, rule, zone, country or authority that is not known
    │   ├── OptionError              a rule option that is missing, unknown or not applicable to the rule
    │   ├── Contradiction            two inputs that cannot both be true
    │   └── DirectoryFileError       a directory file that does not validate (the whole file is refused)
    ├── NotFound                     a referenced row does not exist (incident, customer, service, case)
    ├── IllegalTransition            the incident state machine refuses a move
    ├── ConfigurationError           settings that do not validate
    ├── DeliveryError                a notice did not leave; carries the channel's reason
    └── RenderError                  (notifications.render.rendering) a template, label or field is missing

The CLI maps ``InvalidInput``, ``NotFound`` and ``IllegalTransition`` to exit code 2 with the message on
one line; nothing is written when they are raised inside a unit of work (the caller rolls back).
"""

from __future__ import annotations

from datetime import timedelta

from breach.echo import shown


class BreachError(Exception):
    """Anything the engine refuses or cannot do, on purpose."""


class InvalidInput(BreachError, ValueError):
    """Bad input: ``field`` names where it came from, ``value`` what it was, ``problem`` why it is refused."""

    def __init__(self, field: str, value: object, problem: str) -> None:
        self.field = field
        self.value = value
        self.problem = problem
        # The value is cut to a readable length: a file's whole content must never become one error line.
        super().__init__(f"{field}: {problem} (got {shown(value)})")


class NaiveDatetime(InvalidInput):
    """A datetime without a time zone where an instant is meant (DESIGN.md habit 3)."""

    def __init__(self, field: str, value: object) -> None:
        super().__init__(field, value, "a time zone is required (for example 2026-03-14T16:30+01:00)")


class UnknownValue(InvalidInput, LookupError):
    """An identifier that is not one of the known ones (rule, time zone, country, authority, ...)."""


class OptionError(InvalidInput, TypeError):
    """A rule option that is missing, unknown or not applicable to the rule."""


class Contradiction(InvalidInput):
    """Two inputs that cannot both be true; ``field`` names the first, the message names the other."""


class DirectoryFileError(InvalidInput):
    """A directory file that does not validate; ``field`` is a path such as ``customers[3].language``."""


class NotFound(BreachError, LookupError):
    """A referenced row does not exist."""

    def __init__(self, kind: str, key: object) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind}: no such {kind} {shown(key)}")


class IllegalTransition(BreachError):
    """The incident state machine refuses to move from ``current`` to ``target``."""

    def __init__(self, current: str, target: str, allowed: tuple[str, ...]) -> None:
        self.current = current
        self.target = target
        self.allowed = allowed
        options = ", ".join(allowed) if allowed else "none: it is final"
        super().__init__(f"status: cannot go from {current!r} to {target!r} (allowed: {options})")


class ConfigurationError(BreachError):
    """Settings that do not validate; the message names the setting."""


class DeliveryError(BreachError):
    """A notice did not leave. ``reason`` is what the channel said; ``transient`` whether a retry may help.

    ``refused``: the receiver could not be reached at all (connection refused, no such host): nothing
    arrived, and waiting on the same contact helps no one, so the next contact is tried at once.
    ``may_have_arrived``: the request left and no answer came back (read timeout, reset after sending):
    the receiver may hold the message, so the next try is flagged a possible duplicate.
    ``busy``: the receiver answered that it is overloaded or throttling (HTTP 503, 429): transient by
    definition, so the next try on the same contact comes soon. ``retry_after``: how long the receiver
    asked us to wait (its ``Retry-After``), when it said.
    """

    def __init__(
        self,
        reason: str,
        *,
        transient: bool,
        refused: bool = False,
        may_have_arrived: bool = False,
        busy: bool = False,
        retry_after: timedelta | None = None,
    ) -> None:
        self.reason = reason
        self.transient = transient
        self.refused = refused
        self.may_have_arrived = may_have_arrived
        self.busy = busy
        self.retry_after = retry_after
        super().__init__(reason)
