"""The map and its year control in a real browser: painting, divided Germany, dragging the
slider and stepping with the keyboard. The map follows the slider in the browser (by
postMessage) on every step; Python, the caption and the URL follow when the user lets go."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Frame, Page, Response, expect

from atlas.mapview import NON_MEMBER_FILL
from atlas_testing.atlas_page import (
    TURKIYE_MAP_FRAME_SELECTOR,
    area_state,
    map_year,
    open_atlas,
    query_param,
    url_param_is,
    wait_for_map_year,
    year_caption_pattern,
)
from atlas_testing.servers import StreamlitServer

FIRST_YEAR = 1949
THIS_YEAR = dt.date.today().year
SETTLE_MS = 3_000  # after a release, the caption and the URL must follow within this

# Records, in the map frame, every year written to <body data-atlas-year>, in order.
RECORD_PAINTS_JS = """() => {
  window.__paints = [];
  if (window.__paintObserver) return;
  window.__paintObserver = new MutationObserver(
    () => window.__paints.push(Number(document.body.dataset.atlasYear)));
  window.__paintObserver.observe(document.body,
                                 {attributes: true, attributeFilter: ['data-atlas-year']});
}"""


def painted(frame: Frame) -> list[int]:
    years: list[int] = frame.evaluate("() => window.__paints.slice()")
    return years


def expect_settled(page: Page, frame: Frame, year: int) -> None:
    """Slider, map, caption and URL all show `year` once the page has followed a release."""
    expect(page.get_by_role("slider", name="Year")).to_have_value(str(year))
    page.wait_for_url(url_param_is("year", str(year)), timeout=SETTLE_MS, wait_until="commit")
    expect(page.get_by_text(year_caption_pattern(year)).first).to_be_visible(timeout=SETTLE_MS)
    wait_for_map_year(frame, year)


def test_map_paints_this_year_on_the_vendored_leaflet(page: Page,
                                                     atlas_server: StreamlitServer) -> None:
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    frame = open_atlas(page, atlas_server)

    assert map_year(frame) == THIS_YEAR
    assert frame.locator("path[data-area]").count() > 100, "the country polygons are missing"
    expect(frame.locator("#atlas-year")).to_have_text(str(THIS_YEAR))
    expect(page.get_by_role("slider", name="Year")).to_have_value(str(THIS_YEAR))
    turkey = area_state(frame, "TUR")
    assert turkey is not None and turkey["visible"]
    assert turkey["fill"] not in ("", NON_MEMBER_FILL), "Türkiye is painted as a non-member"

    # Offline: Leaflet comes from /app/static, inside the frame's one script file (the guard
    # fails any request elsewhere), and every asset asked for was found (a 404 would be a
    # vendored file gone missing).
    loaded = {r.url.split("?")[0].removeprefix(atlas_server.base): r.status for r in responses}
    frame_scripts = [url for url in loaded
                     if url.startswith("/app/static/gen/frame-map-en-screen.")]
    assert len(frame_scripts) == 1 and loaded[frame_scripts[0]] == 200, sorted(loaded)
    assert loaded.get("/app/static/leaflet/leaflet.css") == 200, sorted(loaded)
    assert frame.evaluate("() => typeof L === 'object' && typeof L.version === 'string'")
    missing = {url: status for url, status in loaded.items() if status >= 400}
    assert not missing, missing


def test_the_turkiye_map_finds_every_file_it_asks_for(page: Page,
                                                      atlas_server: StreamlitServer) -> None:
    """The Türkiye page's folium map loads Leaflet from /app/static too; folium makes each
    marker with Leaflet's default icon first, whose folder Leaflet must not guess wrongly."""
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(atlas_server.url("turkey"))
    frame = page.frame_locator(TURKIYE_MAP_FRAME_SELECTOR).first
    expect(frame.locator(".tk-marker").first).to_be_attached(timeout=20_000)
    page.wait_for_timeout(500)  # the markers' images, if any, have been asked for
    static = {r.url.split("?")[0].removeprefix(atlas_server.base): r.status for r in responses
              if "/app/static/" in r.url}
    assert static.get("/app/static/leaflet/leaflet.js") == 200, sorted(static)
    missing = {url: status for url, status in static.items() if status >= 400}
    assert not missing, missing


def test_1955_divided_germany(page: Page, atlas_server: StreamlitServer) -> None:
    frame = open_atlas(page, atlas_server, year=1955)

    assert map_year(frame) == 1955
    west, east, unified = (area_state(frame, a) for a in ("FRG", "GDR", "DEU"))
    assert west is not None and east is not None and unified is not None
    assert west["visible"] and west["fill"] != NON_MEMBER_FILL, f"West Germany in 1955: {west}"
    assert east["visible"] and east["fill"] == NON_MEMBER_FILL, f"East Germany in 1955: {east}"
    assert not unified["visible"], "unified Germany is drawn in 1955"
    # The Saar joined West Germany, and so NATO, on 1957-01-01: outside the alliance in 1955.
    saar = area_state(frame, "SAAR")
    assert saar is not None and saar["visible"] and saar["fill"] == NON_MEMBER_FILL, saar


def test_1957_the_saar_in_west_germany(page: Page, atlas_server: StreamlitServer) -> None:
    frame = open_atlas(page, atlas_server, year=1957)

    west, saar = (area_state(frame, a) for a in ("FRG", "SAAR"))
    assert west is not None and saar is not None
    assert saar["visible"] and saar["fill"] == west["fill"], f"the Saar in 1957: {saar}"


def test_1990_unified_germany(page: Page, atlas_server: StreamlitServer) -> None:
    frame = open_atlas(page, atlas_server, year=1990)

    assert map_year(frame) == 1990
    west, east, unified = (area_state(frame, a) for a in ("FRG", "GDR", "DEU"))
    assert unified is not None and unified["visible"], f"Germany in 1990: {unified}"
    assert unified["fill"] != NON_MEMBER_FILL, "unified Germany is painted as a non-member"
    for piece, state in (("FRG", west), ("GDR", east)):
        assert state is None or not state["visible"], f"{piece} still drawn in 1990"


def test_drag_paints_every_year_before_release(page: Page,
                                              atlas_server: StreamlitServer) -> None:
    frame = open_atlas(page, atlas_server, year=1995)
    slider = page.get_by_role("slider", name="Year")
    expect(slider).to_have_value("1995")
    slider.focus()
    box = slider.bounding_box()
    assert box is not None
    low, high = int(slider.get_attribute("min") or 0), int(slider.get_attribute("max") or 0)
    assert (low, high) == (FIRST_YEAR, THIS_YEAR)

    # Chromium's thumb centre runs from half a thumb in from the left end to half a thumb in
    # from the right end; a ~16 px thumb is close enough, the drag goes by the value read back.
    def x_of(year: float) -> float:
        return box["x"] + 8 + (box["width"] - 16) * (year - low) / (high - low)

    y = box["y"] + box["height"] / 2
    frame.evaluate(RECORD_PAINTS_JS)
    page.mouse.move(x_of(1995), y)
    page.mouse.down()
    x = x_of(1995)
    for _ in range(400):
        if int(slider.input_value()) >= 2005:
            break
        x += 2  # a few pixels per move, as a hand does; every year is ~8 px wide here
        page.mouse.move(x, y)
    assert slider.input_value() == "2005", "could not drag the thumb to 2005"
    during = painted(frame)
    url_year_during_drag = query_param(page, "year")
    page.mouse.up()

    missing = sorted(set(range(1996, 2006)) - set(during))
    assert not missing, f"years not painted while dragging: {missing} (painted {during})"
    assert during == sorted(during), f"years painted out of order: {during}"
    # Nothing is reported to Python until the thumb is let go.
    assert url_year_during_drag == "1995"
    expect_settled(page, frame, 2005)


def test_keyboard_steps_without_focus(page: Page, atlas_server: StreamlitServer) -> None:
    frame = open_atlas(page, atlas_server, year=2000)
    page.get_by_role("heading", level=1).first.click()  # focus nothing in particular

    page.keyboard.press("ArrowRight")
    wait_for_map_year(frame, 2001, timeout_ms=1_000)
    expect_settled(page, frame, 2001)

    page.keyboard.press("Home")
    wait_for_map_year(frame, FIRST_YEAR, timeout_ms=1_000)
    expect_settled(page, frame, FIRST_YEAR)

    page.keyboard.press("End")
    wait_for_map_year(frame, THIS_YEAR, timeout_ms=1_000)
    expect_settled(page, frame, THIS_YEAR)


def test_keyboard_steps_stay_in_step_after_each_rerun(page: Page,
                                                      atlas_server: StreamlitServer) -> None:
    """Step, let the page follow, step again, several times: after each rerun the slider, the
    map, the caption and the URL must agree (a rerun must not push back an older year)."""
    frame = open_atlas(page, atlas_server, year=1995)
    page.get_by_role("heading", level=1).first.click()
    for year in (1996, 1997, 1998, 1999):
        page.keyboard.press("ArrowRight")
        wait_for_map_year(frame, year, timeout_ms=1_000)
        expect_settled(page, frame, year)
        page.wait_for_timeout(500)  # any late rerun has landed by now
        assert map_year(frame) == year, f"the map went back to {map_year(frame)} after {year}"
        expect(page.get_by_role("slider", name="Year")).to_have_value(str(year))
    assert frame.evaluate("() => window.natoAtlas.lastPaint.year") == 1999


def test_pressing_keys_quickly_paints_each_year(page: Page,
                                               atlas_server: StreamlitServer) -> None:
    """Ten quick ArrowRight presses (faster than the report delay): every year is painted,
    and the page settles on the last one."""
    frame = open_atlas(page, atlas_server, year=1995)
    page.get_by_role("heading", level=1).first.click()
    frame.evaluate(RECORD_PAINTS_JS)
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    wait_for_map_year(frame, 2005, timeout_ms=1_000)
    steps = painted(frame)
    assert steps[:10] == list(range(1996, 2006)), f"painted {steps}"
    expect_settled(page, frame, 2005)
    page.wait_for_timeout(500)
    assert map_year(frame) == 2005


BORDER_LINES_JS = """(bloc) => [...document.querySelectorAll(`path[data-bloc="${bloc}"]`)]
  .filter((el) => el.style.display !== 'none').length"""


def test_border_layer_toggles_and_follows_the_year(page: Page,
                                                   atlas_server: StreamlitServer) -> None:
    frame = open_atlas(page, atlas_server, year=1960)
    # Off by default: no line shown.
    assert frame.evaluate(BORDER_LINES_JS, "warsaw_pact") == 0
    assert frame.evaluate(BORDER_LINES_JS, "ussr_russia") == 0
    frame.locator("[data-border-toggle]").check()
    # 1960: the inner-German border and the others with the Pact, Norway's and Türkiye's
    # with the Soviet Union.
    assert frame.evaluate(BORDER_LINES_JS, "warsaw_pact") >= 4
    assert frame.evaluate(BORDER_LINES_JS, "ussr_russia") >= 2
    page.get_by_role("heading", level=1).first.click()
    page.keyboard.press("End")
    wait_for_map_year(frame, THIS_YEAR, timeout_ms=1_000)
    # Today: no Warsaw Pact; Russia's border with Norway, Finland, the Baltic states, Poland.
    assert frame.evaluate(BORDER_LINES_JS, "warsaw_pact") == 0
    assert frame.evaluate(BORDER_LINES_JS, "ussr_russia") >= 4
    frame.locator("[data-border-toggle]").uncheck()
    assert frame.evaluate(BORDER_LINES_JS, "ussr_russia") == 0
