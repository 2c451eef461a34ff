"""The atlas's own words in references, translation staleness and the reader's digits, one
test (or more) per rule, each on a copy of tests/fixtures/valid with one edit that breaks it:

- a reference's gloss, publisher and note are the atlas's words: translated, or check fails;
  its title is the publisher's and stays as published;
- a translation records the English it was made from: changed English makes it stale;
- Arabic and Persian fact text is written in the reader's digits, quotes in the source's.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

import pytest
import yaml

from atlas import cards, charts, mapview
from atlas.__main__ import main
from atlas.fact_strings import source_hash
from atlas.facts import FACT_LANGUAGES, Facts, check_facts, load_facts, stale_translations
from atlas.geodata import Geodata, load_geodata
from atlas.i18n import translator
from atlas.writing import localize_text_digits

NOTE = "Operational since 2012; AN/TPY-2 radar."


@pytest.fixture(scope="module")
def geodata() -> Geodata:
    return load_geodata()


def edit(facts_dir: Path, file: str, old: str, new: str) -> None:
    path = facts_dir / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def where(facts_dir: Path) -> list[tuple[str, str, str]]:
    facts, problems = check_facts(facts_dir)
    assert facts is None, "the edit should break a rule"
    return [(p.file, p.record, p.field) for p in problems]


# -- references: the atlas's words translated, the work's title as published ---------------


def test_a_reference_note_needs_translating(valid_facts: Path) -> None:
    edit(valid_facts, "sites.yaml", f"note: {NOTE}", "note: Opened in 2012.")
    # The old note's translations are left over, the new one's are missing: in each language.
    assert where(valid_facts) == [
        (f"translations/{language}.yaml", f"citation:{english}", "text")
        for language in FACT_LANGUAGES for english in ("Opened in 2012.", NOTE)]


def test_a_reference_gloss_needs_translating_and_names_where_it_is(valid_facts: Path) -> None:
    edit(valid_facts, "sites.yaml", "    - title: Kürecik Radar Station\n",
         "    - title: Kürecik Radar Station\n      gloss: article of 2023\n")
    facts, problems = check_facts(valid_facts)
    assert facts is None
    assert [(p.record, p.field) for p in problems] == [
        ("citation:article of 2023", "text")] * len(FACT_LANGUAGES)
    assert "(sites.yaml: kurecik: citations.0.gloss)" in problems[0].message


def test_a_reference_title_is_not_translated(valid_facts: Path) -> None:
    # A new title alone asks for no translation: it is the publisher's words.
    edit(valid_facts, "sites.yaml", "    - title: Kürecik Radar Station\n",
         "    - title: Kürecik Radar İstasyonu\n")
    facts, problems = check_facts(valid_facts)
    assert problems == [] and facts is not None


def test_a_reference_needs_a_title_or_a_gloss(valid_facts: Path) -> None:
    edit(valid_facts, "sites.yaml", "    - title: Kürecik Radar Station\n", "    - url: null\n")
    assert where(valid_facts) == [("sites.yaml", "kurecik", "citations.0.title")]


def test_panel_shows_references_in_the_readers_language(valid_facts: Path) -> None:
    facts = load_facts(valid_facts)
    for language, note in (("en", NOTE), ("tr", "2012'den beri faal; AN/TPY-2 radarı."),
                           ("ar", "يعمل منذ ٢٠١٢؛ رادار \u2066AN/TPY-2\u2069.")):
        tr = translator(language)
        html = cards.item_panel_html(facts, "site:kurecik", tr)
        refs = html[html.index("<ul class='atlas-refs'>"):]
        assert "<bdi>Kürecik Radar Station</bdi>" in refs  # the work's title, as published
        assert escape(note) in refs
        # and marked as the project's translation outside English
        assert ("atlas-facts-mark" in refs) == (language != "en")


# -- staleness: a translation records the English it was made from --------------------------


def test_changed_english_makes_its_translations_stale(valid_facts: Path, capsys) -> None:
    edit(valid_facts, "sites.yaml", "role: Early-warning radar for NATO ballistic missile "
         "defence.", "role: Early-warning radar for NATO's ballistic missile defence.")
    facts, problems = check_facts(valid_facts)
    assert facts is None
    assert [(p.file, p.record, p.field) for p in problems] == [
        (f"translations/{language}.yaml", "site:kurecik", "role") for language in FACT_LANGUAGES]
    new = source_hash("Early-warning radar for NATO's ballistic missile defence.")
    assert all("stale" in p.message and f"from_en: {new}" in p.message for p in problems)
    # The listing names each with the English as it now reads, and fails while any is left.
    assert [(s.language, s.kind, s.item_id, s.field) for s in stale_translations(valid_facts)
            ] == [(language, "site", "kurecik", "role") for language in FACT_LANGUAGES]
    assert main(["stale", str(valid_facts), "--lang", "fa"]) == 1
    out = capsys.readouterr().out
    assert "translations/fa.yaml: site:kurecik: role:" in out and "NATO's ballistic" in out
    assert "translations/tr.yaml" not in out


def test_whitespace_alone_does_not_make_a_translation_stale() -> None:
    assert source_hash("Early-warning  radar\n for NATO.") == source_hash("Early-warning radar "
                                                                         "for NATO.")


def test_a_translation_without_its_source_hash_is_refused(valid_facts: Path) -> None:
    path = valid_facts / "translations" / "ar.yaml"
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    tree["site"]["kurecik"]["role"] = tree["site"]["kurecik"]["role"]["text"]  # the old format
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    assert where(valid_facts) == [("translations/ar.yaml", "site:kurecik", "role")]


def test_todays_translations_are_not_stale(facts: Facts) -> None:
    assert stale_translations() == []


# -- digits: the reader's in the atlas's words, the source's in quotes ----------------------


def test_arabic_and_persian_fact_text_in_the_readers_digits(facts: Facts) -> None:
    for language, digits in (("ar", "١٩٥٢"), ("fa", "۱۹۵۲")):
        local = facts.in_language(language)
        title = local.events["turkiye-joins-nato-1952"].title
        assert digits in title and "1952" not in title
        # the map's data and the panel are built from these
        html = cards.item_panel_html(facts, "event:turkiye-joins-nato-1952", translator(language))
        assert digits in html
        # a quote keeps the digits its source wrote
        for quote_id, quote in local.quotes.items():
            assert quote.text == facts.quotes[quote_id].text


def test_a_designation_keeps_its_digits() -> None:
    written = localize_text_digits("رادار AN/TPY-2 منذ 2012 (2%)", "ar")
    assert written == "رادار \u2066AN/TPY-2\u2069 منذ ٢٠١٢ (٢٪)"
    # a coordinate is isolated whole, the sentence's own punctuation left outside
    assert localize_text_digits('(38°20\'58"N)؛', "fa") == '(\u206638°20\'58"N\u2069)؛'
    assert localize_text_digits("since 2012", "tr") == "since 2012"


def test_a_decimal_point_is_the_arabic_one_and_a_sentences_full_stop_stays() -> None:
    assert localize_text_digits("197.7 کیلومتر.", "fa") == "۱۹۷\u066b۷ کیلومتر."
    assert localize_text_digits("منذ 1947.", "ar") == "منذ ١٩٤٧."


def test_the_maps_data_in_the_readers_digits(facts: Facts, geodata: Geodata) -> None:
    # Every year, date and count the map's data file writes in Arabic or Persian (names,
    # popups, panels, tooltips) is in the reader's digits; quotes and designations aside.
    ascii_number = re.compile(r"[\u0600-\u06ff][^\"<>\u2066]{0,25}?(?<![A-Za-z0-9_./:-])"
                              r"[0-9]{2,}(?![A-Za-z0-9_])")
    for language in ("ar", "fa"):
        text = json.dumps(mapview.map_data(facts.in_language(language), geodata,
                                           translator(language)), ensure_ascii=False)
        text = re.sub(r"<blockquote.*?</blockquote>", "", text)
        assert ascii_number.findall(text) == [], language


def test_timeline_shows_what_a_record_title_was_checked_against(facts: Facts) -> None:
    for language, checked, gloss in (("en", "Checked against:", "NATO's page on its "
                                      "Secretaries General"),
                                     ("ar", "رُوجع على:", "صفحة الناتو عن أمنائه العامين")):
        local = facts.in_language(language)
        record, account = (local.events["secretary-general-post-1952"],
                           local.events["exercise-mainbrace-1952"])
        html = charts.event_list_html(local, [record, account], translator(language))
        rows = html.split("<li ")[1:]
        assert checked in rows[0] and escape(gloss) in rows[0]
        assert "\u2068Lord Ismay (who_is_who_7294)\u2069" in rows[0]  # the title, as published
        assert "atlas-checked" not in rows[1]  # an account names its source in its title


def test_neighbouring_latin_words_are_one_run() -> None:
    assert localize_text_digits("صفحة NATO Declassified عن", "ar") == (
        "صفحة \u2066NATO Declassified\u2069 عن")
