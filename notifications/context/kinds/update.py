"""An update (GDPR Art. 33(4)): what changed since the previous notice, one ``Change`` per field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from pydantic import computed_field, model_validator

from breach.vocabulary import NoticeKind
from notifications.context.models import View
from notifications.context.notice import NoticeContext

ChangeValue = str | int | float | bool | tuple[str, ...] | None


class Change(View):
    """One difference since the previous notice (GDPR Art. 33(4)), as ``breach.incidents.diffing`` stores it.

    ``path`` names the field ("facts.data_subjects", "narrative.nature"; its words are the ``field``
    label group), ``group`` the label group of its codes, ``kind`` how to show it: ``codes`` as items
    added and removed, ``number``, ``enum`` and ``bool`` as before -> after, ``text`` as the new text.
    """

    path: str
    group: str | None = None
    kind: Literal["text", "codes", "number", "bool", "enum"]
    before: ChangeValue = None
    after: ChangeValue = None

    @model_validator(mode="after")
    def _values_fit_the_kind(self) -> Change:
        # A stored change whose values do not fit its kind would render as nonsense: refused here.
        fits: dict[str, Callable[[object], bool]] = {
            "codes": lambda v: isinstance(v, tuple),
            "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "bool": lambda v: isinstance(v, bool),
            "enum": lambda v: isinstance(v, str),
            "text": lambda v: isinstance(v, str),
        }
        for value in (self.before, self.after):
            if value is not None and not fits[self.kind](value):
                raise ValueError(f"{self.path}: {value!r} is not a {self.kind} value")
        if self.kind in ("codes", "enum") and self.group is None:
            raise ValueError(f"{self.path}: a {self.kind} change needs the label group of its codes")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def added(self) -> tuple[str, ...]:
        """For ``codes``: the codes present now and not before, in their stored order."""
        before = self.before if isinstance(self.before, tuple) else ()
        after = self.after if isinstance(self.after, tuple) else ()
        return tuple(code for code in after if code not in before)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def removed(self) -> tuple[str, ...]:
        """For ``codes``: the codes present before and not now."""
        before = self.before if isinstance(self.before, tuple) else ()
        after = self.after if isinstance(self.after, tuple) else ()
        return tuple(code for code in before if code not in after)


class UpdateContext(NoticeContext):
    kind: Literal[NoticeKind.UPDATE] = NoticeKind.UPDATE
    changes: tuple[Change, ...] = ()

    @classmethod
    def from_details(cls, details: Mapping[str, Any], tz: str) -> dict[str, Any]:
        # {"changes": [{"path", "group", "kind", "before", "after"}]}
        return {"changes": tuple(Change.model_validate(c) for c in details.get("changes") or ())}
