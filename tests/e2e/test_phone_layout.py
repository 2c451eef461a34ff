"""Phones, tablets, desktops and projectors (issue 13, part 1) in a real browser.

At 390 x 844 (a phone) and 768 x 1024 (a tablet), in English and in Persian (right to left):
no page scrolls sideways, the collapsed sidebar is wholly off the screen and its button a touch
target, the year control fits, the map takes at least 60 % of the screen's height, the legend
starts closed behind a button, touch targets are at least 44 px and text at least 16 px, the
Türkiye map's labels do not cover one another, and tapping a marker brings its quotes into view
with the map still on screen. On every screen, in every scene and language: no member's centre
(the middle of its outline's box) lies under the legend, nor a third of its outline, and the
legend's box holds its labels.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from atlas.facts import load_facts
from atlas.i18n import Translator, translator
from atlas.palette import NON_MEMBER_FILL, PRESENTER_NON_MEMBER_FILL
from atlas.turkey import queries as turkey_queries
from atlas.turkey.map import STRAITS
from atlas_testing.atlas_page import (
    MAP_FRAME_SELECTOR,
    TURKIYE_MAP_FRAME_SELECTOR,
    TURKIYE_MAP_URL_PART,
    font_px,
    open_atlas,
    url_param_is,
    wait_for_app_idle,
    wait_for_map,
    zoom_map_to,
)
from atlas_testing.browser import new_context
from atlas_testing.servers import StreamlitServer

SMALL_SCREENS = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 768, "height": 1024}}
# A phone in English and in Persian (right to left, the narrowest screen); a tablet in Persian,
# whose layout is the phone's, wider. English on a tablet adds nothing the others do not check.
SMALL_SCREEN_CASES = [("phone", "en"), ("phone", "fa"), ("tablet", "fa")]
MIN_TOUCH_PX = 44
MIN_TEXT_PX = 16
PAGES = ["", "timeline", "turkey", "sources", "data"]
TURKIYE_SYMBOLS = len(turkey_queries.hosted_sites(load_facts())) + len(STRAITS)


class SmallScreen(NamedTuple):
    page: Page
    lang: str
    tr: Translator


@pytest.fixture(params=SMALL_SCREEN_CASES, ids="-".join)
def small(request: pytest.FixtureRequest, browser: Browser) -> SmallScreen:
    """A touch screen of a phone or a tablet in a language (watched by the offline guard)."""
    screen, lang = request.param
    context = new_context(browser, viewport=SMALL_SCREENS[screen], has_touch=True,
                          is_mobile=screen == "phone")
    context.set_default_timeout(15_000)
    request.addfinalizer(context.close)
    return SmallScreen(context.new_page(), lang, translator(lang))


def _screen(browser: Browser, request: pytest.FixtureRequest, width: int, height: int) -> Page:
    context = new_context(browser, viewport={"width": width, "height": height})
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


# The collapsed sidebar: what of it is drawn on the screen, and where its open button is.
_SIDEBAR_JS = """() => {
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  const shown = [...sidebar.querySelectorAll('*')].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.right > 0 && box.left < innerWidth
      && getComputedStyle(el).visibility === 'visible';
  }).slice(0, 5).map((el) => `${el.tagName} ${el.textContent.trim().slice(0, 20)}`);
  const button = document.querySelector('[data-testid="stExpandSidebarButton"]');
  return {shown, button: button && button.getBoundingClientRect().toJSON(), width: innerWidth};
}"""

# The Türkiye map's labels drawn on it, and any two whose boxes overlap.
_TURKIYE_LABELS_JS = """() => {
  const labels = [...document.querySelectorAll('.tk-label, .tk-mission')]
    .filter((el) => el.getBoundingClientRect().width > 0
                    && getComputedStyle(el).visibility === 'visible');
  const boxes = labels.map((el) => [el.textContent.trim(), el.getBoundingClientRect()]);
  const overlapping = [];
  boxes.forEach(([a, p], i) => boxes.slice(i + 1).forEach(([b, q]) => {
    if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) {
      overlapping.push([a, b]);
    }
  }));
  const symbols = [...document.querySelectorAll('.tk-pin > svg')]
    .filter((el) => el.getBoundingClientRect().width > 0).length;
  return {shown: boxes.length, overlapping, symbols};
}"""


def _turkiye_map(page: Page) -> Frame:
    page.locator(TURKIYE_MAP_FRAME_SELECTOR).scroll_into_view_if_needed()
    page.wait_for_function("""() => [...document.querySelectorAll('iframe')].some((f) => {
      try { return f.contentDocument.querySelector('.tk-label'); } catch (e) { return false; }
    })""")
    page.wait_for_timeout(500)  # the labels make room for one another on the next frame
    return next(f for f in page.frames if TURKIYE_MAP_URL_PART in f.url
                and f.evaluate("() => Boolean(document.querySelector('.tk-label'))"))


def test_every_page_fits_the_screen_with_readable_text(small: SmallScreen,
                                                       atlas_server: StreamlitServer) -> None:
    page = small.page
    for path in PAGES:
        page.goto(atlas_server.url(path, lang=small.lang))
        wait_for_app_idle(page)
        # The page's title is drawn, and so its stylesheet, which comes before it.
        expect(page.locator('[data-testid="stMain"] h1').first).to_be_visible()
        if small.tr.direction == "rtl":
            expect(page.locator(".atlas-rtl")).to_have_count(1)
        page.wait_for_timeout(300)
        result: dict[str, Any] = page.evaluate(_OVERFLOW_JS)
        assert result["scroll"] <= result["width"], (path, result)
        assert not result["outside"], (path, result)
        too_small = page.evaluate(_SMALL_TEXT_JS, MIN_TEXT_PX)
        assert not too_small, (path, too_small)
        # The sidebar starts collapsed: nothing of it on the screen (right to left it used to
        # stand over the page as a column of letters), its open button a touch target.
        sidebar = page.evaluate(_SIDEBAR_JS)
        assert not sidebar["shown"], (path, sidebar)
        button = sidebar["button"]
        assert button and button["width"] >= MIN_TOUCH_PX and button["height"] >= MIN_TOUCH_PX
        assert button["x"] >= 0 and button["x"] + button["width"] <= sidebar["width"], button
        if path == "turkey":
            labels = _turkiye_map(page).evaluate(_TURKIYE_LABELS_JS)
            assert not labels["overlapping"], labels
            # Labels give way, symbols never: every site and Strait keeps its symbol (a tap
            # gives its name), and more than half of the labels stay.
            assert labels["symbols"] == TURKIYE_SYMBOLS, labels
            assert labels["shown"] > TURKIYE_SYMBOLS / 2, labels


def _year_control(page: Page) -> dict[str, Any]:
    boxes = {}
    for name, selector in (("play", ".atlas-play"), ("slider", ".atlas-year-input"),
                           ("speed", ".atlas-speed")):
        box = page.locator(selector).bounding_box()
        assert box is not None, name
        boxes[name] = box
    return boxes


def test_year_control_fits_with_touch_targets_and_readable_text(
        small: SmallScreen, atlas_server: StreamlitServer) -> None:
    page = small.page
    frame = open_atlas(page, atlas_server, year=1999, lang=small.lang)
    width = page.viewport_size["width"] if page.viewport_size else 0
    for name, box in _year_control(page).items():
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, box)
        assert box["height"] >= MIN_TOUCH_PX, (name, box)
    for selector in (".atlas-year-name", ".atlas-speed-name", ".atlas-speed", ".atlas-play"):
        assert font_px(page, selector) >= MIN_TEXT_PX, selector
    assert font_px(page, ".atlas-caption") >= MIN_TEXT_PX
    assert font_px(page, '[data-testid="stCaptionContainer"] p') >= MIN_TEXT_PX
    for selector in (".atlas-legend", ".atlas-legend .key", ".atlas-legend .wave"):
        assert font_px(frame, selector) >= MIN_TEXT_PX, selector
    for selector in (".atlas-legend-toggle", ".leaflet-control-zoom-in",
                     ".leaflet-control-zoom-out", ".atlas-export button"):
        box = frame.locator(selector).first.bounding_box()
        assert box is not None and box["height"] >= MIN_TOUCH_PX, (selector, box)


def test_year_control_fits_a_phone_in_presenter_mode(browser: Browser,
                                                     request: pytest.FixtureRequest,
                                                     atlas_server: StreamlitServer) -> None:
    """A phone in presenter mode (a teacher trying the story on it) keeps the whole year
    control on its screen: a projector's large buttons would push the speed out of the row."""
    phone = SMALL_SCREENS["phone"]
    page = _screen(browser, request, phone["width"], phone["height"])
    open_atlas(page, atlas_server, year=1999, present=1)
    for name, box in _year_control(page).items():
        assert box["x"] >= 0 and box["x"] + box["width"] <= phone["width"], (name, box)
        assert box["height"] >= MIN_TOUCH_PX, (name, box)


def test_map_takes_most_of_the_screen_and_the_legend_starts_closed(
        small: SmallScreen, atlas_server: StreamlitServer) -> None:
    page = small.page
    frame = open_atlas(page, atlas_server, year=1999, lang=small.lang)
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
    expect(toggle).to_contain_text(small.tr("year.members", count=19))
    page.locator(MAP_FRAME_SELECTOR).scroll_into_view_if_needed()
    toggle.tap()
    expect(body).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    # The border layer's switch lives in the legend now.
    expect(body.locator("[data-border-toggle]")).to_be_visible()
    toggle.tap()
    expect(body).to_be_hidden()


def test_tapping_a_marker_brings_its_quotes_into_view(small: SmallScreen,
                                                      atlas_server: StreamlitServer) -> None:
    page = small.page
    frame = open_atlas(page, atlas_server, year=2012, lang=small.lang)
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
    page.get_by_role("button", name=small.tr("panel.close")).tap()
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
    const onMap = (p) => p.x >= 0 && p.y >= 0 && p.x <= size.x && p.y <= size.y;
    const under = (p) => p.x >= legend.left && p.x <= legend.right
      && p.y >= legend.top && p.y <= legend.bottom;
    const c = map.latLngToContainerPoint(b.getNorthEast())
      .add(map.latLngToContainerPoint(b.getSouthWest())).divideBy(2);
    // Every point of its outline on the map, and how many of them the legend covers.
    const outline = layer.getLatLngs().flat(3).map((ll) => map.latLngToContainerPoint(ll))
      .filter(onMap);
    rows.push({area: el.dataset.area, x: c.x, y: c.y, onMap: onMap(c), under: under(c),
               outlineUnder: outline.length ? outline.filter(under).length / outline.length : 0});
  });
  return rows;
}"""
# Still: the view (centre, zoom, size) and the legend's box unchanged for quietMs. A scene's
# flight (0.8 s) or a re-framing after the caption changed the frame's height moves them on
# every animation frame; the flight starts when the year control tells the map, before the
# page's run has settled, which the callers wait for first.
_SETTLED_JS = """(quietMs) => {
  const map = window.natoAtlas.map;
  const legend = document.getElementById('atlas-legend').getBoundingClientRect();
  const c = map.getCenter(), size = map.getSize();
  const view = [c.lat.toFixed(5), c.lng.toFixed(5), map.getZoom().toFixed(3), size.x, size.y,
                legend.left, legend.top, legend.width, legend.height].join();
  const now = performance.now();
  if (view !== window.__atlasView) {
    window.__atlasView = view;
    window.__atlasViewSince = now;
    return false;
  }
  return now - window.__atlasViewSince >= quietMs;
}"""


def _members(frame: Frame, non_member_fill: str) -> dict[str, dict[str, Any]]:
    frame.evaluate("() => { window.__atlasView = undefined; }")
    frame.wait_for_function(_SETTLED_JS, arg=400, polling=50)
    rows = frame.evaluate(_MEMBERS_UNDER_LEGEND_JS, non_member_fill.lower())
    return {row["area"]: row for row in rows}


# The legend's labels drawn past its box's edges (long Turkish or Persian labels).
_LEGEND_OVERFLOW_JS = """() => {
  const box = document.getElementById('atlas-legend').getBoundingClientRect();
  return [...document.querySelectorAll('#atlas-legend *')].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1
                           || r.bottom > box.bottom + 1);
  }).map((el) => el.textContent.trim().slice(0, 40));
}"""
MAX_OUTLINE_UNDER = 1 / 3


def _assert_clear(members: dict[str, dict[str, Any]], shown: tuple[str, ...]) -> None:
    for area in shown:
        assert area in members and members[area]["onMap"], (area, members.get(area))
    under = sorted(area for area, row in members.items() if row["under"])
    assert not under, f"under the legend: {under}"
    hidden = {area: round(row["outlineUnder"], 2) for area, row in members.items()
              if row["outlineUnder"] > MAX_OUTLINE_UNDER}
    assert not hidden, f"a third of their outline under the legend: {hidden}"


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
    """On a projector, and on a 1400 px screen too, the legend is on the screen in the KFOR
    scene (compact if need be: the member count and the years), clear of every member."""
    page = _screen(browser, request, width, height)
    frame = open_atlas(page, atlas_server, present=1, year=1999)
    _assert_clear(_members(frame, PRESENTER_NON_MEMBER_FILL), ("PRT", "ESP", "GBR", "ITA"))
    frame = open_atlas(page, atlas_server, present=1, scene="kfor-1999")
    _assert_clear(_members(frame, PRESENTER_NON_MEMBER_FILL), ("ITA", "HUN", "GRC"))
    expect(frame.locator(".atlas-legend-body")).to_be_visible()
    expect(frame.locator(".atlas-legend .wave").first).to_be_visible()
    # The whole map is on the screen, below the year control and the caption.
    box = page.locator(MAP_FRAME_SELECTOR).bounding_box()
    assert box is not None and box["y"] + box["height"] <= height, box


@pytest.mark.parametrize("lang", ["fa", "tr"])
def test_presenter_legend_holds_its_labels_and_hides_no_member_in_any_scene(
        browser: Browser, request: pytest.FixtureRequest, atlas_server: StreamlitServer,
        lang: str) -> None:
    """The story on a 1920 x 1080 projector, scene by scene, in Persian (right to left) and
    Turkish (the longest labels): the legend's box holds every label, and no member's centre
    nor a third of its outline is under it."""
    page = _screen(browser, request, 1920, 1080)
    scenes = list(load_facts().scenes.values())
    frame = open_atlas(page, atlas_server, present=1, scene=scenes[0].id, lang=lang)
    page.locator(".atlas-caption").first.click()  # the clicker's keys go to the page
    for number, scene in enumerate(scenes):
        if number:
            page.keyboard.press("PageDown")
            page.wait_for_url(url_param_is("scene", scene.id))
            wait_for_app_idle(page)
            frame = wait_for_map(page)
        members = _members(frame, PRESENTER_NON_MEMBER_FILL)
        assert not frame.evaluate(_LEGEND_OVERFLOW_JS), (scene.id, lang)
        try:
            _assert_clear(members, ())
        except AssertionError as error:
            raise AssertionError(f"{scene.id} ({lang}): {error}") from None
