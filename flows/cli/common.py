"""What every ``breach`` command shares: the consoles, the clock, and how refusals are reported."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from sqlalchemy.exc import OperationalError, ProgrammingError

from breach.clock import SystemClock
from breach.errors import BreachError, ConfigurationError, IllegalTransition, InvalidInput, NotFound

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
clock = SystemClock()


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
