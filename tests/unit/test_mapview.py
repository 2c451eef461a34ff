"""The map: area styles per year, the per-year timelines the browser script reads, offline
assets, and escaping of everything that reaches the map's HTML."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
import streamlit_folium
from plotly.colors import sequential

from atlas import mapview, timeline
from atlas.facts import Facts, load_facts
from atlas.geodata import Geodata, load_geodata
from atlas.i18n import Translator
from atlas.mapassets import MapAssets
from atlas_testing.html_text import loaded_urls, text_content, without_folium_ids

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


ASSETS = MapAssets(geometry="gen/borders.0123.json", data="gen/map-en-screen.4567.json")


@pytest.fixture(scope="module")
def rendered() -> str:
    html: str = mapview.build_map(ASSETS).get_root().render()
    return html


def lookup(changes: list[list[Any]], year: int) -> Any:
    """The rule of static/atlas/map.js `at()`: the last entry at or before `year`, the first
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
    changes = timeline.changes_only(values)
    assert all(a[1] != b[1] for a, b in itertools.pairwise(changes))
    assert [c[0] for c in changes] == sorted(c[0] for c in changes)
    assert changes[0][0] == min(values)
    for year, value in values.items():
        assert lookup(changes, year) == value


def test_area_style_timelines_reproduce_every_year(data: dict[str, Any], facts: Facts,
                                                    geodata: Geodata) -> None:
    """The key property: the browser's lookup on the compressed timeline gives, for every
    area and every year, the style Python computes for that year."""
    areas = data["areas"]
    ids = [area["id"] for area in areas]
    assert sorted(ids) == sorted([*geodata.countries, *geodata.germany_pieces])
    for area in areas:
        area_id = area["id"]
        changes = area["styles"]
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
    missions = data["missions"]
    expected_ids = {f"{m.id}-{iso}" for m in facts.missions.values() for iso in m.areas}
    assert {area["id"] for area in missions} == expected_ids
    for area in missions:
        ref = mapview.item_ref_from_tooltip(text_content(area["tooltip"]))
        assert ref is not None and ref == area["ref"] and ref.startswith("mission:")
        mission = facts.missions[ref.removeprefix("mission:")]
        assert area["area"] in mission.areas  # drawn from that country's shape
        for year in every_year():
            assert lookup(area["visible"], year) is mission.active_in(year)


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

def test_rendered_map_loads_assets_only_from_static(rendered: str) -> None:
    urls = loaded_urls(rendered)
    assert urls, "the map should load Leaflet"
    for url in urls:
        assert url.startswith(f"{mapview.STATIC_URL}/"), url
    paths = [url.partition("?")[0] for url in urls]
    assert any(p.endswith("leaflet.js") for p in paths)
    assert any(p.endswith("leaflet.css") for p in paths)
    assert "http://" not in rendered
    assert "https://" not in rendered


def test_rendered_map_loads_the_atlas_scripts_in_order(rendered: str) -> None:
    scripts = [url.partition("?")[0] for url in loaded_urls(rendered)]
    names = [url.rpartition("/")[2] for url in scripts if url.endswith(".js")]
    # Leaflet first, the decoder before the script that uses it, the export control last.
    assert names.index("leaflet.js") < names.index("topojson-client.min.js") \
        < names.index("map.js") < names.index("map_export.js")


def test_rendered_map_boots_from_the_named_files(rendered: str) -> None:
    assert "window.natoAtlas.boot(" in rendered
    assert f'"geometry": "{ASSETS.geometry}"' in rendered
    assert f'"data": "{ASSETS.data}"' in rendered


def test_the_shell_is_the_same_for_every_session() -> None:
    """Nothing per session in the map: two builds differ only in folium's element ids,
    which streamlit-folium replaces."""
    def normalised() -> str:
        html: str = mapview.build_map(ASSETS).get_root().render()
        return without_folium_ids(html)

    assert normalised() == normalised()


def test_st_folium_sends_the_same_map_without_rendering_the_whole_document() -> None:
    """atlas/widgets.py passes render=False: what streamlit-folium sends (the frame's html,
    header and script, from its own helpers) must not depend on the document having been
    rendered first."""
    def sent(render_document: bool) -> list[str]:
        fmap = mapview.build_map(ASSETS)
        if render_document:
            fmap.get_root().render()
        fmap.render()
        parts = [streamlit_folium._get_html(fmap), streamlit_folium._get_header(fmap),
                 streamlit_folium._get_map_string(fmap)]
        return [without_folium_ids(part) for part in parts]

    rendered, not_rendered = sent(True), sent(False)
    assert "window.natoAtlas.boot(" in rendered[2]
    assert rendered == not_rendered


def test_script_urls_change_with_their_content(tmp_path: Path) -> None:
    first = mapview.frame_assets("/app/static")
    assert all("?v=" in url for _, url in first[0] + first[1])
    assert all(url.startswith("/app/static/") for _, url in first[0] + first[1])
    based = mapview.frame_assets("/school/app/static")
    assert all(url.startswith("/school/app/static/") for _, url in based[0] + based[1])


def test_a_published_map_loads_one_script_that_starts_its_data(tmp_path: Path) -> None:
    """The live app's frame loads one file: streamlit-folium loads scripts one after another."""
    assets = MapAssets(geometry="gen/borders.0123.json", data="gen/map-en-screen.4567.json",
                       script="gen/frame-map-en-screen.89ab.js")
    fmap = mapview.build_map(assets, static_url="/school/app/static")
    assert [url for _, url in fmap.default_js] == [
        "/school/app/static/gen/frame-map-en-screen.89ab.js"]
    assert all(url.startswith("/school/app/static/") for _, url in fmap.default_css)


def test_boot_config_cannot_close_its_script() -> None:
    html: str = mapview.build_map(ASSETS, failed_label="</script><script>alert(1)</script>"
                                  ).get_root().render()
    assert "</script><script>alert(1)" not in html
    assert "<\\/script><script>alert(1)<\\/script>" in html


# --- escaping ------------------------------------------------------------------------------

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
    for props in data["areas"]:
        ref = mapview.item_ref_from_tooltip(text_content(props["tooltip"]))
        if ref is None:
            assert props["popup"] == ""
        else:
            facts.item_name(ref)  # raises if the ref names no item
    for marker in data["markers"]:
        if marker["ref"]:
            assert mapview.item_ref_from_tooltip(text_content(marker["tooltip"])) == marker["ref"]


def test_hostile_facts_escaped_in_map_data(geodata: Geodata, tr: Translator) -> None:
    hostile = load_facts(HOSTILE_DIR)
    text = mapview.map_data_json(hostile, geodata, tr)
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    # The payload is there, as text: HTML-escaped inside the JSON the map fetches.
    assert "&lt;script&gt;alert(1)" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    json.loads(text)


def test_map_data_file_is_reproducible(facts: Facts, geodata: Geodata, tr: Translator) -> None:
    """The same facts give the same bytes, so the same file name for every process."""
    assert mapview.map_data_json(facts, geodata, tr) == mapview.map_data_json(facts, geodata, tr)
