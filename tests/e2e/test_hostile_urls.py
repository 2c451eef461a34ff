"""Hostile and odd URLs, typed or pasted into a real Chromium: each gives a clear notice naming
the parameter, or is ignored without a word, and the map still works; never an exception
element, a traceback, a dialog (the autouse guards) or a request leaving the machine.

The websocket and component side of hostile input is tests/load/test_hostile_protocol.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from atlas_testing.atlas_page import EXCEPTION_SELECTOR, map_year, wait_for_map
from atlas_testing.browser import new_context
from atlas_testing.hostile_queries import IN_BROWSER, HostileQuery, case_id
from atlas_testing.servers import StreamlitServer

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def shared_context(browser: Browser) -> Iterator[BrowserContext]:
    """One browser context for the module's many addresses (each goto is a new Streamlit
    session all the same): a context per case would double the suite's time."""
    context = new_context(browser)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def tab(shared_context: BrowserContext, browser_guard: Any) -> Iterator[Page]:
    """A fresh page in the shared context, under this test's offline and dialog guards."""
    browser_guard.watch_context(shared_context)
    page = shared_context.new_page()
    browser_guard.watch_page(page)
    yield page
    page.close()


@pytest.mark.parametrize("case", IN_BROWSER, ids=case_id)
def test_hostile_url(tab: Page, atlas_server: StreamlitServer, case: HostileQuery) -> None:
    page = tab
    page.goto(f"{atlas_server.base}/?{case.query}")
    frame = wait_for_map(page)
    expect(page.locator(EXCEPTION_SELECTOR)).to_have_count(0)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    notices = page.locator('[data-testid="stAlertContentWarning"]')
    if case.notice_param is None:
        expect(notices).to_have_count(0)
    else:
        expect(notices.filter(has_text=f"{case.notice_param}=")).to_have_count(1)
        # A notice quotes at most a short piece of what was typed.
        assert len(notices.first.inner_text()) < 400
    assert map_year(frame) == case.year
    # Nothing typed ran: no element carries a payload's handler.
    assert page.locator("[onerror], [onload]").count() == 0


def test_a_1_mib_address_is_refused_and_the_atlas_goes_on(page: Page,
                                                          atlas_server: StreamlitServer) -> None:
    """An address of a mebibyte never reaches the atlas: the server refuses the request line
    (HTTP 4xx with an empty body: no traceback, no page of ours), and the next page opens as
    usual."""
    statuses: list[int] = []
    page.on("response", lambda response: statuses.append(response.status))
    # Chromium reports an error status with an empty body as a failed navigation.
    with pytest.raises(PlaywrightError, match="ERR_HTTP_RESPONSE_CODE_FAILURE"):
        page.goto(f"{atlas_server.base}/?item={'a' * MIB}")
    assert statuses and 400 <= statuses[0] < 500
    # In a new tab: this one goes on to Chromium's own error page by itself.
    fresh = page.context.new_page()
    fresh.goto(f"{atlas_server.base}/?year=1999")
    assert map_year(wait_for_map(fresh)) == 1999


def test_the_notice_says_which_repeated_value_is_used(page: Page,
                                                     atlas_server: StreamlitServer) -> None:
    page.goto(f"{atlas_server.base}/?year=1950&year=2000")
    frame = wait_for_map(page)
    notice = page.locator('[data-testid="stAlertContentWarning"]', has_text="year=")
    expect(notice).to_contain_text("2")  # how many times
    expect(notice).to_contain_text("year=1950")  # which one is shown
    assert map_year(frame) == 1950
