"""The Timeline and Türkiye pages as Streamlit runs them (AppTest): they start, the year
control sets the year the map shows (session and URL), the source filter filters, claims stay
claims, and hostile facts stay text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from atlas import timeline
from atlas.i18n import Translator
from atlas_testing.html_text import shown_text

REPO_DIR = Path(__file__).resolve().parents[2]
FIXTURES_DIR = REPO_DIR / "tests" / "fixtures"
STATIC_DIR = REPO_DIR / "static"
MakeApp = Callable[..., AppTest]  # the make_app fixture of tests/app/conftest.py
EN = Translator("en")
TIMELINE = "pages/timeline.py"
TURKEY = "pages/turkey.py"
YEAR_KEY = "timeline_year"
SOURCES_KEY = "timeline_sources"
TKP_SOURCE = "en-tkp-turkey-must-leave-nato"


def run(at: Any) -> AppTest:
    """Run the app (or the app a widget belongs to, after setting it); no exception."""
    app: AppTest = at.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def open_page(make_app: MakeApp, page: str, facts_dir: Path | None = None, **query: str
              ) -> AppTest:
    at = run(make_app(facts_dir, **query))
    return run(at.switch_page(page))


def html_of(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def elements(node: Any) -> list[Any]:
    found = [node]
    for child in getattr(node, "children", {}).values():
        found += elements(child)
    return found


def component_args(at: AppTest) -> list[dict[str, Any]]:
    """The arguments of the page's components (the folium map), which AppTest cannot render."""
    return [json.loads(e.proto.json_args) for e in elements(at._tree)
            if getattr(e, "type", None) == "component_instance"
            and "json_args" in {f.name for f, _ in e.proto.ListFields()}]


def framed_documents(at: AppTest) -> list[tuple[str, str]]:
    """The page's frames that open a document of static/ (the Türkiye map, rendered once
    into static/gen/): each frame's address and the document's HTML."""
    documents = []
    for element in elements(at._tree):
        if getattr(element, "type", None) == "iframe":
            address = element.proto.src
            _, _, relative = address.partition("/app/static/")
            documents.append((address, (STATIC_DIR / relative).read_text(encoding="utf-8")))
    return documents


def document_links(document: str) -> list[str]:
    """The scripts and stylesheets a document loads."""
    return re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', document)


def plotly_figures(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(e.proto.spec) for e in elements(at._tree)
            if getattr(e, "type", None) == "plotly_chart"]


# --- Timeline ------------------------------------------------------------------------------

def test_timeline_page_runs(make_app: MakeApp) -> None:
    at = open_page(make_app, TIMELINE)
    assert at.title[0].value == EN("timeline.title")
    figures = plotly_figures(at)
    assert len(figures) == 3  # members by year, events by source, computed geography
    assert at.select_slider(key=YEAR_KEY).value == timeline.last_year()
    # The computed figures: land area and the borders, the method stated beside them.
    geography = figures[2]
    assert [a["text"] for a in geography["layout"]["annotations"]][:3] == [
        EN("geography.chart.area"), EN("geography.chart.russia"), EN("geography.chart.pact")]
    assert {s["x0"] for s in geography["layout"]["shapes"]} == {timeline.last_year()}
    page = html_of(at)
    assert EN("geography.figures.heading", year=timeline.last_year()) in page
    assert "EPSG:6933" in page


def test_year_control_sets_the_maps_year(make_app: MakeApp) -> None:
    at = open_page(make_app, TIMELINE)
    at = run(at.select_slider(key=YEAR_KEY).set_value(1999))
    assert at.query_params["year"] == "1999"
    assert at.session_state["atlas_view"].year == 1999
    assert any(m.value.startswith("#### 1999: Czechia, Hungary and Poland joined")
               for m in at.markdown)
    # The chart marks the shared year and the link to the map names it.
    # The charts are shared by every reader (atlas/cached.py); the year is this run's.
    members, events, geography = plotly_figures(at)
    assert [s["x0"] for s in members["layout"]["shapes"]] == [1999]
    assert [t["x"] for t in members["data"] if t.get("name") == "shared"] == [[1999]]
    assert events["layout"]["shapes"][-1]["x0"] == "1999-07-01"  # after the spans
    assert {s["x0"] for s in geography["layout"]["shapes"]} == {1999}
    links = [e.proto for e in at.get("page_link")]
    assert [link.label for link in links] == [EN("timeline.show_on_map", year=1999)]
    # The map page, which draws the session's year, keeps it (and the URL says it).
    at = run(at.switch_page("pages/map.py"))
    assert at.query_params["year"] == "1999"
    assert at.session_state["atlas_view"].year == 1999


def test_year_from_the_url_sets_the_control(make_app: MakeApp) -> None:
    at = open_page(make_app, TIMELINE, year="1952")
    assert at.select_slider(key=YEAR_KEY).value == 1952
    assert any("1952: Greece and Türkiye joined" in m.value for m in at.markdown)


def test_source_filter_keeps_that_sources_events(make_app: MakeApp) -> None:
    at = open_page(make_app, TIMELINE)
    at = run(at.multiselect(key=SOURCES_KEY).set_value([TKP_SOURCE]))
    listing = shown_text(html_of(at))
    assert "Claim by Communist Party of Turkey (TKP)" in listing
    assert "Treaty of Dunkirk" not in listing  # the Arabic history's event only
    events_chart = plotly_figures(at)[1]
    assert len(events_chart["layout"]["yaxis"]["tickvals"]) == 1
    at = run(at.multiselect(key=SOURCES_KEY).set_value([]))
    assert len(plotly_figures(at)) == 2  # members by year, computed geography
    assert EN("timeline.no_events") in html_of(at)


# --- Türkiye -------------------------------------------------------------------------------

def test_turkey_page_runs_with_map_timeline_and_perspectives(make_app: MakeApp) -> None:
    at = open_page(make_app, TURKEY)
    assert at.title[0].value == EN("turkey.title")
    # The map is a document of static/gen/, not a component that each session renders.
    assert component_args(at) == []
    ((address, document),) = framed_documents(at)
    assert re.fullmatch(r"/app/static/gen/turkiye-map-en\.[0-9a-f]{16}\.html", address)
    for label in ("Kürecik", "LANDCOM", "Bosphorus", "Dardanelles", "KFOR"):
        assert label in document, label
    links = document_links(document)
    assert "/app/static/leaflet/leaflet.js" in links
    assert all(link.startswith("/app/static/") for link in links), links
    page = html_of(at)
    assert "مونترو" in shown_text(page)  # the Montreux passage, in the note beside the map
    assert "Claim by Communist Party of Turkey (TKP)" in shown_text(page)
    assert "18 February 1952" in shown_text(page)
    for source in ("fa-turkey-73-years-in-nato", TKP_SOURCE,
                   "en-turkey-blocks-nato-israel-cooperation"):
        assert f"data-source='{source}'" in page, source
    assert len(plotly_figures(at)) == 1
    # Computed geography: the Cold War borders by period and the bases' distances.
    assert "1955–1991</strong>: with the Soviet Union" in page
    assert "İncirlik → Baghdad" in shown_text(page)


@pytest.mark.parametrize("page", [TIMELINE, TURKEY])
def test_hostile_facts_stay_text(make_app: MakeApp, page: str) -> None:
    at = open_page(make_app, page, facts_dir=FIXTURES_DIR / "hostile")
    page_html = html_of(at)
    assert "<script>alert" not in page_html
    assert "<img src=x" not in page_html
    for args in component_args(at):
        assert "<script>alert" not in args["script"]
    documents = framed_documents(at)
    assert bool(documents) == (page == TURKEY)  # the Türkiye map is read too
    for _, document in documents:
        assert "<script>alert" not in document and "<img src=x" not in document
    for figure in plotly_figures(at):
        assert "<script" not in json.dumps(figure)


@pytest.mark.parametrize("language", ["tr", "ar", "fa"])
def test_pages_run_in_every_language(make_app: MakeApp, language: str) -> None:
    for page in (TIMELINE, TURKEY):
        at = open_page(make_app, page, lang=language)
        assert at.title[0].value.strip()


# --- behind a proxy ------------------------------------------------------------------------

@pytest.fixture
def base_url_path() -> Iterator[str]:
    """The server runs under /school/ (server.baseUrlPath), as behind a school's proxy."""
    st.config.set_option("server.baseUrlPath", "school")
    yield "/school/app/static/"
    st.config.set_option("server.baseUrlPath", "")


def test_both_maps_load_their_scripts_under_the_base_path(make_app: MakeApp,
                                                          base_url_path: str) -> None:
    """Under a base path, /app/static/ is not found: nothing on the pages or in their maps
    may name it (the card styles' fonts included)."""
    unprefixed = re.compile(r"(?<!/school)/app/static/")
    at = run(make_app())
    (home_map,) = component_args(at)
    pages = [html_of(at)]
    links = list(home_map["js_links"]) + list(home_map["css_links"])
    # The atlas map's scripts come as one file in static/gen/ (mapassets.frame_script).
    assert home_map["js_links"] and any(
        link.partition("?")[0].endswith("/leaflet/leaflet.css") for link in links)
    assert all(link.startswith(base_url_path) for link in links), links
    assert not unprefixed.search(json.dumps(home_map))
    at = run(at.switch_page(TURKEY))
    ((address, turkey_map),) = framed_documents(at)
    pages.append(html_of(at))
    assert address.startswith(base_url_path + "gen/turkiye-map-"), address
    links = document_links(turkey_map)
    assert f"{base_url_path}leaflet/leaflet.js" in links
    assert all(link.startswith(base_url_path) for link in links), links
    assert not unprefixed.search(turkey_map)
    assert all("atlas-card" in page and not unprefixed.search(page) for page in pages)
