"""Debian's Chromium through Playwright, and the offline guard.

`playwright install` cannot download a browser here, so Playwright drives the system's
Chromium (`/usr/bin/chromium`, or `CHROMIUM=/path`). The atlas must work with no network: the
guard (`BrowserRecord`) watches every page of a context and records any request or websocket
that leaves this machine, any JavaScript dialog and any page error; the end-to-end tests fail
on the first two, `guarded_chromium` (the benchmarks) raises on requests that left.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    ViewportSize,
    sync_playwright,
)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-default-apps",
]
# Tall enough that the whole map frame is on screen.
VIEWPORT: ViewportSize = {"width": 1400, "height": 1300}
LOCALE = "en-GB"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless; a clear message if it is not there."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"Chromium not found at {CHROMIUM} (set CHROMIUM=path, "
                                "or `make browser`)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def new_context(browser: Browser, *, viewport: ViewportSize | None = None,
                **options: Any) -> BrowserContext:
    """A context with the common settings (VIEWPORT unless told, LOCALE), and `options`."""
    return browser.new_context(viewport=viewport or VIEWPORT,
                               **{"locale": LOCALE, **options})


def is_local(url: str) -> bool:
    """Whether a request stays on this machine: 127.0.0.1/localhost, a data:/blob:/about:
    URL (a blob: URL is local when the origin it names is), or a file: URL on this machine
    (the exported site; not file://host/..., a network share)."""
    scheme, _, rest = url.partition(":")
    scheme = scheme.lower()
    if scheme in ("data", "about"):
        return True
    if scheme == "file":
        return (urlsplit(url).hostname or "localhost") == "localhost"
    if scheme == "blob":
        return is_local(rest)
    if scheme not in ("http", "https", "ws", "wss"):
        return False
    return (urlsplit(url).hostname or "") in LOCAL_HOSTS


@dataclass
class BrowserRecord:
    """What the pages of the contexts it watches did that a test may not allow: requests that
    left this machine, JavaScript dialogs (dismissed), and errors (for a failure's report)."""

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

    def offline_problem(self) -> str | None:
        """None when every request stayed on this machine, else what left."""
        if not self.external:
            return None
        return ("the atlas must work offline, but these requests left 127.0.0.1/localhost:\n"
                + "\n".join(self.external))

    def _on_request(self, request: Any) -> None:
        self._check_url(f"{request.method} {request.url}", request.url)

    def _check_url(self, what: str, url: str) -> None:
        if not is_local(url):
            self.external.append(what)

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def guard_browser(browser: Browser, record: BrowserRecord,
                  set_attribute: Callable[[object, str, Any], None] = setattr) -> None:
    """From now on, every context `browser` opens is watched by `record`, and
    browser.new_page() (whose context the guard would never see) raises. A test passes
    monkeypatch.setattr as `set_attribute`, so that the browser is as before at its end."""
    original_new_context = browser.new_context

    def watched_new_context(*args: Any, **kwargs: Any) -> BrowserContext:
        return record.watch_context(original_new_context(*args, **kwargs))

    set_attribute(browser, "new_context", watched_new_context)
    set_attribute(browser, "new_page", _forbidden_new_page)


def _forbidden_new_page(*args: Any, **kwargs: Any) -> Page:
    """In place of Browser.new_page, whose context the guard would never see."""
    raise AssertionError("use browser.new_context() (or the `page` fixture): browser.new_page() "
                         "would bypass the offline guard")


class OfflineError(AssertionError):
    """A page requested something from outside this machine."""


@contextmanager
def guarded_chromium() -> Iterator[Browser]:
    """Playwright and Debian's Chromium for the length of a with-block, every context it opens
    watched by the offline guard: leaving the block raises OfflineError if any request left
    this machine (a benchmark's figures would then measure something else)."""
    record = BrowserRecord()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        guard_browser(browser, record)
        try:
            yield browser
        finally:
            browser.close()
    problem = record.offline_problem()
    if problem:
        raise OfflineError(problem)
