"""``breach nis2``: the facts' nis2 section, the test, the clock it starts, the override and the drafts, from the
command line on a file database (the record world: customers in Belgium, France, the Netherlands, Germany)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from breach.clock import FixedClock
from breach.db.models.incidents import Deadline
from flows.cli import app as cli_app
from flows.cli.app import app
from flows.cli.nis2 import commands, drafts
from tests.app_db import CLI_ENV, app_database
from tests.cli.cli_world import invoker
from tests.record_world import NOW, build

run = invoker(app)
NIS2 = """
nis2:
  direct_financial_loss:
    - {category: staff, amount_eur: 15000}
    - {category: administrative_fines, amount_eur: 900000}
  annual_turnover_eur: 40000000
  trade_secrets_exfiltrated: false
  death: false
  considerable_health_damage: false
  malicious_unauthorised_access: true
  severe_operational_disruption_possible: false
  complete_unavailability_minutes: 20
  limited_availability_minutes: 0
  users_limited: 0
  data_compromised: true
  suspected_malicious: %s
  users_data_compromised: 3000
  physical_access_compromised: false
  root_cause: stolen-credentials
"""


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    env = {**CLI_ENV, "BREACH_NIS2_ENTITY_TYPE": "cloud", "BREACH_NIS2_USERS_IN_UNION": '{"mail-hosting": 250000}'}
    with app_database(monkeypatch, tmp_path / "nis2.db", env) as engine:
        with Session(engine, expire_on_commit=False) as session:
            reference = build(session, engine).incident.reference
        for module in (cli_app, commands, drafts):
            monkeypatch.setattr(module, "clock", FixedClock(NOW))
        yield reference


def _facts(tmp_path: Path, reference: str, malicious: str) -> tuple[int, str, str]:
    path = tmp_path / "nis2.yaml"
    path.write_text(NIS2 % malicious, encoding="utf-8")
    return run("facts", reference, str(path))


def test_open_then_significant_then_drafted(world: str, tmp_path: Path) -> None:
    """Malice unknown: open; then known: Art. 7(c), the 24-hour clock from now, and the drafts in en, nl and fr."""
    code, _, stderr = _facts(tmp_path, world, "null")
    assert code == 0, stderr
    code, stdout, _ = run("nis2", "assess", world)
    assert code == 0
    assert "not yet known" in stdout
    assert "suspectedly malicious action" in stdout
    code, _, stderr = _facts(tmp_path, world, "true")
    assert code == 0, stderr
    code, stdout, _ = run("show", world)
    assert "NIS2        significant" in stdout
    assert "nis2.23.4.a: due" in stdout
    assert "Art. 7(c)" in stdout
    code, stdout, _ = run("nis2", "assess", world, "--json")
    block = json.loads(stdout)["nis2"]
    assert block["assessment"]["criteria"] == ["cir.7.c"]
    assert block["direct_financial_loss_eur"] == "15000"  # fines do not count
    assert block["significance_recorded"]["by"] == "alice@example.org"
    code, stdout, _ = run("nis2", "draft", world, "--report", "early-warning", "--language", "nl")
    assert code == 0
    assert "Vroegtijdige waarschuwing over een significant incident" in stdout
    assert "Vermoedelijk veroorzaakt door onrechtmatige of kwaadwillige handelingen**: ja" in stdout
    assert "Kan grensoverschrijdende gevolgen hebben**: ja (getroffen klanten in BE, DE, FR, NL)" in stdout
    code, stdout, _ = run("nis2", "draft", world, "--report", "notification", "--language", "fr", "--format", "html")
    assert code == 0
    assert "Notification d&#39;incident" in stdout or "Notification d'incident" in stdout
    assert "Indicateurs de compromission" in stdout
    out = tmp_path / "ew.json"
    code, _, _ = run("nis2", "draft", world, "--format", "json", "--output", str(out))
    assert code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["criteria"][0]["criterion"] == "cir.7.c"


def test_override_is_named_and_refused_without_reason(world: str, tmp_path: Path) -> None:
    """A DPO's yes starts the clock in the operator's name; an override without a reason is refused."""
    code, _, stderr = run("nis2", "override", world, "--significant", "yes", "--reason", " ")
    assert code == 2
    assert "reason" in stderr
    code, stdout, stderr = run("nis2", "override", world, "--significant", "yes", "--reason", "Wide impact.")
    assert code == 0, stderr
    assert "clock nis2.23.4.a started" in stdout
    from flows import db  # noqa: PLC0415

    with Session(db.get_engine()) as session:
        clock = session.exec(select(Deadline).where(Deadline.rule == "nis2.23.4.a")).one()
    assert clock.due_at.replace(tzinfo=NOW.tzinfo) == NOW + timedelta(hours=24)


def test_bad_nis2_facts_name_the_field(world: str, tmp_path: Path) -> None:
    """A refused value is one line naming nis2.<field> and the value; exit code 2."""
    path = tmp_path / "bad.yaml"
    path.write_text("nis2:\n  users_limited: many\n", encoding="utf-8")
    code, _, stderr = run("facts", world, str(path))
    assert code == 2
    assert "nis2.users_limited" in stderr
    assert "many" in stderr


def test_the_later_reports_from_the_record(world: str, tmp_path: Path) -> None:
    """Significant, notified: the final report's clock runs; the final, progress and intermediate drafts carry the
    incident's own texts, the final report's due time, the cross-border impact, in en, nl and fr."""
    code, _, stderr = _facts(tmp_path, world, "true")
    assert code == 0, stderr
    code, _, stderr = run("record", world, "nis2-early-warning-sent")
    assert code == 0, stderr
    code, _, stderr = run("record", world, "nis2-notification-sent")
    assert code == 0, stderr
    code, stdout, _ = run("nis2", "draft", world, "--report", "final", "--format", "json")
    assert code == 0
    final = json.loads(stdout)
    assert final["report"] == "final"
    assert final["measures_taken"] == "The intruder's account was disabled and credentials rotated."
    assert final["measures_proposed"] == "Enforce two-factor authentication."
    assert final["final_report_due"] is not None
    assert final["root_cause"] == "stolen-credentials"
    for report, language, title in (
        ("final", "nl", "# Eindverslag (NIS2, art. 23, lid 4, d))"),
        ("progress", "fr", "# Rapport d'avancement (NIS2, article 23, paragraphe 4, point e))"),
        ("intermediate", "en", "# Intermediate report (NIS2 Art. 23(4)(c))"),
    ):
        code, stdout, stderr = run("nis2", "draft", world, "--report", report, "--language", language)
        assert code == 0, stderr
        assert stdout.startswith(title), stdout[:200]
        assert "credentials rotated" in stdout
    code, _, stderr = run("nis2", "draft", world, "--report", "closing")
    assert code == 2
    assert "closing" in stderr


def test_a_dpo_s_no_shows_the_running_clocks_as_waived(world: str, tmp_path: Path) -> None:
    """Significant, then the DPO's "no": breach show and breach worklist keep the clocks, waived with the reason."""
    code, _, stderr = _facts(tmp_path, world, "true")
    assert code == 0, stderr
    code, _, stderr = run("nis2", "override", world, "--significant", "no", "--reason", "CCB: not significant.")
    assert code == 0, stderr
    code, stdout, _ = run("show", world)
    assert code == 0
    assert "nis2.23.4.a: waived by the DPO's override (alice@example.org" in stdout
    assert "CCB: not significant.; was due" in stdout
    code, stdout, _ = run("worklist", "--json")
    assert code == 0
    items = [i for i in json.loads(stdout)["worklist"] if i["rule"].startswith("nis2.")]
    assert {i["rule"] for i in items} == {"nis2.23.4.a", "nis2.23.4.b"}
    assert all(i["status"] == "waived" and "CCB: not significant." in i["waived_by"] for i in items)
    code, stdout, _ = run("worklist")
    assert code == 0
    assert "waived (DPO override" in stdout
