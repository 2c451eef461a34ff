"""The atlas's words in geodata/borders.yaml (names of blocs, members and places; the atlas's
words in references) are translated like the facts' own: `atlas check` fails on a missing,
left-over or stale translation, naming the file, the record and the field; the pages show
them in the reader's language, marked as ours, the cited works' titles as published."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from atlas import cached, geotext
from atlas.__main__ import main
from atlas.fact_strings import source_hash
from atlas.facts import FACT_LANGUAGES, Facts
from atlas.geodata import DEFAULT_GEODATA_DIR
from atlas.geography import load_borders
from atlas.i18n import translator
from atlas.turkey import fragments

PACT_NOTE = "Signed 14 May 1955 by Albania"
PERSIAN_PACT_NOTE = "در ۱۴ مه ۱۹۵۵ به امضای آلبانی"


@pytest.fixture
def geodata_copy(tmp_path: Path) -> Path:
    """A copy of geodata/ (borders, their translations, the layers) that a test may edit."""
    target = tmp_path / "geodata"
    shutil.copytree(DEFAULT_GEODATA_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_todays_geodata_translations_are_complete_and_not_stale() -> None:
    assert geotext.check_translations() == []
    assert geotext.stale_translations() == []


def test_a_missing_translation_of_a_note_fails_the_check(geodata_copy: Path, capsys) -> None:
    turkish = geodata_copy / "translations" / "tr.yaml"
    lines = turkish.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if PACT_NOTE in line)
    del lines[start:start + 4]  # the key, text:, its text and from_en
    turkish.write_text("".join(lines), encoding="utf-8")
    assert main(["check", "--geodata", str(geodata_copy)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[1].startswith("1 problem")
    # The translation file, record and field; then where the English is: file, record, field.
    assert out[0].startswith(f"geodata/translations/tr.yaml: citation:{PACT_NOTE}")
    assert out[0].endswith("(geodata/borders.yaml: warsaw_pact/SUN: "
                           "blocs.1.members.0.citations.0.note)")


def test_changed_english_makes_a_name_stale_in_every_language(geodata_copy: Path) -> None:
    edit(geodata_copy / "borders.yaml", "name: Dardanelles\n", "name: The Dardanelles\n")
    problems = geotext.check_translations(geodata_copy)
    assert [(p.file, p.record, p.field) for p in problems] == [
        (f"geodata/translations/{language}.yaml", "place:dardanelles", "name")
        for language in FACT_LANGUAGES]
    assert all(f"from_en: {source_hash('The Dardanelles')}" in p.message for p in problems)
    assert [(s.language, s.item_id) for s in geotext.stale_translations(geodata_copy)] == [
        (language, "dardanelles") for language in FACT_LANGUAGES]


def test_a_misspelt_id_is_missing_and_left_over(geodata_copy: Path) -> None:
    edit(geodata_copy / "translations" / "fa.yaml", "  baghdad:\n", "  bagdad:\n")
    problems = geotext.check_translations(geodata_copy)
    assert [(p.file, p.record, p.message[:20]) for p in problems] == [
        ("geodata/translations/fa.yaml", "place:baghdad", "missing translation "),
        ("geodata/translations/fa.yaml", "place:bagdad", "no such fact string ")]


def test_turkiye_page_shows_the_notes_in_the_readers_language(facts: Facts) -> None:
    figures = cached.year_figures()
    english = load_borders()
    for language in ("en", "fa"):
        tr, borders = translator(language), cached.local_borders(language)
        periods = fragments.border_periods_html(facts.in_language(language), borders,
                                                figures, tr)
        distances = fragments.distances_html(facts.in_language(language), borders, tr)
        # The cited work's title as published, in every language.
        assert "<bdi>Warsaw Pact</bdi>" in periods and "<bdi>Baghdad</bdi>" in distances
        assert (PACT_NOTE in periods) == (language == "en")
        assert (PERSIAN_PACT_NOTE in periods) == (language == "fa")
        assert ("اینجرلیک ← بغداد: ۹۱۱ کیلومتر" in distances) == (language == "fa")
        assert ("atlas-facts-mark" in periods) == (language != "en")
    # The English of the borders themselves is not changed by a reader's language.
    assert load_borders() == english
    assert "Vikipedi (Wikipedia)" in fragments.distances_html(
        facts.in_language("tr"), cached.local_borders("tr"), translator("tr"))
