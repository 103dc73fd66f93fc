"""Customers our notice has still not reached come first: in the worklist, the register and its export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy import Engine
from sqlmodel import Session

from breach.clock import FixedClock
from breach.records.register import to_markdown
from flows import db as flows_db
from flows.orchestration.dashboard import register_rows, worklist_rows
from flows.usecases.register_export import RegisterFilter, load_rows
from flows.usecases.watch import worklist
from notifications.channels.channel import FailingChannel
from notifications.delivery.sender import RetryPolicy, deliver_batch
from tests.factories import SENDER, customer
from tests.incidents import confirmed_incident

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
DOWN = "json://127.0.0.1:9/zeta"
LATER = T0 + timedelta(hours=2)


def _world(session: Session, db: Engine) -> None:
    """Three customers; the last by name (so it would sort last) has a contact that keeps failing."""
    confirmed_incident(
        session,
        customers=[
            customer("Alpha BV", contacts=["json://127.0.0.1:9/alpha"]),
            customer("Beta BV", contacts=["json://127.0.0.1:9/beta"]),
            customer("Zeta BV", contacts=[DOWN], account_manager="Morgan Example"),
        ],
        now=T0,
    )
    deliver_batch(
        unit_of_work=partial(flows_db.unit_of_work, db),
        channel=FailingChannel(failing=frozenset({DOWN})),
        sender=SENDER,
        clock=FixedClock(T0),
        limit=10,
        policy=RetryPolicy(concurrency=1),
    )


def test_the_worklist_starts_with_the_unreached_customer_and_who_phones_it(session: Session, db: Engine) -> None:
    """An hour after the first try, the unreached customer is the worklist's first line, with its account
    manager as who of ours acts; the dashboard's copy names no person."""
    _world(session, db)
    early = worklist(session=session, now=T0 + timedelta(minutes=30), unreached_after=timedelta(hours=1))
    assert all(not i.status.startswith("unreached") for i in early)
    first = worklist(session=session, now=LATER, unreached_after=timedelta(hours=1))[0]
    assert (first.customer, first.status, first.owner) == ("Zeta BV", "unreached: phone", "Morgan Example")
    assert first.rule == "notice: initial"
    row = worklist_rows(session=session, now=LATER, tz="Europe/Brussels")[0]
    assert row["customer"] == "Zeta BV"
    assert "Morgan" not in str(row)


def test_the_register_and_its_export_list_the_unreached_customer_first(session: Session, db: Engine) -> None:
    """The dashboard register and `breach register` put Zeta BV first, marked unreached since its first try."""
    _world(session, db)
    rows = register_rows(session=session, now=LATER, tz="Europe/Brussels", language="en")
    assert [r["Customer"] for r in rows] == ["Zeta BV", "Alpha BV", "Beta BV"]
    assert rows[0]["Attention"].startswith("☎ NOT REACHED for ")
    exported = load_rows(RegisterFilter(), session=session, now=LATER, unreached_after=timedelta(hours=1))
    assert [r.customer for r in exported] == ["Zeta BV", "Alpha BV", "Beta BV"]
    assert exported[0].unreached_since == T0
    assert exported[1].unreached_since is None
    assert "NOT REACHED since" in to_markdown(exported, generated_at=LATER).split("## ")[1]
