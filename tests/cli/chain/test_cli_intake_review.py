"""`breach intake pending|accept REF` (issue 21): the review of a sub-processor's notices on the demo directory,
and the refusals of a command written wrong (exit 2, the field named, nothing written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from breach.db.models.incidents import Incident
from flows import db
from flows.cli.app import app
from tests.cli.cli_world import ROOT, demo_folder

__all__ = ["demo_folder"]  # the fixture, used by name

NOTICE = ROOT / "flows" / "demo" / "mailflow-notice.json"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def runner(demo_folder: Path) -> CliRunner:
    r = CliRunner()
    for args in (
        ["init"],
        ["customers", "import", "flows/demo/customers.yaml"],
        ["subprocessors", "import", "flows/demo/subprocessors.yaml"],
    ):
        assert run(r, *args)[0] == 0
    return r


def test_a_notice_is_reviewed_then_accepted(runner: CliRunner, demo_folder: Path) -> None:
    code, out, err = run(runner, "intake", str(NOTICE), "--from", "Mailflow Relay BV")
    assert code == 0, err
    reference = out.split()[0]
    code, out, err = run(runner, "intake", "pending", reference)
    assert code == 0, err
    assert "to review  initial 1 from Mailflow Relay BV" in out
    assert "facts.exfiltration: — → ruled_out" in out
    code, out, err = run(runner, "intake", "accept", reference)
    assert code == 0, err
    assert "their facts recorded as ours" in out
    with Session(db.get_engine()) as session:
        incident = session.exec(select(Incident).where(Incident.reference == reference)).one()
        assert incident.facts is not None
        assert incident.facts["data_subjects"] == 1200
    code, out, _ = run(runner, "intake", "pending", reference)
    assert "no notice from a sub-processor waits for review" in out
    code, _, err = run(runner, "intake", "accept", reference)
    assert code == 2
    assert "reference" in err
    # A later notice of the same incident of theirs: kept for review on ours, no second incident.
    later = {**json.loads(NOTICE.read_text()), "notice_key": "MF-2026-0117.update.2.demo", "kind": "update", "phase": 2}
    later["facts"] = {**later["facts"], "data_subjects": 1500}
    file = demo_folder / "later.json"
    file.write_text(json.dumps(later), encoding="utf-8")
    code, out, err = run(runner, "intake", str(file), "--from", "Mailflow Relay BV")
    assert code == 0, err
    assert f"about {reference}" in out
    code, out, _ = run(runner, "intake", "pending", reference)
    assert "facts.data_subjects: 1200 → 1500" in out
    code, out, _ = run(runner, "show", reference)
    assert "to review  update 2" in out


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["intake", "accept"], "reference"),
        (["intake", "pending"], "reference"),
        (["intake", str(NOTICE)], "from"),
        (["intake", str(NOTICE), "BR-2026-0001", "--from", "Mailflow Relay BV"], "reference"),
    ],
)
def test_a_command_written_wrong_is_refused(runner: CliRunner, args: list[str], field: str) -> None:
    code, _, err = run(runner, *args)
    assert code == 2
    assert field in err


def test_a_later_notice_naming_another_service_adds_it(runner: CliRunner, demo_folder: Path) -> None:
    """Their update names a service of theirs behind crm-saas: pending shows it, accepting adds it (not yet
    confirmed, so no customer is told before the confirmation)."""
    directory = (ROOT / "flows" / "demo" / "subprocessors.yaml").read_text(encoding="utf-8")
    mail = "{ours: cloud-mail, theirs: [relay-eu, smtp-out]}"
    directory = directory.replace(mail, mail + "\n      - {ours: crm-saas, theirs: [crm-relay]}")
    mapped = demo_folder / "mapped.yaml"
    mapped.write_text(directory, encoding="utf-8")
    assert run(runner, "subprocessors", "import", str(mapped))[0] == 0
    code, out, err = run(runner, "intake", str(NOTICE), "--from", "Mailflow Relay BV")
    assert code == 0, err
    reference = out.split()[0]
    later = {**json.loads(NOTICE.read_text()), "notice_key": "MF-2026-0117.update.2.crm", "kind": "update", "phase": 2}
    later["services"] = [{"code": "relay-eu", "name": "Relay EU"}, {"code": "crm-relay", "name": "CRM relay"}]
    file = demo_folder / "later.json"
    file.write_text(json.dumps(later), encoding="utf-8")
    assert run(runner, "intake", str(file), "--from", "Mailflow Relay BV")[0] == 0
    code, out, _ = run(runner, "intake", "pending", reference)
    assert "services: — → crm-saas" in out
    code, out, err = run(runner, "intake", "accept", reference)
    assert code == 0, err
    assert f"{reference}: services added: crm-saas; 0 customers newly concerned told" in out
