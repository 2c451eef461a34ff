"""The atlas in a Playwright page: waiting for the map frame to paint a year and for
Streamlit's script runs to settle, reading the map's year and the URL's parameters, and moving
the map as a reader would before a click."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Frame, Page

from atlas_testing.servers import StreamlitServer

MAP_FRAME_URL_PART = "streamlit_folium"
MAP_FRAME_SELECTOR = 'iframe[title="streamlit_folium.st_folium"]'
# The Türkiye page's map: a document of static/gen/ in a frame (atlas/cached.py).
TURKIYE_MAP_URL_PART = "/gen/turkiye-map-"
TURKIYE_MAP_FRAME_SELECTOR = f'iframe[src*="{TURKIYE_MAP_URL_PART}"]'
# The element Streamlit shows for an exception: a user must never see one.
EXCEPTION_SELECTOR = '[data-testid="stException"]'

_MAP_PAINTED_JS = """(part) => {
  for (const frame of document.querySelectorAll('iframe')) {
    if (!frame.src.includes(part)) continue;
    try {
      const body = frame.contentDocument && frame.contentDocument.body;
      // Painted the year its page asked for: at boot it paints the last year, until the year
      // control's first message arrives.
      if (body && body.dataset.atlasYear && body.dataset.atlasYearFrom === 'page') return true;
    } catch (error) { /* another origin: not the map */ }
  }
  return false;
}"""


def wait_for_map(page: Page, timeout_ms: float = 30_000) -> Frame:
    """Wait until the map frame has painted the year its page asked for; return that frame."""
    page.wait_for_function(_MAP_PAINTED_JS, arg=MAP_FRAME_URL_PART, timeout=timeout_ms)
    for frame in page.frames:
        if MAP_FRAME_URL_PART in frame.url and frame.evaluate(
                "() => Boolean(document.body && document.body.dataset.atlasYearFrom)"):
            return frame
    raise AssertionError("the map frame painted, then went away")


_APP_IDLE_JS = """(quietMs) => {
  // Streamlit marks its root with the script's state and the connection's; idle = connected
  // and not running for quietMs. A page whose server is away is not running either.
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute('data-test-script-state');
  const connection = app && app.getAttribute('data-test-connection-state');
  const now = performance.now();
  if (state !== 'notRunning' || connection !== 'CONNECTED' || window.__atlasBusyAt === undefined) {
    window.__atlasBusyAt = now;
    return false;
  }
  return now - window.__atlasBusyAt >= quietMs;
}"""


def wait_for_app_idle(page: Page, quiet_ms: int = 250, timeout_ms: float = 15_000,
                      polling_ms: int = 50) -> None:
    """Wait until the page is connected and no script run has been going on for `quiet_ms`
    (first runs may rerun; after a server restart the page first has to reconnect)."""
    page.evaluate("() => { delete window.__atlasBusyAt; }")
    page.wait_for_function(_APP_IDLE_JS, arg=quiet_ms, timeout=timeout_ms, polling=polling_ms)


def open_atlas(page: Page, server: StreamlitServer, path: str = "", **params: str | int
               ) -> Frame:
    """Open a page of the atlas and wait for its map, once the page has stopped rerunning
    (a rerun may replace the map frame)."""
    page.goto(server.url(path, **params))
    return settled_map(page)


def settled_map(page: Page, idle_timeout_ms: float = 15_000, polling_ms: int = 50) -> Frame:
    """The map frame of a page that is loading, once it has painted and the runs have
    stopped (a rerun may replace the frame)."""
    wait_for_map(page)
    wait_for_app_idle(page, timeout_ms=idle_timeout_ms, polling_ms=polling_ms)
    return wait_for_map(page)


def map_year(frame: Frame) -> int | None:
    value = frame.evaluate("() => document.body.dataset.atlasYear || null")
    return None if value is None else int(value)


def wait_for_map_year(frame: Frame, year: int, timeout_ms: float = 3_000) -> None:
    try:
        frame.wait_for_function("(y) => document.body.dataset.atlasYear === String(y)",
                                arg=year, timeout=timeout_ms)
    except Exception as error:
        raise AssertionError(f"the map did not paint {year} within {timeout_ms:.0f} ms; "
                             f"it shows {map_year(frame)}") from error


def query_param(page: Page, name: str) -> str | None:
    values = parse_qs(urlsplit(page.url).query).get(name)
    return values[0] if values else None


def wait_for_param(page: Page, name: str, value: str | None, timeout_ms: float = 5_000
                   ) -> None:
    """Until the address has name=value, or no `name` when value is None (polled: the atlas
    changes the URL in place)."""
    page.wait_for_function("([n, v]) => new URLSearchParams(location.search).get(n) === v",
                           arg=[name, value], timeout=timeout_ms)


def url_param_is(name: str, value: str) -> Callable[[str], bool]:
    """A URL predicate for page.wait_for_url / expect(page).to_have_url."""
    return lambda url: parse_qs(urlsplit(url).query).get(name, [None])[0] == value


def year_caption_pattern(year: int) -> re.Pattern[str]:
    """The year's caption: "1999: Czechia, Hungary and Poland joined ..." (the year first)."""
    return re.compile(rf"^\s*{year}\s*:")


def font_px(target: Frame | Page, selector: str) -> float:
    """The computed font size of the first element `selector` finds."""
    return float(target.locator(selector).first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"))


def area_state(frame: Frame, area: str) -> dict[str, Any] | None:
    """fill attribute and visibility of the path of an area (ISO3, FRG, GDR, WBER)."""
    result: dict[str, Any] | None = frame.evaluate(
        """(area) => {
          const el = document.querySelector(`path[data-area="${area}"]`);
          if (!el) return null;
          return {fill: (el.getAttribute('fill') || '').toLowerCase(),
                  visible: el.style.display !== 'none' && getComputedStyle(el).display !== 'none'};
        }""", area)
    return result


# The point goes right of and above the centre: the legend fills the lower left of the map.
_SET_VIEW_JS = """([lat, lon, zoom]) => {
  const map = window.natoAtlas.map;
  map.closePopup();
  const size = map.getSize();
  const point = map.project([lat, lon], zoom).subtract([size.x * 0.15, -size.y * 0.1]);
  map.setView(map.unproject(point, zoom), zoom, {animate: false});
}"""
_VIEW_IS_JS = """([lat, lon, zoom]) => {
  const map = window.natoAtlas.map;
  const at = map.latLngToContainerPoint([lat, lon]);
  const size = map.getSize();
  return map.getZoom() === zoom && Math.abs(at.x - size.x * 0.65) < 3
    && Math.abs(at.y - size.y * 0.4) < 3;
}"""


def zoom_map_to(frame: Frame, lat: float, lon: float, zoom: int, settle_ms: int = 250) -> None:
    """Zoom the map as a reader would before clicking a site among close neighbours: the
    point ends up right of and above the map's centre, clear of the legend; any open popup is
    closed. The map refits itself when its frame resizes (after a rerun, the page's scrollbar
    may come or go), so the view is set again until it holds for a moment."""
    for _ in range(10):
        # In braces: setView returns the map, which Playwright would serialize (seconds).
        frame.evaluate(_SET_VIEW_JS, [lat, lon, zoom])
        frame.wait_for_timeout(settle_ms)
        if frame.evaluate(_VIEW_IS_JS, [lat, lon, zoom]):
            return
    raise AssertionError(f"the map would not stay at ({lat}, {lon}) zoom {zoom}")
