"""``breach pack --kind dpia`` and ``breach pack --send`` as a person uses them, through ``breach outbox run``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import typer
import yaml
from sqlmodel import Session, select
from typer.testing import CliRunner

from breach.clock import FixedClock
from breach.db import repository
from breach.db.models.audit import AuditEvent
from breach.db.models.incidents import Deadline
from breach.db.models.outbox import Notice
from breach.db.models.support import SupportTask
from breach.vocabulary import NoticeKind, NoticeStatus
from flows import db as flows_db
from flows.cli import lifecycle as cli_lifecycle
from flows.cli import record as cli_record
from tests.app_db import CLI_ENV, app_database
from tests.cli.cli_world import invoker
from tests.factories import NARRATIVE
from tests.record_world import BREWERY, NOW, build

runner = CliRunner()
app = typer.Typer()
cli_record.register(app)
cli_lifecycle.register(app)
REF = "BR-2026-0001"


@pytest.fixture
def spool_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A file database with the record world (open), every contact a spool folder, the CLI clocks fixed."""
    env = {**CLI_ENV, "BREACH_SPOOL_DIR": str(tmp_path / "spool")}
    with app_database(monkeypatch, tmp_path / "packs.db", env) as engine:
        with Session(engine, expire_on_commit=False) as session:
            world = build(session, engine)
            for index, (_case, customer) in enumerate(world.cases.values()):
                for contact in repository.contacts_of(customer.id, session=session):
                    contact.url = contact.display = f"spool://customer{index}/box"
                    session.add(contact)
            session.commit()
        fixed = FixedClock(NOW + timedelta(days=2))
        monkeypatch.setattr(cli_record, "clock", fixed)
        monkeypatch.setattr(cli_lifecycle, "clock", fixed)
        yield tmp_path


_run = invoker(app)


def test_a_dpia_pack_is_written_and_consultation_points_to_its_own_command(spool_world: Path) -> None:
    """`--kind dpia` writes the DPIA support pack in the customer's language; a prior consultation is a
    request of its own (`breach consultation pack`), not a pack of a breach case."""
    code, out, _ = _run("pack", REF, BREWERY, "--kind", "dpia", "--format", "md", "--output", str(spool_world))
    assert code == 0, out
    text = (spool_world / f"PACK-{REF}-dpia.md").read_text(encoding="utf-8")
    assert "Ondersteuning bij uw gegevensbeschermingseffectbeoordeling" in text
    assert "[in te vullen door u, als verwerkingsverantwoordelijke]" in text
    code, out, _ = _run("pack", REF, BREWERY, "--kind", "dpia", "--format", "json")
    assert (code, json.loads(out)["dpia"]["controller_sections"][0]) == (0, "purposes")
    code, _, err = _run("pack", REF, BREWERY, "--kind", "consultation")
    assert (code, "breach consultation pack" in err) == (2, True)
    code, _, err = _run("pack", REF, BREWERY, "--kind", "authority,dpia")
    assert (code, "one pack at a time" in err) == (2, True)


def test_send_queues_the_packs_and_the_outbox_delivers_them(spool_world: Path) -> None:
    """`--send` queues one audited notice; `breach outbox run` delivers it with every pack file attached."""
    code, out, err = _run("pack", REF, BREWERY, "--kind", "authority", "--kind", "dpia", "--send")
    assert code == 0, err
    assert "support packs (authority, dpia) queued" in out
    engine = flows_db.get_engine()
    with Session(engine) as session:
        notice = session.exec(select(Notice).where(Notice.kind == NoticeKind.SUPPORT_PACK)).one()
        assert notice.status is NoticeStatus.PENDING
        event = session.exec(select(AuditEvent).where(AuditEvent.event_type == "support_pack.queued")).one()
        assert event.actor == "alice@example.org"
    code, out, err = _run("outbox", "run")
    assert code == 0, err
    with Session(engine) as session:
        notice = session.exec(select(Notice).where(Notice.kind == NoticeKind.SUPPORT_PACK)).one()
        assert notice.status is NoticeStatus.DELIVERED
    files = sorted(p.name for p in (spool_world / "spool").rglob("*") if p.is_file() and "support_pack" in p.name)
    for kind in ("authority", "dpia"):
        for fmt in ("md", "html", "json"):
            assert any(name.endswith(f"PACK-{REF}-{kind}.{fmt}") for name in files), files
    assert not any(name.endswith("breach-notice.json") for name in files)


def test_sending_packs_opens_a_support_task_per_pack_once(spool_world: Path) -> None:
    """Each pack sent opens its task (DPA clause 8(2): the effort that follows is logged there); sending
    again while it is open adds no task."""
    assert _run("pack", REF, BREWERY, "--kind", "authority,dpia", "--send")[0] == 0
    assert _run("pack", REF, BREWERY, "--kind", "authority", "--send")[0] == 0
    with Session(flows_db.get_engine()) as session:
        tasks = session.exec(select(SupportTask)).all()
        authority = next(t for t in tasks if t.kind.value == "authority_notification")
        clocks = select(Deadline).where(Deadline.rule == "gdpr.33.1", Deadline.case_id == authority.case_id)
        clock = session.exec(clocks).first()
    assert sorted(t.kind.value for t in tasks) == ["authority_notification", "dpia"]
    assert authority.owner == "alice@example.org"
    assert clock is not None
    # In this world the brewery has already notified its authority: its Art. 33 clock is met, so the task
    # has no due time left to inherit (an open clock's due time is inherited: tests/db/support/test_support_packs).
    assert clock.met_at is not None
    assert authority.due_at is None
    assert not authority.proposed_billable  # support for a breach at our side is never proposed billable


def test_send_refuses_an_unknown_customer_or_pack(spool_world: Path) -> None:
    """A customer without a case or a pack kind that does not exist is one line on stderr, exit code 2."""
    code, _, err = _run("pack", REF, "Nobody BV", "--kind", "dpia", "--send")
    assert code == 2
    assert "Nobody BV" in err
    code, _, err = _run("pack", REF, BREWERY, "--kind", "letters", "--send")
    assert (code, "letters" in err) == (2, True)


def test_breach_facts_records_the_failed_measures_the_dpia_pack_reports(spool_world: Path) -> None:
    """`breach facts` refuses an unknown measure, naming field and value; a known one shows in the DPIA pack."""
    from flows.cli.app import app as breach  # noqa: PLC0415  (the whole CLI, for `breach facts`)

    narrative = {**{k: v for k, v in NARRATIVE.items() if k != "not_yet_known"}, "failed_measures": ["firewall"]}
    path = spool_world / "facts.yaml"
    path.write_text(yaml.safe_dump({"narrative": narrative}), encoding="utf-8")
    result = runner.invoke(breach, ["facts", REF, str(path)])
    assert result.exit_code == 2
    assert "narrative.failed_measures.0" in result.stderr
    assert "firewall" in result.stderr
    narrative["failed_measures"] = ["rapid_recovery"]
    path.write_text(yaml.safe_dump({"narrative": narrative}), encoding="utf-8")
    result = runner.invoke(breach, ["facts", REF, str(path)])
    assert result.exit_code == 0, result.stderr
    code, out, _ = _run("pack", REF, BREWERY, "--kind", "dpia", "--format", "json")
    assert (code, json.loads(out)["dpia"]["failed"]) == (0, ["rapid_recovery"])


def test_breach_facts_asks_for_the_failed_measures_while_the_facts_show_a_failure(spool_world: Path) -> None:
    """Facts showing an attacker's access and no failed measure named: `breach facts` records them and asks for the
    failed measures with the appendix list (never a refusal); once they are named, nothing is asked."""
    from flows.cli.app import app as breach  # noqa: PLC0415  (the whole CLI, for `breach facts`)

    facts = {
        "breach_types": ["confidentiality"],
        "data_categories": ["identity", "credentials"],
        "data_subjects": 40,
        "malicious": True,
    }
    path = spool_world / "facts.yaml"
    path.write_text(yaml.safe_dump({"facts": facts}), encoding="utf-8")
    result = runner.invoke(breach, ["facts", REF, str(path)])
    assert result.exit_code == 0, result.stderr
    assert "wanted: narrative.failed_measures (GDPR Art. 35(7)(d); Art. 32(1))" in result.stderr
    assert "e.g. physical_access, electronic_access, internal_access, isolation" in result.stderr
    assert "order_control)" in result.stderr
    narrative = {
        **{k: v for k, v in NARRATIVE.items() if k != "not_yet_known"},
        "failed_measures": ["electronic_access"],
    }
    path.write_text(yaml.safe_dump({"narrative": narrative}), encoding="utf-8")
    result = runner.invoke(breach, ["facts", REF, str(path)])
    assert result.exit_code == 0, result.stderr
    assert "wanted:" not in result.stderr
