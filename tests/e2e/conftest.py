"""End-to-end fixtures: a real Streamlit server and one real Chromium shared by the session.

Every test runs under two guards (autouse, so no test can forget them): the atlas must work
offline, so any request to a host other than 127.0.0.1/localhost fails the test at teardown;
and no JavaScript dialog may open (an `alert(1)` from a hostile fact would be one).

Chromium is Debian's (`CHROMIUM=/path` to override): `playwright install` cannot download here.
When a test fails, the log of every running server and the page's console errors are attached
to its report.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from atlas_testing.browser import BrowserRecord, guard_browser, launch_chromium, new_context
from atlas_testing.servers import RUNNING, RestartableServer, StreamlitServer, start_streamlit


@pytest.fixture(scope="session")
def atlas_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    """The atlas on the real facts, one server for every module that only uses it, as a
    classroom's server serves one class after another: each test opens sessions of its own.
    A test that needs a server nobody has visited yet takes `fresh_server`."""
    server = start_streamlit("atlas", tmp_path_factory.mktemp("server"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory: pytest.TempPathFactory,
                 request: pytest.FixtureRequest) -> Iterator[StreamlitServer]:
    """The atlas on the real facts, on a server of the test module's own."""
    name = request.module.__name__.rpartition(".")[2]
    server = start_streamlit(name, tmp_path_factory.mktemp("server"))
    yield server
    server.stop()


@pytest.fixture
def restartable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RestartableServer]:
    restartable = RestartableServer(request.module.__name__.removeprefix("test_"), tmp_path)
    yield restartable
    restartable.server.stop()


# --- The browser and the guards ---------------------------------------------------------------


@pytest.fixture(autouse=True)
def server_log_guard() -> Iterator[None]:
    """Fails a test during which a running server logged a traceback: the page may hide an
    exception (a fragment, a callback) that the log still shows."""
    sizes = {id(server): server.log_size() for server in RUNNING}
    yield
    problems = []
    for server in RUNNING:
        new = server.log_since(sizes.get(id(server), 0))
        if "Traceback (most recent call last)" in new:
            problems.append(f"--- {server.name} (port {server.port}) ---\n{new[-4000:]}")
    assert not problems, "the server logged a traceback:\n" + "\n".join(problems)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    try:
        browser = launch_chromium(playwright_instance)
    except FileNotFoundError as error:
        pytest.fail(str(error))
    yield browser
    browser.close()


_RECORD_KEY = pytest.StashKey[BrowserRecord]()


@pytest.fixture(autouse=True)
def browser_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
                  ) -> Iterator[BrowserRecord]:
    """Watches every context the session's browser opens during the test; at teardown fails
    the test on any request that left 127.0.0.1/localhost, and on any dialog."""
    record = BrowserRecord()
    request.node.stash[_RECORD_KEY] = record
    if "browser" in request.fixturenames:
        guard_browser(request.getfixturevalue("browser"), record, monkeypatch.setattr)
    yield record
    offline_problem = record.offline_problem()
    assert offline_problem is None, offline_problem
    assert not record.dialogs, "a JavaScript dialog opened:\n" + "\n".join(record.dialogs)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh context (fresh Streamlit session) per test."""
    context = new_context(browser)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, browser_guard: BrowserRecord) -> Page:
    page = context.new_page()
    browser_guard.watch_page(page)  # the context's "page" event may come after new_page()
    return page


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if not report.failed:
        return
    for server in RUNNING:
        report.sections.append((f"streamlit server log ({server.name}, port {server.port})",
                                server.log()))
    record = item.stash.get(_RECORD_KEY, None)
    if record is not None and record.errors:
        report.sections.append(("browser console errors", "\n".join(record.errors[-50:])))


