"""Facts are data, never markup: with tests/fixtures/hostile (a quote, a source title and a
source text holding `<script>alert(1)</script>` and `<img src=x onerror=alert(1)>`) every
place that shows them shows the characters as text. The autouse guard fails any test in which
a dialog opens; these tests also look for an element the payload would have created."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Frame, Page, expect

from atlas_testing import FIXTURES_DIR
from atlas_testing.atlas_page import (
    EXCEPTION_SELECTOR,
    TURKIYE_MAP_FRAME_SELECTOR,
    open_atlas,
    wait_for_app_idle,
    zoom_map_to,
)
from atlas_testing.servers import StreamlitServer, start_streamlit

HOSTILE_DIR = FIXTURES_DIR / "hostile"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
PANEL_MS = 5_000


def _load(name: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = yaml.safe_load((HOSTILE_DIR / name).read_text("utf-8"))
    return records


def hostile_item() -> tuple[str, float, float, int]:
    """The site or mission the hostile quote is about: (ref, lat, lon, a year it is shown)."""
    quote = next(q for q in _load("quotes.yaml") if SCRIPT in q["text"])
    places = {f"site:{s['id']}": (s["lat"], s["lon"], int(s["start_year"]))
              for s in _load("sites.yaml")}
    places.update({f"mission:{m['id']}": (m["lat"], m["lon"], int(str(m["start"])[:4]))
                   for m in _load("missions.yaml")})
    for ref in quote["about"]:
        if ref in places:
            return (ref, *places[ref])
    raise AssertionError(f"the hostile quote {quote['id']} is about no site or mission on the "
                         f"map ({quote['about']}); the escaping tests need one")


def hostile_source_id() -> str:
    source: str = next(s["id"] for s in _load("sources/sources.yaml") if SCRIPT in s["title"])
    return source


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    server = start_streamlit("hostile", tmp_path_factory.mktemp("server"),
                             facts_dir=Path(HOSTILE_DIR))
    yield server
    server.stop()


def assert_no_injected_elements(page: Page, frame: Frame | None = None) -> None:
    for where in (page, frame) if frame is not None else (page,):
        assert where.locator('img[src="x"]').count() == 0, f"an <img src=x> in {where}"
        assert where.locator("script", has_text="alert(1)").count() == 0


def test_panel_shows_the_hostile_quote_as_text(page: Page,
                                              hostile_server: StreamlitServer) -> None:
    ref, _, _, year = hostile_item()
    frame = open_atlas(page, hostile_server, year=year, item=ref)

    card = page.locator(".atlas-card", has_text=SCRIPT)
    expect(card).to_be_visible(timeout=PANEL_MS)
    expect(card).to_contain_text(IMG)
    assert_no_injected_elements(page, frame)


def test_map_popup_and_tooltip_show_the_hostile_quote_as_text(
        page: Page, hostile_server: StreamlitServer) -> None:
    ref, lat, lon, year = hostile_item()
    frame = open_atlas(page, hostile_server, year=year)
    zoom_map_to(frame, lat, lon, 6)
    marker = frame.locator(f'[data-ref="{ref}"]')

    marker.hover()
    expect(frame.locator(".leaflet-tooltip")).to_be_visible()
    marker.click()

    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(SCRIPT, timeout=1_000)
    expect(popup).to_contain_text(IMG)
    expect(page.locator(".atlas-card", has_text=SCRIPT)).to_be_visible(timeout=PANEL_MS)
    assert_no_injected_elements(page, frame)


def test_full_source_text_shows_the_markup_as_text(page: Page,
                                                  hostile_server: StreamlitServer) -> None:
    page.goto(hostile_server.url("data", source=hostile_source_id()))
    wait_for_app_idle(page)
    expect(page.get_by_text(SCRIPT).first).to_be_visible(timeout=PANEL_MS)
    expect(page.locator(EXCEPTION_SELECTOR)).to_have_count(0)
    assert_no_injected_elements(page)


@pytest.mark.parametrize("path", ["data", "sources", "timeline", "turkey"])
def test_other_pages_do_not_run_the_markup(page: Page, hostile_server: StreamlitServer,
                                           path: str) -> None:
    page.goto(hostile_server.url(path))
    wait_for_app_idle(page)
    if path == "turkey":  # its map is a document of its own, loaded into a frame
        map_frame = page.frame_locator(TURKIYE_MAP_FRAME_SELECTOR).first
        expect(map_frame.locator(".tk-marker").first).to_be_attached()
    page.wait_for_timeout(300)  # any onerror handler has had its chance
    expect(page.locator(EXCEPTION_SELECTOR)).to_have_count(0)
    assert_no_injected_elements(page)
    for frame in page.frames[1:]:
        assert frame.locator('img[src="x"]').count() == 0, f"an <img src=x> in {frame.url}"


@pytest.mark.parametrize(("language", "payload"), [("tr", "<script>alert('tr')</script>"),
                                                   ("ar", "<img src=x onerror=alert('ar')>")])
def test_translated_fact_strings_are_text_too(page: Page, hostile_server: StreamlitServer,
                                              language: str, payload: str) -> None:
    """The project's translations (facts/translations/) reach the panel and the map as the
    English facts do: the hostile fixture's translated site name holds markup."""
    frame = open_atlas(page, hostile_server, lang=language, year=2015, item="site:kurecik")
    heading = page.locator(".atlas-item h3")
    expect(heading).to_be_visible(timeout=PANEL_MS)
    # Arabic and Persian set Latin-script runs apart with invisible bidi isolates (U+2066,
    # U+2069: atlas/writing.py); the text, read without them, is the payload as written.
    shown = heading.inner_text().replace("\u2066", "").replace("\u2069", "")
    assert payload in shown
    assert_no_injected_elements(page, frame)
