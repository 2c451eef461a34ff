"""Benchmark of the exported atlas (python -m atlas export) opened from file:// in Chromium.

    python -m bench.export [--opens 10] [--steps 40] [--outdir DIR]

Exports the atlas into a temporary folder (or uses --outdir as it is, when it holds an
export), then prints the folder's size, the time from opening index.html to the map's first
painted year (navigation start of the page → the frame after the map applied its year), and
key press → painted (keydown on the page → the frame after the map applied the new year).
Figures, not asserts; the targets are ≤ 5 MB, ≤ 1.5 s and ≤ 16 ms (issue 12).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import Browser

from atlas import siteexport
from atlas.facts import load_facts
from atlas.geodata import load_geodata
from atlas_testing.browser import guarded_chromium, new_context
from bench import stats

FIRST_YEAR = 1960

# In the map frame: the first painted year's time; in the page: every keydown's time.
_PROBE_JS = """
if (window.top !== window) {
  const tick = () => {
    if (document.body && document.body.dataset.atlasYear) {
      requestAnimationFrame(() => setTimeout(() => {
        window.__atlasFirstPaint = performance.timeOrigin + performance.now();
      }, 0));
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
} else {
  window.__keys = [];
  window.addEventListener('keydown',
    (event) => window.__keys.push(performance.timeOrigin + event.timeStamp), true);
}
"""


def map_frame(page, part: str = "map-"):  # type: ignore[no-untyped-def]
    for _ in range(300):
        for frame in page.frames:
            if part in frame.url and frame is not page.main_frame:
                try:
                    if frame.evaluate("() => Boolean(window.__atlasFirstPaint)"):
                        return frame
                except Exception:  # navigating
                    pass
        page.wait_for_timeout(10)
    raise RuntimeError("the map never painted")


def open_to_paint(browser: Browser, index: Path, opens: int) -> list[float]:
    """Seconds from navigation start to the map's first painted year, each in a new context."""
    times = []
    for _ in range(opens):
        context = new_context(browser)
        context.add_init_script(_PROBE_JS)
        page = context.new_page()
        page.goto(index.as_uri())
        frame = map_frame(page)
        start = page.evaluate("() => performance.timeOrigin")
        times.append((frame.evaluate("() => window.__atlasFirstPaint") - start) / 1000)
        context.close()
    return times


def key_to_paint(browser: Browser, index: Path, steps: int) -> dict[str, list[float]]:
    """Milliseconds from an ArrowRight keydown on the slider to the frame that shows it
    ("keydown"), and from the year control posting the year to that frame ("sent")."""
    context = new_context(browser)
    context.add_init_script(_PROBE_JS)
    page = context.new_page()
    page.goto(index.as_uri() + f"#year={FIRST_YEAR}")
    frame = map_frame(page)
    page.locator("#atlas-year-control input[type=range]").focus()
    times: dict[str, list[float]] = {"keydown": [], "sent": []}
    for step in range(1, steps + 1):
        page.keyboard.press("ArrowRight")
        frame.wait_for_function("(y) => (window.natoAtlas.lastPaint || {}).year === y",
                                arg=FIRST_YEAR + step, timeout=5_000, polling=10)
        paint = frame.evaluate("() => window.natoAtlas.lastPaint")
        key_at = page.evaluate("() => window.__keys[window.__keys.length - 1]")
        times["keydown"].append(paint["painted"] - key_at)
        times["sent"].append(paint["painted"] - paint["sent"])
        page.wait_for_timeout(30)
    context.close()
    return times


def summary(values: list[float]) -> str:
    return (f"median {statistics.median(values):.3f}, p95 {stats.p95(values):.3f} "
            f"(n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.export", description=__doc__)
    parser.add_argument("--opens", type=int, default=10)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--outdir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        outdir = (args.outdir or Path(temporary) / "atlas").resolve()
        if not (outdir / "index.html").exists():
            siteexport.export_site(outdir, load_facts(), load_geodata())
        index = outdir / "index.html"
        print(f"folder: {siteexport.folder_size(outdir) / 1e6:.2f} MB "
              f"({sum(1 for p in outdir.rglob('*') if p.is_file())} files)  target ≤ 5 MB")
        with guarded_chromium() as browser:
            opens = open_to_paint(browser, index, args.opens)
            print(f"open → painted map (s): {summary(opens)}  target ≤ 1.5 s")
            keys = key_to_paint(browser, index, args.steps)
            print(f"key → painted (ms): {summary(keys['keydown'])}  target ≤ 16 ms")
            print(f"  of which year posted → painted (ms): {summary(keys['sent'])}")


if __name__ == "__main__":
    main()
