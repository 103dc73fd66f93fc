"""Locale variants of the catalogues (``locale/nl_NL.po`` ...): read before their language, checked like it."""

from __future__ import annotations

import shutil
from pathlib import Path

from notifications.i18n.catalogues import LOCALE_DIR, variants
from notifications.i18n.checks import all_problems

VARIANT_HEADER = 'msgid ""\nmsgstr ""\n"Language: nl_NL\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'


def _copy(tmp_path: Path, variant_entries: str) -> Path:
    directory = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, directory)
    (directory / "nl_NL.po").write_text(VARIANT_HEADER + variant_entries, encoding="utf-8")
    return directory


def test_the_committed_variants_pass_the_check() -> None:
    assert set(variants()) >= {"nl_NL", "fr_FR"}
    assert [p for p in all_problems() if "_" in p.split(".po")[0]] == []


def test_a_variant_may_only_replace_its_languages_messages(tmp_path: Path) -> None:
    """A key its language lacks is refused: a variant words a message differently, it never adds one."""
    directory = _copy(tmp_path, 'msgctxt "notice"\nmsgid "no_such_message"\nmsgstr "Iets"\n')
    assert any("nl_NL.po: notice.no_such_message is not in nl.po" in p for p in all_problems(directory))


def test_a_variant_keeps_the_source_languages_placeholders(tmp_path: Path) -> None:
    directory = _copy(tmp_path, 'msgctxt "notice"\nmsgid "ack"\nmsgstr "Wilt u de ontvangst bevestigen?"\n')
    assert any("nl_NL.po: notice.ack has placeholders []" in p for p in all_problems(directory))


def test_an_empty_variant_message_is_a_problem(tmp_path: Path) -> None:
    directory = _copy(tmp_path, 'msgctxt "notice"\nmsgid "ack"\nmsgstr ""\n')
    assert any("nl_NL.po: notice.ack is untranslated" in p for p in all_problems(directory))


def test_a_file_that_is_not_a_variant_name_is_no_variant(tmp_path: Path) -> None:
    directory = _copy(tmp_path, "")
    (directory / "es_ES.po").write_text(VARIANT_HEADER, encoding="utf-8")
    (directory / "nl_nl.po").write_text(VARIANT_HEADER, encoding="utf-8")
    assert variants(directory) == ("fr_FR", "nl_NL")
