"""A class on the map when things go wrong: the server restarts under the open pages, and a
real browser uses the atlas while other sessions load it and step through years. Each open
page comes back by itself in the view its URL names, and no page ever shows an exception."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from atlas_e2e import (
    StreamlitServer,
    map_year,
    open_atlas,
    start_streamlit,
    stop_streamlit,
    url_param_is,
    wait_for_app_idle,
    wait_for_map,
    wait_for_map_year,
)
from playwright.sync_api import Page, expect

from bench.classroom import student, together

EXCEPTIONS = '[data-testid="stException"]'


def wait_for_param(page: Page, name: str, value: str, timeout_ms: float = 5_000) -> None:
    """Until the address has name=value (polled: the atlas changes the URL in place)."""
    page.wait_for_function("([n, v]) => new URLSearchParams(location.search).get(n) === v",
                           arg=[name, value], timeout=timeout_ms)


@pytest.fixture
def restartable(tmp_path: Path) -> Iterator[list[StreamlitServer]]:
    """A server of the test's own, which the test may stop and start again on its port."""
    servers = [start_streamlit("restart", tmp_path)]
    yield servers
    for server in servers:
        stop_streamlit(server)


def test_after_a_restart_the_page_comes_back_in_its_urls_view(
        page: Page, restartable: list[StreamlitServer], tmp_path: Path) -> None:
    server = restartable[0]
    frame = open_atlas(page, server, year=1985, item="site:incirlik", lang="tr", present=1)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_for_param(page, "year", "1987")
    wait_for_map_year(frame, 1987)

    stop_streamlit(server)
    expect(page.get_by_role("slider", name="Yıl")).to_be_visible()  # the page stays up
    time.sleep(1.0)  # the page notices the connection is gone
    restartable.append(start_streamlit("restart-again", tmp_path, port=server.port))

    # Back by itself: one view, the URL's, in the slider, the map, the URL and the panel.
    frame = wait_for_map(page, timeout_ms=30_000)
    # The first visitor of a fresh server is routed with one more run (session.py).
    wait_for_app_idle(page, quiet_ms=1_000, timeout_ms=30_000)
    frame = wait_for_map(page)
    wait_for_map_year(frame, 1987, timeout_ms=10_000)
    expect(page.get_by_role("slider", name="Yıl")).to_have_value("1987")
    assert url_param_is("year", "1987")(page.url)
    assert url_param_is("item", "site:incirlik")(page.url)
    assert url_param_is("lang", "tr")(page.url)
    assert url_param_is("present", "1")(page.url)
    expect(page.locator(".atlas-card").first).to_be_visible(timeout=10_000)
    assert page.locator(".atlas-presenting").count() == 1  # still in presenter mode
    expect(page.locator(EXCEPTIONS)).to_have_count(0)
    # And it works: a key still steps the year, and the URL follows.
    page.keyboard.press("ArrowRight")
    wait_for_param(page, "year", "1988")


def test_no_exception_while_others_load_and_step(page: Page,
                                                 atlas_server: StreamlitServer) -> None:
    """Six other sessions (the protocol client) open a mix of pages and step through years
    while this browser opens the map and steps; the browser's page never shows an exception
    element, and neither does any of theirs."""
    results: list[list[str]] = []

    def others() -> None:
        pages = ["", "", "turkey", "timeline", "sources", "data"]
        outcomes = asyncio.run(together(len(pages), threading.Event(), lambda i, start: student(
            atlas_server.base, pages[i], steps=5, clicks=2, timeout=60, start=start,
            think=0.1)))
        results.append([e for o in outcomes for e in o.errors])

    load = threading.Thread(target=others)
    load.start()
    frame = open_atlas(page, atlas_server, year=1990)
    for year in range(1991, 1996):
        page.keyboard.press("ArrowRight")
        wait_for_map_year(frame, year)
        assert page.locator(EXCEPTIONS).count() == 0
    wait_for_param(page, "year", "1995", timeout_ms=10_000)
    load.join(120)
    assert not load.is_alive()
    assert results == [[]]
    expect(page.locator(EXCEPTIONS)).to_have_count(0)
    assert map_year(frame) == 1995
