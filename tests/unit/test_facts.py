"""The facts loader: one expected problem per bad input, and the valid fixtures load.

Each bad case copies tests/fixtures/valid and applies one documented edit, so the valid fixture
is the only full facts directory to maintain and every case differs from it in one way.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from atlas.__main__ import main
from atlas.fact_strings import source_hash
from atlas.facts import (
    DEFAULT_FACTS_DIR,
    FACT_FILES,
    FACT_LANGUAGES,
    TRANSLATIONS_DIR,
    Facts,
    FactsError,
    Problem,
    check_facts,
    load_facts,
)

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "fixtures"
VALID_DIR = FIXTURES_DIR / "valid"
HOSTILE_DIR = FIXTURES_DIR / "hostile"
ISO_MESSAGE = "unknown ISO code {} (not in geodata/countries.geojson)"

Edit = Callable[[Path], None]


def replace(file: str, old: str, new: str) -> Edit:
    """Replace the one occurrence of `old` in `file`; fail loudly if the fixture drifted."""

    def edit(facts_dir: Path) -> None:
        path = facts_dir / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} should occur once in {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def write(file: str, content: str | bytes) -> Edit:
    def edit(facts_dir: Path) -> None:
        path = facts_dir / file
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return edit


def append(file: str, content: str) -> Edit:
    def edit(facts_dir: Path) -> None:
        path = facts_dir / file
        path.write_text(path.read_text(encoding="utf-8") + content, encoding="utf-8")

    return edit


def set_translations(language: str, kind: str, records: dict[str, dict[str, str]]) -> Edit:
    """Replace every translation of one kind in translations/<language>.yaml by `records`
    ({id: {field: English}}), each translated as the English itself and made from it."""

    def edit(facts_dir: Path) -> None:
        path = facts_dir / TRANSLATIONS_DIR / f"{language}.yaml"
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        tree[kind] = {item_id: {name: {"text": english, "from_en": source_hash(english)}
                                for name, english in fields.items()}
                      for item_id, fields in records.items()}
        path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")

    return edit


def drop_translation(language: str, kind: str, item_id: str) -> Edit:
    """Remove one record's entry from translations/<language>.yaml."""

    def edit(facts_dir: Path) -> None:
        path = facts_dir / TRANSLATIONS_DIR / f"{language}.yaml"
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        del tree[kind][item_id]
        path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")

    return edit


def delete(file: str) -> Edit:
    return lambda facts_dir: (facts_dir / file).unlink()


def overlay(fixture: str) -> Edit:
    """Copy the files of tests/fixtures/<fixture> over the valid copy."""
    return lambda facts_dir: shutil.copytree(FIXTURES_DIR / fixture, facts_dir, dirs_exist_ok=True)


@dataclass(frozen=True)
class BadCase:
    name: str
    edit: Edit
    file: str
    record: str
    field: str
    message: str  # a substring of the expected message


EN_QUOTE, FA_QUOTE = "en-kfor-service", "fa-kurecik-radar"
NATOS = "NATO\u2019s"  # with the typographic apostrophe the English fixture source uses
SITE_DUPLICATE = """\
- id: kurecik
  name: Kürecik Radar Station (again)
  kind: radar
  host: TUR
  lat: 38.3494
  lon: 37.7936
  start_year: 2012
  role: Duplicate of the first record.
  citations:
    - title: Kürecik Radar Station
      publisher: Wikipedia
"""
FA_TRANSLATION = (
    "  translations:\n    en: The Kürecik radar in Malatya province has been part of NATO's "
    "missile defence system since 2012.\n"
)

BAD_CASES = [
    # -- sources and quotes
    BadCase("unknown source",
            replace("quotes.yaml", "source: en-sample-report", "source: en-no-such-report"),
            "quotes.yaml", EN_QUOTE, "source", "unknown source en-no-such-report"),
    BadCase("quote not verbatim",
            replace("quotes.yaml", f"{NATOS} force in Kosovo", f"{NATOS} mission in Kosovo"),
            "quotes.yaml", EN_QUOTE, "text",
            "not verbatim in source en-sample-report: the first 44 of 74 characters match, "
            "then 'mission in Kosovo, s'"),
    BadCase("quote apostrophe not normalised",
            replace("quotes.yaml", f"{NATOS} force", "NATO's force"),
            "quotes.yaml", EN_QUOTE, "text", "not verbatim"),
    BadCase("quote digits not normalised",
            replace("quotes.yaml", "از سال ۲۰۱۲ بخشی", "از سال 2012 بخشی"),
            "quotes.yaml", FA_QUOTE, "text", "not verbatim"),
    BadCase("missing translation", replace("quotes.yaml", FA_TRANSLATION, ""),
            "quotes.yaml", FA_QUOTE, "translations.en", "missing English translation"),
    BadCase("duplicate quote id",
            replace("quotes.yaml", f"id: {FA_QUOTE}", f"id: {EN_QUOTE}"),
            "quotes.yaml", EN_QUOTE, "id",
            "duplicate id en-kfor-service (first used by record #1)"),
    BadCase("unknown item in quote",
            replace("quotes.yaml", "about: [site:kurecik,", "about: [site:kurecikk,"),
            "quotes.yaml", FA_QUOTE, "about.0", "unknown item site:kurecikk"),
    BadCase("typo'd optional key",
            replace("quotes.yaml", "  about: [mission:kfor,",
                    "  notes: x\n  about: [mission:kfor,"),
            "quotes.yaml", EN_QUOTE, "notes", "unknown field 'notes' (did you mean 'note'?)"),
    BadCase("repeated key",
            replace("quotes.yaml", "  about: [mission:kfor,",
                    "  source: en-sample-report\n  about: [mission:kfor,"),
            "quotes.yaml", EN_QUOTE, "source", "key 'source' appears twice (line 5)"),
    BadCase("quote source not a string",
            replace("quotes.yaml", "source: en-sample-report", "source: [en-sample-report]"),
            "quotes.yaml", EN_QUOTE, "source", "Input should be a valid string"),
    BadCase("source language not allowed",
            replace("sources/sources.yaml", "language: fa", "language: farsi"),
            "sources/sources.yaml", "fa-sample-feature", "language",
            "Input should be 'en', 'ar', 'fa' or 'tr' (got 'farsi')"),
    BadCase("missing source text", delete("sources/fa-sample-feature.txt"),
            "sources/sources.yaml", "fa-sample-feature", "file",
            "source text sources/fa-sample-feature.txt not found"),
    BadCase("source text not UTF-8",
            write("sources/en-sample-report.txt", "Türkiye joined in 1952.".encode("latin-1")),
            "sources/sources.yaml", "en-sample-report", "file",
            "sources/en-sample-report.txt is not valid UTF-8 (bad byte at offset 1)"),
    BadCase("missing sources.yaml", delete("sources/sources.yaml"),
            "sources/sources.yaml", "-", "-", "file not found"),
    # -- dates
    BadCase("impossible date in event",
            replace("events.yaml", "date: 1999-06-12", "date: 2023-02-30"),
            "events.yaml", "kfor-enters-kosovo", "date",
            "'2023-02-30' is not a real date (day is out of range for month)"),
    BadCase("zero month in event date",
            replace("events.yaml", "date: 1999-06-12", "date: 1999-00"),
            "events.yaml", "kfor-enters-kosovo", "date", "'1999-00' is not a real date"),
    BadCase("zero day in source date",
            replace("sources/sources.yaml", "published: 2025-02-18", "published: 2025-02-00"),
            "sources/sources.yaml", "fa-sample-feature", "published",
            "'2025-02-00' is not a real date"),
    BadCase("impossible accession date",
            replace("members.yaml", "accession_date: 1955-05-06", "accession_date: 2023-02-30"),
            "members.yaml", "DEU", "accession_date", "'2023-02-30' is not a real date"),
    BadCase("mission ends before it starts",
            replace("missions.yaml", "start: 1999-06-12", "start: 1999-06-12\n  end: 1998"),
            "missions.yaml", "kfor", "end", "end 1998 is before start 1999-06-12"),
    BadCase("period ends before it starts",
            replace("members.yaml", "end: 2009-04-04", "end: 1960"),
            "members.yaml", "FRA", "outside_integrated_command.0.end",
            "end 1960 is before start 1966-07-01"),
    BadCase("site closes before it opens",
            replace("sites.yaml", "start_year: 2012", "start_year: 2012\n  end_year: 2011"),
            "sites.yaml", "kurecik", "end_year", "end_year 2011 is before start_year 2012"),
    BadCase("accession before 1949",
            replace("members.yaml", "accession_date: 1955-05-06", "accession_date: 1949-04-03"),
            "members.yaml", "DEU", "accession_date",
            "1949-04-03 is before the North Atlantic Treaty (1949-04-04)"),
    BadCase("mission before 1949",
            replace("missions.yaml", "start: 1999-06-12", "start: 1948"),
            "missions.yaml", "kfor", "start", "start 1948 is before NATO (1949)"),
    # -- ISO codes and geodata
    BadCase("unknown ISO code for member", replace("members.yaml", "id: FRA", "id: FRX"),
            "members.yaml", "FRX", "id", ISO_MESSAGE.format("FRX")),
    BadCase("unknown ISO code for site host", replace("sites.yaml", "host: TUR", "host: TRK"),
            "sites.yaml", "kurecik", "host", ISO_MESSAGE.format("TRK")),
    BadCase("unknown ISO code in mission area",
            replace("missions.yaml", "areas: [XKX]", "areas: [XKX, KOS]"),
            "missions.yaml", "kfor", "areas.1", ISO_MESSAGE.format("KOS")),
    BadCase("unknown ISO code for territory change",
            replace("territory_changes.yaml", "member: DEU", "member: DDR"),
            "territory_changes.yaml", "deu-gdr-1990", "member", ISO_MESSAGE.format("DDR")),
    BadCase("territory change of a non-member",
            replace("territory_changes.yaml", "member: DEU", "member: POL"),
            "territory_changes.yaml", "deu-gdr-1990", "member", "POL is not in members.yaml"),
    BadCase("unknown territory",
            replace("territory_changes.yaml", "territory: GDR", "territory: DDR"),
            "territory_changes.yaml", "deu-gdr-1990", "territory",
            "unknown territory DDR (not in geodata/germany_1955_1990.geojson)"),
    BadCase("ISO code in lower case", replace("members.yaml", "id: FRA", "id: fra"),
            "members.yaml", "fra", "id", "String should match pattern"),
    # -- ids and references
    BadCase("duplicate site id", append("sites.yaml", SITE_DUPLICATE),
            "sites.yaml", "kurecik", "id", "duplicate id kurecik (first used by record #1)"),
    BadCase("unknown item in event",
            replace("events.yaml", "items: [mission:kfor]", "items: [mission:sfor]"),
            "events.yaml", "kfor-enters-kosovo", "items.0", "unknown item mission:sfor"),
    BadCase("malformed item reference",
            replace("events.yaml", "items: [mission:kfor]", "items: [kfor]"),
            "events.yaml", "kfor-enters-kosovo", "items.0", "'kfor' is not an item reference"),
    BadCase("scene with unknown item",
            replace("scenes.yaml", "item: site:kurecik", "item: site:nowhere"),
            "scenes.yaml", "kurecik-2012", "item", "unknown item site:nowhere"),
    BadCase("scene without English caption",
            replace("scenes.yaml", '    en: "2012: the Kürecik radar starts operating."\n', ""),
            "scenes.yaml", "kurecik-2012", "caption", "needs an English caption"),
    BadCase("unknown event source",
            replace("events.yaml", "sources: [en-sample-report]",
                    "sources: [en-sample-report, ar-nowhere]"),
            "events.yaml", "kfor-enters-kosovo", "sources.1", "unknown source ar-nowhere"),
    # -- record shape
    BadCase("coordinates out of range", replace("sites.yaml", "lat: 38.3494", "lat: 138.3494"),
            "sites.yaml", "kurecik", "lat",
            "Input should be less than or equal to 90 (got 138.3494)"),
    BadCase("mission longitude out of range", replace("missions.yaml", "lon: 20.9", "lon: 200.9"),
            "missions.yaml", "kfor", "lon", "less than or equal to 180"),
    BadCase("coordinate not a number", replace("sites.yaml", "lat: 38.3494", "lat: north"),
            "sites.yaml", "kurecik", "lat", "Input should be a valid number"),
    BadCase("typo'd required key",
            replace("members.yaml", "accession_date: 1955-05-06", "acession_date: 1955-05-06"),
            "members.yaml", "DEU", "acession_date",
            "unknown field 'acession_date' (did you mean 'accession_date'?)"),
    BadCase("typo'd key in a citation",
            replace("sites.yaml", "publisher: Wikipedia", "publsher: Wikipedia"),
            "sites.yaml", "kurecik", "citations.0.publsher",
            "unknown field 'publsher' (did you mean 'publisher'?)"),
    BadCase("missing required field",
            replace("sites.yaml",
                    "  role: Early-warning radar for NATO ballistic missile defence.\n", ""),
            "sites.yaml", "kurecik", "role", "missing required field"),
    BadCase("record not a mapping", append("events.yaml", "- just a sentence\n"),
            "events.yaml", "#2", "-", "record must be a mapping of fields, not a str"),
    # -- whole files
    BadCase("YAML syntax error", overlay("yaml-syntax"),
            "sites.yaml", "-", "-",
            "YAML syntax error at line 10, column 28: mapping values are not allowed"),
    BadCase("missing file", delete("missions.yaml"), "missions.yaml", "-", "-", "file not found"),
    BadCase("top level not a list", write("sites.yaml", "kurecik:\n  name: Kürecik\n"),
            "sites.yaml", "-", "-", "top level must be a list of records, not a mapping"),
    BadCase("empty file", write("events.yaml", ""),
            "events.yaml", "-", "-", "file is empty (write [] for no records)"),
    BadCase("YAML file not UTF-8", write("members.yaml", "- id: TUR\n  name: Türkiye\n".encode(
        "latin-1")), "members.yaml", "-", "-", "not valid UTF-8"),
    BadCase("unsafe YAML tag", write("events.yaml", "- !!python/object:os.system {}\n"),
            "events.yaml", "-", "-",
            "YAML error at line 1, column 3: could not determine a constructor for the tag"),
]


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.name for c in BAD_CASES])
def test_bad_case_yields_exactly_its_problem(
    case: BadCase, valid_facts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case.edit(valid_facts)

    facts, problems = check_facts(valid_facts)

    assert facts is None
    assert [(p.file, p.record, p.field) for p in problems] == [
        (case.file, case.record, case.field)
    ], "\n".join(map(str, problems))
    assert case.message in problems[0].message
    assert "\n" not in str(problems[0])
    assert "pydantic.dev" not in problems[0].message

    assert main(["check", str(valid_facts)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        str(problems[0]),
        f"1 problem in {valid_facts}",
    ]


def test_valid_fixture_loads() -> None:
    facts = load_facts(VALID_DIR)

    assert list(facts.members) == ["FRA", "TUR", "DEU"]
    assert list(facts.sources) == ["en-sample-report", "fa-sample-feature"]
    assert facts.sources["fa-sample-feature"].direction == "rtl"
    assert [c.territory for c in facts.territory_changes] == ["GDR"]
    assert facts.sites["kurecik"].host == "TUR"
    assert facts.missions["kfor"].areas == ["XKX"]
    assert facts.events["kfor-enters-kosovo"].items == ["mission:kfor"]
    assert facts.quotes["fa-kurecik-radar"].translations["en"].startswith("The Kürecik radar")


def test_persian_digits_in_fixture_are_read_as_a_date() -> None:
    facts = load_facts(VALID_DIR)

    assert facts.members["TUR"].accession_date == dt.date(1952, 2, 18)


def test_source_texts_are_kept_exactly_as_stored() -> None:
    facts = load_facts(VALID_DIR)

    stored = (VALID_DIR / "sources" / "fa-sample-feature.txt").read_text(encoding="utf-8")
    assert facts.source_texts["fa-sample-feature"] == stored
    assert "١٩۴٩" in stored  # the mixed Arabic-Indic / Persian digits the real source has


def test_quote_spanning_line_break_and_spaces_is_verbatim() -> None:
    facts = load_facts(VALID_DIR)

    quote = facts.quotes["en-kfor-service"].text
    source = facts.source_texts["en-sample-report"]
    assert quote not in source  # only the whitespace-collapsing comparison makes it match
    assert " ".join(quote.split()) in " ".join(source.split())


def test_quotes_about_keeps_file_order() -> None:
    facts = load_facts(VALID_DIR)

    assert [q.id for q in facts.quotes_about("member:TUR")] == [
        "en-kfor-service",
        "fa-kurecik-radar",
    ]
    assert [q.id for q in facts.quotes_about("site:kurecik")] == ["fa-kurecik-radar"]
    assert facts.quotes_about("site:incirlik") == []


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("member:TUR", "Türkiye"),
        ("site:kurecik", "Kürecik Radar Station"),
        ("mission:kfor", "KFOR"),
        ("event:kfor-enters-kosovo", "KFOR enters Kosovo"),
    ],
)
def test_item_name(ref: str, name: str) -> None:
    assert load_facts(VALID_DIR).item_name(ref) == name


def test_item_name_of_unknown_item_raises_key_error() -> None:
    with pytest.raises(KeyError):
        load_facts(VALID_DIR).item_name("site:incirlik")


def test_hostile_fixture_is_valid_and_keeps_markup_verbatim() -> None:
    facts = load_facts(HOSTILE_DIR)

    quote = facts.quotes["en-hostile-markup"]
    for payload in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>"):
        assert payload in quote.text
        assert payload in facts.source_texts[quote.source]
    assert "<script>" in facts.sources[quote.source].title


def test_load_facts_raises_facts_error_listing_every_problem(valid_facts: Path) -> None:
    replace("quotes.yaml", "source: en-sample-report", "source: en-nowhere")(valid_facts)
    replace("sites.yaml", "lat: 38.3494", "lat: 95")(valid_facts)
    delete("missions.yaml")(valid_facts)

    with pytest.raises(FactsError) as caught:
        load_facts(valid_facts)

    problems = caught.value.problems
    # Ordered as FACT_FILES lists the files, not as the checks happened to find them.
    assert [(p.file, p.field) for p in problems] == [
        ("sites.yaml", "lat"),
        ("missions.yaml", "-"),
        ("quotes.yaml", "source"),
    ]
    assert str(caught.value) == "\n".join(str(p) for p in problems)


def test_every_problem_in_a_record_is_reported(valid_facts: Path) -> None:
    replace("sites.yaml", "lat: 38.3494", "lat: 95")(valid_facts)
    replace("sites.yaml", "lon: 37.7936", "lon: 190")(valid_facts)
    replace("sites.yaml", "host: TUR", "host: TRK")(valid_facts)

    _, problems = check_facts(valid_facts)

    # The model's findings come first, then the cross-record checks, all for the one record.
    assert [(p.record, p.field) for p in problems] == [
        ("kurecik", "lat"),
        ("kurecik", "lon"),
        ("kurecik", "host"),
    ]


def test_record_without_usable_id_is_named_by_position(valid_facts: Path) -> None:
    append("sites.yaml", "- name: Nameless\n  id: [not, text]\n")(valid_facts)

    _, problems = check_facts(valid_facts)

    assert problems, "a record with a list for id must be rejected"
    assert {p.record for p in problems} == {"#2"}
    assert "id" in {p.field for p in problems}


def test_quote_from_arabic_source_needs_translation(valid_facts: Path) -> None:
    replace("sources/sources.yaml", "language: fa", "language: ar")(valid_facts)
    replace("quotes.yaml", FA_TRANSLATION, "")(valid_facts)

    _, problems = check_facts(valid_facts)

    assert [(p.record, p.field, p.message) for p in problems] == [
        (FA_QUOTE, "translations.en", "missing English translation")
    ]


def test_whole_file_failure_does_not_blame_references_into_it(valid_facts: Path) -> None:
    delete("members.yaml")(valid_facts)
    delete("sources/sources.yaml")(valid_facts)

    _, problems = check_facts(valid_facts)

    # quotes and events name members and sources, territory_changes a member: none of those
    # references can be judged, so only the two missing files are reported.
    assert [(p.file, p.message) for p in problems] == [
        ("sources/sources.yaml", "file not found"),
        ("members.yaml", "file not found"),
    ]


def test_missing_facts_dir_is_one_problem(tmp_path: Path) -> None:
    facts, problems = check_facts(tmp_path / "nowhere")

    assert facts is None
    assert problems == [
        Problem(str(tmp_path / "nowhere"), "-", "-", "facts directory does not exist")
    ]


def test_facts_dir_that_is_a_file(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("[]\n", encoding="utf-8")

    _, problems = check_facts(path)

    assert [p.message for p in problems] == ["facts directory is not a directory"]


def test_every_fact_file_missing_is_reported(tmp_path: Path) -> None:
    _, problems = check_facts(tmp_path)

    assert [(p.file, p.message) for p in problems] == [
        (name, "file not found") for name in FACT_FILES.values()
    ] + [(f"{TRANSLATIONS_DIR}/{language}.yaml", "file not found") for language in FACT_LANGUAGES]


def test_missing_geodata_is_reported_and_iso_checks_skipped(
    valid_facts: Path, tmp_path: Path
) -> None:
    replace("sites.yaml", "host: TUR", "host: TRK")(valid_facts)

    _, problems = check_facts(valid_facts, tmp_path / "no-geodata")

    assert [(p.file, p.message) for p in problems] == [
        (str(tmp_path / "no-geodata" / "countries.geojson"), "file not found"),
        (str(tmp_path / "no-geodata" / "germany_1955_1990.geojson"), "file not found"),
    ]


def test_problem_str_is_one_colon_separated_line() -> None:
    problem = Problem("quotes.yaml", "q1", "translations.en", "missing English translation")

    assert str(problem) == "quotes.yaml: q1: translations.en: missing English translation"


def test_empty_lists_are_valid(valid_facts: Path) -> None:
    write("events.yaml", "[]\n")(valid_facts)
    replace("quotes.yaml", ", event:kfor-enters-kosovo", "")(valid_facts)
    for language in FACT_LANGUAGES:  # no event left to translate
        drop_translation(language, "event", "kfor-enters-kosovo")(valid_facts)

    facts, problems = check_facts(valid_facts)

    assert problems == []
    assert isinstance(facts, Facts)
    assert facts.events == {}


def test_real_facts_directory_passes() -> None:
    _, problems = check_facts(DEFAULT_FACTS_DIR)

    assert problems == [], "\n".join(map(str, problems))


WRONG_TYPES = [["x"], {"x": 1}, None, 3, True, ""]


@pytest.mark.parametrize("value", WRONG_TYPES, ids=repr)
@pytest.mark.parametrize("file", list(FACT_FILES.values()))
def test_wrong_types_in_every_field_are_problems_not_crashes(
    file: str, value: object, valid_facts: Path
) -> None:
    path = valid_facts / file
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(
        yaml.safe_dump([dict.fromkeys(record, value) for record in records], allow_unicode=True),
        encoding="utf-8",
    )

    facts, problems = check_facts(valid_facts)

    assert facts is None
    assert problems
    assert any(p.file == file for p in problems)
    assert all("\n" not in str(p) for p in problems)


def test_repeated_key_in_flow_records_on_one_line_names_the_right_record(
    valid_facts: Path,
) -> None:
    checked = "checked_against: [{title: T, publisher: P}]"
    write("events.yaml", f"[{{id: a, date: '1999', title: A, voice: record, {checked}, "
                         "sources: [en-sample-report]}, "
                         "{id: b, date: '1999', title: B, title: C, voice: record, "
                         f"{checked}, sources: [en-sample-report]}}]\n"
          )(valid_facts)
    replace("quotes.yaml", ", event:kfor-enters-kosovo", "")(valid_facts)
    for language in FACT_LANGUAGES:
        set_translations(language, "event", {"a": {"title": "A"}, "b": {"title": "C"}}
                         )(valid_facts)
        set_translations(language, "citation", {"P": {"text": "P"}})(valid_facts)

    _, problems = check_facts(valid_facts)

    assert [(p.record, p.field) for p in problems] == [("b", "title")]


def test_repeated_key_in_nested_mapping_names_record_not_field(valid_facts: Path) -> None:
    replace("sites.yaml", "      publisher: Wikipedia\n",
            "      publisher: Wikipedia\n      publisher: Wikimedia\n")(valid_facts)

    _, problems = check_facts(valid_facts)

    assert [(p.record, p.field) for p in problems] == [("kurecik", "-")]
    assert "key 'publisher' appears twice (line 12)" in problems[0].message
