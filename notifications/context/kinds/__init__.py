"""One typed context model per notice kind to a customer, each in its own module with its pure builder.

``CONTEXTS`` maps each kind to its model, collected from the models of this package's modules (each
names its ``kind``), so a new kind is one new module here
(a communication's in ``communications/``); a test checks that every customer kind of
``breach.notices.kinds.KINDS`` has one.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Final

from breach.vocabulary import NoticeKind
from notifications.context.notice import NoticeContext

for _module in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
    importlib.import_module(_module.name)


def _models(base: type[NoticeContext]) -> Iterator[type[NoticeContext]]:
    for model in base.__subclasses__():
        yield model
        yield from _models(model)


def _registry() -> dict[NoticeKind, type[NoticeContext]]:
    found: dict[NoticeKind, type[NoticeContext]] = {}
    for model in _models(NoticeContext):
        kind = NoticeKind(model.model_fields["kind"].default)
        if kind in found:
            raise TypeError(f"two context models for {kind}: {found[kind].__name__} and {model.__name__}")
        found[kind] = model
    return found


CONTEXTS: Final[Mapping[NoticeKind, type[NoticeContext]]] = MappingProxyType(_registry())
