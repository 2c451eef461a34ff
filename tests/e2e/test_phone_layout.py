"""Phones, tablets, desktops and projectors (issue 13, part 1) in a real browser.

At 390 x 844 (a phone) and 768 x 1024 (a tablet): no page scrolls sideways, the year control
fits, the map takes at least 60 % of the screen's height, the legend starts closed behind a
button, touch targets are at least 44 px and text at least 16 px, and tapping a marker brings
its quotes into view with the map still on screen. On every screen: no member's centre (the
middle of its outline's box) lies under the legend.
"""

from __future__ import annotations

from typing import Any

import pytest
from atlas_e2e import (
    MAP_FRAME_SELECTOR,
    StreamlitServer,
    open_atlas,
    url_param_is,
    wait_for_app_idle,
    zoom_map_to,
)
from playwright.sync_api import Browser, Frame, Page, expect

from atlas.mapview import NON_MEMBER_FILL, PRESENTER_NON_MEMBER_FILL

SMALL_SCREENS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 768, "height": 1024}}
MIN_TOUCH_PX = 44
MIN_TEXT_PX = 16
PAGES = ["", "timeline", "turkey", "sources", "data"]


@pytest.fixture(params=list(SMALL_SCREENS))
def small_page(request: pytest.FixtureRequest, browser: Browser) -> Page:
    """A touch screen of a phone or a tablet (watched by the offline guard)."""
    context = browser.new_context(viewport=SMALL_SCREENS[request.param], locale="en-GB",
                                  has_touch=True, is_mobile=request.param == "phone")
    context.set_default_timeout(15_000)
    request.addfinalizer(context.close)
    return context.new_page()


def _screen(browser: Browser, request: pytest.FixtureRequest, width: int, height: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    context.set_default_timeout(15_000)
    request.addfinalizer(context.close)
    return context.new_page()


# --- Small screens ----------------------------------------------------------------------------

_OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  // Cut off by a box of its own that ends within the screen (a scrolling table, a slider).
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      const ends = up.getBoundingClientRect().right;
      if (style.overflowX !== 'visible' && ends <= width + 1) return true;
    }
    return false;
  };
  // Elements drawn past the right edge (hidden overflow would not show in scrollWidth).
  const outside = [...document.querySelectorAll('[data-testid="stMain"] *')]
    .filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && box.right > width + 1
        && getComputedStyle(el).visibility !== 'hidden' && !clipped(el);
    })
    .slice(0, 5).map((el) => `${el.tagName}.${el.className}`.slice(0, 80));
  return {scroll: document.scrollingElement.scrollWidth, width, outside};
}"""


# Text on the page drawn smaller than 16 px (charts, tables and maps draw their own).
_SMALL_TEXT_JS = """(minPx) => {
  const small = [];
  const walker = document.createTreeWalker(document.querySelector('[data-testid="stMain"]'),
                                           NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const drawn = 'svg, .js-plotly-plot, [data-testid="stDataFrame"]';
    if (!node.textContent.trim() || el.closest(drawn)) continue;
    const box = el.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (box.width && box.height && size < minPx) {
      const text = node.textContent.trim().slice(0, 30);
      small.push(`${el.tagName}.${el.className} ${size}px: ${text}`);
    }
  }
  return small.slice(0, 10);
}"""


def test_every_page_fits_the_screen_with_readable_text(small_page: Page,
                                                       atlas_server: StreamlitServer) -> None:
    page = small_page
    for path in PAGES:
        page.goto(atlas_server.url(path))
        wait_for_app_idle(page)
        page.wait_for_timeout(300)
        result: dict[str, Any] = page.evaluate(_OVERFLOW_JS)
        assert result["scroll"] <= result["width"], (path, result)
        assert not result["outside"], (path, result)
        small = page.evaluate(_SMALL_TEXT_JS, MIN_TEXT_PX)
        assert not small, (path, small)


def _year_control(page: Page) -> dict[str, Any]:
    boxes = {}
    for name, selector in (("play", ".atlas-play"), ("slider", ".atlas-year-input"),
                           ("speed", ".atlas-speed")):
        box = page.locator(selector).bounding_box()
        assert box is not None, name
        boxes[name] = box
    return boxes


def _font_px(target: Frame | Page, selector: str) -> float:
    return float(target.locator(selector).first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"))


def test_year_control_fits_with_touch_targets_and_readable_text(
        small_page: Page, atlas_server: StreamlitServer) -> None:
    page = small_page
    frame = open_atlas(page, atlas_server, year=1999)
    width = page.viewport_size["width"] if page.viewport_size else 0
    for name, box in _year_control(page).items():
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, box)
        assert box["height"] >= MIN_TOUCH_PX, (name, box)
    for selector in (".atlas-year-name", ".atlas-speed-name", ".atlas-speed", ".atlas-play"):
        assert _font_px(page, selector) >= MIN_TEXT_PX, selector
    assert _font_px(page, ".atlas-caption") >= MIN_TEXT_PX
    assert _font_px(page, '[data-testid="stCaptionContainer"] p') >= MIN_TEXT_PX
    for selector in (".atlas-legend", ".atlas-legend .key", ".atlas-legend .wave"):
        assert _font_px(frame, selector) >= MIN_TEXT_PX, selector
    for selector in (".atlas-legend-toggle", ".leaflet-control-zoom-in",
                     ".leaflet-control-zoom-out", ".atlas-export button"):
        box = frame.locator(selector).first.bounding_box()
        assert box is not None and box["height"] >= MIN_TOUCH_PX, (selector, box)


def test_map_takes_most_of_the_screen_and_the_legend_starts_closed(
        small_page: Page, atlas_server: StreamlitServer) -> None:
    page = small_page
    frame = open_atlas(page, atlas_server, year=1999)
    height = page.viewport_size["height"] if page.viewport_size else 0
    box = page.locator(MAP_FRAME_SELECTOR).bounding_box()
    assert box is not None and box["height"] >= 0.6 * height, box
    # The map inside the frame fills it.
    map_height = frame.evaluate("() => window.natoAtlas.map.getSize().y")
    assert map_height >= box["height"] - 2, (map_height, box)

    toggle = frame.locator(".atlas-legend-toggle")
    body = frame.locator(".atlas-legend-body")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(body).to_be_hidden()
    expect(toggle).to_contain_text("19 members")
    page.locator(MAP_FRAME_SELECTOR).scroll_into_view_if_needed()
    toggle.tap()
    expect(body).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    # The border layer's switch lives in the legend now.
    expect(body.locator("[data-border-toggle]")).to_be_visible()
    toggle.tap()
    expect(body).to_be_hidden()


def test_tapping_a_marker_brings_its_quotes_into_view(small_page: Page,
                                                      atlas_server: StreamlitServer) -> None:
    page = small_page
    frame = open_atlas(page, atlas_server, year=2012)
    page.locator(MAP_FRAME_SELECTOR).scroll_into_view_if_needed()
    zoom_map_to(frame, 38.8, 37.5, 6)  # Kürecik, clear of its neighbours
    frame.locator('.atlas-marker[data-ref="site:kurecik"]').tap()
    page.wait_for_url(url_param_is("item", "site:kurecik"))
    wait_for_app_idle(page)
    panel = page.locator(".atlas-panel").first
    expect(panel).to_be_visible()
    expect(panel).to_be_in_viewport()
    viewport = page.viewport_size or {"width": 0, "height": 0}
    sheet = page.locator('[data-testid="stColumn"]:has(.atlas-panel)').bounding_box()
    assert sheet is not None
    assert sheet["y"] >= viewport["height"] * 0.5, sheet  # the lower part of the screen
    assert sheet["y"] + sheet["height"] <= viewport["height"] + 1, sheet
    # The map is still on screen above the sheet.
    frame_box = page.locator(MAP_FRAME_SELECTOR).bounding_box()
    assert frame_box is not None
    visible_map = min(frame_box["y"] + frame_box["height"], sheet["y"]) - max(frame_box["y"], 0)
    assert visible_map >= viewport["height"] * 0.3, (frame_box, sheet)
    # The sheet closes with its button.
    page.get_by_role("button", name="Clear selection").tap()
    expect(page.locator(".atlas-panel")).to_have_count(0)


# --- Every screen: the legend hides no member -------------------------------------------------

_MEMBERS_UNDER_LEGEND_JS = """(nonMember) => {
  const map = window.natoAtlas.map;
  const legend = document.getElementById('atlas-legend').getBoundingClientRect();
  const size = map.getSize();
  const rows = [];
  map.eachLayer((layer) => {
    const el = layer.getElement && layer.getElement();
    if (!el || !el.dataset || !el.dataset.area || el.style.display === 'none') return;
    if ((el.getAttribute('fill') || '').toLowerCase() === nonMember) return;
    const b = layer.getBounds();
    if (b.getEast() - b.getWest() > 180) return;  // across the antimeridian: no middle
    const c = map.latLngToContainerPoint(b.getNorthEast())
      .add(map.latLngToContainerPoint(b.getSouthWest())).divideBy(2);
    rows.push({area: el.dataset.area, x: c.x, y: c.y,
               onMap: c.x >= 0 && c.y >= 0 && c.x <= size.x && c.y <= size.y,
               under: c.x >= legend.left && c.x <= legend.right
                      && c.y >= legend.top && c.y <= legend.bottom});
  });
  return rows;
}"""
_SETTLED_JS = """() => {
  const map = window.natoAtlas.map;
  return !map._animatingZoom && !(map._panAnim && map._panAnim._inProgress);
}"""


def _members(frame: Frame, non_member_fill: str) -> dict[str, dict[str, Any]]:
    frame.wait_for_timeout(1_200)  # a scene's flight lasts 0.8 s
    frame.wait_for_function(_SETTLED_JS)
    rows = frame.evaluate(_MEMBERS_UNDER_LEGEND_JS, non_member_fill.lower())
    return {row["area"]: row for row in rows}


def _assert_clear(members: dict[str, dict[str, Any]], shown: tuple[str, ...]) -> None:
    for area in shown:
        assert area in members and members[area]["onMap"], (area, members.get(area))
    under = sorted(area for area, row in members.items() if row["under"])
    assert not under, f"under the legend: {under}"


def test_desktop_legend_hides_no_member(browser: Browser, request: pytest.FixtureRequest,
                                        atlas_server: StreamlitServer) -> None:
    page = _screen(browser, request, 1400, 1000)
    frame = open_atlas(page, atlas_server, year=1999)
    expect(frame.locator(".atlas-legend-body")).to_be_visible()  # open on a desktop
    _assert_clear(_members(frame, NON_MEMBER_FILL), ("PRT", "ESP", "GBR", "ITA", "TUR"))
    # Closed and open again: the map frames around it each time.
    frame.locator(".atlas-legend-toggle").click()
    expect(frame.locator(".atlas-legend-body")).to_be_hidden()
    _assert_clear(_members(frame, NON_MEMBER_FILL), ("PRT", "ESP", "GBR"))
    frame.locator(".atlas-legend-toggle").click()
    expect(frame.locator(".atlas-legend-body")).to_be_visible()
    _assert_clear(_members(frame, NON_MEMBER_FILL), ("PRT", "ESP", "GBR"))


@pytest.mark.parametrize(("width", "height"), [(1400, 1000), (1920, 1080)])
def test_presenter_legend_hides_no_member(browser: Browser, request: pytest.FixtureRequest,
                                          atlas_server: StreamlitServer, width: int,
                                          height: int) -> None:
    """On a projector the legend stays open, the members framed clear of it; on a smaller
    screen a presenter legend that cannot be kept clear of every member closes by itself."""
    page = _screen(browser, request, width, height)
    frame = open_atlas(page, atlas_server, present=1, year=1999)
    _assert_clear(_members(frame, PRESENTER_NON_MEMBER_FILL), ("PRT", "ESP", "GBR", "ITA"))
    if width >= 1920:
        expect(frame.locator(".atlas-legend-body")).to_be_visible()
    frame = open_atlas(page, atlas_server, present=1, scene="kfor-1999")
    _assert_clear(_members(frame, PRESENTER_NON_MEMBER_FILL), ("ITA", "HUN", "GRC"))
    if width >= 1920:
        expect(frame.locator(".atlas-legend-body")).to_be_visible()
    # The whole map is on the screen, below the year control and the caption.
    box = page.locator(MAP_FRAME_SELECTOR).bounding_box()
    assert box is not None and box["y"] + box["height"] <= height, box
