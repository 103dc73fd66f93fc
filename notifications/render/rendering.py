"""Rendering notices from ``templates/``: strict, sandboxed, compiled once per kind and language.

Layout: a frame per audience of ``breach.notices.kinds`` renders every kind, in every language:
``templates/_shared/breach_notice.{subject,txt,html}`` for a customer, ``_shared/internal_alert.*`` for our
own DPO. A customer kind's own content is its folder: ``templates/<kind>/body.txt`` and ``body.html``, and
``rows.txt`` / ``rows.html`` when it adds rows under the reference; its subject is the catalogue message
``subject_<kind>`` of the catalogue area ``notice``. The frame asks the kind's row (``spec``) what
differs by kind, never its name. Incident text is user input, so the environment is sandboxed and HTML is
autoescaped; ``StrictUndefined`` and filters that raise make a missing field an error instead of a silent
gap in a legal notice (DESIGN.md habit 11).

Words come from the gettext catalogues (``notifications.i18n``): ``catalogue(area, language)`` in a
template, Jinja's ``i18n`` extension, and the filters ``label(group)`` (a code's words in the context's
language). Numbers and times are the locale's (``notifications.i18n.formats``, CLDR through Babel):
``number`` (a whole number grouped as the locale groups it), ``decimal`` (a score such as 3.5 with the
locale's decimal mark), ``moment`` (a context's local time worded for the reader), ``reason`` (a risk
reason's sentence with its params filled, each in the language's form) and ``citation`` (a reason's
source cited as the reader's country cites). ``required(name)``: a kind's own
content, which its stored details must have supplied.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, TypeVar

from babel import Locale
from babel.lists import format_list
from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, Undefined, pass_context, select_autoescape
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from breach.errors import BreachError
from breach.notices.kinds import KINDS, Audience
from breach.vocabulary import NoticeKind
from notifications.context.build import AlertContext, NoticeContext
from notifications.context.models import PLACEHOLDER_DPO_NAME
from notifications.i18n import citations, formats
from notifications.i18n.catalogues import CatalogueError, label
from notifications.i18n.jinja_words import install_catalogues, words
from notifications.i18n.reason_params import REASON_PARAM_GROUPS
from notifications.render import payload
from notifications.render.worker_lifetime import follow_parent

T = TypeVar("T")

# The frame each audience's notices are rendered in; it includes the kind's own folder.
FRAMES: Final[Mapping[Audience, str]] = {
    Audience.CUSTOMER: "_shared/breach_notice",
    Audience.INTERNAL: "_shared/internal_alert",
}


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
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "breach-engine" / "templates"


def _text(language: object, group: str, code: object) -> str:
    try:
        return label(language, group, code)
    except CatalogueError as exc:
        raise RenderError(f"label: {exc}") from None


@pass_context
def _label(context: Context, code: object, group: str) -> str:
    return _text(words(context), group, code)


def _locale(context: Context) -> Locale:
    """The reader's locale: the context's language as written in its ``country`` (nl_NL, fr_FR ...)."""
    try:
        return formats.locale_for(context.get("language"), context.get("country"))
    except formats.FormatError as exc:
        raise RenderError(str(exc)) from None


def _formatted(show: Callable[[object, Locale], str], context: Context, value: object) -> str:
    locale = _locale(context)
    try:
        return show(value, locale)
    except formats.FormatError as exc:
        raise RenderError(str(exc)) from None


@pass_context
def _number(context: Context, value: object) -> str:
    return _formatted(formats.number, context, value)


@pass_context
def _decimal(context: Context, value: object) -> str:
    return _formatted(formats.score, context, value)


@pass_context
def _moment(context: Context, value: object) -> str:
    return _formatted(formats.local_text, context, value)


@pass_context
def _reason(context: Context, reason: object) -> str:
    """A reason (``{"code", "source", "params"}``) as its sentence in the context's language."""
    language = words(context)
    if not isinstance(reason, dict) or not isinstance(reason.get("params"), dict):
        raise RenderError(f"reason: expected a reason with its params, got {reason!r}")
    code = reason.get("code")
    values: dict[str, str] = {}
    for name, value in reason["params"].items():
        if name in REASON_PARAM_GROUPS:
            values[name] = _text(language, REASON_PARAM_GROUPS[name], value)
        elif isinstance(value, bool):
            values[name] = _text(language, "yesno", str(value).lower())
        elif isinstance(value, int | float):
            values[name] = _formatted(formats.score, context, value)
        else:
            values[name] = str(value)
    sentence = _text(language, "reason", code)
    try:
        return sentence % values
    except (KeyError, TypeError, ValueError) as exc:
        raise RenderError(f"reason: {language!r} text for {code} does not fit its params: {exc}") from None


@pass_context
def _citation(context: Context, source: object) -> str:
    """A reason's source as the reader's country cites it (``notifications.i18n.citations``)."""
    try:
        return citations.cite(source, words(context))
    except citations.CitationError as exc:
        raise RenderError(str(exc)) from None


@pass_context
def _language_list(context: Context, codes: object, style: str = "standard") -> str:
    """Languages' codes (``("nl", "fr")``) as their names in the reader's language, listed as it lists them:
    "néerlandais et français", or with ``style="or"`` "Nederlands of Frans" (drafts name the languages an
    authority accepts in words, not in codes; issue 17)."""
    if not isinstance(codes, list | tuple):
        raise RenderError(f"language_list: expected language codes, got {codes!r}")
    locale = _locale(context)
    names = [str(locale.languages.get(str(code), str(code))) for code in codes]
    return format_list(names, style=style, locale=locale)  # type: ignore[arg-type]


def _required(value: object, name: str) -> object:
    if value is None or isinstance(value, Undefined):
        raise RenderError(f"required: this notice has no {name} (its stored details lack it)")
    return value


def _a_name(value: object) -> bool:
    """``{% if sender.dpo.name is a_name %}``: a person's name, not empty and not the DPO's placeholder title."""
    return isinstance(value, str) and bool(value.strip()) and value != PLACEHOLDER_DPO_NAME


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
    env.filters["decimal"] = _decimal
    env.filters["moment"] = _moment
    env.filters["reason"] = _reason
    env.filters["citation"] = _citation
    env.filters["required"] = _required
    env.filters["language_list"] = _language_list
    env.tests["a_name"] = _a_name
    install_catalogues(env)
    return env


def render(
    kind: str, language: str, context: NoticeContext | AlertContext, *, directory: str | None = None
) -> Rendered:
    """Render one notice's subject, plain text and HTML; raise ``RenderError`` on any gap."""
    if language != context.language:
        # The label filter reads the context's language: a mismatch would mix two languages in one notice.
        raise RenderError(f"language: template {language!r} asked for a {context.language!r} context")
    try:
        spec = KINDS[NoticeKind(kind)]
    except ValueError:
        raise RenderError(f"template: no notice kind {kind!r}") from None
    if kind != context.kind:
        raise RenderError(f"kind: template {kind!r} asked for a {context.kind!r} context")
    names = [f"{FRAMES[spec.audience]}.{suffix}" for suffix in ("subject", "txt", "html")]
    values = {**context.model_dump(), "spec": asdict(spec)}
    parts = render_templates(names, values, directory=directory)
    subject = " ".join(parts[0].split())
    return Rendered(subject=subject, text=parts[1], html=parts[2])


def render_templates(names: Sequence[str], values: Mapping[str, Any], *, directory: str | None = None) -> list[str]:
    """Each template named, rendered with ``values``; a missing template, label or field is a ``RenderError``.

    Shared by the notices and the packs (``notifications.packs.case_packs``): a gap is a defect in a legal text, never
    a blank in it.
    """
    env = environment(directory)
    parts: list[str] = []
    for name in names:
        try:
            parts.append(env.get_template(name).render(values))
        except TemplateNotFound:
            raise RenderError(f"template: {name} does not exist") from None
        except RenderError:
            raise
        except Exception as exc:  # Jinja's UndefinedError and SecurityError: a defect in a notice or a draft
            raise RenderError(f"template {name}: {exc}") from exc
    return parts


# --- rendering on another core ---------------------------------------------------------------------


def render_or_reason(
    kind: str, language: str, context: NoticeContext | AlertContext, directory: str | None = None
) -> Rendered | str:
    """``render``, with a failure returned as its message: what a worker process sends back, since an
    exception would have to be pickled (and our errors' constructors do not round-trip)."""
    try:
        return render(kind, language, context, directory=directory)
    except Exception as exc:  # every failure becomes the notice's visible reason, as when rendered in-process
        return str(exc)


@dataclass(frozen=True, slots=True)
class Rendition:
    """A notice rendered (wherever it ran): the message's parts and its JSON attachment, or why not."""

    rendered: Rendered | None
    document: bytes | None = None
    problem: str | None = None
    # Further files to attach, as (name, content, MIME type): a support-pack notice's packs.
    files: tuple[tuple[str, bytes, str], ...] = ()


def render_notice(
    kind: str, language: str, context: NoticeContext | AlertContext, with_payload: bool = False
) -> Rendition:
    """Render one notice and encode its JSON attachment (``with_payload``); never raises, so a render
    worker can run it and send the outcome back."""
    rendered = render_or_reason(kind, language, context)
    if isinstance(rendered, str):
        return Rendition(None, problem=f"not rendered: {rendered}")
    if not with_payload or not isinstance(context, NoticeContext):
        return Rendition(rendered)
    try:
        return Rendition(rendered, payload.encode(context))
    except (TypeError, ValueError) as exc:  # a context that JSON cannot hold: the notice fails visibly
        return Rendition(None, problem=f"attachment not encoded: {exc}")


def _warm() -> int:
    """A worker's first task: the environment built, so the first real render is not slowed by it."""
    environment(None)
    return os.getpid()


class RenderPool:
    """Worker processes that render notices, so that rendering (the bulk of a notice's CPU time) runs on
    another core than the sending, the database work and Prefect of the delivering process.

    Workers are spawned (never forked from a process full of threads and sockets) on first use and live
    as long as the process, and no longer (``notifications.render.worker_lifetime``); until the first one is up,
    ``ready`` is false and callers render in-process.
    Rendering is a pure function of the template and the context, so where it runs changes nothing in
    what is sent.
    """

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._warmed: Future[int] | None = None

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        # Each worker ends when this process does, even when it is SIGKILLed (issue 15, finding 5).
        self._executor = ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=context,
            initializer=follow_parent,
            initargs=(os.getpid(),),
        )
        self._warmed = self._executor.submit(_warm)

    def ready(self) -> bool:
        """True once a worker answers; the first call starts the workers."""
        with self._lock:
            if self._executor is None:
                self._start()
            warmed = self._warmed
        return warmed is not None and warmed.done() and warmed.exception() is None

    def submit(self, task: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``task(*args)`` in a worker: a module-level function (pickled by name) that never raises."""
        with self._lock:
            if self._executor is None:
                self._start()
            executor = self._executor
        if executor is None:  # _start always sets it; the check satisfies the type checker
            raise RuntimeError("render pool not started")
        return executor.submit(task, *args)

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor, self._warmed = self._executor, None, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


_POOLS: dict[int, RenderPool] = {}
_POOLS_LOCK = threading.Lock()


def render_pool(processes: int) -> RenderPool | None:
    """The process-wide pool of ``processes`` workers (None for 0: render in the calling process)."""
    if processes <= 0:
        return None
    with _POOLS_LOCK:
        pool = _POOLS.get(processes)
        if pool is None:
            pool = _POOLS[processes] = RenderPool(processes)
            if len(_POOLS) == 1:
                atexit.register(shutdown_render_pools)
        return pool


def shutdown_render_pools() -> None:
    """Stop every render worker (at exit, or before reading a process's resource use)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.shutdown()
