"""A class on the map when things go wrong: the server restarts under the open pages, and a
real browser uses the atlas while other sessions load it and step through years. Each open
page comes back by itself in the view its URL names, and no page ever shows an exception."""

from __future__ import annotations

import asyncio
import threading
import time

from playwright.sync_api import Page, expect

from atlas_testing.atlas_page import (
    EXCEPTION_SELECTOR,
    map_year,
    open_atlas,
    url_param_is,
    wait_for_app_idle,
    wait_for_map,
    wait_for_map_year,
    wait_for_param,
)
from atlas_testing.servers import RestartableServer, StreamlitServer
from bench.classroom import student, together


def test_after_a_restart_the_page_comes_back_in_its_view(
        page: Page, restartable: RestartableServer) -> None:
    server = restartable.server
    frame = open_atlas(page, server, year=1985, item="site:incirlik", lang="tr", present=1)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_for_param(page, "year", "1987")
    wait_for_map_year(frame, 1987)

    server.stop()
    slider = page.get_by_role("slider", name="Yıl")
    expect(slider).to_be_visible()  # the page stays up
    time.sleep(1.0)  # the page notices the connection is gone
    # The teacher steps on while the server is away: the map paints it, nobody hears it yet.
    page.keyboard.press("ArrowRight")
    wait_for_map_year(frame, 1988)
    restartable.start_again()

    # Back by itself: one view in the slider, the map, the URL and the panel: the URL's, with
    # the step taken while the server was away.
    # The first visitor of a fresh server is routed with one more run (session.py).
    wait_for_app_idle(page, quiet_ms=1_000, timeout_ms=30_000)
    wait_for_param(page, "year", "1988", timeout_ms=10_000)
    wait_for_app_idle(page)
    frame = wait_for_map(page)
    wait_for_map_year(frame, 1988, timeout_ms=10_000)
    expect(slider).to_have_value("1988")
    assert url_param_is("item", "site:incirlik")(page.url)
    assert url_param_is("lang", "tr")(page.url)
    assert url_param_is("present", "1")(page.url)
    expect(page.locator(".atlas-card").first).to_be_visible(timeout=10_000)
    assert page.locator(".atlas-presenting").count() == 1  # still in presenter mode
    expect(page.locator(EXCEPTION_SELECTOR)).to_have_count(0)
    # And it works: a key still steps the year, and the URL follows.
    page.keyboard.press("ArrowRight")
    wait_for_param(page, "year", "1989")


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
        assert page.locator(EXCEPTION_SELECTOR).count() == 0
    wait_for_param(page, "year", "1995", timeout_ms=10_000)
    load.join(120)
    assert not load.is_alive()
    assert results == [[]]
    expect(page.locator(EXCEPTION_SELECTOR)).to_have_count(0)
    assert map_year(frame) == 1995
