"""The Data page's tables: every fact a row with its references, and the search over them."""

from __future__ import annotations

import pytest

from atlas import tables
from atlas.facts import Facts
from atlas.i18n import Translator

EN = Translator("en")


ROWS_OF = [tables.member_rows, tables.site_rows, tables.mission_rows, tables.event_rows,
           tables.source_rows, tables.quote_rows]


def names(rows: list[tables.Row]) -> set[str]:
    return {row[EN("data.col_name")] for row in rows}


# --- rows ----------------------------------------------------------------------------------

def test_one_row_per_record(facts: Facts) -> None:
    counts = [len(facts.members), len(facts.sites), len(facts.missions), len(facts.events),
              len(facts.sources), len(facts.quotes)]
    assert [len(rows_of(facts, EN)) for rows_of in ROWS_OF] == counts


def test_rows_are_text(facts: Facts) -> None:
    for rows_of in ROWS_OF:
        rows = rows_of(facts, EN)
        assert len({tuple(row) for row in rows}) == 1, rows_of.__name__  # same columns
        for row in rows:
            assert all(isinstance(v, str) for v in row.values())


def test_every_member_row_carries_its_citations(facts: Facts) -> None:
    rows = {row[EN("data.col_iso")]: row for row in tables.member_rows(facts, EN)}
    assert set(rows) == set(facts.members)
    for iso, member in facts.members.items():
        cell = rows[iso][EN("data.col_citations")]
        assert cell.strip(), iso
        for citation in member.citations:
            assert citation.label in cell
            assert citation.publisher in cell
            if citation.url:
                assert citation.url in cell


def test_every_site_and_mission_row_carries_citations(facts: Facts) -> None:
    for rows_of in (tables.site_rows, tables.mission_rows):
        for row in rows_of(facts, EN):
            assert row[EN("data.col_citations")].strip()


def test_member_rows_in_order_of_accession(facts: Facts) -> None:
    dates = [row[EN("data.col_accession")] for row in tables.member_rows(facts, EN)]
    assert dates == sorted(dates)


# --- search --------------------------------------------------------------------------------

def test_empty_query_keeps_every_row(facts: Facts) -> None:
    rows = tables.member_rows(facts, EN)
    assert tables.search(rows, "") == rows
    assert tables.search(rows, "   ") == rows


def test_search_matches_any_column(facts: Facts) -> None:
    rows = tables.member_rows(facts, EN)
    assert names(tables.search(rows, "Türkiye")) == {"Türkiye"}  # name
    assert names(tables.search(rows, "TUR")) >= {"Türkiye"}  # ISO code
    assert names(tables.search(rows, "1952-02-18")) == {"Greece", "Türkiye"}  # accession
    assert names(tables.search(rows, "West Germany")) >= {"Germany"}  # joined as


def test_search_needs_every_word(facts: Facts) -> None:
    rows = tables.member_rows(facts, EN)
    assert names(tables.search(rows, "1952 Greece")) == {"Greece"}
    assert tables.search(rows, "1952 zzzz") == []


def test_search_is_case_insensitive(facts: Facts) -> None:
    rows = tables.member_rows(facts, EN)
    expected = tables.search(rows, "Türkiye")
    assert expected
    for query in ("türkiye", "TÜRKIYE", "tÜrKiYe"):
        assert tables.search(rows, query) == expected, query


def test_search_case_insensitive_for_turkish_dotted_capital(facts: Facts) -> None:
    """"İncirlik" is written with the Turkish capital İ; a class typing "incirlik" (or
    "TÜRKİYE" in Turkish capitals) must find it, and "İncirlik" must find "Incirlik"."""
    assert tables.matches({"name": "İncirlik Air Base"}, "incirlik")
    assert tables.matches({"name": "Türkiye"}, "TÜRKİYE")
    assert tables.matches({"name": "Incirlik Air Base"}, "İncirlik")
    sites = tables.site_rows(facts, EN)
    assert tables.search(sites, "incirlik") == tables.search(sites, "İncirlik")


@pytest.mark.parametrize("query", ["۱۹۵۲", "١٩٥٢", "1952"])
def test_search_digits_in_any_script(facts: Facts, query: str) -> None:
    rows = tables.member_rows(facts, EN)
    found = tables.search(rows, query)
    assert names(found) == {"Greece", "Türkiye"}
    assert all("1952" in " ".join(row.values()) for row in found)


def test_search_finds_persian_digits_in_rows() -> None:
    row = {"text": "در سال ١٩۵٢ به ناتو پیوست"}
    assert tables.matches(row, "1952")
    assert tables.matches(row, "۱۹۵۲")
    assert not tables.matches(row, "1953")
