"""Benchmark of the atlas against a naive Streamlit map, in Chromium, on this machine.

    python -m bench [--steps 40] [--baseline-steps 20] [--out bench/results/latest.json]

Starts the atlas (app.py) and the baseline (bench/naive_app.py) with `streamlit run` from the
repository root, drives them with Playwright in Debian's Chromium (CHROMIUM=path to override),
prints a table and writes the figures as JSON. bench/README.md says what each metric measures.
Not part of the test suite. (About 450 lines, one file: the in-page probes, the measurements
that use them and the table are one benchmark, read top to bottom.)
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Browser, BrowserContext, CDPSession, Frame, Page

from atlas_testing import REPO_DIR
from atlas_testing.atlas_page import (
    MAP_FRAME_SELECTOR,
    settled_map,
    wait_for_app_idle,
    zoom_map_to,
)
from atlas_testing.browser import guarded_chromium, new_context
from atlas_testing.servers import StreamlitServer, streamlit_running
from bench import stats

RESULTS_DIR = REPO_DIR / "bench" / "results"


# --- In-page instruments ----------------------------------------------------------------------

# In the main page, from its first moment: when a frame's <body data-atlas-year> first appears
# (checked every animation frame), the epoch ms of the next paint. (Observing from inside the
# map frame misses it: the frame starts as about:blank and keeps its window when it navigates.)
FIRST_PAINT_INIT = """(() => {
  if (window.top !== window) return;
  const tick = () => {
    for (const frame of document.querySelectorAll('iframe')) {
      let body;
      try { body = frame.contentDocument && frame.contentDocument.body; } catch (e) { continue; }
      if (body && body.dataset.atlasYear) {
        requestAnimationFrame(() => setTimeout(() => {
          window.__atlasFirstPaint = performance.timeOrigin + performance.now();
        }, 0));
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""

# In the main page: keydown times (epoch ms).
PAGE_PROBES = """() => {
  window.__keys = [];
  window.addEventListener(
    'keydown', (e) => window.__keys.push(performance.timeOrigin + e.timeStamp), true);
}"""

# Watches a document until `selector` shows `text`, then records the next paint (epoch ms).
WATCH_JS = """([key, selector, text]) => {
  window[key] = null;
  const tick = () => {
    const hit = [...document.querySelectorAll(selector)].some(
      (el) => el.textContent.includes(text) && el.getClientRects().length > 0);
    if (!hit) { requestAnimationFrame(tick); return; }
    requestAnimationFrame(() => setTimeout(() => {
      window[key] = performance.timeOrigin + performance.now();
    }, 0));
  };
  requestAnimationFrame(tick);
}"""

# In the baseline's map frame, from the main page: the epoch ms of the paint after the map of
# year y was built (the frame may be replaced by a rerun, so it is looked up every time).
NAIVE_PAINTED_JS = """(y) => {
  for (const frame of document.querySelectorAll('iframe')) {
    let body;
    try { body = frame.contentDocument && frame.contentDocument.body; } catch (e) { continue; }
    if (!body || body.dataset.naiveYear !== String(y)) continue;
    if (window.__naiveMark !== y) {
      window.__naiveMark = y;
      window.__naivePaint = null;
      requestAnimationFrame(() => setTimeout(() => {
        window.__naivePaint = performance.timeOrigin + performance.now();
      }, 0));
    }
    return window.__naivePaint || false;
  }
  return false;
}"""


# In the map frame: the epoch ms of the next click.
CLICK_PROBE_JS = """() => {
  window.__clickAt = null;
  document.addEventListener('click', (e) => {
    window.__clickAt = performance.timeOrigin + e.timeStamp;
  }, {capture: true, once: true});
}"""


def wait_idle(page: Page) -> None:
    wait_for_app_idle(page, timeout_ms=20_000, polling_ms=25)


def open_page(context: BrowserContext, url: str) -> tuple[Page, Frame]:
    page = context.new_page()
    page.goto(url)
    frame = settled_map(page, idle_timeout_ms=20_000, polling_ms=25)
    page.evaluate(PAGE_PROBES)
    return page, frame


class SocketBytes:
    """Payload bytes of the page's websocket frames, both directions, via CDP."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.total = 0
        self.frames = 0
        self.last_frame_at = 0.0
        self.session: CDPSession = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.session.on("Network.webSocketFrameSent", self._count)
        self.session.on("Network.webSocketFrameReceived", self._count)

    def _count(self, event: dict[str, Any]) -> None:
        self.frames += 1
        self.last_frame_at = time.monotonic()
        response = event["response"]
        payload: str = response.get("payloadData", "")
        if response.get("opcode") == 2:  # binary frames arrive base64-encoded
            self.total += len(base64.b64decode(payload))
        else:
            self.total += len(payload.encode("utf-8"))

    def take(self) -> int:
        value, self.total, self.frames = self.total, 0, 0
        return value

    def wait_quiet(self, quiet_s: float = 0.4, timeout_s: float = 5.0) -> bool:
        """Wait for traffic since the last take() to come and then stop for `quiet_s`; False
        if nothing came. (Streamlit's script-state attribute can miss a short rerun: React
        may render "running" and "notRunning" in one go.)"""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(20)  # CDP events are delivered during Playwright calls
            if self.frames and time.monotonic() - self.last_frame_at >= quiet_s:
                return True
        return bool(self.frames)


# --- Statistics -------------------------------------------------------------------------------


def summary(values: list[float]) -> dict[str, Any]:
    return {**stats.summary(values), "values": [round(v, 2) for v in values]}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- The measurements -------------------------------------------------------------------------


def cold_start(browser: Browser, server: StreamlitServer, *, since_ms: float | None = None
               ) -> float:
    """Navigation start (or `since_ms`, epoch) to the first painted map, in seconds."""
    context = new_context(browser)
    context.add_init_script(script=FIRST_PAINT_INIT)
    page = context.new_page()
    try:
        page.goto(server.url())
        first = page.wait_for_function("() => window.__atlasFirstPaint || false",
                                       timeout=60_000, polling=20).json_value()
        start = since_ms if since_ms is not None else page.evaluate("() => performance.timeOrigin")
        return (float(first) - float(start)) / 1000
    finally:
        context.close()


def atlas_key_to_paint(browser: Browser, server: StreamlitServer, steps: int
                       ) -> dict[str, list[float]]:
    """ArrowRight on the focused slider, `steps` times; painted - sent and painted - keydown."""
    context = new_context(browser)
    try:
        page, frame = open_page(context, server.url(year=1960))
        page.get_by_role("slider", name="Year").focus()
        sent, keydown = [], []
        for step in range(1, steps + 1):
            year = 1960 + step
            page.keyboard.press("ArrowRight")
            frame.wait_for_function("(y) => (window.natoAtlas.lastPaint || {}).year === y",
                                    arg=year, timeout=5_000, polling=10)
            paint = frame.evaluate("() => window.natoAtlas.lastPaint")
            key_at = page.evaluate("() => window.__keys[window.__keys.length - 1]")
            sent.append(paint["painted"] - paint["sent"])
            keydown.append(paint["painted"] - key_at)
            page.wait_for_timeout(30)  # about a key repeat
        return {"sent": sent, "keydown": keydown}
    finally:
        context.close()


def atlas_bytes_per_step(browser: Browser, server: StreamlitServer, steps: int
                         ) -> dict[str, list[float]]:
    """Websocket bytes of one keyboard year step, the debounced rerun included (KiB). A step
    after which nothing went over the websocket (no rerun: the report was lost) is counted
    apart, not in the median."""
    context = new_context(browser)
    try:
        page, _ = open_page(context, server.url(year=1990))
        slider = page.get_by_role("slider", name="Year")
        counter = SocketBytes(page)
        kib, lost = [], []
        for _ in range(steps):
            slider.focus()
            counter.take()
            page.keyboard.press("ArrowRight")
            rerun = counter.wait_quiet(timeout_s=2.0)
            wait_idle(page)
            (kib if rerun else lost).append(counter.take() / 1024)
        return {"kib": kib, "no_rerun_kib": lost}
    finally:
        context.close()


def _titles() -> dict[str, str]:
    def load(name: str) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = yaml.safe_load(
            (REPO_DIR / "facts" / name).read_text(encoding="utf-8"))
        return records

    titles = {f"site:{s['id']}": s["name"] for s in load("sites.yaml")}
    titles.update({f"mission:{m['id']}": m["short_name"] for m in load("missions.yaml")})
    titles.update({f"member:{m['id']}": m["name"] for m in load("members.yaml")})
    return titles


# (item, where it is, zoom, what to click: a marker, or "point" to click the map there)
CLICKS = [
    ("site:kurecik", (38.3494, 37.7936), 6, '[data-ref="site:kurecik"]'),
    ("member:FRA", (46.6, 2.4), 5, "point"),
    ("site:nato_hq_brussels", (50.88, 4.42), 6, '[data-ref="site:nato_hq_brussels"]'),
    ("mission:kfor", (42.6, 20.9), 6, '[data-ref="mission:kfor"]'),
    ("site:incirlik", (37.0, 35.43), 6, '[data-ref="site:incirlik"]'),
]


def atlas_clicks(browser: Browser, server: StreamlitServer) -> dict[str, list[float]]:
    """Click five different items: click -> popup painted, click -> side panel painted."""
    titles = _titles()
    context = new_context(browser)
    try:
        page, frame = open_page(context, server.url(year=2015))
        counter = SocketBytes(page)
        popup, panel, kib = [], [], []
        for ref, (lat, lon), zoom, target in CLICKS:
            title = titles[ref]
            zoom_map_to(frame, lat, lon, zoom, settle_ms=300)
            frame.evaluate(CLICK_PROBE_JS)
            frame.evaluate(WATCH_JS, ["__popupAt", ".leaflet-popup-content", title])
            page.evaluate(WATCH_JS, ["__panelAt", ".atlas-item h3", title])
            counter.take()
            if target == "point":  # an area: click where the point is
                box = page.locator(MAP_FRAME_SELECTOR).bounding_box()
                assert box is not None
                at = frame.evaluate("([lat, lon]) => { const p = window.natoAtlas.map"
                                    ".latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
                                    [lat, lon])
                page.mouse.click(box["x"] + at[0], box["y"] + at[1])
            else:
                frame.locator(target).click()
            frame.wait_for_function("() => window.__popupAt", timeout=5_000, polling=10)
            page.wait_for_function("() => window.__panelAt", timeout=10_000, polling=10)
            clicked = frame.evaluate("() => window.__clickAt")
            popup.append(frame.evaluate("() => window.__popupAt") - clicked)
            panel.append(page.evaluate("() => window.__panelAt") - clicked)
            counter.wait_quiet()
            wait_idle(page)
            kib.append(counter.take() / 1024)
        return {"popup": popup, "panel": panel, "kib": kib}
    finally:
        context.close()


def baseline_steps(browser: Browser, server: StreamlitServer, steps: int) -> dict[str, list[float]]:
    """The naive app: ArrowRight on its slider -> the rebuilt map painted; bytes per step."""
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(server.url())
        page.wait_for_function(NAIVE_PAINTED_JS, arg=2000, timeout=60_000, polling="raf")
        wait_idle(page)
        page.evaluate(PAGE_PROBES)
        counter = SocketBytes(page)
        slider = page.get_by_role("slider").first
        keydown, kib = [], []
        for step in range(1, steps + 1):
            slider.focus()
            counter.take()
            page.keyboard.press("ArrowRight")
            painted = page.wait_for_function(NAIVE_PAINTED_JS, arg=2000 + step, timeout=30_000,
                                             polling="raf").json_value()
            key_at = page.evaluate("() => window.__keys[window.__keys.length - 1]")
            keydown.append(float(painted) - key_at)
            counter.wait_quiet()
            wait_idle(page)
            kib.append(counter.take() / 1024)
        return {"keydown": keydown, "kib": kib}
    finally:
        context.close()


# --- Report -----------------------------------------------------------------------------------


def row(name: str, unit: str, value: float | None, p95: float | None, baseline: float | None,
        ratio: float | None, target: str, ok: bool | None) -> dict[str, Any]:
    return {"metric": name, "unit": unit, "median": value, "p95": p95, "baseline": baseline,
            "ratio": ratio, "target": target, "met": ok}


def fmt(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def print_table(rows: list[dict[str, Any]]) -> str:
    header = ["metric", "median", "p95", "baseline", "ratio", "target", "met"]
    lines = [[r["metric"] + f" ({r['unit']})", fmt(r["median"], 2), fmt(r["p95"], 2),
              fmt(r["baseline"], 2), fmt(r["ratio"], 1), r["target"],
              "" if r["met"] is None else ("yes" if r["met"] else "NO")] for r in rows]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |",
           "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += ["| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |"
            for line in lines]
    table = "\n".join(out)
    print(table)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=40, help="atlas key presses (default 40)")
    parser.add_argument("--baseline-steps", type=int, default=20, help="baseline key presses")
    parser.add_argument("--byte-steps", type=int, default=20, help="atlas steps for bytes/step")
    parser.add_argument("--cold-loads", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "latest.json")
    args = parser.parse_args(argv)

    began = time.monotonic()
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
    }
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp, \
            guarded_chromium() as browser:
        results["machine"]["chromium"] = browser.version
        with streamlit_running("atlas", Path(tmp)) as atlas:
            log("atlas: cold start with server start")
            with_server = cold_start(browser, atlas, since_ms=atlas.started_at_ms)
            log(f"atlas: {args.cold_loads} cold page loads")
            loads = [cold_start(browser, atlas) for _ in range(args.cold_loads)]
            log(f"atlas: {args.steps} key presses")
            keys = atlas_key_to_paint(browser, atlas, args.steps)
            log(f"atlas: {args.byte_steps} year steps, websocket bytes")
            atlas_bytes = atlas_bytes_per_step(browser, atlas, args.byte_steps)
            log(f"atlas: {len(CLICKS)} clicks")
            clicks = atlas_clicks(browser, atlas)
        with streamlit_running("naive", Path(tmp), script="bench/naive_app.py") as naive:
            log(f"baseline: {args.baseline_steps} key presses")
            base = baseline_steps(browser, naive, args.baseline_steps)

    measured: dict[str, dict[str, Any]] = {
        "key_to_paint_ms": summary(keys["sent"]),
        "keydown_to_paint_ms": summary(keys["keydown"]),
        "baseline_keydown_to_paint_ms": summary(base["keydown"]),
        "cold_start_s": summary(loads),
        "cold_start_with_server_s": summary([with_server]),
        "click_to_popup_ms": summary(clicks["popup"]),
        "click_to_panel_ms": summary(clicks["panel"]),
        "bytes_per_click_kib": summary(clicks["kib"]),
        "bytes_per_step_kib": summary(atlas_bytes["kib"]),
        "steps_without_traffic": {"n": len(atlas_bytes["no_rerun_kib"]),
                                "values": [round(v, 2) for v in atlas_bytes["no_rerun_kib"]]},
        "baseline_bytes_per_step_kib": summary(base["kib"]),
    }
    results["measured"] = measured
    m = measured
    speedup = m["baseline_keydown_to_paint_ms"]["median"] / m["keydown_to_paint_ms"]["median"]
    rows = [
        row("key->paint (sent->painted)", "ms", m["key_to_paint_ms"]["median"],
            m["key_to_paint_ms"]["p95"], None, None, "median<=16, p95<=33",
            m["key_to_paint_ms"]["median"] <= 16 and m["key_to_paint_ms"]["p95"] <= 33),
        row("keydown->paint", "ms", m["keydown_to_paint_ms"]["median"],
            m["keydown_to_paint_ms"]["p95"], m["baseline_keydown_to_paint_ms"]["median"],
            speedup, ">=20x faster", speedup >= 20),
        row("cold start, page load", "s", m["cold_start_s"]["median"], m["cold_start_s"]["p95"],
            None, None, "<=3", m["cold_start_s"]["median"] <= 3),
        row("cold start incl. server start", "s", m["cold_start_with_server_s"]["median"], None,
            None, None, "(info)", None),
        row("click->popup", "ms", m["click_to_popup_ms"]["median"],
            m["click_to_popup_ms"]["p95"], None, None, "<=100",
            m["click_to_popup_ms"]["median"] <= 100),
        row("click->panel", "ms", m["click_to_panel_ms"]["median"],
            m["click_to_panel_ms"]["p95"], None, None, "<=700",
            m["click_to_panel_ms"]["median"] <= 700),
        row("websocket bytes per year step", "KiB", m["bytes_per_step_kib"]["median"],
            m["bytes_per_step_kib"]["p95"], m["baseline_bytes_per_step_kib"]["median"],
            m["baseline_bytes_per_step_kib"]["median"] / m["bytes_per_step_kib"]["median"]
            if m["bytes_per_step_kib"]["median"] else None, "<=5",
            m["bytes_per_step_kib"]["median"] <= 5),
        row("websocket bytes per click", "KiB", m["bytes_per_click_kib"]["median"],
            m["bytes_per_click_kib"]["p95"], None, None, "(info)", None),
    ]
    results["table"] = rows
    results["duration_s"] = round(time.monotonic() - began, 1)
    table = print_table(rows)
    print(f"\n{results['duration_s']} s; {args.out}")
    results["table_markdown"] = table
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

