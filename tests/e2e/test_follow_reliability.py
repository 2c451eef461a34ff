"""Following the teacher when things happen to the pages: the teacher's page reloads, a
student's phone sleeps (the page hidden) and wakes, the server restarts under both. Following
resumes by itself each time, on one server of the test's own and one browser."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect
from test_follow import EN, FOLLOW_TIMEOUT_MS, PRESENTER, open_class, param, wait_for_param

from atlas_testing.atlas_page import open_atlas, wait_for_app_idle, wait_for_map, wait_for_map_year
from atlas_testing.browser import new_context
from atlas_testing.servers import RestartableServer

# The page's own idea of being hidden, as a phone's browser has it when the screen sleeps:
# document.hidden and a visibilitychange event (Chromium here has no screen to turn off).
_SET_HIDDEN_JS = """(hidden) => {
  Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});
  Object.defineProperty(document, 'visibilityState', {configurable: true,
                                                      get: () => hidden ? 'hidden' : 'visible'});
  document.dispatchEvent(new Event('visibilitychange'));
}"""


@pytest.fixture
def two_pages(browser: Browser) -> Iterator[tuple[Page, Page]]:
    contexts: list[BrowserContext] = [new_context(browser, viewport=PRESENTER),
                                      new_context(browser)]
    for context in contexts:
        context.set_default_timeout(15_000)
    yield contexts[0].new_page(), contexts[1].new_page()
    for context in contexts:
        context.close()


def test_following_resumes_after_a_reload_a_sleep_and_a_restart(
        two_pages: tuple[Page, Page], restartable: RestartableServer) -> None:
    teacher, student = two_pages
    server = restartable.server
    open_atlas(teacher, server, year=1990, present=1)
    code = open_class(teacher)
    frame = open_atlas(student, server, follow=code)
    wait_for_map_year(frame, 1990)

    # The teacher's page reloads: the same class, and the students still follow it.
    teacher.reload()
    wait_for_map(teacher)
    wait_for_app_idle(teacher)
    expect(teacher.locator(".atlas-class-code")).to_have_text(code)
    teacher.keyboard.press("ArrowRight")
    wait_for_map_year(frame, 1991, timeout_ms=FOLLOW_TIMEOUT_MS)

    # The phone sleeps: it stops asking; the teacher moves on; it wakes and catches up.
    requests: list[str] = []

    def on_request(request: Request) -> None:
        if f"/gen/classes/{code}.json" in request.url:
            requests.append(request.url)

    student.evaluate(_SET_HIDDEN_JS, True)
    student.wait_for_timeout(500)  # a poll already on its way may still land
    student.on("request", on_request)
    teacher.keyboard.press("ArrowRight")
    wait_for_param(teacher, "year", "1992")
    student.wait_for_timeout(1_500)
    assert requests == []
    assert frame.evaluate("() => document.body.dataset.atlasYear") == "1991"
    student.evaluate(_SET_HIDDEN_JS, False)
    wait_for_map_year(frame, 1992, timeout_ms=FOLLOW_TIMEOUT_MS)
    assert requests  # it asked again at once
    wait_for_param(student, "year", "1992")

    # The server restarts under both pages: each comes back by itself, the teacher still
    # teaching the same class, the student still following it.
    server.stop()
    time.sleep(1.0)  # the pages notice the connection is gone
    restartable.start_again()
    for page in (teacher, student):
        wait_for_map(page, timeout_ms=30_000)
        wait_for_app_idle(page, quiet_ms=1_000, timeout_ms=30_000)
    expect(teacher.locator(".atlas-class-code")).to_have_text(code)
    assert param(student, "follow") == code
    expect(student.get_by_text(EN("follow.following", code=code))).to_be_visible()
    teacher.keyboard.press("ArrowRight")
    wait_for_map_year(wait_for_map(student), 1993, timeout_ms=FOLLOW_TIMEOUT_MS)
    wait_for_param(student, "year", "1993")
