"""Time to a repainted page: switching language, entering presenter mode, and each page's
first paint, in Chromium against `streamlit run app.py` on this machine.

    python -m bench.switching [--runs 5] [--out bench/results/switching.json]

Baseline, measured in the same run: a full reload of the same view (a new browser context,
i.e. a new Streamlit session), which is what a teacher would otherwise do. Figures, not
asserts; bench/README.md explains them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, ViewportSize

from atlas_testing import REPO_DIR
from atlas_testing.atlas_page import MAP_FRAME_URL_PART
from atlas_testing.browser import guarded_chromium, new_context
from atlas_testing.servers import streamlit_running
from bench import stats

VIEWPORT: ViewportSize = {"width": 1600, "height": 1000}
PAGES = {"map": "", "timeline": "timeline", "turkey": "turkey", "sources": "sources",
         "data": "data"}
# The map's year box shows 1999 in the language's digits once the map has repainted.
YEAR_1999 = {"en": "1999", "fa": "۱۹۹۹"}
IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelector('h1') !== null;
}"""


def _map_frame_shows(page: Page, year_text: str, presenter: bool | None = None) -> bool:
    for frame in page.frames:
        if MAP_FRAME_URL_PART not in frame.url:
            continue
        try:
            shown = frame.evaluate("""() => {
                const box = document.getElementById('atlas-year');
                return [box ? box.textContent : null,
                        document.body.classList.contains('atlas-presenter')];
            }""")
        except Exception:  # a frame being replaced by the rerun
            continue
        if shown[0] == year_text and (presenter is None or shown[1] == presenter):
            return True
    return False


def _wait(page: Page, condition: Callable[[], bool], timeout_s: float = 30) -> None:
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout_s:
            raise TimeoutError("the page did not repaint in time")
        page.wait_for_timeout(10)  # lets Playwright process events (frames come and go)


def _stats(values: list[float]) -> dict[str, Any]:
    return {"median_ms": round(statistics.median(values) * 1000),
            "p95_ms": round(stats.p95(values) * 1000),
            "n": len(values), "values_ms": [round(v * 1000) for v in values]}


def _fresh_page(browser: Browser) -> Page:
    return new_context(browser, viewport=VIEWPORT).new_page()


def _timed(page: Page, act: Callable[[], object], done: Callable[[], bool]) -> float:
    """Seconds from `act` until `done` holds; then the page's context (its session) closes."""
    start = time.perf_counter()
    act()
    _wait(page, done)
    elapsed = time.perf_counter() - start
    page.context.close()
    return elapsed


def _reload_to(browser: Browser, url: str, year_text: str, presenter: bool | None) -> float:
    page = _fresh_page(browser)
    return _timed(page, lambda: page.goto(url),
                  lambda: _map_frame_shows(page, year_text, presenter))


def _switch_language(browser: Browser, base: str) -> float:
    page = _fresh_page(browser)
    page.goto(f"{base}/?year=1999")
    _wait(page, lambda: _map_frame_shows(page, YEAR_1999["en"]))
    page.get_by_test_id("stSidebar").get_by_role("combobox").first.click()
    option = page.get_by_role("option", name="فارسی")
    return _timed(page, option.click, lambda: _map_frame_shows(page, YEAR_1999["fa"])
                  and page.evaluate("() => getComputedStyle(document.body).direction") == "rtl")


def _enter_presenter(browser: Browser, base: str) -> float:
    page = _fresh_page(browser)
    page.goto(f"{base}/?year=1999")
    _wait(page, lambda: _map_frame_shows(page, YEAR_1999["en"], presenter=False))
    toggle = page.get_by_test_id("stSidebar").get_by_text("Presenter mode", exact=True)
    return _timed(page, lambda: toggle.click(force=True),
                  lambda: _map_frame_shows(page, YEAR_1999["en"], presenter=True))


def _first_paint(browser: Browser, base: str, path: str) -> float:
    page = _fresh_page(browser)
    start = time.perf_counter()
    page.goto(f"{base}/{path}?year=1999")
    if path == "":
        _wait(page, lambda: _map_frame_shows(page, YEAR_1999["en"]))
    else:
        page.wait_for_function(IDLE_JS, timeout=30_000, polling=10)
    elapsed = time.perf_counter() - start
    page.context.close()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path,
                        default=REPO_DIR / "bench" / "results" / "switching.json")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as log_dir, \
            streamlit_running("atlas", Path(log_dir)) as server, \
            guarded_chromium() as browser:
        base = server.base
        _first_paint(browser, base, "")  # warm the server's caches once
        runs = range(args.runs)
        results = {
            "switch_language": _stats([_switch_language(browser, base) for _ in runs]),
            "reload_in_persian (baseline)": _stats([
                _reload_to(browser, f"{base}/?year=1999&lang=fa", YEAR_1999["fa"], None)
                for _ in runs]),
            "enter_presenter": _stats([_enter_presenter(browser, base) for _ in runs]),
            "reload_in_presenter (baseline)": _stats([
                _reload_to(browser, f"{base}/?year=1999&present=1", YEAR_1999["en"], True)
                for _ in runs]),
        }
        for name, path in PAGES.items():
            results[f"first_paint_{name}"] = _stats(
                [_first_paint(browser, base, path) for _ in runs])
    targets = {"switch_language": 1000, "enter_presenter": 1000}
    print(f"{'metric':34} {'median ms':>10} {'p95 ms':>8} {'target':>8}")
    for name, figures in results.items():
        target = targets.get(name, 2000 if name.startswith("first_paint") else None)
        print(f"{name:34} {figures['median_ms']:>10} {figures['p95_ms']:>8} "
              f"{'' if target is None else '<=' + str(target):>8}")
    for switch, baseline in (("switch_language", "reload_in_persian (baseline)"),
                             ("enter_presenter", "reload_in_presenter (baseline)")):
        ratio = results[baseline]["median_ms"] / max(results[switch]["median_ms"], 1)
        results[switch]["baseline_ratio"] = round(ratio, 2)
        print(f"{switch}: {ratio:.2f}x faster than a reload")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                                    "results": results}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
