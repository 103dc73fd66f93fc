"""Every notice and pack the engine renders, written to files, so a change to templates, catalogues or
context models can be compared byte for byte with what it replaced.

    python -m tests.render_reference write DIR     # render everything into DIR
    python -m tests.render_reference compare DIR   # render again and list every file that differs from DIR

Inputs are the fictional contexts of ``tests.notice_contexts`` and ``tests.notice_kind_contexts`` and the world
of ``tests.record_world`` (a throw-away SQLite file), so the comparison measures the rendering alone. ``compare``
exits 1 when a file differs, is missing or is new, and prints a unified diff of the first lines of each.
"""

from __future__ import annotations

import difflib
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlmodel import Session

from breach.db import schema
from flows.db import make_engine
from flows.usecases.support_packs import load_pack
from notifications.packs.case_packs import PACK_KINDS, render_pack
from notifications.render.rendering import render
from tests.factories import SENDER
from tests.notice_contexts import early_context, internal_alert_context, minimal_context, open_items_context
from tests.notice_kind_contexts import BUILDERS
from tests.record_world import BAKERY, BREWERY, NOW, build

LANGUAGES = ("nl", "fr", "de", "en")
DETAILS = ("full", "minimal")
ROLES = ("controller", "processor")

# Breach-notice variants the kind builders do not cover: a notice before the facts are known, with open
# items, and an early (first-hours) notice.
VARIANTS: dict[str, Callable[..., Any]] = {
    "initial-minimal-facts": minimal_context,
    "initial-open-items": open_items_context,
    "initial-early": early_context,
}


def _notices() -> Iterator[tuple[str, str]]:
    builders: dict[str, Callable[..., Any]] = {**BUILDERS, **VARIANTS}
    for name, builder in builders.items():
        for language in LANGUAGES:
            for detail in DETAILS:
                for role in ROLES:
                    context = builder(language=language, detail=detail, customer_role=role)
                    rendered = render(context.kind, language, context)
                    stem = f"notices/{name}/{language}.{detail}.{role}"
                    yield f"{stem}.subject", rendered.subject
                    yield f"{stem}.txt", rendered.text
                    yield f"{stem}.html", rendered.html
    for language in LANGUAGES:
        alert = internal_alert_context(language=language)
        rendered = render(alert.kind, language, alert)
        yield f"notices/internal_alert/{language}.subject", rendered.subject
        yield f"notices/internal_alert/{language}.txt", rendered.text
        yield f"notices/internal_alert/{language}.html", rendered.html


def _packs(workdir: Path) -> Iterator[tuple[str, str]]:
    engine = make_engine(f"sqlite:///{workdir / 'packs.db'}")
    schema.upgrade(engine)
    try:
        with Session(engine, expire_on_commit=False) as session:
            world = build(session, engine)
            for customer in (BREWERY, BAKERY):
                for kind in PACK_KINDS:
                    context = load_pack(
                        world.incident.reference, customer, kind, session=session, sender=SENDER, now=NOW
                    )
                    for language in LANGUAGES:
                        rendered = render_pack(context.model_copy(update={"language": language}))
                        stem = f"packs/{kind}/{customer.split()[0].lower()}.{language}"
                        yield f"{stem}.md", rendered.markdown
                        yield f"{stem}.html", rendered.html
                        yield f"{stem}.json", rendered.json
    finally:
        engine.dispose()


def render_all(directory: Path) -> int:
    count = 0
    with tempfile.TemporaryDirectory() as workdir:
        for name, content in [*_notices(), *_packs(Path(workdir))]:
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            count += 1
    return count


def compare(reference: Path) -> int:
    with tempfile.TemporaryDirectory() as fresh_dir:
        fresh = Path(fresh_dir)
        render_all(fresh)
        before = {p.relative_to(reference) for p in reference.rglob("*") if p.is_file()}
        after = {p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()}
        differing = 0
        for name in sorted(before - after):
            print(f"missing now: {name}")
            differing += 1
        for name in sorted(after - before):
            print(f"new: {name}")
            differing += 1
        for name in sorted(before & after):
            old = (reference / name).read_text(encoding="utf-8")
            new = (fresh / name).read_text(encoding="utf-8")
            if old != new:
                differing += 1
                print(f"differs: {name}")
                diff = difflib.unified_diff(old.splitlines(), new.splitlines(), "before", "after", lineterm="", n=1)
                for line in list(diff)[:40]:
                    print(f"    {line}")
        print(f"{len(before)} reference files, {differing} differ")
        return 1 if differing else 0


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("write", "compare"):
        print(__doc__, file=sys.stderr)
        return 2
    directory = Path(argv[1])
    if argv[0] == "write":
        print(f"{render_all(directory)} files written to {directory}")
        return 0
    return compare(directory)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
