"""What every ``breach`` command shares: the consoles, the clock, and how refusals are reported."""

from __future__ import annotations

import dataclasses
import difflib
import enum
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated
from uuid import UUID

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import OperationalError, ProgrammingError

from breach.clock import SystemClock
from breach.errors import BreachError, ConfigurationError, IllegalTransition, InvalidInput, NotFound

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
clock = SystemClock()

# Every list command takes it (issue 18): scripts read JSON, never a table cut to the terminal's width.
JsonFlag = Annotated[bool, typer.Option("--json", help="JSON on stdout for scripts: {name: [rows]}, ISO 8601 times.")]


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(type(value).__name__)


def print_json(name: str, rows: Sequence[object]) -> None:
    """``{name: rows}`` on stdout; a dataclass row as its fields."""
    plain = [dataclasses.asdict(r) if dataclasses.is_dataclass(r) and not isinstance(r, type) else r for r in rows]
    out.file.write(json.dumps({name: plain}, indent=2, ensure_ascii=False, default=_plain) + "\n")


def print_table(table: Table, *whole: str) -> None:
    """The table as a terminal of any width reads it (issue 18: a reference cut to `BR-2026-00…` at 80
    columns). The ``whole`` columns (references, ids: what a person copies) are never cut or wrapped, the
    others fold long words rather than end them in "…"; a table wider than the terminal is printed as one
    block per row instead, its first cell as the block's title and each other cell on a line of its own."""
    for column in table.columns:
        if str(column.header) in whole:
            column.no_wrap = True
            column.min_width = max([cell_len(str(cell)) for cell in column.cells] + [cell_len(str(column.header))])
        else:
            column.overflow = "fold"
    # Measured unbounded: a measure within the terminal's width would always fit it.
    if out.measure(table, options=out.options.update_width(100_000)).maximum <= out.width:
        out.print(table)
        return
    headers = [str(column.header) for column in table.columns]
    label = max(cell_len(h) for h in headers[1:]) if len(headers) > 1 else 0
    rows = zip(*(list(column.cells) for column in table.columns), strict=True)
    for number, cells in enumerate(rows):
        if number:
            out.print()
        out.print(str(cells[0]), style="bold", markup=False, overflow="fold")
        for header, cell in zip(headers[1:], cells[1:], strict=True):
            text = str(cell)
            if text and text != "—":
                lines = text.splitlines() or [""]
                indent = " " * (label + 4)
                body = lines[0] + "".join(f"\n{indent}{line}" for line in lines[1:])
                out.print(f"  {header.ljust(label)}  {body}", markup=False, overflow="fold", soft_wrap=False)


@contextmanager
def handled() -> Iterator[None]:
    """Turn the engine's refusals into one line and exit code 2; the unit of work has rolled back."""
    try:
        yield
    except NotFound as exc:
        err.print(f"error: {exc}{did_you_mean(exc)}", markup=False)
        raise typer.Exit(2) from None
    except (InvalidInput, IllegalTransition, ConfigurationError) as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    except BreachError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    except (OperationalError, ProgrammingError) as exc:
        if "no such table" in str(exc) or "does not exist" in str(exc):
            err.print("error: database: not initialised (run `breach init`)", markup=False)
            raise typer.Exit(2) from None
        raise


def did_you_mean(exc: NotFound) -> str:
    """For a customer named as it is not in the directory: the names closest to it, as the operator most
    likely meant one of them (a README once named a customer the demo does not have)."""
    if exc.kind != "customer" or not isinstance(exc.key, str):
        return ""
    from breach.db import repository  # noqa: PLC0415  (only on this refusal)
    from flows import db  # noqa: PLC0415

    try:
        with db.unit_of_work() as session:
            names = [c.name for c in repository.list_customers(session=session)]
    except (OperationalError, ProgrammingError):
        return ""
    wanted = exc.key.casefold().strip()
    folded = {name.casefold(): name for name in names}
    close = [folded[n] for n in difflib.get_close_matches(wanted, list(folded), n=3, cutoff=0.6)]
    close += [name for fold, name in folded.items() if wanted and wanted in fold and name not in close]
    if not close:
        return "; `breach customers list` shows the directory"
    return "; did you mean " + " or ".join(f"'{name}'" for name in close[:3]) + "?"
