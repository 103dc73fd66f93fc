"""Every `breach` command in the README's code blocks runs as written, in order, against the demo's
directory and facts (issue 18: the README named a customer and a service the demo does not have).

In-process through Typer's runner, in a folder of its own (with the repository's ``flows/`` beside it, as
the README's relative paths expect), on a clock fixed at the README's date. ``breach confirm`` delivers
with the delivery the flow ``handle_incident`` runs (``deliver_due``), without starting Prefect: what it
delivers is the same, and Prefect's own path is tests/flows' to test.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from flows.cli.app import app
from tests.cli.cli_world import ROOT, demo_folder

__all__ = ["demo_folder"]  # the fixture, used by name
# Commands the README shows with the refusal its text describes for the state the demo is in by then.
DOCUMENTED_REFUSALS = {
    # "It is refused, exit code 2, ... when nothing is owed to that customer": every notice was delivered.
    "reached-by-phone": (2, "still owed: it was delivered"),
}
_SUBSTITUTED = re.compile(r"^export \w+=\$\((?P<inner>[^)]*)\)")


def readme_commands(text: str) -> list[tuple[int, list[str]]]:
    """(line, arguments) of every `breach` command in a code block: continuations joined, comments cut,
    `a && b` as two commands."""
    found: list[tuple[int, list[str]]] = []
    inside = False
    pending = ""
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            inside = not inside
            continue
        if not inside:
            continue
        if not pending:
            if not line.lstrip().startswith(("breach ", ".venv/bin/breach ", "export ")):
                continue  # another tool's command, a listing or a document
            start = number
        pending += line
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        if match := _SUBSTITUTED.match(pending.strip()):
            pending = match["inner"]
        command: list[str] = []
        for word in [*shlex.split(pending, comments=True), "&&"]:
            if word != "&&":
                command.append(word)
                continue
            if command and command[0] in {"breach", ".venv/bin/breach"}:
                found.append((start, command[1:]))
            command = []
        pending = ""
    return found


def test_the_reader_finds_the_commands_as_a_shell_would() -> None:
    """Continuations, comments, `&&` and `$(...)` are read as a shell reads them."""
    text = '```sh\n.venv/bin/breach open --title "A b" \\\n    -s x   # c\nbreach a && breach b c\n'
    text += "export K=$(.venv/bin/breach audit new-key)\nprefect worker start\n```\nbreach outside\n"
    assert readme_commands(text) == [
        (2, ["open", "--title", "A b", "-s", "x"]),
        (4, ["a"]),
        (4, ["b", "c"]),
        (5, ["audit", "new-key"]),
    ]


def test_every_readme_command_runs_as_written_against_the_demo(demo_folder: Path) -> None:
    """In the README's order, each command ends with exit code 0 (`> file` keeps its output); the key prefix
    `keys revoke` takes is the one `keys create` printed (the README cannot know it)."""
    runner = CliRunner()
    commands = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(commands) > 30
    prefixes: list[str] = []
    for line, written in commands:
        typed = [prefixes[0] if a == "Ab3dE5fG" and prefixes else a for a in written]
        args, into = (typed[: typed.index(">")], typed[typed.index(">") + 1]) if ">" in typed else (typed, "")
        result = runner.invoke(app, args)
        if into:
            Path(into).write_text(result.stdout, encoding="utf-8")
        shown = f"README line {line}: breach {shlex.join(args)}\n{result.stdout}{result.stderr}"
        refusal = next((r for word, r in DOCUMENTED_REFUSALS.items() if word in args), None)
        if refusal is not None:
            assert (result.exit_code, refusal[1] in result.stderr) == (refusal[0], True), shown
            continue
        assert result.exit_code == 0, shown
        if args[:2] == ["keys", "create"]:
            prefixes.append(result.stdout.strip()[4:12])


def test_an_unknown_customer_gets_the_closest_names(demo_folder: Path) -> None:
    """The README's old name for the brewery is refused with the demo's name for it, exit code 2."""
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    assert runner.invoke(app, ["customers", "import", "flows/demo/customers.yaml"]).exit_code == 0
    result = runner.invoke(app, ["register", "--customer", "Brouwerij Voorbeeld BV"])
    assert result.exit_code == 2
    assert "did you mean 'Brouwerij De Voorbeeldige BV'?" in result.stderr
    nothing = runner.invoke(app, ["register", "--customer", "Acme Corp"])
    assert (nothing.exit_code, "breach customers list" in nothing.stderr) == (2, True)
