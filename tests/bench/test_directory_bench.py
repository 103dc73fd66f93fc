"""The directory-import benchmark runs end to end on a small directory and prints its figures."""

from __future__ import annotations

import json

import pytest

from tests.bench import directory_import


@pytest.mark.parametrize("fmt", ["csv", "yaml"])
def test_the_benchmark_imports_and_reimports(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Twenty customers on SQLite: both runs timed, and the row counts checked by the script itself."""
    monkeypatch.setenv("BREACH_AUDIT_KEY", "test-only-audit-key-0123456789abcdef")  # the script's default stays out
    assert directory_import.main(["--customers", "20", "--database", "sqlite", "--format", fmt]) == 0
    (result,) = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (result["database"], result["customers"], result["format"]) == ("sqlite", 20, fmt)
    assert result["import_s"] >= 0
    assert result["reimport_s"] >= 0
