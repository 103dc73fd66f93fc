"""`breach subprocessors import|list` and `breach intake FILE --from NAME` on the demo directory (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from breach.db.models.chain import SubprocessorNotice
from breach.db.models.incidents import Incident
from breach.db.models.outbox import Notice
from breach.vocabulary import IncidentStatus, NoticeKind
from flows import db
from flows.cli.app import app
from tests.cli.cli_world import demo_folder

__all__ = ["demo_folder"]  # the fixture, used by name

HERE = Path(__file__).parent
MINIMAL = {
    "notice_key": "MF-2026-17",
    "what_happened": "A relay node forwarded mail to a wrong tenant.\nFixed at 10:40.",
    "aware_at": "2026-11-27T09:30:00+00:00",
    "services": ["relay-eu"],
    "data_categories": ["e-mail contents"],
    "data_subjects": 120,
}


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def runner(demo_folder: Path) -> CliRunner:
    r = CliRunner()
    for args in (["init"], ["customers", "import", "flows/demo/customers.yaml"]):
        assert run(r, *args)[0] == 0
    return r


def test_import_then_list(runner: CliRunner) -> None:
    """The directory lists each sub-processor with its country, agreement, transfer ground and services."""
    code, out, err = run(runner, "subprocessors", "import", str(HERE / "subprocessors.yaml"))
    assert code == 0, err
    assert "2 new, 0 updated" in out
    code, out, _ = run(runner, "subprocessors", "list", "--json")
    rows = json.loads(out)["subprocessors"]
    assert [(r["name"], r["country"], r["transfer_mechanism"]) for r in rows] == [
        ("Mailflow Relay BV", "NL", None),
        ("Vault Storage Inc.", "US", "adequacy"),
    ]
    assert rows[0]["services"] == [{"code": "cloud-mail", "theirs": ["relay-eu", "smtp-out"]}]
    code, out, _ = run(runner, "subprocessors", "list")
    assert code == 0
    assert "Mailflow Relay BV" in out
    assert "cloud-mail ← relay-eu, smtp-out" in out
    # A second import updates, never duplicates.
    assert "0 new, 2 updated" in run(runner, "subprocessors", "import", str(HERE / "subprocessors.yaml"))[1]


def test_a_bad_file_imports_nothing(runner: CliRunner, tmp_path: Path) -> None:
    """All or nothing: the second entry's mistake keeps the first one out too, and the error names it."""
    text = (HERE / "subprocessors.yaml").read_text().replace("transfer_mechanism: adequacy", "transfer_mechanism: x")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    code, _, err = run(runner, "subprocessors", "import", str(bad))
    assert code == 2
    assert "subprocessors[1].transfer_mechanism" in err
    assert "'x'" in err
    assert json.loads(run(runner, "subprocessors", "list", "--json")[1]) == {"subprocessors": []}


def test_intake_opens_an_investigating_incident_once(runner: CliRunner, tmp_path: Path) -> None:
    """A sub-processor's notice opens one incident on our mapped service and alerts us; a repeat opens none."""
    run(runner, "subprocessors", "import", str(HERE / "subprocessors.yaml"))
    notice = tmp_path / "notice.json"
    notice.write_text(json.dumps(MINIMAL))
    code, out, err = run(runner, "intake", str(notice), "--from", "Mailflow Relay BV")
    assert code == 0, err
    assert "BR-2026-0001 opened (investigating)" in out
    assert "cloud-mail" in out
    code, out, _ = run(runner, "intake", str(notice), "--from", "Mailflow Relay BV")
    assert code == 0
    assert "already received" in out
    assert "BR-2026-0001" in out
    with Session(db.get_engine()) as session:
        incidents = session.exec(select(Incident)).all()
        assert [(i.reference, i.status) for i in incidents] == [("BR-2026-0001", IncidentStatus.INVESTIGATING)]
        assert len(session.exec(select(SubprocessorNotice)).all()) == 1
        alerts = session.exec(select(Notice).where(Notice.kind == NoticeKind.INTERNAL_ALERT)).all()
        assert [a.details["alert"] for a in alerts] == ["subprocessor_breach"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "is not JSON"),
        (json.dumps({**MINIMAL, "services": ["fax-gateway"]}), "not mapped to a service of ours"),
        (json.dumps({"schema_version": "2.0", "notice_key": "k"}), "unknown version"),
        (json.dumps({**MINIMAL, "aware_at": "2026-11-27T09:30:00"}), "aware_at"),
    ],
)
def test_intake_refuses_bad_notices(runner: CliRunner, tmp_path: Path, content: str, problem: str) -> None:
    """Not JSON, unmapped services, an unknown schema version, a time without zone: refused, nothing opened."""
    run(runner, "subprocessors", "import", str(HERE / "subprocessors.yaml"))
    notice = tmp_path / "notice.json"
    notice.write_text(content)
    code, _, err = run(runner, "intake", str(notice), "--from", "Mailflow Relay BV")
    assert code == 2
    assert problem in err
    with Session(db.get_engine()) as session:
        assert session.exec(select(Incident)).all() == []


def test_intake_from_an_unknown_sender_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    notice = tmp_path / "notice.json"
    notice.write_text(json.dumps(MINIMAL))
    code, _, err = run(runner, "intake", str(notice), "--from", "Nobody BV")
    assert code == 2
    assert "no such subprocessor" in err


def test_show_names_our_link_of_the_chain(runner: CliRunner, tmp_path: Path) -> None:
    """`breach show` of an incident a sub-processor reported: who, their notice key, when it reached us and
    their services mapped to ours; never their contacts."""
    run(runner, "subprocessors", "import", str(HERE / "subprocessors.yaml"))
    notice = tmp_path / "notice.json"
    notice.write_text(json.dumps({**MINIMAL, "services": ["relay-eu", "smtp-out"]}))
    assert run(runner, "intake", str(notice), "--from", "Mailflow Relay BV")[0] == 0
    code, out, err = run(runner, "show", "BR-2026-0001")
    assert code == 0, err
    assert "from        our sub-processor Mailflow Relay BV (NL)" in out
    assert "  notice    MF-2026-17 (minimal)" in out
    assert "  they knew 2026-11-27T09:30+00:00" in out
    assert "  services  relay-eu → cloud-mail; smtp-out → cloud-mail" in out
    assert "  received  2026-11-27T11:00+00:00 by alice@example.org" in out
    assert "mailflow.example.org" not in out
