"""What every ``breach`` command shares: the consoles, the clock, and how refusals are reported."""

from __future__ import annotations

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
    except (InvalidInput, NotFound, IllegalTransition, ConfigurationError) as exc:
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
