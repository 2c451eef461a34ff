"""Load facts/ and check it whole, reporting every problem by file, record and field.

- store.py       `Facts`, the checked facts as the pages read them (and in another language)
- load.py        reading: each YAML file into records validated by atlas/models.py, the source
                 texts, the translation files, the ids the geodata declares
- validation.py  pydantic's errors as short messages, each pointed at its field
- checks.py      what needs all files at once: ids, references, ISO codes, verbatim quotes,
                 voices, translations none missing and none left over
- report.py      `Problem`, `FactsError`, and the Report that collects problems in printed order

Bad input never raises anything but `FactsError`, and every problem is collected before giving
up, so one run of `python -m atlas check` lists them all.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atlas import fact_strings
from atlas.facts.checks import CrossChecks, check_translations
from atlas.facts.checks import stale_translations as check_stale
from atlas.facts.load import (
    DEFAULT_FACTS_DIR,
    FACT_FILES,
    TRANSLATIONS_DIR,
    geodata_ids,
    load_file,
    read_source_texts,
    read_translations,
)
from atlas.facts.report import FactFile, FactsError, Problem, Report
from atlas.facts.store import FACT_LANGUAGES, TRANSLATED_FIELDS, Facts
from atlas.geodata import COUNTRIES_FILE, DEFAULT_GEODATA_DIR, GERMANY_FILE
from atlas.models import TerritoryChange

__all__ = [
    "DEFAULT_FACTS_DIR", "FACT_FILES", "FACT_LANGUAGES", "TRANSLATED_FIELDS", "TRANSLATIONS_DIR",
    "Facts", "FactsError", "Problem", "StaleTranslation", "check_facts", "load_facts",
    "stale_translations",
]


def load_facts(
    facts_dir: Path = DEFAULT_FACTS_DIR, geodata_dir: Path = DEFAULT_GEODATA_DIR
) -> Facts:
    """Load and check the facts; raise FactsError listing every problem."""
    facts, problems = check_facts(facts_dir, geodata_dir)
    if facts is None:
        raise FactsError(problems)
    return facts


def check_facts(
    facts_dir: Path, geodata_dir: Path = DEFAULT_GEODATA_DIR
) -> tuple[Facts | None, list[Problem]]:
    """Check the facts; return them (None if anything is wrong) and every problem found."""
    facts_dir, geodata_dir = Path(facts_dir), Path(geodata_dir)
    if not facts_dir.is_dir():
        what = "is not a directory" if facts_dir.exists() else "does not exist"
        return None, [Problem(str(facts_dir), "-", "-", f"facts directory {what}")]
    report = Report()
    iso_codes = geodata_ids(report, geodata_dir, COUNTRIES_FILE, "iso_a3")
    territories = geodata_ids(report, geodata_dir, GERMANY_FILE, "id")
    files = {
        kind: load_file(report, facts_dir, kind, name, rank)
        for rank, (kind, name) in enumerate(FACT_FILES.items())
    }
    checks = CrossChecks(report, geodata_dir, iso_codes, territories)
    # Ids first: a record's duplicate id is listed before a problem with its source text.
    checks.unique_ids(files)
    source_texts = read_source_texts(report, facts_dir, files["sources"])
    checks.run(files, source_texts)
    # Translations are compared with the English facts once those are sound: a mistake in
    # a record (a wrong id, a missing field) is then reported once, not again per language.
    compare = not report
    translations: dict[str, Mapping[tuple[str, str, str], str]] = {}
    for rank, language in enumerate(FACT_LANGUAGES, start=len(FACT_FILES)):
        fact_file = FactFile(f"{TRANSLATIONS_DIR}/{language}.yaml", rank, None)
        found = read_translations(report, fact_file, facts_dir / fact_file.name,
                                  TRANSLATED_FIELDS) or {}
        translations[language] = (
            check_translations(report, fact_file, found, files) if compare
            else {key: entry[0] for key, entry in found.items() if entry})
    if report:
        return None, report.problems
    return _facts(files, source_texts, translations), []


@dataclass(frozen=True)
class StaleTranslation:
    """A translation made from English that has changed since (fact_strings.source_hash)."""

    language: str
    file: str  # "translations/tr.yaml"
    kind: str
    item_id: str
    field: str
    english: str  # as it reads now
    translation: str
    made_from: str  # the hash the translation records
    now: str  # the hash of the English now: what to write once the translation is checked


def stale_translations(facts_dir: Path = DEFAULT_FACTS_DIR) -> list[StaleTranslation]:
    """Every translation whose English has changed since it was made, in file order. Other
    problems (a missing translation, a broken record) are `atlas check`'s to report."""
    facts_dir, report = Path(facts_dir), Report()
    files = {kind: load_file(report, facts_dir, kind, name, rank)
             for rank, (kind, name) in enumerate(FACT_FILES.items())}
    found: list[StaleTranslation] = []
    for language in FACT_LANGUAGES:
        fact_file = FactFile(f"{TRANSLATIONS_DIR}/{language}.yaml", 0, None)
        entries = read_translations(report, fact_file, facts_dir / fact_file.name,
                                    TRANSLATED_FIELDS) or {}
        found += [StaleTranslation(language, fact_file.name, *key, english, translation,
                                   made_from, fact_strings.source_hash(english))
                  for key, english, translation, made_from in check_stale(entries, files)]
    return found


def _facts(
    files: Mapping[str, FactFile], source_texts: dict[str, str],
    translations: Mapping[str, Mapping[tuple[str, str, str], str]],
) -> Facts:
    def by_id(kind: str) -> dict[str, Any]:
        return {r.raw["id"]: r.model for r in files[kind].records or ()}

    return Facts(
        sources=by_id("sources"),
        source_texts=source_texts,
        members=by_id("members"),
        territory_changes=tuple(
            typing.cast(TerritoryChange, r.model)
            for r in files["territory_changes"].records or ()
        ),
        sites=by_id("sites"),
        missions=by_id("missions"),
        events=by_id("events"),
        quotes=by_id("quotes"),
        scenes=by_id("scenes"),
        translations=translations,
    )
