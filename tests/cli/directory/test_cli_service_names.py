"""``breach customers import`` with services named per language (issue 17): what is missing is said, not refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from flows.cli.app import app
from tests.app_db import CLI_ENV, app_database
from tests.cli.cli_world import invoker
from tests.factories import customer, directory

_run = invoker(app)


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    with app_database(monkeypatch, tmp_path / "cli.db", CLI_ENV):
        yield tmp_path


def _import(folder: Path, data: object) -> tuple[int, str, str]:
    path = folder / "customers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return _run("customers", "import", str(path))


def test_a_single_english_name_imports_and_the_missing_languages_are_named(cli_db: Path) -> None:
    """A German and a French customer of a service named in English only: imported, with one warning."""
    services = [{"code": "mail-hosting", "name": "Hosted e-mail"}]
    data = directory(
        customer("Autohaus Beispiel GmbH", language="de", lead_authority="DE-NW"),
        customer("Boulangerie Exemple SA", language="fr"),
        services=services,
    )
    code, out, err = _import(cli_db, data)
    assert code == 0, err
    assert "customers 2 new" in out
    assert "warning: service mail-hosting has no name in fr, de" in err


def test_names_in_every_language_read_leave_nothing_to_say(cli_db: Path) -> None:
    code, _out, err = _import(cli_db, directory(customer(), customer("Boulangerie Exemple SA", language="fr")))
    assert code == 0, err
    assert "warning" not in err


def test_a_name_in_an_unknown_language_is_refused_naming_it(cli_db: Path) -> None:
    services = [{"code": "mail-hosting", "name": {"en": "Hosted e-mail", "es": "Correo alojado"}}]
    code, _out, err = _import(cli_db, directory(customer(), services=services))
    assert code == 2
    assert "error: services[0].name.es" in err
    assert "Traceback" not in err
