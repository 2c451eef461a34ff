"""Following the teacher: from the teacher's key press to the followers' maps painted, with 1
and with N followers, and the server CPU that following costs. Figures, never asserts.

    python -m bench.follow                     # 1, then 40 followers, on `make serve`'s server
    python -m bench.follow --followers 40 --presses 15

The teacher is a real Chromium page in presenter mode that opens the class and presses → every
`--interval` seconds. One follower is always a real Chromium page (`?follow=CODE`): its time is
the teacher's keydown to the paint of that year in its map frame (both clocks are this
machine's). The other followers speak Streamlit's protocol (bench/streamlit_client.py) and do
what a follower's browser does (static/atlas/year_control.js): poll the class's file every
350 ms and, on a change, report it to their session (the rerun that moves slider, caption,
panel and URL); their time is keydown to the poll that saw the year (a browser paints a few
ms later) and to their session's rerun finished.

Phases, each with the same presses: `alone` (the Chromium follower only) and `class` (plus
N protocol followers); then `idle`: N followers polling a class that does not change. Server
CPU (utime+stime of the Streamlit processes) is read around each phase: following's cost per
follower per minute is (class - alone) / N / minutes, and idle / N / minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Frame, Page, sync_playwright

from atlas.classstate import url_path
from atlas_testing.atlas_page import open_atlas, wait_for_map_year
from atlas_testing.browser import launch_chromium, new_context
from atlas_testing.servers import StreamlitServer, start_served
from bench.classroom import cpu_seconds
from bench.stats import summary
from bench.streamlit_client import StreamlitSession

REPO_DIR = Path(__file__).resolve().parents[1]
RESULTS = REPO_DIR / "bench" / "results"
POLL_S = 0.35  # FOLLOW_POLL_MS in static/atlas/year_control.js
FIRST_YEAR = 1960


@dataclass
class Follower:
    seen: dict[int, float] = field(default_factory=dict)  # year -> epoch ms the poll saw it
    settled: dict[int, float] = field(default_factory=dict)  # year -> its rerun finished
    errors: list[str] = field(default_factory=list)
    polls: int = 0
    failed_polls: int = 0


class Poller:
    """A follower's polls on one kept-alive connection, as a browser's fetch does."""

    def __init__(self, host: str, port: int, path: str) -> None:
        self.host, self.port, self.path = host, port, path
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get_json(self) -> Any:
        """One poll: GET the class's file; None when it could not be read (as the browser,
        the next poll tries again)."""
        try:
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None
            self.writer.write(f"GET {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                              "Cache-Control: no-store\r\n\r\n".encode())
            await self.writer.drain()
            head = await self.reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body = await self.reader.readexactly(length)
            if not head.startswith(b"HTTP/1.1 200"):
                return None
            return json.loads(body)
        except (OSError, ValueError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            await self.close()
            return None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def follow(base: str, code: str, record: Follower, stop: asyncio.Event,
                 static_path: str) -> None:
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    try:
        async with StreamlitSession(base, open_timeout=60) as tab:
            run = await tab.open("", f"follow={code}", timeout=60)
            control = tab.bidi_component("year_control")
            if not run.ok or control is None or run.exceptions():
                record.errors.append(f"open: {run.status} {run.exceptions()}")
                return
            seq = None
            poller = Poller(host, port, static_path)
            while not stop.is_set():
                began = time.monotonic()
                state = await poller.get_json()
                record.polls += 1
                if state is None:
                    record.failed_polls += 1
                if isinstance(state, dict) and state.get("seq") != seq:
                    seq = state["seq"]
                    year = int(state["year"])
                    record.seen.setdefault(year, time.time() * 1000)
                    run = await tab.trigger(control, "follow", seq, timeout=60)
                    if not run.ok or run.exceptions():
                        record.errors.append(f"report {seq}: {run.status} {run.exceptions()}")
                    elif str(year) not in run.text():
                        record.errors.append(f"report {seq}: the caption is not {year}'s")
                    record.settled.setdefault(year, time.time() * 1000)
                    control = tab.bidi_component("year_control") or control
                await asyncio.sleep(max(0.0, POLL_S - (time.monotonic() - began)))
            await poller.close()
    except Exception as error:
        record.errors.append(f"{type(error).__name__}: {error}")


class Followers:
    """N protocol followers on an event loop of their own thread."""

    def __init__(self, base: str, code: str, count: int) -> None:
        self.records = [Follower() for _ in range(count)]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.stop = asyncio.Event()
        static_path = f"/app/static/{url_path(code)}"
        self.tasks = [asyncio.run_coroutine_threadsafe(
            follow(base, code, record, self._stop_event(), static_path), self.loop)
            for record in self.records]

    def _stop_event(self) -> asyncio.Event:
        return self.stop

    def wait_joined(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(r.polls or r.errors for r in self.records):
                return
            time.sleep(0.2)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.stop.set)
        for task in self.tasks:
            task.result(timeout=90)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


_KEYDOWN_JS = """() => {
  window.__keydowns = [];
  document.addEventListener('keydown', () =>
    window.__keydowns.push(performance.timeOrigin + performance.now()), true);
}"""


def press(teacher: Page, frame: Frame, year: int) -> float:
    """ArrowRight on the teacher's page; the epoch ms of its keydown."""
    teacher.keyboard.press("ArrowRight")
    keydowns: list[float] = teacher.evaluate("() => window.__keydowns")
    return keydowns[-1]


def phase(teacher: Page, follower_frame: Frame, server: StreamlitServer, *, start_year: int,
          presses: int, interval: float, followers: Followers | None) -> dict[str, Any]:
    cpu_before = cpu_seconds(server.streamlit_pids())
    began = time.monotonic()
    chromium, polled, settled = [], [], []
    keydowns: dict[int, float] = {}
    for step in range(1, presses + 1):
        year = start_year + step
        keydowns[year] = press(teacher, follower_frame, year)
        wait_for_map_year(follower_frame, year, timeout_ms=15_000)
        paint = follower_frame.evaluate("() => window.natoAtlas.lastPaint")
        chromium.append(paint["painted"] - keydowns[year])
        time.sleep(max(0.0, interval - (time.monotonic() - began - (step - 1) * interval)))
    time.sleep(2.0)  # the last change reaches every follower
    minutes = (time.monotonic() - began) / 60
    cpu = cpu_seconds(server.streamlit_pids()) - cpu_before
    errors: list[str] = []
    missed = failed = polls = 0
    for record in followers.records if followers else []:
        errors += record.errors
        failed += record.failed_polls
        polls += record.polls
        for year, at in keydowns.items():
            if year in record.seen:
                polled.append(record.seen[year] - at)
                settled.append(record.settled[year] - at)
            else:
                missed += 1
    return {"chromium_ms": summary(chromium), "polled_ms": summary(polled),
            "settled_ms": summary(settled), "all_ms": summary(chromium + polled),
            "cpu_s": cpu, "minutes": minutes, "errors": errors[:10],
            "error_count": len(errors), "missed": missed, "polls": polls,
            "failed_polls": failed}


def idle(server: StreamlitServer, seconds: float) -> float:
    before = cpu_seconds(server.streamlit_pids())
    time.sleep(seconds)
    return cpu_seconds(server.streamlit_pids()) - before


def row(name: str, values: dict[str, float | None]) -> str:
    def ms(value: float | None) -> str:
        return "—" if value is None else f"{value:.0f} ms"
    return (f"| {name} | {ms(values['median'])} | {ms(values['p95'])} | {ms(values['max'])} "
            f"| {values['n']} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--followers", type=int, default=40)
    parser.add_argument("--presses", type=int, default=15)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of idle polling")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    server = start_served("follow", RESULTS / "follow-serve.log")
    results: dict[str, Any] = {"followers": args.followers, "presses": args.presses}
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            teacher = new_context(browser, viewport={"width": 1920, "height": 1080}).new_page()
            open_atlas(teacher, server, year=FIRST_YEAR, present=1)
            teacher.evaluate(_KEYDOWN_JS)
            teacher.get_by_role("button", name="Open the class").click()
            code = teacher.locator(".atlas-class-code").inner_text(timeout=15_000).strip()
            student = new_context(browser, viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True).new_page()
            frame = open_atlas(student, server, follow=code)
            year = FIRST_YEAR
            results["alone"] = phase(teacher, frame, server, start_year=year,
                                     presses=args.presses, interval=args.interval,
                                     followers=None)
            year += args.presses
            followers = Followers(server.base, code, args.followers)
            followers.wait_joined()
            time.sleep(2.0)
            try:
                results["class"] = phase(teacher, frame, server, start_year=year,
                                         presses=args.presses, interval=args.interval,
                                         followers=followers)
                results["idle_cpu_s"] = idle(server, args.idle)
            finally:
                followers.close()
            results["idle_alone_cpu_s"] = idle(server, args.idle)
            browser.close()
    finally:
        server.stop()
    alone, cls = results["alone"], results["class"]
    per_follower = (cls["cpu_s"] / cls["minutes"] - alone["cpu_s"] / alone["minutes"]) / max(
        1, args.followers)
    idle_per = (results["idle_cpu_s"] - results["idle_alone_cpu_s"]) / max(1, args.followers) / (
        args.idle / 60)
    results["cpu_ms_per_follower_minute"] = per_follower * 1000
    results["idle_cpu_ms_per_follower_minute"] = idle_per * 1000
    print(f"Following the teacher: {args.presses} key presses, one every {args.interval:g} s\n")
    print("| key press → | median | p95 | max | n |\n|---|---|---|---|---|")
    print(row("1 follower: the Chromium follower's map painted", alone["chromium_ms"]))
    print(row(f"{args.followers} + 1 followers: the Chromium follower's map painted",
              cls["chromium_ms"]))
    print(row(f"{args.followers} + 1: each protocol follower's poll saw the year",
              cls["polled_ms"]))
    print(row(f"{args.followers} + 1: every follower (protocol + Chromium)", cls["all_ms"]))
    print(row(f"{args.followers} + 1: each protocol follower's session rerun done",
              cls["settled_ms"]))
    print(f"\nerrors: {cls['error_count']} {cls['errors']}; changes missed: {cls['missed']}; "
          f"polls that could not be read: {cls['failed_polls']} of {cls['polls']}")
    print(f"server CPU per follower per minute: {per_follower * 1000:.0f} ms while the teacher "
          f"steps every {args.interval:g} s; {idle_per * 1000:.0f} ms polling an unchanged "
          f"class")
    print(f"server CPU over the phase: alone {alone['cpu_s']:.1f} s in "
          f"{alone['minutes'] * 60:.0f} s, with {args.followers} {cls['cpu_s']:.1f} s in "
          f"{cls['minutes'] * 60:.0f} s")
    out = RESULTS / "follow.json"
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\n(figures in {out.relative_to(REPO_DIR)})")


if __name__ == "__main__":
    main()
