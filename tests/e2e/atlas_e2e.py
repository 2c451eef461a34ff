"""Helpers of the end-to-end tests: the Streamlit server, the offline check, and reading the
map frame. Fixtures live in conftest.py; test modules import these helpers from here."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from playwright.sync_api import Frame, Page

REPO_DIR = Path(__file__).resolve().parents[2]
FIXTURES_DIR = REPO_DIR / "tests" / "fixtures"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-default-apps",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Tall enough that the whole map frame is on screen (test_sources.py also tries a short one).
VIEWPORT = {"width": 1400, "height": 1300}
SERVER_START_TIMEOUT_S = 60
MAP_FRAME_URL_PART = "streamlit_folium"
MAP_FRAME_SELECTOR = 'iframe[title="streamlit_folium.st_folium"]'
NON_MEMBER_FILL = "#ecebe4"


# --- The Streamlit server ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StreamlitServer:
    name: str
    port: int
    log_path: Path
    process: subprocess.Popen[bytes]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "", **params: str | int) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base}/{path.lstrip('/')}{query}"

    def log(self, last_lines: int = 200) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as error:
            return f"(no log: {error})"
        return "\n".join(lines[-last_lines:])

    def log_size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def log_since(self, offset: int) -> str:
        try:
            with self.log_path.open("rb") as log_file:
                log_file.seek(offset)
                return log_file.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


RUNNING: list[StreamlitServer] = []


def start_streamlit(name: str, log_dir: Path, *, script: str = "app.py",
                    facts_dir: Path | None = None, port: int | None = None) -> StreamlitServer:
    """Start `streamlit run script` from the repo root (so .streamlit/ and static/ apply) on
    `port` (a free one by default) and wait for its health check; raise with the server's log
    if it does not come up."""
    port = port or free_port()
    log_path = log_dir / f"streamlit-{name}-{port}.log"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("ATLAS_FACTS_DIR", None)
    if facts_dir is not None:
        env["ATLAS_FACTS_DIR"] = str(facts_dir)
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=REPO_DIR, env=env, stdout=log_file,
                                   stderr=subprocess.STDOUT)
    server = StreamlitServer(name, port, log_path, process)
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit ({name}) exited with {process.returncode}:\n"
                               f"{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.base}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    RUNNING.append(server)
                    return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"streamlit ({name}) not healthy after {SERVER_START_TIMEOUT_S} s:\n"
                       f"{server.log()}")


def stop_streamlit(server: StreamlitServer) -> None:
    server.stop()
    if server in RUNNING:
        RUNNING.remove(server)



# --- Offline ----------------------------------------------------------------------------------


def is_local(url: str) -> bool:
    """Whether a request stays on this machine: 127.0.0.1/localhost, a data:/blob:/about:
    URL (a blob: URL is local when the origin it names is), or a file: URL on this machine
    (the exported site; not file://host/..., a network share)."""
    scheme, _, rest = url.partition(":")
    scheme = scheme.lower()
    if scheme in ("data", "about"):
        return True
    if scheme == "file":
        return (urlsplit(url).hostname or "localhost") == "localhost"
    if scheme == "blob":
        return is_local(rest)
    if scheme not in ("http", "https", "ws", "wss"):
        return False
    return (urlsplit(url).hostname or "") in LOCAL_HOSTS


# --- Helpers for the pages of the atlas -------------------------------------------------------

_MAP_PAINTED_JS = """(part) => {
  for (const frame of document.querySelectorAll('iframe')) {
    if (!frame.src.includes(part)) continue;
    try {
      const body = frame.contentDocument && frame.contentDocument.body;
      if (body && body.dataset.atlasYear) return true;
    } catch (error) { /* another origin: not the map */ }
  }
  return false;
}"""


def wait_for_map(page: Page, timeout_ms: float = 30_000) -> Frame:
    """Wait until the map frame has painted a year; return that frame."""
    page.wait_for_function(_MAP_PAINTED_JS, arg=MAP_FRAME_URL_PART, timeout=timeout_ms)
    for frame in page.frames:
        if MAP_FRAME_URL_PART in frame.url and frame.evaluate(
                "() => Boolean(document.body && document.body.dataset.atlasYear)"):
            return frame
    raise AssertionError("the map frame painted, then went away")


_APP_IDLE_JS = """(quietMs) => {
  // Streamlit marks its root with the script's state; idle = not running for quietMs.
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute('data-test-script-state');
  const now = performance.now();
  if (state !== 'notRunning' || window.__atlasBusyAt === undefined) {
    window.__atlasBusyAt = now;
    return false;
  }
  return now - window.__atlasBusyAt >= quietMs;
}"""


def wait_for_app_idle(page: Page, quiet_ms: int = 250, timeout_ms: float = 15_000) -> None:
    """Wait until no script run has been going on for `quiet_ms` (first runs may rerun)."""
    page.evaluate("() => { delete window.__atlasBusyAt; }")
    page.wait_for_function(_APP_IDLE_JS, arg=quiet_ms, timeout=timeout_ms, polling=50)


def open_atlas(page: Page, server: StreamlitServer, path: str = "", **params: str | int
               ) -> Frame:
    """Open a page of the atlas and wait for its map, once the page has stopped rerunning
    (a rerun may replace the map frame)."""
    page.goto(server.url(path, **params))
    wait_for_map(page)
    wait_for_app_idle(page)
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


def url_param_is(name: str, value: str) -> Callable[[str], bool]:
    """A URL predicate for page.wait_for_url / expect(page).to_have_url."""
    return lambda url: parse_qs(urlsplit(url).query).get(name, [None])[0] == value


def year_caption_pattern(year: int) -> re.Pattern[str]:
    """The year's caption: "1999: Czechia, Hungary and Poland joined ..." (the year first)."""
    return re.compile(rf"^\s*{year}\s*:")


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


def zoom_map_to(frame: Frame, lat: float, lon: float, zoom: int) -> None:
    """Zoom the map as a reader would before clicking a site among close neighbours: the
    point ends up right of and above the map's centre, clear of the legend; any open popup is
    closed. The map refits itself when its frame resizes (after a rerun, the page's scrollbar
    may come or go), so the view is set again until it holds for a moment."""
    for _ in range(10):
        # In braces: setView returns the map, which Playwright would serialize (seconds).
        frame.evaluate(_SET_VIEW_JS, [lat, lon, zoom])
        frame.wait_for_timeout(250)
        if frame.evaluate(_VIEW_IS_JS, [lat, lon, zoom]):
            return
    raise AssertionError(f"the map would not stay at ({lat}, {lon}) zoom {zoom}")
