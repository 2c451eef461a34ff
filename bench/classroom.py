"""A whole class at once: N sessions open the atlas together, step through years and click,
through Streamlit's own websocket protocol (bench/streamlit_client.py); optionally one real
Chromium opens the map meanwhile. Figures, never asserts: tests/load holds the checks.

    python -m bench.classroom --sessions 40                  # starts `make serve`'s server
    python -m bench.classroom --sessions 40 --url http://127.0.0.1:8080   # a running one
    python -m bench.classroom --sessions 40 --browser        # + a real Chromium's paint

Phases, each printed as a table row (median, p95, max):
1. alone: one session opens the map, 5 times (the baseline of the same run);
2. burst: N sessions open the map at the same moment; each then does `--steps` year steps
   and `--clicks` clicks (a site, a mission area, a member) and checks every answer;
3. mixed: N sessions open a mix of pages (map, timeline, Türkiye, sources, data) at once;
4. sequential: `--sequential` sessions one after another, each opening the map, stepping a
   year and leaving: the server's RSS after the first and after the last (caches bounded?).

Every session checks its content (the map's component and year control present, the page's
own elements for other pages, no exception element, the run finished): a page that came
back wrong is an error, never a success. Server CPU (utime+stime of the server processes,
from /proc) and RSS are read around each phase. Traffic goes to 127.0.0.1 only, bounded by
--sessions and --timeout. (About 460 lines, one file: the phases share the student, the
outcome and the table; bench.follow and tests/load import its parts.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import threading
import time
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from atlas_testing import REPO_DIR
from atlas_testing.atlas_page import MAP_FRAME_SELECTOR
from atlas_testing.browser import guarded_chromium, new_context
from atlas_testing.servers import served_running
from bench.stats import summary
from bench.streamlit_client import Run, StreamlitSession, component_args

RESULTS = REPO_DIR / "bench" / "results"
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
# What a page must contain to count as that page (Element kinds from streamlit.proto).
PAGE_CONTENT = {
    "": ("component_instance", "bidi_component"),   # the map and the year control
    "timeline": ("plotly_chart",),
    "turkey": ("iframe",),  # the Türkiye map, a document of static/gen/
    "sources": ("html",),
    "data": ("dataframe",),
}
MIXED_PAGES = ["", "", "", "timeline", "turkey", "sources", "data"]
CLICKS = ["⟦site:incirlik⟧İncirlik", "⟦mission:kfor⟧KFOR", "⟦member:TUR⟧Türkiye"]


# --- the server and its processes -------------------------------------------------------------


@dataclass
class Target:
    url: str
    pids: list[int]
    log: Path | None = None


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
        except OSError:
            continue
    return total / 2**20


@contextmanager
def served(port: int | None, processes: int, log: Path | None = None) -> Iterator[Target]:
    """`make serve`'s server (serve/run.sh) on 127.0.0.1:port (a free one if None), stopped
    afterwards; its output goes to `log` (bench/results/ by default)."""
    log = log or RESULTS / f"classroom-serve-{port}.log"
    with served_running("classroom", log, processes=processes, port=port) as server:
        yield Target(server.base, server.streamlit_pids(), server.log_path)


# --- one simulated student ----------------------------------------------------------------------


@dataclass
class Outcome:
    page: str
    settled_s: float | None = None
    step_s: list[float] = field(default_factory=list)
    click_s: list[float] = field(default_factory=list)
    ws_bytes: int = 0
    first_visit_bytes: int = 0
    static_bytes: int = 0
    errors: list[str] = field(default_factory=list)


def check(run: Run, page: str, what: str, outcome: Outcome, tab: StreamlitSession) -> bool:
    problems = []
    if not run.ok:
        problems.append(f"run ended with status {run.status}"
                        + (" (page not found)" if run.page_not_found else ""))
    problems += [f"exception element: {e}" for e in run.exceptions()]
    kinds = {e.kind for e in tab.elements.values()}
    problems += [f"no {kind} element" for kind in PAGE_CONTENT[page] if kind not in kinds]
    if "Traceback" in run.text():
        problems.append("a traceback in the page's text")
    outcome.errors += [f"{page or 'map'} {what}: {p}" for p in problems]
    return not problems


def fetch_static(base: str, tab: StreamlitSession) -> int:
    """What a new device fetches once besides the websocket: the map's two data files."""
    element = tab.component("folium")
    if element is None:
        return 0
    script = component_args(element).get("script", "")
    start = script.find("window.natoAtlas.boot(")
    config = json.loads(script[script.index("{", start):script.index("}", start) + 1])
    total = 0
    for name in ("geometry", "data"):
        request = urllib.request.Request(f"{base}/app/static/{config[name]}",
                                         headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=30) as response:
            total += len(response.read())
    return total


async def student(base: str, page: str, *, steps: int, clicks: int, timeout: float,
                  start: asyncio.Event | None = None, fetch: bool = True,
                  think: float = 0.0) -> Outcome:
    outcome = Outcome(page)
    try:
        async with StreamlitSession(base, open_timeout=timeout) as tab:
            if start is not None:
                await start.wait()
            began = time.perf_counter()
            year = random.randint(1950, 1990)
            run = await tab.open(page, f"year={year}" if page == "" else "", timeout=timeout)
            outcome.settled_s = time.perf_counter() - began
            outcome.first_visit_bytes = run.bytes_received
            if not check(run, page, "load", outcome, tab):
                return outcome
            if fetch and page == "":
                outcome.static_bytes = await asyncio.to_thread(fetch_static, base, tab)
            control = tab.bidi_component("year_control")
            for _ in range(steps if control else 0):
                # A student's pace between two steps (the control reports a year to Python
                # only once the keys pause, static/atlas/year_control.js): jittered.
                await asyncio.sleep(think * random.uniform(0.5, 1.5))
                year += 1
                run = await tab.trigger(control, "year", year, timeout=timeout)
                outcome.step_s.append(run.seconds)
                if not check(run, page, f"year step to {year}", outcome, tab):
                    return outcome
                if str(year) not in run.text():
                    outcome.errors.append(f"map year step to {year}: caption not updated")
            folium = tab.component("folium") if page == "" else None
            for count, tooltip in enumerate(CLICKS[:clicks] if folium else [], start=1):
                run = await tab.set_component_value(folium, {
                    "last_object_clicked_tooltip": tooltip, "last_object_clicked_count": count},
                    timeout=timeout)
                outcome.click_s.append(run.seconds)
                name = tooltip.rpartition("⟧")[2]
                if check(run, page, f"click {name}", outcome, tab) and name not in run.text():
                    outcome.errors.append(f"map click {name}: the panel does not name it")
                folium = tab.component("folium") or folium
            outcome.ws_bytes = tab.bytes_received
    except Exception as error:
        outcome.errors.append(f"{page or 'map'}: {type(error).__name__}: {error}")
    return outcome


async def together(count: int, go: threading.Event,
                   make: Callable[[int, asyncio.Event], Awaitable[Outcome]]) -> list[Outcome]:
    """`count` sessions connect, then all ask for their page at the same moment (and `go`
    tells the browser thread, if any, to start too)."""
    start = asyncio.Event()
    tasks = [asyncio.create_task(make(i, start)) for i in range(count)]
    await asyncio.sleep(0.5)  # every websocket open before the first page is asked for
    start.set()
    go.set()
    return await asyncio.gather(*tasks)


# --- a real browser while the class arrives ----------------------------------------------------


# When the page itself, Streamlit's host configuration (and when it was asked for) and the last
# of its own scripts (its bundle, /static/js/) had arrived, in ms since navigation start.
_LOADED_JS = """() => {
  const resources = performance.getEntriesByType('resource');
  const last = (part, field = 'responseEnd') => Math.max(
    0, ...resources.filter((e) => e.name.includes(part)).map((e) => e[field]));
  return {page_loaded: performance.getEntriesByType('navigation')[0].responseEnd,
          host_config_asked: last('/_stcore/host-config', 'startTime'),
          host_config_loaded: last('/_stcore/host-config'), scripts_loaded: last('/static/js/')};
}"""


def browser_during_load(base: str, result: dict[str, Any], ready: threading.Event,
                        go: threading.Event) -> None:
    """Open the map in Chromium while the class arrives: navigation → map painted, then one
    year step (ArrowRight on the slider) → the URL's year. Runs in its own thread. The
    browser is started and has shown the atlas once before (a device whose browser is
    running); the measured visit is a fresh context, so nothing of the atlas is cached."""
    frame_selector = MAP_FRAME_SELECTOR
    try:
        with guarded_chromium() as browser:
            warm = new_context(browser)
            page = warm.new_page()
            page.goto(f"{base}/?year=1970")
            page.frame_locator(frame_selector).locator("body[data-atlas-year]").wait_for(
                timeout=120_000)
            warm.close()
            context = new_context(browser, viewport={"width": 1400, "height": 1000})
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith(base) else route.abort())
            page = context.new_page()
            # Where the time goes: Streamlit's own page and scripts, the session's websocket,
            # the first script run's elements, the map frame (times since navigation start).
            socket_times: dict[str, float] = {}

            def on_socket(socket: Any) -> None:
                socket_times.setdefault("opened", time.perf_counter())
                socket.on("framereceived", lambda _payload: socket_times.setdefault(
                    "first_message", time.perf_counter()))

            page.on("websocket", on_socket)
            ready.set()
            go.wait(120)
            navigated = time.perf_counter()
            page.goto(f"{base}/?year=1980", wait_until="commit")
            page.locator(frame_selector).wait_for(timeout=120_000)
            result["map_frame_s"] = page.evaluate("performance.now()") / 1000
            for name, at in page.evaluate(_LOADED_JS).items():
                result[f"{name}_s"] = at / 1000
            for name, at in socket_times.items():
                result[f"websocket_{name}_s"] = at - navigated
            frame = page.frame_locator(frame_selector)
            frame.locator("body[data-atlas-year]").wait_for(timeout=120_000)
            result["painted_s"] = page.evaluate("performance.now()") / 1000
            slider = page.get_by_role("slider")
            slider.focus()
            time.sleep(1.0)
            pressed = time.perf_counter()
            page.keyboard.press("ArrowRight")
            page.wait_for_url("**year=1981**", timeout=60_000)
            result["step_to_url_s"] = time.perf_counter() - pressed
    except Exception as error:
        result["error"] = f"{type(error).__name__}: {error}"
        ready.set()


# --- the phases ----------------------------------------------------------------------------------


def fmt(value: float | None, scale: float = 1.0, unit: str = "") -> str:
    return "—" if value is None else f"{value * scale:.2f}{unit}"


async def phase_burst(target: Target, sessions: int, pages: list[str], *, steps: int,
                      clicks: int, timeout: float, browser: bool, think: float
                      ) -> dict[str, Any]:
    cpu_before, rss_before = cpu_seconds(target.pids), rss_mb(target.pids)
    peak = [rss_before]
    stop = threading.Event()

    def watch_rss() -> None:
        while not stop.wait(0.1):
            peak[0] = max(peak[0], rss_mb(target.pids))

    watcher = threading.Thread(target=watch_rss, daemon=True)
    watcher.start()
    seen: dict[str, Any] = {}
    chrome = None
    go = threading.Event()
    if browser:
        ready = threading.Event()
        chrome = threading.Thread(target=browser_during_load,
                                  args=(target.url, seen, ready, go))
        chrome.start()
        ready.wait(120)
    began = time.perf_counter()
    outcomes = await together(sessions, go, lambda i, start: student(
        target.url, pages[i % len(pages)], steps=steps, clicks=clicks, timeout=timeout,
        start=start, think=think))
    wall = time.perf_counter() - began
    if chrome is not None:
        chrome.join(180)
    stop.set()
    cpu_used = cpu_seconds(target.pids) - cpu_before
    loads = [o for o in outcomes if o.settled_s is not None]
    map_loads = [o for o in loads if o.page == ""]
    return {
        "sessions": sessions, "wall_s": wall,
        "settled_s": summary([o.settled_s for o in loads if o.settled_s is not None]),
        "step_s": summary([s for o in outcomes for s in o.step_s]),
        "click_s": summary([s for o in outcomes for s in o.click_s]),
        "settled_by_page_s": {page or "map": summary([o.settled_s for o in loads
                                                      if o.page == page and o.settled_s])
                              for page in dict.fromkeys(pages)},
        "first_visit_kb": summary([o.first_visit_bytes / 1024 for o in map_loads]),
        "ws_kb_per_session": summary([o.ws_bytes / 1024 for o in map_loads if o.ws_bytes]),
        "static_kb_per_device": summary([o.static_bytes / 1024 for o in map_loads
                                         if o.static_bytes]),
        "server_cpu_s_per_session": cpu_used / sessions,
        "rss_mb": {"before": rss_before, "peak": peak[0], "after": rss_mb(target.pids)},
        "errors": [e for o in outcomes for e in o.errors],
        "browser": seen,
    }


async def phase_alone(target: Target, repeats: int, timeout: float) -> dict[str, Any]:
    times, cpu = [], []
    for _ in range(repeats):
        before = cpu_seconds(target.pids)
        outcome = await student(target.url, "", steps=0, clicks=0, timeout=timeout,
                                fetch=False)
        cpu.append(cpu_seconds(target.pids) - before)
        if outcome.settled_s is not None and not outcome.errors:
            times.append(outcome.settled_s)
    return {"settled_s": summary(times), "server_cpu_s": summary(cpu)}


async def phase_sequential(target: Target, count: int, timeout: float) -> dict[str, Any]:
    errors: list[str] = []
    rss_after_first = 0.0
    cpu_before = cpu_seconds(target.pids)
    for index in range(count):
        outcome = await student(target.url, "", steps=1, clicks=1, timeout=timeout,
                                fetch=False)
        errors += outcome.errors
        if index == 0:
            await asyncio.sleep(1.0)
            rss_after_first = rss_mb(target.pids)
    await asyncio.sleep(3.0)  # sessions closed; let the server drop them
    return {"count": count, "rss_after_first_mb": rss_after_first,
            "rss_after_last_mb": rss_mb(target.pids),
            "server_cpu_s_per_session": (cpu_seconds(target.pids) - cpu_before) / count,
            "errors": errors}


async def run_all(target: Target, options: argparse.Namespace) -> dict[str, Any]:
    # The teacher opens every page once before class: the process's one-time builds are done.
    for page in PAGE_CONTENT:
        await student(target.url, page, steps=0, clicks=0, timeout=options.timeout)
    results: dict[str, Any] = {"alone": await phase_alone(target, 5, options.timeout)}
    results["burst"] = await phase_burst(
        target, options.sessions, [""], steps=options.steps, clicks=options.clicks,
        timeout=options.timeout, browser=options.browser, think=options.think)
    results["mixed"] = await phase_burst(
        target, options.sessions, MIXED_PAGES, steps=options.steps, clicks=options.clicks,
        timeout=options.timeout, browser=False, think=options.think)
    if options.sequential:
        results["sequential"] = await phase_sequential(target, options.sequential,
                                                       options.timeout)
    return results


def report(results: dict[str, Any], options: argparse.Namespace) -> str:
    alone = results["alone"]["settled_s"]
    lines = [f"classroom: {options.sessions} sessions, {options.steps} year steps "
             f"({options.think} s apart) and {options.clicks} clicks each, "
             f"{options.processes} server process(es)",
             "| what | median | p95 | max | baseline (alone, same run) |",
             "|---|---|---|---|---|"]

    def row(name: str, stats: dict[str, Any], scale: float = 1.0, unit: str = " s",
            baseline: str = "") -> None:
        lines.append(f"| {name} | {fmt(stats['median'], scale, unit)} | "
                     f"{fmt(stats['p95'], scale, unit)} | {fmt(stats['max'], scale, unit)} | "
                     f"{baseline} |")

    row("one session alone: map settled", alone)
    row("one session alone: server CPU for a new map session",
        results["alone"]["server_cpu_s"], 1000, " ms")
    for phase in ("burst", "mixed"):
        burst = results[phase]
        label = "map" if phase == "burst" else "mixed pages"
        ratio = (f"{fmt(alone['median'])} s; p95 ratio "
                 f"{burst['settled_s']['p95'] / alone['median']:.1f}×"
                 if alone["median"] and burst["settled_s"]["p95"] else "")
        row(f"{burst['sessions']} at once ({label}): settled", burst["settled_s"],
            baseline=ratio)
        row(f"{label}: year step (fragment run)", burst["step_s"], 1000, " ms")
        row(f"{label}: click → panel run", burst["click_s"], 1000, " ms")
        if phase == "mixed":
            for page, stats in burst["settled_by_page_s"].items():
                row(f"mixed pages: {page} settled", stats)
        row(f"{label}: first visit over the websocket", burst["first_visit_kb"], 1, " KB")
        row(f"{label}: websocket per session, all its runs", burst["ws_kb_per_session"], 1,
            " KB")
        row(f"{label}: static files per new device (gzip)", burst["static_kb_per_device"], 1,
            " KB")
        rss = burst["rss_mb"]
        lines.append(f"| {label}: server CPU per session | "
                     f"{burst['server_cpu_s_per_session'] * 1000:.0f} ms | | | |")
        lines.append(f"| {label}: server RSS before / peak / after | {rss['before']:.0f} / "
                     f"{rss['peak']:.0f} / {rss['after']:.0f} MB | | | |")
        lines.append(f"| {label}: errors | {len(burst['errors'])} | | | |")
        seen = burst.get("browser") or {}
        if seen:
            for key, what in (("page_loaded_s", "the page (index.html) loaded"),
                              ("host_config_asked_s", "Streamlit's host configuration asked for"),
                              ("host_config_loaded_s", "Streamlit's host configuration loaded"),
                              ("scripts_loaded_s", "Streamlit's scripts loaded"),
                              ("websocket_opened_s", "websocket open"),
                              ("websocket_first_message_s", "first message from its session"),
                              ("map_frame_s", "map frame on the page")):
                lines.append(f"| Chromium during the burst: {what} | "
                             f"{fmt(seen.get(key))} s | | | |")
            lines.append(f"| Chromium during the burst: map painted | "
                         f"{fmt(seen.get('painted_s'))} s | | | {seen.get('error', '')} |")
            lines.append(f"| Chromium during the burst: year step → URL | "
                         f"{fmt(seen.get('step_to_url_s'), 1000, ' ms')} | | | |")
    if "sequential" in results:
        seq = results["sequential"]
        lines.append(f"| {seq['count']} sessions one after another: RSS after first / last | "
                     f"{seq['rss_after_first_mb']:.0f} / {seq['rss_after_last_mb']:.0f} MB "
                     f"(+{seq['rss_after_last_mb'] - seq['rss_after_first_mb']:.0f}) | | | |")
        lines.append(f"| sequential: server CPU per session | "
                     f"{seq['server_cpu_s_per_session'] * 1000:.0f} ms | | | "
                     f"errors: {len(seq['errors'])} |")
    errors = [e for phase in ("burst", "mixed", "sequential")
              for e in results.get(phase, {}).get("errors", [])]
    lines += [f"error: {e}" for e in errors[:20]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.classroom", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--clicks", type=int, default=3, choices=range(0, len(CLICKS) + 1))
    parser.add_argument("--sequential", type=int, default=100)
    parser.add_argument("--think", type=float, default=0.5,
                        help="seconds between a student's year steps (jittered ±50 %%)")
    parser.add_argument("--processes", type=int, default=int(os.environ.get(
        "ATLAS_PROCESSES", "0")) or os.cpu_count() or 1,
        help="Streamlit processes behind the proxy (serve/run.sh); default: one per core")
    parser.add_argument("--url", help="a running atlas on this machine (else one is started)")
    parser.add_argument("--port", type=int, default=18_080)
    parser.add_argument("--browser", action="store_true", help="also a real Chromium")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--out", type=Path, default=RESULTS / "classroom.json")
    options = parser.parse_args(argv)
    if not 1 <= options.sessions <= 200:
        parser.error("--sessions: 1 to 200")
    random.seed(1949)

    def measure(target: Target) -> dict[str, Any]:
        return asyncio.run(run_all(target, options))

    if options.url:
        pids = [int(p) for p in os.environ.get("ATLAS_SERVER_PIDS", "").split(",") if p]
        results = measure(Target(options.url.rstrip("/"), pids))
    else:
        with served(options.port, options.processes) as target:
            results = measure(target)
    text = report(results, options)
    print(text)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    errors = sum(len(results.get(p, {}).get("errors", [])) for p in
                 ("burst", "mixed", "sequential"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
