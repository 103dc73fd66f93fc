"""The gettext catalogues: complete, consistent across languages, and read strictly (issue 16)."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from notifications.i18n import catalogues
from notifications.i18n.catalogues import (
    LANGUAGES,
    LOCALE_DIR,
    SOURCE_LANGUAGE,
    Catalogue,
    CatalogueError,
    label,
    label_groups,
    message,
)
from notifications.i18n.checks import all_problems, mismatched_keys, mismatched_placeholders, read_all, unusable
from notifications.i18n.commands import extract, update
from notifications.render.rendering import RenderError, render_templates


@pytest.fixture
def locale_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, directory)
    return directory


@pytest.fixture
def engine_reads(locale_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The engine reading the copy (edit it, then look up or render); the real catalogues again after."""
    monkeypatch.setattr(catalogues, "LOCALE_DIR", locale_copy)
    catalogues.compiled.cache_clear()
    yield locale_copy
    catalogues.compiled.cache_clear()


def _edit(directory: Path, language: str, old: str, new: str) -> None:
    path = directory / f"{language}.po"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


NL_WEB_REFERENCE = 'msgctxt "web"\nmsgid "reference"\nmsgstr "Referentie"\n'
DE_WEB_REFERENCE = 'msgctxt "web"\nmsgid "reference"\nmsgstr "Referenz"\n'


# --- the committed catalogues -------------------------------------------------------------------------


def test_every_catalogue_parses() -> None:
    catalogues_read, problems = read_all()
    assert problems == []
    assert set(catalogues_read) == set(LANGUAGES)


def test_no_message_is_untranslated_empty_or_fuzzy() -> None:
    assert unusable(read_all()[0]) == []


def test_every_language_has_the_same_messages() -> None:
    assert mismatched_keys(read_all()[0]) == []


def test_placeholders_are_the_source_languages() -> None:
    assert mismatched_placeholders(read_all()[0]) == []


def test_no_label_is_padded() -> None:
    """Labels sit mid-sentence and in table cells: no leading or trailing space."""
    for language in LANGUAGES:
        for group, codes in label_groups(language).items():
            for code, text in codes.items():
                assert text == text.strip(), f"{language} {group}.{code}"


# --- the rules refuse what they should ----------------------------------------------------------------


def test_the_check_finds_each_kind_of_gap(locale_copy: Path) -> None:
    _edit(locale_copy, "nl", NL_WEB_REFERENCE, "")
    _edit(locale_copy, "fr", 'msgctxt "web"\nmsgid "reference"\n', '#, fuzzy\nmsgctxt "web"\nmsgid "reference"\n')
    _edit(
        locale_copy,
        "de",
        'msgctxt "web"\nmsgid "reference"\nmsgstr "Referenz"\n',
        'msgctxt "web"\nmsgid "reference"\nmsgstr ""\n',
    )
    _edit(locale_copy, "de", "Bestätigt von %(name)s am %(at)s.", "Bestätigt von %(nom)s am %(at)s.")
    problems = all_problems(locale_copy)
    assert "nl.po: web.reference is missing" in problems
    assert "fr.po: web.reference is fuzzy" in problems
    assert "de.po: web.reference is untranslated" in problems
    assert any(problem.startswith("de.po: web.done_text has placeholders ['at', 'nom']") for problem in problems)
    assert len(problems) == 4, problems


def test_a_catalogue_that_does_not_parse_is_reported(locale_copy: Path) -> None:
    (locale_copy / "de.po").write_text("this is not a PO file\n", encoding="utf-8")
    assert any("de.po does not parse" in problem for problem in all_problems(locale_copy))


def test_update_adds_a_new_message_empty_until_translated(locale_copy: Path, tmp_path: Path) -> None:
    """A message added to en.po reaches every language empty, so the check fails until it is translated."""
    with (locale_copy / "en.po").open("a", encoding="utf-8") as po:
        po.write('\n#. A test message.\nmsgctxt "web"\nmsgid "brand_new"\nmsgstr "Brand new"\n')
    _edit(locale_copy, "nl", NL_WEB_REFERENCE, NL_WEB_REFERENCE + '\nmsgctxt "web"\nmsgid "gone"\nmsgstr "Weg"\n')
    template = tmp_path / "messages.pot"
    assert extract(template, locale_copy) == 0
    before = (locale_copy / "fr.po").read_text(encoding="utf-8")
    assert update(template, locale_copy) == 0
    problems = all_problems(locale_copy)
    assert sorted(problems) == [f"{language}.po: web.brand_new is untranslated" for language in ("de", "fr", "nl")]
    after = (locale_copy / "fr.po").read_text(encoding="utf-8")
    assert after.startswith(before)  # every existing text and comment kept as it was
    assert after[len(before) :] == '#. A test message.\nmsgctxt "web"\nmsgid "brand_new"\nmsgstr ""\n\n'

    assert "gone" not in (locale_copy / "nl.po").read_text(encoding="utf-8")


def test_update_without_a_change_rewrites_nothing(locale_copy: Path, tmp_path: Path) -> None:
    before = {path.name: path.read_bytes() for path in locale_copy.glob("*.po")}
    extract(tmp_path / "messages.pot", locale_copy)
    update(tmp_path / "messages.pot", locale_copy)
    assert {path.name: path.read_bytes() for path in locale_copy.glob("*.po")} == before


# --- strict lookups -----------------------------------------------------------------------------------


def test_lookups_give_the_languages_text() -> None:
    assert label("nl", "yesno", "true") != label("en", "yesno", "true")
    assert Catalogue("de", "web").reference == message("de", "web", "reference")
    advice = Catalogue("fr", "packs").advice
    assert isinstance(advice, Catalogue)
    assert advice["identity"] == message("fr", "packs", "advice.identity")


@pytest.mark.parametrize(
    ("language", "context", "key"),
    [("en", "data_category", "no_such_code"), ("en", "no_such_group", "identity"), ("xx", "web", "reference")],
)
def test_an_unknown_message_is_an_error(language: str, context: str, key: str) -> None:
    with pytest.raises(CatalogueError):
        message(language, context, key)
    with pytest.raises(CatalogueError):
        Catalogue(language, context)[key]


def test_a_message_missing_fuzzy_or_empty_in_one_language_is_an_error_there_only(engine_reads: Path) -> None:
    _edit(engine_reads, "nl", NL_WEB_REFERENCE, "")
    _edit(engine_reads, "fr", 'msgctxt "web"\nmsgid "reference"\n', '#, fuzzy\nmsgctxt "web"\nmsgid "reference"\n')
    _edit(engine_reads, "de", DE_WEB_REFERENCE, DE_WEB_REFERENCE.replace('"Referenz"', '""'))
    assert message(SOURCE_LANGUAGE, "web", "reference") == "Reference"
    for language in ("nl", "fr", "de"):
        with pytest.raises(CatalogueError, match=rf"no '{language}' text for web\.reference"):
            message(language, "web", "reference")
        with pytest.raises(CatalogueError):
            Catalogue(language, "web").check_complete()


def _render(tmp_path: Path, template: str, language: str) -> str:
    templates = tmp_path / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "page.txt").write_text(template, encoding="utf-8")
    return render_templates(["page.txt"], {"language": language}, directory=str(templates))[0]


@pytest.mark.parametrize(
    "template",
    [
        '{% set t = catalogue("web", language) %}{{ t.reference }}',
        '{{ pgettext("web", "reference") }}',
        '{% trans "web" %}reference{% endtrans %}',
        '{{ "reference" | label("web") }}',
    ],
)
def test_rendering_a_message_missing_in_one_language_is_a_render_error(
    engine_reads: Path, tmp_path: Path, template: str
) -> None:
    _edit(engine_reads, "nl", NL_WEB_REFERENCE, "")
    assert _render(tmp_path, template, "en") == "Reference"
    with pytest.raises(RenderError, match=r"web\.reference"):
        _render(tmp_path, template, "nl")


def test_gettext_without_a_context_has_no_messages(tmp_path: Path) -> None:
    """Every message has a msgctxt: a bare gettext call is a defect, not an English fallback."""
    with pytest.raises(RenderError, match="reference"):
        _render(tmp_path, '{{ gettext("reference") }}', "en")


def test_the_catalogues_are_installed_with_the_package() -> None:
    """A wheel without the PO files could render nothing: pyproject's package data must cover every one."""
    root = Path(__file__).resolve().parents[3]
    patterns = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["notifications"]
    package = root / "notifications"
    installed = {path for pattern in patterns for path in package.glob(pattern)}
    assert {LOCALE_DIR / f"{language}.po" for language in LANGUAGES} <= installed


def test_update_keeps_translators_notes_and_flags(locale_copy: Path, tmp_path: Path) -> None:
    """What a translator's tool writes (a ``#`` note, ``#, fuzzy``) survives an update untouched."""
    _edit(locale_copy, "nl", NL_WEB_REFERENCE, "# Kort houden.\n#, fuzzy\n" + NL_WEB_REFERENCE)
    before = (locale_copy / "nl.po").read_bytes()
    extract(tmp_path / "messages.pot", locale_copy)
    update(tmp_path / "messages.pot", locale_copy)
    assert (locale_copy / "nl.po").read_bytes() == before


def test_plural_messages_take_the_languages_form(engine_reads: Path, tmp_path: Path) -> None:
    """``{% trans count=... %}`` picks the form the PO file's Plural-Forms rule gives; a language without the
    message is an error, as for any other."""
    with (engine_reads / "en.po").open("a", encoding="utf-8") as po:
        po.write('\nmsgctxt "web"\nmsgid "page"\nmsgid_plural "pages"\nmsgstr[0] "one page"\nmsgstr[1] "%(n)s pages"\n')
    template = '{% trans "web" n=n %}page{% pluralize %}pages{% endtrans %}'
    templates = tmp_path / "plural"
    templates.mkdir()
    (templates / "page.txt").write_text(template, encoding="utf-8")
    shown = [render_templates(["page.txt"], {"language": "en", "n": n}, directory=str(templates))[0] for n in (1, 3)]
    assert shown == ["one page", "3 pages"]
    with pytest.raises(RenderError, match=r"web\.page"):
        render_templates(["page.txt"], {"language": "nl", "n": 3}, directory=str(templates))
