"""`breach subprocessors import FILE [--dry-run] [--announce]`, `changes` and `object` (issue 21, GDPR Art. 28(2)):
the change an import makes is shown; announced, it reaches the customers of the services concerned; an
objection typed in by our staff is recorded and shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli.chain.test_cli_subprocessors import HERE, run
from tests.cli.cli_world import demo_folder

__all__ = ["demo_folder"]  # the fixture, used by name

# Vault Storage moves from the US (adequacy) to Switzerland (adequacy, another decision); a Belgian relay joins
# for cloud-mail.
CHANGED = (HERE / "subprocessors.yaml").read_text().replace("country: US", "country: CH").replace(
    "Commission Implementing Decision (EU) 2023/1795 (EU-US Data Privacy Framework)",
    "Commission Decision 2000/518/EC (Switzerland)",
) + (
    "  - name: Relais Deux SRL\n"
    "    country: BE\n"
    "    agreement_date: 2026-11-01\n"
    "    contacts:\n"
    "      - {email: csirt@relais-deux.example.org}\n"
    "    services:\n"
    "      - {ours: cloud-mail, theirs: [mx]}\n"
)


@pytest.fixture
def runner(demo_folder: Path) -> CliRunner:
    r = CliRunner()
    for args in (
        ["init"],
        ["customers", "import", "flows/demo/customers.yaml"],
        ["subprocessors", "import", str(HERE / "subprocessors.yaml")],
    ):
        assert run(r, *args)[0] == 0
    return r


def test_a_change_is_shown_announced_and_objected_to(runner: CliRunner, tmp_path: Path) -> None:
    changed = tmp_path / "changed.yaml"
    changed.write_text(CHANGED)
    code, out, err = run(runner, "subprocessors", "import", str(changed), "--dry-run")
    assert code == 0, err
    assert "moved" in out
    assert "Vault Storage Inc." in out
    assert "US → CH" in out
    assert "added" in out
    assert "Relais Deux SRL" in out
    assert "nothing written" in out
    code, out, _ = run(runner, "subprocessors", "list", "--json")
    assert "Relais Deux SRL" not in out
    code, out, err = run(runner, "subprocessors", "import", str(changed), "--announce")
    assert code == 0, err
    assert "COM-2026-0001: announced to" in out
    assert "rule gdpr.28.2" in out
    # The same file again changes nothing: there is nothing to announce, and nothing is written.
    code, _, err = run(runner, "subprocessors", "import", str(changed), "--announce")
    assert code == 2
    assert "nothing to announce" in err
    code, out, _ = run(runner, "subprocessors", "changes", "--json")
    (change,) = json.loads(out)["changes"]
    assert change["reference"] == "COM-2026-0001"
    assert change["open"] is True
    customers = {c["customer"]: c for c in change["customers"]}
    assert customers
    assert {c["objection"] for c in customers.values()} == {"open"}
    name = sorted(customers)[0]
    code, out, err = run(
        runner, "subprocessors", "object", "COM-2026-0001", "--customer", name, "--reasons", "Per brief: no relay."
    )
    assert code == 0, err
    assert "objection of" in out
    code, out, err = run(runner, "subprocessors", "object", "COM-2026-0001", "--customer", name, "--reasons", "Again.")
    assert code == 2
    assert "objected to this change already" in err
    code, out, _ = run(runner, "subprocessors", "changes", "COM-2026-0001")
    assert code == 0
    assert "1 of" in out
    assert "objected" in out
    assert "Per brief: no relay." in out
    code, out, _ = run(runner, "worklist")
    assert "gdpr.28.2" in out
