"""The atlas's own words in geodata/borders.yaml, in the reader's language.

borders.yaml names the blocs, their members and the places the Türkiye page measures to, and
cites a reference for each: those names and the atlas's words in the references (gloss,
publisher, note; a cited work's title stays as published, atlas/fact_strings.py) are
translated like the facts' own words, by the same rule and code: geodata/translations/
<language>.yaml beside the file it translates, {kind: {id: {field: {text, from_en}}}}, read by
atlas/facts/load.py, compared with the English by atlas/facts/checks.py (none missing, none
left over, none stale), listed by `python -m atlas stale`. The kinds:

- bloc: a bloc's name, by bloc id;
- bloc_member: a member's name, by "<bloc>.<member>" (the Soviet Union is in two blocs);
- place: a place's name, by place id;
- citation: the atlas's words in a reference, by the English text (as in facts/).

The translations sit beside borders.yaml rather than in facts/translations: a facts directory
(a test's fixture) is checked against the repository's geodata, and should not have to carry
its translations.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from atlas import fact_strings
from atlas.facts import FACT_LANGUAGES, Problem, StaleTranslation
from atlas.facts.checks import compare_translations, stale_entries
from atlas.facts.load import read_translations
from atlas.facts.report import FactFile, Report
from atlas.geodata import BORDERS_FILE, DEFAULT_GEODATA_DIR, TRANSLATIONS_DIR
from atlas.geography import Borders, load_borders
from atlas.models import Citation
from atlas.writing import localize_text_digits

Key = tuple[str, str, str]  # (kind, id, field), as in facts/translations
GEO_TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    "bloc": ("name",), "bloc_member": ("name",), "place": ("name",), "citation": ("text",),
}


def translations_file(geodata_dir: Path, language: str) -> str:
    """The translation file of `language` as problems name it: geodata/translations/tr.yaml."""
    return f"{geodata_dir.name}/{TRANSLATIONS_DIR}/{language}.yaml"


def translatable(borders: Borders, file_name: str = f"geodata/{BORDERS_FILE}"
                 ) -> dict[Key, tuple[str, str]]:
    """(kind, id, field) -> (the English, where it is: "geodata/borders.yaml: warsaw_pact/SUN:
    blocs.1.members.0.citations.0.note", file, record and field) for every string of
    `borders` the atlas writes and shows. A reference's text that several records share
    is named where it is first written."""
    found: dict[Key, tuple[str, str]] = {}

    def add(key: Key, english: str | None, record: str, field: str) -> None:
        if english and english.strip() and key not in found:
            found[key] = (english, f"{file_name}: {record}: {field}")

    for b, bloc in enumerate(borders.blocs):
        add(("bloc", bloc.id, "name"), bloc.name, bloc.id, f"blocs.{b}.name")
        for m, member in enumerate(bloc.members):
            record, path = f"{bloc.id}/{member.id}", f"blocs.{b}.members.{m}"
            add(("bloc_member", f"{bloc.id}.{member.id}", "name"), member.name, record,
                f"{path}.name")
            for c, citation in enumerate(member.citations):
                for field, english in _atlas_words(citation):
                    add(("citation", english, "text"), english, record,
                        f"{path}.citations.{c}.{field}")
    for r, ref in enumerate(borders.reference_lengths):
        for field, english in _atlas_words(ref.citation):
            add(("citation", english, "text"), english, f"#{r + 1}",
                f"reference_lengths.{r}.citation.{field}")
    for p, place in enumerate(borders.places):
        add(("place", place.id, "name"), place.name, place.id, f"places.{p}.name")
        for field, english in _atlas_words(place.citation):
            add(("citation", english, "text"), english, place.id,
                f"places.{p}.citation.{field}")
    return found


def _atlas_words(citation: Citation) -> Iterator[tuple[str, str]]:
    for field in fact_strings.CITATION_FIELDS:
        value = getattr(citation, field)
        if value:
            yield field, value


def _read(report: Report, geodata_dir: Path, language: str, rank: int = 0
          ) -> tuple[FactFile, dict[Key, tuple[str, str] | None]]:
    fact_file = FactFile(translations_file(geodata_dir, language), rank, None)
    path = geodata_dir / TRANSLATIONS_DIR / f"{language}.yaml"
    return fact_file, read_translations(report, fact_file, path, GEO_TRANSLATED_FIELDS) or {}


def check_translations(geodata_dir: Path = DEFAULT_GEODATA_DIR) -> list[Problem]:
    """Every problem of geodata/translations/: unreadable entries, and translations missing,
    left over or stale against borders.yaml. Nothing when borders.yaml itself does not load
    (geography.check_borders reports that)."""
    try:
        borders = load_borders(geodata_dir)
    except (OSError, ValueError):
        return []
    english = translatable(borders, f"{geodata_dir.name}/{BORDERS_FILE}")
    expected = {key: text for key, (text, _) in english.items()}
    where = {key: place for key, (_, place) in english.items()}
    report = Report()
    for rank, language in enumerate(FACT_LANGUAGES):
        fact_file, found = _read(report, geodata_dir, language, rank)
        compare_translations(report, fact_file, found, expected, where)
    return report.problems


def read_all(geodata_dir: Path = DEFAULT_GEODATA_DIR) -> dict[str, dict[Key, str]]:
    """language -> (kind, id, field) -> translation, of what reads as one (`atlas check`
    reports the rest; the English is shown for them)."""
    report = Report()
    return {language: {key: entry[0] for key, entry in _read(report, geodata_dir, language)[1]
                       .items() if entry}
            for language in FACT_LANGUAGES}


def stale_translations(geodata_dir: Path = DEFAULT_GEODATA_DIR) -> list[StaleTranslation]:
    """Every translation whose English in borders.yaml has changed since it was made."""
    try:
        borders = load_borders(geodata_dir)
    except (OSError, ValueError):
        return []
    expected = {key: text for key, (text, _) in translatable(borders).items()}
    found: list[StaleTranslation] = []
    for language in FACT_LANGUAGES:
        fact_file, entries = _read(Report(), geodata_dir, language)
        found += [StaleTranslation(language, fact_file.name, *key, english, translation,
                                   made_from, fact_strings.source_hash(english))
                  for key, english, translation, made_from in stale_entries(entries, expected)]
    return found


def in_language(borders: Borders, translations: Mapping[str, Mapping[Key, str]],
                language: str) -> Borders:
    """`borders` with every name and the atlas's words in its references in `language` (the
    project's translation, numbers in the language's digits); ids, dates, coordinates and
    the cited works' titles as they are. The English where a translation is missing."""
    table = translations.get(language)
    if not table:
        return borders

    def text(kind: str, item_id: str, english: str) -> str:
        translated = table.get((kind, item_id, "text" if kind == "citation" else "name"))
        return localize_text_digits(translated, language) if translated else english

    def cite(citations: list[Citation]) -> list[Citation]:
        return fact_strings.localized_citations(
            citations, lambda english: text("citation", english, english))

    return borders.model_copy(update={
        "blocs": [bloc.model_copy(update={
            "name": text("bloc", bloc.id, bloc.name),
            "members": [member.model_copy(update={
                "name": text("bloc_member", f"{bloc.id}.{member.id}", member.name),
                "citations": cite(member.citations)}) for member in bloc.members]})
            for bloc in borders.blocs],
        "reference_lengths": [ref.model_copy(update={"citation": cite([ref.citation])[0]})
                              for ref in borders.reference_lengths],
        "places": [place.model_copy(update={"name": text("place", place.id, place.name),
                                            "citation": cite([place.citation])[0]})
                   for place in borders.places]})
