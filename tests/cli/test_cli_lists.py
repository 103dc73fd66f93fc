"""Every list command reads at 80 columns with its references whole, and has `--json` for scripts (issue 18:
`breach list` cut a reference to `BR-2026-00…`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli.app import app
from tests.cli.cli_world import demo_folder

__all__ = ["demo_folder"]  # the fixture, used by name

# (command, the JSON list's name, what the table must show whole)
LISTS = [
    (["list"], "incidents", "BR-2026-0001"),
    (["customers", "list"], "customers", "Europe/Brussels"),
    (["customers", "authorities", "--country", "BE"], "authorities", "BE-GBA"),
    (["outbox", "list"], "notices", "nothing stuck"),
    (["keys", "list"], "keys", "customer"),
    (["worklist"], "worklist", "BR-2026-0001"),
    (["rules"], "rules", "gdpr.33.1"),
    (["tasks"], "tasks", "ST-2026-0001"),
    (["tasks", "list"], "tasks", "ST-2026-0001"),
    (["consultation", "list"], "consultations", "PC-2026-0001"),
    (["customers", "check", "--report"], "contacts", "never checked"),
]


@pytest.fixture
def demo_world(demo_folder: Path) -> CliRunner:
    """The demo's directory and incident, confirmed and delivered, with a key and a consultation."""
    runner = CliRunner()
    for args in (
        ["init"],
        ["customers", "import", "flows/demo/customers.yaml"],
        ["open", "--title", "Ransomware on mail cluster", "--description", "Encrypted.", "-s", "cloud-mail"],
        ["facts", "BR-2026-0001", "flows/demo/incident.yaml"],
        ["confirm", "BR-2026-0001"],
        [
            "keys",
            "create",
            "--role",
            "customer",
            "--holder",
            "Jan Peeters",
            "--customer",
            "Brouwerij De Voorbeeldige BV",
        ],
        ["consultation", "open", "Zorggroep Het Lindehof vzw", "--title", "Camera surveillance in the wards"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, f"{args}: {result.stdout}{result.stderr}"
    return runner


@pytest.mark.parametrize(("args", "name", "whole"), LISTS, ids=[" ".join(a) for a, _, _ in LISTS])
def test_a_list_reads_at_80_columns(
    demo_world: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str], name: str, whole: str
) -> None:
    """No line wider than the terminal, no "…" in place of a reference, and the reference whole."""
    monkeypatch.setenv("COLUMNS", "80")
    result = demo_world.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert whole in result.stdout
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


@pytest.mark.parametrize(("args", "name", "whole"), LISTS, ids=[" ".join(a) for a, _, _ in LISTS])
def test_a_list_has_json_for_scripts(demo_world: CliRunner, args: list[str], name: str, whole: str) -> None:
    """`--json`: one object holding the named list, times in ISO 8601; what the table shows is in it."""
    result = demo_world.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == [name]
    assert isinstance(document[name], list)
    if name != "notices":  # nothing is stuck: an empty list, where the table says so in words
        assert whole in result.stdout or name == "keys"
        assert document[name]
