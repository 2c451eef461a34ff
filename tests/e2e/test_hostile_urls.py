"""Hostile and odd URLs, typed or pasted into a real Chromium: each gives a clear notice naming
the parameter, or is ignored without a word, and the map still works; never an exception
element, a traceback, a dialog (the autouse guards) or a request leaving the machine.

The websocket and component side of hostile input is tests/load/test_hostile_protocol.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from atlas_e2e import VIEWPORT, StreamlitServer, map_year, wait_for_map
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

THIS_YEAR = dt.date.today().year
NINES = "9" * 5000
MIB = 1024 * 1024

# (query string as it is sent, parameter the notice names or None for silence, year shown)
CASES: list[tuple[str, str | None, int]] = [
    # The cases of issue 14.
    (f"year={NINES}", "year", THIS_YEAR),
    ("year=1950&year=2000", "year", 1950),
    ("item=" + "a" * 12_000, "item", THIS_YEAR),  # near the server's limit on a request line
    ("year=" + "1" * 12_000, "year", THIS_YEAR),
    ("item=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "item", THIS_YEAR),
    # Years: out of range, not numbers, other scripts and invisible characters.
    ("year=", "year", THIS_YEAR),
    ("year=%20", "year", THIS_YEAR),
    ("year=-1990", "year", THIS_YEAR),
    ("year=0", "year", THIS_YEAR),
    ("year=1948", "year", THIS_YEAR),
    ("year=2999", "year", THIS_YEAR),
    ("year=1e3", "year", THIS_YEAR),
    ("year=1990.0", "year", THIS_YEAR),
    ("year=0x7C6", "year", THIS_YEAR),
    ("year=%2B1990", "year", THIS_YEAR),
    ("year=NaN", "year", THIS_YEAR),
    ("year=Infinity", "year", THIS_YEAR),
    ("year=null", "year", THIS_YEAR),
    ("year=%5B1990%5D", "year", THIS_YEAR),
    ("year=1990%3BDROP%20TABLE", "year", THIS_YEAR),
    ("year=%EF%BC%91%EF%BC%99%EF%BC%99%EF%BC%90", "year", THIS_YEAR),  # fullwidth digits
    ("year=%C2%B2%E2%81%B0%E2%81%B0%E2%81%B0", "year", THIS_YEAR),  # superscripts
    ("year=1990%00", "year", THIS_YEAR),
    ("year=%E2%80%8B1990", "year", THIS_YEAR),  # zero-width space
    ("year=%E2%80%AE0991", "year", THIS_YEAR),  # right-to-left override
    ("year=%FF%FE", "year", THIS_YEAR),  # not UTF-8
    ("year=%D9%A1%D9%A9%D9%A9%D9%A0", None, 1990),  # Arabic-Indic digits: a good year
    ("year=%DB%B1%DB%B9%DB%B6%DB%B0", None, 1960),  # Persian digits: a good year
    # Items: half references, other kinds' ids, payloads, invisible characters.
    ("item=site%3A", "item", THIS_YEAR),
    ("item=%3A", "item", THIS_YEAR),
    ("item=member%3Atur&year=1990", None, 1990),  # the id's case does not matter
    ("item=event%3A%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "item", THIS_YEAR),
    ("item=javascript%3Aalert(1)", "item", THIS_YEAR),
    ("item=site%3Akurecik%E2%80%8D", "item", THIS_YEAR),  # zero-width joiner
    ("item=%E2%80%AEkicruk", "item", THIS_YEAR),
    ("item=..%2F..%2Fetc%2Fpasswd", "item", THIS_YEAR),
    ("item=" + "k" * 65, "item", THIS_YEAR),
    ("item=site%3Akurecik&item=site%3Aincirlik&year=2012", "item", 2012),
    ("item=%22%3E%3Csvg%20onload%3Dalert(1)%3E", "item", THIS_YEAR),
    # Languages.
    ("lang=de", "lang", THIS_YEAR),
    ("lang=EN", "lang", THIS_YEAR),
    ("lang=en-US", "lang", THIS_YEAR),
    ("lang=%3Cb%3Etr%3C%2Fb%3E", "lang", THIS_YEAR),
    ("lang=ar%E2%80%8F", "lang", THIS_YEAR),
    ("lang=fa&lang=tr", "lang", THIS_YEAR),
    # Presenter mode and scenes.
    ("present=2", "present", THIS_YEAR),
    ("present=%3Cscript%3E", "present", THIS_YEAR),
    ("scene=nope", "scene", THIS_YEAR),
    ("scene=%3Csvg%20onload%3Dalert(1)%3E", "scene", THIS_YEAR),
    # Parameters the atlas does not know: ignored.
    ("foo=bar&year=1999", None, 1999),
    ("__proto__=x&constructor=1&year=1999", None, 1999),
    ("year%5B%5D=1990", None, THIS_YEAR),
    ("%3Cscript%3E=1", None, THIS_YEAR),
    ("year=1999#year=1960", None, 1999),  # the fragment is the browser's, not a parameter
]


def _id(case: tuple[str, str | None, int]) -> str:
    query = case[0]
    return query if len(query) <= 40 else f"{query[:30]}…({len(query)} chars)"


@pytest.fixture(scope="module")
def shared_context(browser: Browser) -> Iterator[BrowserContext]:
    """One browser context for the module's many addresses (each goto is a new Streamlit
    session all the same): a context per case would double the suite's time."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
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


@pytest.mark.parametrize(("query", "notice_param", "year"), CASES, ids=[_id(c) for c in CASES])
def test_hostile_url(tab: Page, atlas_server: StreamlitServer, query: str,
                     notice_param: str | None, year: int) -> None:
    page = tab
    page.goto(f"{atlas_server.base}/?{query}")
    frame = wait_for_map(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    notices = page.locator('[data-testid="stAlertContentWarning"]')
    if notice_param is None:
        expect(notices).to_have_count(0)
    else:
        expect(notices.filter(has_text=f"{notice_param}=")).to_have_count(1)
        # A notice quotes at most a short piece of what was typed.
        assert len(notices.first.inner_text()) < 400
    assert map_year(frame) == year
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
