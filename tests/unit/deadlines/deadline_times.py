"""Instants as the deadline tests write them: ISO text like the law's examples, and the default zone."""

from __future__ import annotations

from datetime import datetime

BRUSSELS = "Europe/Brussels"


def at(text: str) -> datetime:
    """An aware datetime from ISO text (the tables read like the law's examples)."""
    return datetime.fromisoformat(text)
