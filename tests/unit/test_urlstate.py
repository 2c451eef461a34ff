"""The view a URL asks for: nothing a user types in the address bar raises; each bad parameter
gives one notice naming it, and the view falls back to a default."""

from __future__ import annotations

from dataclasses import replace

import pytest

from atlas import timeline, urlstate
from atlas.facts import Facts
from atlas.urlstate import Notice, View, parse_view, query_for, resolve_item

DEFAULT_YEAR = 1990


def notices_for(view: View, param: str) -> list[Notice]:
    return [n for n in view.notices if n.param == param]


# --- year ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "raw", ["abc", "99999", "1948", "", " ", "-1990", "1990.5", "1e3", "²⁰⁰⁰", "١٩٩٠x"]
)
def test_bad_year_falls_back_with_notice(facts: Facts, raw: str) -> None:
    view = parse_view({"year": raw}, facts, default_year=DEFAULT_YEAR)
    assert view.year == DEFAULT_YEAR
    [notice] = notices_for(view, "year")
    assert notice.value == raw
    assert notice.fallback == str(DEFAULT_YEAR)
    assert notice.reason_key == "errors.reason_year"
    assert len(view.notices) == 1


def test_year_after_this_year_is_refused(facts: Facts) -> None:
    view = parse_view({"year": str(timeline.last_year() + 1)}, facts, default_year=DEFAULT_YEAR)
    assert view.year == DEFAULT_YEAR
    assert notices_for(view, "year")


@pytest.mark.parametrize(
    ("raw", "year"),
    [("1949", 1949), ("1999", 1999), ("۱۹۹۰", 1990), ("١٩٩٠", 1990), ("١٩۴٩", 1949),
     (" 2004 ", 2004)],
)
def test_good_year(facts: Facts, raw: str, year: int) -> None:
    view = parse_view({"year": raw}, facts, default_year=DEFAULT_YEAR)
    assert view.year == year
    assert view.notices == ()


def test_last_year_is_accepted(facts: Facts) -> None:
    last = timeline.last_year()
    assert parse_view({"year": str(last)}, facts, default_year=DEFAULT_YEAR).year == last


def test_no_year_is_this_year(facts: Facts) -> None:
    view = parse_view({}, facts)
    assert view.year == timeline.last_year()
    assert view.notices == ()
    assert view.item is None
    assert view.language == "en"


def test_repeated_parameter_uses_the_first(facts: Facts) -> None:
    assert parse_view({"year": ["1999", "2004"]}, facts).year == 1999


# --- item ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "ref"),
    [
        ("kurecik", "site:kurecik"),
        ("site:kurecik", "site:kurecik"),
        ("tur", "member:TUR"),
        ("TUR", "member:TUR"),
        ("member:tur", "member:TUR"),
        ("kfor", "mission:kfor"),
        ("mission:kfor", "mission:kfor"),
    ],
)
def test_item_resolves(facts: Facts, raw: str, ref: str) -> None:
    assert resolve_item(facts, raw) == ref
    view = parse_view({"item": raw}, facts)
    assert view.item == ref
    assert view.notices == ()


def test_every_item_id_resolves(facts: Facts) -> None:
    for kind, table in (("member", facts.members), ("site", facts.sites),
                        ("mission", facts.missions), ("event", facts.events)):
        for item_id in table:
            assert resolve_item(facts, f"{kind}:{item_id}") == f"{kind}:{item_id}"


@pytest.mark.parametrize(
    "raw",
    ["<script>alert(1)</script>", "site:nowhere", "site:", ":kurecik", "member:kurecik",
     "nosuch:kurecik", "   "],
)
def test_bad_item_gives_none_and_notice(facts: Facts, raw: str) -> None:
    view = parse_view({"item": raw}, facts)
    assert view.item is None
    [notice] = notices_for(view, "item")
    assert notice.value == raw


def test_long_value_is_shortened_in_the_notice(facts: Facts) -> None:
    raw = "x" * 5000
    view = parse_view({"item": raw, "year": raw, "lang": raw}, facts, default_year=DEFAULT_YEAR)
    assert {n.param for n in view.notices} == {"item", "year", "lang"}
    for notice in view.notices:
        assert len(notice.value) <= urlstate.MAX_PARAM_LENGTH
        assert notice.value.endswith("…")
        assert raw.startswith(notice.value[:-1])


def test_value_at_the_limit_is_not_shortened(facts: Facts) -> None:
    raw = "y" * urlstate.MAX_PARAM_LENGTH
    [notice] = parse_view({"item": raw}, facts).notices
    assert notice.value == raw


# --- language ------------------------------------------------------------------------------

def test_unknown_language_gives_notice(facts: Facts) -> None:
    view = parse_view({"lang": "xx"}, facts)
    assert view.language == "en"
    [notice] = notices_for(view, "lang")
    assert notice.value == "xx"
    assert notice.fallback == "en"


@pytest.mark.parametrize("language", ["en", "tr", "ar", "fa"])
def test_known_language(facts: Facts, language: str) -> None:
    view = parse_view({"lang": language}, facts)
    assert view.language == language
    assert view.notices == ()


def test_notices_name_every_bad_parameter_at_once(facts: Facts) -> None:
    view = parse_view({"year": "abc", "item": "nowhere", "lang": "xx"}, facts,
                      default_year=DEFAULT_YEAR)
    assert [n.param for n in view.notices] == ["year", "item", "lang"]


def test_unrelated_parameters_are_ignored(facts: Facts) -> None:
    view = parse_view({"source": "whatever", "year": "1999"}, facts)
    assert view.notices == ()
    assert view.year == 1999


# --- round trip ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "view",
    [
        View(year=1999),
        View(year=1949, item="site:kurecik"),
        View(year=2024, item="member:TUR", language="fa"),
        View(year=1990, language="ar"),
        View(year=2012, item="mission:kfor", language="tr"),
    ],
)
def test_query_for_round_trips(facts: Facts, view: View) -> None:
    params = query_for(view)
    assert all(isinstance(v, str) for v in params.values())
    assert parse_view(params, facts, default_year=DEFAULT_YEAR) == view


def test_query_for_leaves_out_defaults() -> None:
    assert query_for(View(year=1999)) == {"year": "1999"}
    assert "lang" in query_for(replace(View(year=1999), language="fa"))


# --- links and the Sources page's deep link ---------------------------------------------------


def test_map_links_pick_a_year_for_each_kind_of_item(facts: Facts) -> None:
    assert urlstate.map_href(facts, "site:kurecik", "en") == "./?year=2012&item=site:kurecik"
    assert urlstate.map_href(facts, "member:DEU", "en") == "./?year=1955&item=member:DEU"
    assert urlstate.map_href(facts, "mission:kfor", "en") == "./?year=1999&item=mission:kfor"
    assert urlstate.map_href(facts, "event:north-atlantic-treaty-1949", "fa") == (
        "./?year=1949&item=event:north-atlantic-treaty-1949&lang=fa")
    # An event before the treaty is shown in the map's first year.
    assert urlstate.item_year(facts, "event:dunkirk-treaty-1947") == 1949


def test_source_href() -> None:
    assert urlstate.source_href("x") == "sources?source=x"
    assert urlstate.source_href("x", "q", "ar") == "sources?source=x&quote=q&lang=ar"


def test_deep_link_parsing(facts: Facts) -> None:
    request = urlstate.parse_source_request(facts, {"source": "ar-history-of-nato"})
    assert (request.source, request.quote, request.notices) == ("ar-history-of-nato", None, ())
    request = urlstate.parse_source_request(facts, {"quote": ["tkp-cigli-missiles"]})
    assert (request.source, request.quote) == ("en-tkp-turkey-must-leave-nato",
                                               "tkp-cigli-missiles")
    request = urlstate.parse_source_request(facts, {"source": "[x](http://evil)" + "a" * 80})
    assert request.source is None
    (notice,) = request.notices
    assert (notice.param, notice.reason_key) == ("source", "sources.reason_source")
    assert notice.value.startswith("[x](http://evil)") and notice.value.endswith("…")
    assert len(notice.value) == urlstate.MAX_PARAM_LENGTH
    # As on the map: a repeated parameter is named, the first value is the one read.
    request = urlstate.parse_source_request(facts, {"quote": ["tkp-cigli-missiles", "x"]})
    assert request.quote == "tkp-cigli-missiles"
    assert [n.message_key for n in request.notices] == ["errors.repeated_param"]
