"""Where the sources differ: derived from the facts (numbers and dates read out of the quotes,
compared with the facts at each document's date), and rendered escaped with the reasons."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from atlas import disagreement_cards
from atlas import disagreements as dis
from atlas.facts import Facts, load_facts
from atlas.i18n import translator
from atlas.models import PartialDate

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "fixtures"
EN = translator("en")


def _of_kind(facts: Facts, kind: str) -> list[dis.Disagreement]:
    return [d for d in dis.find_disagreements(facts) if d.kind == kind]


def test_every_kind_is_found_in_the_five_sources(facts: Facts) -> None:
    assert list(dict.fromkeys((d.kind for d in dis.find_disagreements(facts)))) == [
        "member_count", "digits", "run_together", "accession_dates", "command_status",
        "site_after_use", "base_count", "site_claims"]


def test_member_counts_are_each_right_at_their_document_date(facts: Facts) -> None:
    (count,) = _of_kind(facts, "member_count")
    by_source = {s.source_id: s for s in count.statements}
    bayan = by_source["ar-iraq-nato-strategic-partnership"]
    persian = by_source["fa-turkey-73-years-in-nato"]
    assert (bayan.says, bayan.reading, bayan.facts, bayan.agrees) == ("29 دولة", 29, 29, True)
    assert (persian.says, persian.reading, persian.facts, persian.agrees) == (
        "٣٢ کشور", 32, 32, True)
    # The older document first; the members who joined between the two explain the gap.
    assert count.statements[0].source_id == "ar-iraq-nato-strategic-partnership"
    # The Persian feature's day is only approximate, and stays so.
    assert count.values["first"] == "2018-08" and count.values["last"] == "~2025-02-18"
    assert count.values["joined"] == ["North Macedonia (2020)", "Finland (2023)",
                                      "Sweden (2024)"]
    # The same words twice in one source are one row.
    assert len(count.statements) == 2


def test_members_on_a_partial_date_counts_to_its_last_day(facts: Facts) -> None:
    assert len(dis.members_on(facts, PartialDate("2018-08"))) == 29
    assert len(dis.members_on(facts, PartialDate("2024-03"))) == 32
    assert len(dis.members_on(facts, PartialDate("2024-02"))) == 31


def test_mixed_digits_are_listed_with_their_readings(facts: Facts) -> None:
    (digits,) = _of_kind(facts, "digits")
    rows = {s.says: s for s in digits.statements}
    assert {s.source_id for s in digits.statements} == {"fa-turkey-73-years-in-nato"}
    assert rows["١٩۴٩"].reading == "1949"
    assert rows["١٩۴٩"].note == "disagree.script.mixed"
    assert rows["۲۰۲۳"].note == "disagree.script.persian"
    assert rows["٣٢"].note == "disagree.script.arabic_indic"


@pytest.mark.parametrize(("run", "script"), [
    ("1949", "ascii"), ("١٩٤٩", "arabic_indic"), ("۱۹۴۹", "persian"), ("١٩۴٩", "mixed"),
    ("19٤9", "mixed"),
])
def test_digit_script(run: str, script: str) -> None:
    assert dis.digit_script(run) == script


def test_two_years_run_together_are_read_as_a_period(facts: Facts) -> None:
    (run,) = _of_kind(facts, "run_together")
    (statement,) = run.statements
    assert statement.says == "٢٠٢٣٢٠٢۴"
    assert statement.reading == (2023, 2024)
    assert statement.facts == (2023, 2024) and statement.agrees is True
    assert statement.subject == "event:turkiye-kfor-command-2023"
    assert statement.quote_id == "fa-kfor-command-2023-2024"


@pytest.mark.parametrize(("digits", "years"), [
    ("20232024", (2023, 2024)), ("19992000", (1999, 2000)), ("20242023", None),
    ("15000000", None), ("2023", None), ("123456789", None),
])
def test_split_years(digits: str, years: tuple[int, int] | None) -> None:
    assert dis._split_years(digits) == years


def test_accession_dates_as_precise_as_each_source(facts: Facts) -> None:
    (accession,) = _of_kind(facts, "accession_dates")
    rows = {s.subject: s for s in accession.statements}
    germany = rows["member:DEU"]
    assert germany.source_id == "ar-history-of-nato"
    assert germany.reading == "1955-05" and germany.facts == dt.date(1955, 5, 6)
    assert germany.also == (dt.date(1955, 5, 9),)
    assert germany.agrees is True
    assert germany.says.endswith("مايو 1955")
    assert rows["member:GRC"].reading == "1952"
    assert rows["member:SWE"].source_id == "fa-turkey-73-years-in-nato"
    assert rows["member:SWE"].says.endswith("۲۰۲۴")
    # Türkiye's day is given exactly (18 February 1952): nothing to explain.
    assert "member:TUR" not in rows
    # Rows follow the order of accession.
    accessions = [s.facts for s in accession.statements]
    assert accessions == sorted(accessions)  # type: ignore[type-var]


def test_france_left_the_command_not_the_alliance(facts: Facts) -> None:
    by_member = {d.subject: d for d in _of_kind(facts, "command_status")}
    france = by_member["member:FRA"]
    # Spain was outside from its accession until 1999: it left nothing, so no such card.
    assert "member:ESP" not in by_member
    assert france.subject == "member:FRA"
    assert {s.reading for s in france.statements} == {1966, 2009}
    assert all(s.facts == (1966, 2009) for s in france.statements)
    assert {s.quote_id for s in france.statements} == {"arh-france-leaves-1966",
                                                       "arh-france-returns-2009"}


def test_site_spoken_of_after_its_last_year_in_use(facts: Facts) -> None:
    (cigli,) = _of_kind(facts, "site_after_use")
    assert cigli.subject == "site:cigli"
    (statement,) = cigli.statements
    assert statement.quote_id == "tkp-cigli-missiles"
    assert statement.facts == (1961, 1970) and statement.agrees is False


def test_claimed_base_count_beside_the_sites_the_atlas_can_cite(facts: Facts) -> None:
    (bases,) = _of_kind(facts, "base_count")
    (statement,) = bases.statements
    assert statement.reading == 30 and statement.quote_id == "tkp-around-30-bases"
    # The article writes the number in its own voice: the publication's claim, not the TKP's.
    assert bases.values["who"] == "Peoples Dispatch"
    sites = bases.values["sites"]
    assert isinstance(sites, list) and "Kürecik radar station" in sites
    assert bases.values["atlas_count"] == len(sites) == statement.facts


def test_site_claims_are_all_claims_beside_the_site_role(facts: Facts) -> None:
    (claims,) = _of_kind(facts, "site_claims")
    assert claims.statements
    for statement in claims.statements:
        assert statement.quote_id is not None
        quote = facts.quotes[statement.quote_id]
        # A party's claim, or the publication's own words: the claimant is whoever says it.
        assert statement.reading == (quote.claimed_by or facts.sources[quote.source].publisher)
        assert statement.subject in quote.about
        assert statement.facts == facts.sites[statement.subject.split(":")[1]].role
    readings = {s.quote_id: s.reading for s in claims.statements}
    assert readings["tkp-cigli-missiles"] == "Communist Party of Turkey (TKP)"
    assert readings["tkp-konya-israeli-pilots"] == "Peoples Dispatch"


def test_a_new_count_in_a_quote_is_picked_up(facts: Facts, tmp_path: Path) -> None:
    """Derived, not hard-coded: an English passage of 2024 saying "31 members" shows up as a
    count that differs from the facts at its date (32 after Sweden's March accession)."""
    target = tmp_path / "facts"
    shutil.copytree(Path(__file__).resolve().parents[2] / "facts", target)
    source = target / "sources" / "en-turkey-blocks-nato-israel-cooperation.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n\nThe alliance has 31 members.\n",
                      encoding="utf-8")
    with (target / "quotes.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n- id: test-31-members\n  source: en-turkey-blocks-nato-israel-cooperation\n"
                     "  text: The alliance has 31 members.\n  about: [member:TUR]\n")
    changed = load_facts(target)
    (count,) = _of_kind(changed, "member_count")
    row = next(s for s in count.statements if s.quote_id == "test-31-members")
    assert (row.reading, row.facts, row.agrees) == (31, 32, False)


def test_fixtures_without_disagreements_render_a_note() -> None:
    valid = load_facts(FIXTURES_DIR / "valid")
    assert dis.find_disagreements(valid) == []
    html = disagreement_cards.disagreements_html(valid, EN)
    assert "data-kind" not in html
    assert "The sources do not differ on anything the atlas can check." in html


# -- rendering -------------------------------------------------------------------------------


def test_html_has_a_card_per_disagreement_with_its_reason(facts: Facts) -> None:
    html = disagreement_cards.disagreements_html(facts, EN)
    for kind in dict.fromkeys((d.kind for d in dis.find_disagreements(facts))):
        assert f"data-kind='{kind}'" in html
    assert "Between August 2018 and about 18 February 2025 these joined: North Macedonia (2020), " \
           "Finland (2023) and Sweden (2024)." in html
    assert "32 members" in html and "matches the facts" in html
    assert "also given: 9 May 1955" in html
    assert "href='sources?source=fa-turkey-73-years-in-nato&amp;quote=" in html
    assert "href='./?year=1961&amp;item=site:cigli'" in html
    assert "<script" not in html


def test_html_in_another_language_uses_its_digits(facts: Facts) -> None:
    html = disagreement_cards.disagreements_html(facts, translator("fa"))
    assert "dir='rtl'" in html
    assert "۲۹" in html  # 29 in Persian digits


def test_hostile_facts_render_escaped() -> None:
    hostile = load_facts(FIXTURES_DIR / "hostile")
    html = disagreement_cards.disagreements_html(hostile, EN)
    assert "<script" not in html.lower() and "<img" not in html.lower()
