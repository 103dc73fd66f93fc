"""Rendering notices from ``templates/``: strict, sandboxed, compiled once per kind and language.

Layout: ``templates/<kind>/<language>.subject``, ``<language>.txt`` and ``<language>.html``. Incident
text is user input, so the environment is sandboxed and HTML is autoescaped; ``StrictUndefined`` and
filters that raise make a missing field an error instead of a silent gap in a legal notice
(DESIGN.md habit 11).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, pass_context, select_autoescape
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from breach.errors import BreachError
from notifications.context import NoticeContext
from notifications.labels import LABELS


class RenderError(BreachError):
    """A template or a label is missing, or a template asked for a field the context lacks."""


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


def templates_dir() -> Path:
    """``BREACH_TEMPLATES_DIR``, else the checkout's ``templates/``, else the copy a wheel installs."""
    configured = os.environ.get("BREACH_TEMPLATES_DIR")
    if configured:
        return Path(configured)
    checkout = Path(__file__).resolve().parents[1] / "templates"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "breach-engine" / "templates"


@pass_context
def _label(context: Context, code: object, group: str) -> str:
    language = context.get("language")
    try:
        return str(LABELS[str(language)][group][str(code)])
    except KeyError:
        raise RenderError(f"label: no {language!r} text for {group}.{code}") from None


def _number(value: object) -> str:
    if not isinstance(value, int):
        raise RenderError(f"number: expected a whole number, got {value!r}")
    # A thin space groups thousands in every language we write, without the comma/point ambiguity.
    return f"{value:,}".replace(",", "\u202f")


@lru_cache(maxsize=4)
def environment(directory: str | None = None) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(directory or str(templates_dir())),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["label"] = _label
    env.filters["number"] = _number
    return env


def render(kind: str, language: str, context: NoticeContext, *, directory: str | None = None) -> Rendered:
    """Render one notice's subject, plain text and HTML; raise ``RenderError`` on any gap."""
    if language != context.language:
        # The label filter reads the context's language: a mismatch would mix two languages in one notice.
        raise RenderError(f"language: template {language!r} asked for a {context.language!r} context")
    env = environment(directory)
    values: dict[str, Any] = context.model_dump()
    parts: list[str] = []
    for suffix in ("subject", "txt", "html"):
        name = f"{kind}/{language}.{suffix}"
        try:
            parts.append(env.get_template(name).render(values))
        except TemplateNotFound:
            raise RenderError(f"template: {name} does not exist") from None
        except RenderError:
            raise
        except Exception as exc:  # Jinja's UndefinedError and SecurityError: a defect in a legal notice
            raise RenderError(f"template {name}: {exc}") from exc
    subject = " ".join(parts[0].split())
    return Rendered(subject=subject, text=parts[1], html=parts[2])
