"""End-to-end fixtures: a real Streamlit server per test module, one real Chromium per session.

Every test runs under two guards (autouse, so no test can forget them): the atlas must work
offline, so any request to a host other than 127.0.0.1/localhost fails the test at teardown;
and no JavaScript dialog may open (an `alert(1)` from a hostile fact would be one).

Chromium is Debian's (`CHROMIUM=/path` to override): `playwright install` cannot download here.
When a test fails, the log of every running server and the page's console errors are attached
to its report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from atlas_e2e import (
    CHROMIUM,
    CHROMIUM_ARGS,
    RUNNING,
    VIEWPORT,
    StreamlitServer,
    is_local,
    start_streamlit,
    stop_streamlit,
)
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright


@pytest.fixture(scope="module")
def atlas_server(tmp_path_factory: pytest.TempPathFactory,
                 request: pytest.FixtureRequest) -> Iterator[StreamlitServer]:
    """The atlas on the real facts, one server per test module."""
    name = request.module.__name__.rpartition(".")[2]
    server = start_streamlit(name, tmp_path_factory.mktemp("server"))
    yield server
    stop_streamlit(server)


# --- The browser and the guards ---------------------------------------------------------------


@dataclass
class BrowserRecord:
    """What the pages of one test did that a test may not allow."""

    external: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _watched: set[int] = field(default_factory=set)

    def watch_context(self, context: BrowserContext) -> BrowserContext:
        context.on("request", self._on_request)
        context.on("page", self.watch_page)
        for page in context.pages:
            self.watch_page(page)
        return context

    def watch_page(self, page: Page) -> None:
        if id(page) in self._watched:
            return
        self._watched.add(id(page))
        page.on("dialog", self._on_dialog)
        page.on("websocket", lambda ws: self._check_url(f"websocket {ws.url}", ws.url))
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("console", lambda msg: self.errors.append(f"console.{msg.type}: {msg.text}")
                if msg.type == "error" else None)

    def _on_request(self, request: Any) -> None:
        self._check_url(f"{request.method} {request.url}", request.url)

    def _check_url(self, what: str, url: str) -> None:
        if not is_local(url):
            self.external.append(what)

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


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
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (set CHROMIUM=path, or `make browser`)")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
        active: Browser = request.getfixturevalue("browser")
        original_new_context = active.new_context

        def new_context(*args: Any, **kwargs: Any) -> BrowserContext:
            return record.watch_context(original_new_context(*args, **kwargs))

        monkeypatch.setattr(active, "new_context", new_context)
        monkeypatch.setattr(active, "new_page", _forbidden_new_page)
    yield record
    assert not record.external, (
        "the atlas must work offline, but these requests left 127.0.0.1/localhost:\n"
        + "\n".join(record.external))
    assert not record.dialogs, "a JavaScript dialog opened:\n" + "\n".join(record.dialogs)


def _forbidden_new_page(*args: Any, **kwargs: Any) -> Page:
    raise AssertionError("use the `page` fixture or browser.new_context(): browser.new_page() "
                         "would bypass the offline guard")


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh context (fresh Streamlit session) per test."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
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


