"""atlas.models: digits, partial dates, active-year edges and rejection of unknown keys."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from atlas.models import (
    Citation,
    Event,
    Member,
    Mission,
    PartialDate,
    Period,
    Quote,
    Site,
    Source,
    TerritoryChange,
    split_item_ref,
)

CITATION = {"title": "NATO member countries", "publisher": "NATO"}
MINIMAL: dict[type[BaseModel], dict[str, Any]] = {
    Citation: CITATION,
    Source: {
        "id": "s", "file": "s.txt", "language": "en", "title": "T", "publisher": "P",
        "published": None, "url": None, "kind": "report", "perspective": "neutral",
    },
    Period: {"start": "1966", "note": "n", "citations": [CITATION]},
    Member: {"id": "TUR", "name": "Türkiye", "accession_date": "1952-02-18",
             "citations": [CITATION]},
    TerritoryChange: {"id": "t", "member": "DEU", "territory": "GDR", "date": "1990-10-03",
                      "note": "n", "citations": [CITATION]},
    Site: {"id": "kurecik", "name": "Kürecik", "kind": "radar", "host": "TUR", "lat": 38.3,
           "lon": 37.8, "start_year": 2012, "role": "radar", "citations": [CITATION]},
    Mission: {"id": "kfor", "name": "Kosovo Force", "short_name": "KFOR", "areas": ["XKX"],
              "start": "1999-06-12", "lat": 42.6, "lon": 20.9, "citations": [CITATION]},
    Event: {"id": "e", "date": "1952-02-18", "title": "T", "voice": "record", "sources": ["s"]},
    Quote: {"id": "q", "source": "s", "text": "t", "about": ["member:TUR"]},
}


def site(**changes: Any) -> Site:
    return Site.model_validate({**MINIMAL[Site], **changes})


def mission(**changes: Any) -> Mission:
    return Mission.model_validate({**MINIMAL[Mission], **changes})


@pytest.mark.parametrize("model", list(MINIMAL), ids=lambda m: m.__name__)
def test_minimal_record_is_valid(model: type[BaseModel]) -> None:
    model.model_validate(MINIMAL[model])


@pytest.mark.parametrize("model", list(MINIMAL), ids=lambda m: m.__name__)
def test_unknown_key_is_rejected(model: type[BaseModel]) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate({**MINIMAL[model], "nots": "typo"})

    assert [(e["type"], e["loc"]) for e in caught.value.errors()] == [
        ("extra_forbidden", ("nots",))
    ]


def test_unknown_key_in_nested_citation_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        site(citations=[{**CITATION, "urll": "https://example.org"}])

    assert [e["loc"] for e in caught.value.errors()] == [("citations", 0, "urll")]


# -- digits as the Persian source writes them ("١٩۴٩": Arabic-Indic 1, 9, 9 and Persian 4)


def test_mixed_digit_year_parses_as_1949() -> None:
    date = PartialDate.parse("١٩۴٩")

    assert (date, date.year, date.precision) == ("1949", 1949, "year")


def test_mixed_digit_full_date_parses() -> None:
    date = PartialDate.parse("١٩۵٢-٠٢-١٨")

    assert date == "1952-02-18"
    assert date.earliest() == date.latest() == dt.date(1952, 2, 18)


def test_mixed_digit_accession_date() -> None:
    member = Member.model_validate({**MINIMAL[Member], "accession_date": "١٩۵٢-٠٢-١٨"})

    assert member.accession_date == dt.date(1952, 2, 18)


def test_mixed_digit_site_years() -> None:
    assert site(start_year="۲۰۱۲", end_year="٢٠٢۴").active_in(2024)
    assert site(start_year="١٩۴٩").start_year == 1949


def test_mixed_digit_event_date() -> None:
    event = Event.model_validate({**MINIMAL[Event], "date": "١٩۴٩-٠۴-٠۴"})

    assert event.date == "1949-04-04"
    assert event.date.year == 1949


# -- partial dates


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2014", dt.date(2014, 1, 1), dt.date(2014, 12, 31)),
        ("2014-12", dt.date(2014, 12, 1), dt.date(2014, 12, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023-02", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("1900-02", dt.date(1900, 2, 1), dt.date(1900, 2, 28)),  # not a leap year
        ("2014-01", dt.date(2014, 1, 1), dt.date(2014, 1, 31)),
        ("1999-06-12", dt.date(1999, 6, 12), dt.date(1999, 6, 12)),
    ],
)
def test_partial_date_edges(text: str, earliest: dt.date, latest: dt.date) -> None:
    date = PartialDate.parse(text)

    assert (date.earliest(), date.latest()) == (earliest, latest)


@pytest.mark.parametrize(
    ("value", "precision"), [(2004, "year"), ("2018-10", "month"), (dt.date(1999, 6, 12), "day")]
)
def test_partial_date_precision(value: object, precision: str) -> None:
    assert PartialDate.parse(value).precision == precision


@pytest.mark.parametrize(
    "text", ["2023-02-30", "2014-13", "14-12", "2014/12", "1999-6-12", "", "soon"]
)
def test_partial_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


@pytest.mark.parametrize("text", ["0000", "2014-00", "2014-01-00"])
def test_partial_date_rejects_zero_parts(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_full_date_rejects_impossible_day() -> None:
    with pytest.raises(ValidationError, match="not a real date"):
        Member.model_validate({**MINIMAL[Member], "accession_date": "2023-02-30"})


@pytest.mark.parametrize(
    ("accession", "ok"), [("1949-04-04", True), ("1949-04-03", False), ("1948-12-31", False)]
)
def test_accession_not_before_treaty(accession: str, ok: bool) -> None:
    record = {**MINIMAL[Member], "accession_date": accession}
    if ok:
        assert Member.model_validate(record).accession_date.isoformat() == accession
    else:
        with pytest.raises(ValidationError, match="before the North Atlantic Treaty"):
            Member.model_validate(record)


# -- years in use


@pytest.mark.parametrize(
    ("year", "active"), [(2011, False), (2012, True), (2013, True), (2100, True)]
)
def test_open_ended_site_active_in(year: int, active: bool) -> None:
    assert site(start_year=2012).active_in(year) is active


@pytest.mark.parametrize(
    ("year", "active"), [(1960, False), (1961, True), (1970, True), (1971, False)]
)
def test_closed_site_active_in_includes_both_end_years(year: int, active: bool) -> None:
    assert site(start_year=1961, end_year=1970).active_in(year) is active


def test_site_open_for_one_year() -> None:
    one_year = site(start_year=1999, end_year=1999)

    assert [y for y in range(1997, 2002) if one_year.active_in(y)] == [1999]


@pytest.mark.parametrize(
    ("year", "active"), [(1998, False), (1999, True), (2004, True), (2005, False)]
)
def test_mission_with_month_end_active_in(year: int, active: bool) -> None:
    assert mission(start="1999-06-12", end="2004-12").active_in(year) is active


def test_open_ended_mission_active_in() -> None:
    kfor = mission(start="1999-06-12")

    assert not kfor.active_in(1998)
    assert kfor.active_in(1999)
    assert kfor.active_in(2100)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_year": 1948}, "before NATO"),
        ({"start_year": 2012, "end_year": 2011}, "end_year 2011 is before start_year 2012"),
        ({"lat": 90.5}, "less than or equal to 90"),
        ({"lon": -180.5}, "greater than or equal to -180"),
    ],
)
def test_site_rejects(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        site(**changes)


def test_mission_ending_in_its_start_month_is_allowed() -> None:
    # "1999-06" ends on 1999-06-30, after a 1999-06-12 start: partial dates compare by range.
    assert mission(start="1999-06-12", end="1999-06").active_in(1999)


def test_mission_end_before_start_is_rejected() -> None:
    with pytest.raises(ValidationError, match="end 1999-05 is before start 1999-06-12"):
        mission(start="1999-06-12", end="1999-05")


def test_event_end_before_its_date_is_rejected() -> None:
    with pytest.raises(ValidationError, match="end 2001-09 is before date 2001-10-07"):
        Event.model_validate({**MINIMAL[Event], "date": "2001-10-07", "end": "2001-09"})
    # An end within the date's own month is not before it.
    assert Event.model_validate({**MINIMAL[Event], "date": "2001-10-07", "end": "2001-10"})


# -- item references and sources


@pytest.mark.parametrize("ref", ["kurecik", "base:kurecik", "site:", "site:kür", "member: TUR"])
def test_malformed_item_refs_are_rejected(ref: str) -> None:
    with pytest.raises(ValidationError, match="is not an item reference"):
        Quote.model_validate({**MINIMAL[Quote], "about": [ref]})


def test_split_item_ref() -> None:
    assert split_item_ref("event:turkey-joins") == ("event", "turkey-joins")


@pytest.mark.parametrize(("language", "direction"), [("fa", "rtl"), ("ar", "rtl"), ("en", "ltr"),
                                                     ("tr", "ltr")])
def test_source_direction(language: str, direction: str) -> None:
    source = Source.model_validate({**MINIMAL[Source], "language": language})

    assert source.direction == direction


def test_quote_translation_language_is_restricted() -> None:
    with pytest.raises(ValidationError):
        Quote.model_validate({**MINIMAL[Quote], "translations": {"de": "Text"}})


def test_the_facts_load_without_the_ui() -> None:
    """The domain does not depend on the UI: loading and checking the facts imports neither
    the UI strings (atlas.i18n) nor Streamlit."""
    code = ("import sys, atlas.facts, atlas.models; "
            "print(sorted(m for m in sys.modules if m in ('atlas.i18n', 'streamlit')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "[]"
