"""A small class on `make serve`'s server, through Streamlit's own protocol: sessions opening
at once on a mix of pages, stepping years and clicking, each checked for its real content.
The race of the first version (one folium map shared between sessions, "OrderedDict mutated
during iteration" on the Türkiye page) showed in 1 of 10 sessions; these tests fail on it."""

from __future__ import annotations

import asyncio
import re
import threading

from load_support import run_async

from bench.classroom import MIXED_PAGES, Outcome, Target, student, together
from bench.streamlit_client import StreamlitSession, component_args


def run_class(target: Target, pages: list[str], *, steps: int, clicks: int) -> list[Outcome]:
    return run_async(lambda: together(len(pages), threading.Event(), lambda i, start: student(
        target.url, pages[i], steps=steps, clicks=clicks, timeout=90, start=start,
        fetch=True)))


def test_a_class_on_a_mix_of_pages_gets_every_page(classroom_server: Target) -> None:
    outcomes = run_class(classroom_server, MIXED_PAGES, steps=3, clicks=3)
    assert [e for o in outcomes for e in o.errors] == []
    map_outcomes = [o for o in outcomes if o.page == ""]
    assert all(len(o.step_s) == 3 and len(o.click_s) == 3 for o in map_outcomes)
    # Each new device fetched the map's two data files (borders, this language's data).
    assert all(o.static_bytes > 10_000 for o in map_outcomes)


def test_the_turkiye_page_rendered_by_many_sessions_at_once(classroom_server: Target) -> None:
    for _ in range(2):
        outcomes = run_class(classroom_server, ["turkey"] * 8, steps=0, clicks=0)
        assert [e for o in outcomes for e in o.errors] == []


def test_every_student_gets_the_same_small_map(classroom_server: Target) -> None:
    """Nothing per session is built into the map (no channel name, no data): the first visit
    is small, and two sessions get the same map once folium's ids are set aside."""

    async def first_visit() -> tuple[int, str]:
        async with StreamlitSession(classroom_server.url) as tab:
            run = await tab.open("", "year=1999")
            assert run.ok and not run.exceptions()
            element = tab.component("folium")
            assert element is not None
            return run.bytes_received, component_args(element)["script"]

    (size_a, script_a), (size_b, script_b) = run_async(lambda: _both(first_visit))
    assert size_a < 150_000 and size_b < 150_000
    assert re.sub(r"_[0-9a-f]{32}", "_", script_a) == re.sub(r"_[0-9a-f]{32}", "_", script_b)
    assert "natoAtlas.boot(" in script_a


async def _both(make):  # type: ignore[no-untyped-def]
    return await asyncio.gather(make(), make())
