"""Clicking an item on the map: the popup opens in the map at once, and the side panel fills
with what the sources say (streamlit-folium reports the click to Python)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, WebSocket, expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from atlas_testing.atlas_page import MAP_FRAME_SELECTOR, open_atlas, url_param_is, zoom_map_to
from atlas_testing.servers import StreamlitServer

KURECIK = (38.3494, 37.7936)
POPUP_MS = 1_000  # in the map, no server round trip
PANEL_MS = 5_000  # click -> Python -> panel


def test_click_kurecik_shows_popup_and_quotes(page: Page, atlas_server: StreamlitServer) -> None:
    frame = open_atlas(page, atlas_server, year=2015)
    # At the default zoom Kürecik, İncirlik and Konya overlap; a reader zooms in first.
    zoom_map_to(frame, *KURECIK, 6)
    marker = frame.locator('[data-ref="site:kurecik"]')
    expect(marker).to_be_visible()

    marker.click()

    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_be_visible(timeout=POPUP_MS)
    expect(popup).to_contain_text("Kürecik")
    card = page.locator(".atlas-card", has_text="AN/TPY-2")
    expect(card).to_be_visible(timeout=PANEL_MS)
    expect(card).to_contain_text("Peoples Dispatch")
    expect(card.locator("blockquote")).to_have_attribute("dir", "ltr")
    page.wait_for_url(url_param_is("item", "site:kurecik"), timeout=PANEL_MS,
                      wait_until="commit")

    # Another item replaces the panel.
    zoom_map_to(frame, 50.88, 4.42, 6)  # Brussels
    frame.locator('[data-ref="site:nato_hq_brussels"]').click()
    # The previous popup fades out for a moment: look for the new one.
    expect(frame.locator(".leaflet-popup-content", has_text="Brussels")).to_be_visible(
        timeout=POPUP_MS)
    page.wait_for_url(url_param_is("item", "site:nato_hq_brussels"), timeout=PANEL_MS,
                      wait_until="commit")
    expect(page.locator(".atlas-card", has_text="AN/TPY-2")).to_have_count(0, timeout=PANEL_MS)
    expect(page.locator(".atlas-item h3", has_text="Brussels")).to_be_visible(timeout=PANEL_MS)


def test_a_new_page_runs_once_and_a_click_still_reaches_python(
        page: Page, atlas_server: StreamlitServer) -> None:
    """streamlit-folium reports the map's value when it starts; that report differed from the
    value Python was given, so every new page ran its whole script twice (map.js quietStart).
    One run per new page, and the first click is still a change Python hears of."""
    runs: list[BackMsg] = []

    def watch(socket: WebSocket) -> None:
        def sent(payload: str | bytes) -> None:
            message = BackMsg()
            if isinstance(payload, bytes):
                message.ParseFromString(payload)
                if message.WhichOneof("type") == "rerun_script":
                    runs.append(message)
        socket.on("framesent", sent)

    page.on("websocket", watch)
    frame = open_atlas(page, atlas_server, year=2015)
    page.wait_for_timeout(1_000)  # the report came as soon as the map had started
    assert len(runs) == 1, [str(run) for run in runs]

    zoom_map_to(frame, *KURECIK, 6)
    frame.locator('[data-ref="site:kurecik"]').click()
    expect(page.locator(".atlas-card", has_text="AN/TPY-2")).to_be_visible(timeout=PANEL_MS)
    assert len(runs) == 2


def test_opening_a_link_to_an_item_shows_it(page: Page, atlas_server: StreamlitServer) -> None:
    """?year=2015&item=site:kurecik opens that view: the quotes in the panel, and the map marks
    the item (highlighted, or its popup open)."""
    frame = open_atlas(page, atlas_server, year=2015, item="site:kurecik")
    expect(page.locator(".atlas-card", has_text="AN/TPY-2")).to_be_visible(timeout=PANEL_MS)
    frame.wait_for_function(
        """() => document.querySelector('[data-ref="site:kurecik"]').classList
                   .contains('atlas-selected')
                 || [...document.querySelectorAll('.leaflet-popup-content')]
                   .some((p) => p.textContent.includes('Kürecik'))""", timeout=PANEL_MS)
    # A right-to-left source keeps its own direction and language in the panel.
    rtl = page.locator('.atlas-card blockquote[dir="rtl"]')
    if rtl.count():
        expect(rtl.first).to_have_attribute("lang", re.compile(r"^(fa|ar)$"))


def test_first_click_on_a_map_partly_below_the_fold(page: Page,
                                                   atlas_server: StreamlitServer) -> None:
    """The map's lower part is below the window's edge (a laptop screen): the first click on a
    marker must still open it. Leaflet focuses the map container on mousedown; unless that
    focus is taken with preventScroll, the page scrolls between mousedown and mouseup and the
    click lands on whatever is under the pointer then."""
    frame = open_atlas(page, atlas_server, year=2015)
    box = page.locator(MAP_FRAME_SELECTOR).bounding_box()
    assert box is not None
    page.set_viewport_size({"width": 1400, "height": int(box["y"] + box["height"] * 0.65)})
    page.wait_for_timeout(300)  # the frame resizes, the map refits
    zoom_map_to(frame, *KURECIK, 6)  # Kürecik at the map's centre, above the fold

    frame.locator('[data-ref="site:kurecik"]').click()

    expect(frame.locator(".leaflet-popup-content")).to_contain_text("Kürecik", timeout=POPUP_MS)
