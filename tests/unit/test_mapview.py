"""The map: area styles per year, the per-year timelines the browser script reads, offline
assets, and escaping of everything that reaches the map's HTML."""

from __future__ import annotations

import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from plotly.colors import sequential

from atlas import mapview, timeline
from atlas.facts import Facts, load_facts
from atlas.geodata import Geodata, load_geodata
from atlas.i18n import Translator

HOSTILE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def geodata() -> Geodata:
    return load_geodata()


@pytest.fixture(scope="module")
def tr() -> Translator:
    return Translator("en")


@pytest.fixture(scope="module")
def data(facts: Facts, geodata: Geodata, tr: Translator) -> dict[str, Any]:
    return mapview.map_data(facts, geodata, tr)


@pytest.fixture(scope="module")
def rendered(facts: Facts, geodata: Geodata, tr: Translator) -> str:
    fmap = mapview.build_map(facts, geodata, tr, channel="test-channel")
    html: str = fmap.get_root().render()
    return html


def lookup(changes: list[list[Any]], year: int) -> Any:
    """The rule of atlas/web/map.js `at()`: the last entry at or before `year`, the first
    entry's value before it."""
    value = changes[0][1]
    for start, entry in changes:
        if start <= year:
            value = entry
        else:
            break
    return value


def every_year() -> range:
    return timeline.year_range()


# --- area styles -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("area", "year", "style"),
    [
        ("TUR", 1951, "nonmember"),
        ("TUR", 1952, "w1952-new"),
        ("TUR", 1953, "w1952"),
        ("FRG", 1954, "nonmember"),
        ("FRG", 1955, "w1955-new"),
        ("FRG", 1956, "w1955"),
        ("FRG", 1989, "w1955"),
        ("FRG", 1990, "hidden"),
        ("GDR", 1989, "nonmember"),
        ("GDR", 1990, "hidden"),
        ("WBER", 1989, "nonmember"),
        ("WBER", 1990, "hidden"),
        ("DEU", 1989, "hidden"),
        ("DEU", 1990, "w1955-new"),
        ("DEU", 1991, "w1955"),
        ("FRA", 1965, "w1949"),
        ("FRA", 1966, "w1949-outside"),
        ("FRA", 2008, "w1949-outside"),
        ("FRA", 2009, "w1949"),
        ("GRC", 1974, "w1952-outside"),
        ("GRC", 1980, "w1952"),
        ("SWE", 2023, "nonmember"),
        ("SWE", 2024, "w2024-new"),
    ],
)
def test_area_style_edges(facts: Facts, geodata: Geodata, area: str, year: int,
                          style: str) -> None:
    assert mapview.area_style_id(geodata, facts, area, year) == style


def test_every_style_id_is_defined(facts: Facts, geodata: Geodata) -> None:
    styles = mapview.area_styles(facts)
    areas = list(geodata.countries) + list(geodata.germany_pieces)
    used = {mapview.area_style_id(geodata, facts, a, y) for a in areas for y in every_year()}
    assert used - {"hidden"} <= set(styles)
    # Each kind of style is actually used somewhere.
    assert any(s.endswith("-new") for s in used)
    assert any(s.endswith("-outside") for s in used)
    assert "nonmember" in used


def test_styles_distinguish_new_and_outside(facts: Facts) -> None:
    styles = mapview.area_styles(facts)
    for wave in mapview.wave_colours(facts):
        plain, new, outside = (styles[f"w{wave}{s}"] for s in ("", "-new", "-outside"))
        assert plain.fill == new.fill == outside.fill
        assert new.weight > plain.weight
        assert outside.dash and not plain.dash and not new.dash


def relative_luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_wave_colours_distinct_and_in_palette_order(facts: Facts) -> None:
    colours = mapview.wave_colours(facts)
    assert list(colours) == timeline.accession_waves(facts)
    values = list(colours.values())
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in values)
    assert len(set(values)) == len(values)
    # The palette runs from its first colour (oldest wave, darkest) to its last.
    assert values[0] == sequential.Viridis[0].lower()
    assert values[-1] == sequential.Viridis[-1].lower()
    luminance = [relative_luminance(c) for c in values]
    assert luminance == sorted(luminance)
    assert len(set(luminance)) == len(luminance)


# --- timelines the script reads ------------------------------------------------------------

@pytest.mark.parametrize(
    "values",
    [
        {1949: "a", 1950: "a", 1951: "b", 1952: "b", 1953: "a"},
        {2000: True},
        {1949: False, 1950: False, 1951: False},
        {1952: 1, 1949: 0, 1950: 0, 1951: 1},  # not in year order
    ],
)
def test_changes_only_keeps_changes_and_reproduces_values(values: dict[int, Any]) -> None:
    changes = mapview.changes_only(values)
    assert all(a[1] != b[1] for a, b in itertools.pairwise(changes))
    assert [c[0] for c in changes] == sorted(c[0] for c in changes)
    assert changes[0][0] == min(values)
    for year, value in values.items():
        assert lookup(changes, year) == value


def test_area_style_timelines_reproduce_every_year(data: dict[str, Any], facts: Facts,
                                                    geodata: Geodata) -> None:
    """The key property: the browser's lookup on the compressed timeline gives, for every
    area and every year, the style Python computes for that year."""
    features = data["areas"]["features"]
    ids = [f["properties"]["id"] for f in features]
    assert sorted(ids) == sorted([*geodata.countries, *geodata.germany_pieces])
    for feature in features:
        area_id = feature["properties"]["id"]
        changes = feature["properties"]["styles"]
        assert changes[0][0] == every_year()[0]
        for year in every_year():
            expected = mapview.area_style_id(geodata, facts, area_id, year)
            assert lookup(changes, year) == expected, (area_id, year)
            assert expected == "hidden" or expected in data["styles"]


def test_site_and_mission_marker_timelines(data: dict[str, Any], facts: Facts) -> None:
    markers = {m["ref"]: m for m in data["markers"] if m["ref"]}
    expected_refs = {f"site:{s}" for s in facts.sites} | {f"mission:{m}" for m in facts.missions}
    assert set(markers) == expected_refs
    for site in facts.sites.values():
        changes = markers[f"site:{site.id}"]["visible"]
        for year in every_year():
            assert lookup(changes, year) is site.active_in(year), (site.id, year)
    for mission in facts.missions.values():
        changes = markers[f"mission:{mission.id}"]["visible"]
        for year in every_year():
            assert lookup(changes, year) is mission.active_in(year), (mission.id, year)


def test_mission_area_timelines(data: dict[str, Any], facts: Facts) -> None:
    features = data["missions"]["features"]
    expected_ids = {f"{m.id}-{iso}" for m in facts.missions.values() for iso in m.areas}
    assert {f["properties"]["id"] for f in features} == expected_ids
    for feature in features:
        ref = mapview.item_ref_from_tooltip(text_content(feature["properties"]["tooltip"]))
        assert ref is not None and ref.startswith("mission:")
        mission = facts.missions[ref.removeprefix("mission:")]
        for year in every_year():
            assert lookup(feature["properties"]["visible"], year) is mission.active_in(year)


def test_divided_germany_labels_follow_the_pieces(data: dict[str, Any], facts: Facts,
                                                  geodata: Geodata) -> None:
    labels = [m for m in data["markers"] if m["kind"] == "label"]
    assert len(labels) == 2
    for year in every_year():
        shown = {lookup(m["visible"], year) for m in labels}
        assert shown == {year < 1990}, year


def test_member_counts_per_year(data: dict[str, Any], facts: Facts, tr: Translator) -> None:
    assert set(data["counts"]) == {str(y) for y in every_year()}
    assert data["counts"]["1952"] == tr("year.members", count=14)
    assert data["first_year"] == every_year()[0]
    assert data["last_year"] == timeline.last_year()


# --- offline assets ------------------------------------------------------------------------

class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href", "img": "src", "iframe": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value is not None:
                self.urls.append(value)


def test_rendered_map_loads_assets_only_from_static(rendered: str) -> None:
    parser = _Assets()
    parser.feed(rendered)
    assert parser.urls, "the map should load Leaflet"
    for url in parser.urls:
        assert url.startswith(f"{mapview.STATIC_URL}/"), url
    assert any(u.endswith("leaflet.js") for u in parser.urls)
    assert any(u.endswith("leaflet.css") for u in parser.urls)
    assert "http://" not in rendered
    assert "https://" not in rendered


def test_rendered_map_runs_the_year_script(rendered: str) -> None:
    assert "window.natoAtlas.init(" in rendered
    assert '"test-channel"' in rendered


# --- escaping ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value",
    [
        "</script><script>alert(1)</script>",
        {"a</script>": ["<!--", "&amp;", "x > y"]},
        "Kürecik ⟦site:kurecik⟧ کورهجیک",
        ["<img src=x onerror=alert(1)>", 1, None, True],
    ],
)
def test_safe_json(value: object) -> None:
    text = mapview.safe_json(value)
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text) == value


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_content(markup: str) -> str:
    """What `element.textContent` gives (streamlit-folium reports a click this way)."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def test_item_ref_survives_text_content() -> None:
    markup = mapview.tooltip_html("site:kurecik", "Kürecik")
    assert mapview.item_ref_from_tooltip(text_content(markup)) == "site:kurecik"
    assert text_content(markup).endswith("Kürecik")


def test_tooltip_escapes_label() -> None:
    markup = mapview.tooltip_html("member:TUR", "<b>Türkiye</b> & co")
    assert "<b>" not in markup
    assert text_content(markup).endswith("<b>Türkiye</b> & co")
    assert mapview.item_ref_from_tooltip(text_content(markup)) == "member:TUR"


@pytest.mark.parametrize("text", [None, "", "Austria", "⟦unclosed", "closed⟧ only"])
def test_item_ref_absent(text: str | None) -> None:
    assert mapview.item_ref_from_tooltip(text) is None


def test_every_tooltip_names_its_item(data: dict[str, Any], facts: Facts) -> None:
    for feature in data["areas"]["features"]:
        props = feature["properties"]
        ref = mapview.item_ref_from_tooltip(text_content(props["tooltip"]))
        if ref is None:
            assert props["popup"] == ""
        else:
            facts.item_name(ref)  # raises if the ref names no item
    for marker in data["markers"]:
        if marker["ref"]:
            assert mapview.item_ref_from_tooltip(text_content(marker["tooltip"])) == marker["ref"]


def test_hostile_facts_escaped_in_rendered_map(geodata: Geodata, tr: Translator) -> None:
    hostile = load_facts(HOSTILE_DIR)
    html = mapview.build_map(hostile, geodata, tr, channel="c").get_root().render()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "alert(1)</script>" not in html
    # The payload is there, as text: HTML-escaped, then JSON-escaped.
    assert "\\u0026lt;script\\u0026gt;alert(1)" in html
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html
