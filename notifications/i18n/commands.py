"""``python -m notifications.i18n extract | update | check``: the catalogues' maintenance commands.

``extract`` writes the template (POT) of every message: the keys, contexts and comments of ``en.po``, the
source language, with empty texts. ``update`` merges that template into each language's PO file: a new
message arrives empty (so ``check`` and the tests fail until it is translated), a removed one goes, and
every existing text and comment stays. ``check`` lists every problem and exits 1 if there is one.
The Makefile calls them as ``make i18n-extract``, ``make i18n-update`` and ``make i18n-check``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from notifications.i18n.catalogues import LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE, po_path, read_catalogue, read_po_file
from notifications.i18n.checks import all_problems
from notifications.i18n.po_files import Entry, entries, rebuilt, write_catalogue

# Generated, so kept out of git (build/ is ignored): en.po is the committed source of the keys.
DEFAULT_TEMPLATE: Final = Path("build") / "i18n" / "messages.pot"


def extract(template: Path, directory: Path = LOCALE_DIR) -> int:
    source = read_catalogue(SOURCE_LANGUAGE, directory)
    blank = [Entry(entry.context, entry.key, "", entry.comments) for entry in entries(source)]
    template.parent.mkdir(parents=True, exist_ok=True)
    write_catalogue(rebuilt(source, blank, template=True), template)
    print(f"{template}: {len(blank)} messages from {po_path(SOURCE_LANGUAGE, directory)}")
    return 0


def merged(existing: Sequence[Entry], template: Sequence[Entry]) -> tuple[list[Entry], int, int]:
    """The template's messages in its order, each with the existing text and comments where there are some;
    with the number of messages added (empty) and removed."""
    known = {(entry.context, entry.key): entry for entry in existing}
    wanted = {(entry.context, entry.key) for entry in template}
    result = [known.get((entry.context, entry.key), entry) for entry in template]
    added = sum(1 for entry in template if (entry.context, entry.key) not in known)
    return result, added, sum(1 for key in known if key not in wanted)


def update(template: Path, directory: Path = LOCALE_DIR) -> int:
    if not template.exists():
        print(f"update: no template at {template}; run `python -m notifications.i18n extract` first", file=sys.stderr)
        return 2
    template_entries = entries(read_po_file(template, None))
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        catalogue = read_catalogue(language, directory)
        result, added, removed = merged(entries(catalogue), template_entries)
        write_catalogue(rebuilt(catalogue, result), po_path(language, directory))
        print(f"{po_path(language, directory)}: {added} added (to translate), {removed} removed")
    return 0


def check(directory: Path = LOCALE_DIR) -> int:
    problems = all_problems(directory)
    for problem in problems:
        print(problem, file=sys.stderr)
    count = sum(len(entries(read_catalogue(language, directory))) for language in LANGUAGES) if not problems else 0
    print(f"catalogues: {len(problems)} problems" + (f", {count} messages in {len(LANGUAGES)} languages" * bool(count)))
    return 1 if problems else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m notifications.i18n", description=__doc__)
    parser.add_argument("command", choices=("extract", "update", "check"))
    parser.add_argument("--template", type=Path, default=DEFAULT_TEMPLATE, help="the POT file (extract, update)")
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR, help="where <language>.po files are")
    args = parser.parse_args(argv)
    if args.command == "extract":
        return extract(args.template, args.locale_dir)
    if args.command == "update":
        return update(args.template, args.locale_dir)
    return check(args.locale_dir)
