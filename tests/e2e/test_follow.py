"""Following the teacher, in two real Chromium pages on one server: the teacher opens the class
in presenter mode; a student's phone in Persian joins with the link and follows the teacher's
scenes (year, caption, selected item, URL), can click something of its own without touching
the teacher's screen, stops and follows again with one tap each, and is told plainly when the
teacher closes the class. A wrong code gives a message and the normal atlas."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

from atlas.i18n import translator
from atlas_testing import atlas_page
from atlas_testing.atlas_page import (
    EXCEPTION_SELECTOR,
    MAP_FRAME_SELECTOR,
    map_year,
    open_atlas,
    wait_for_app_idle,
    wait_for_map,
    wait_for_map_year,
    zoom_map_to,
)
from atlas_testing.browser import new_context
from atlas_testing.servers import StreamlitServer

PRESENTER = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
# Far more than a follower needs (the target is 1 s; bench.follow measures it): a bound, not
# a timing.
FOLLOW_TIMEOUT_MS = 6_000
EN, FA = translator("en"), translator("fa")
MAP_IN_VIEW_JS = f"""() => {{
  const top = document.querySelector('{MAP_FRAME_SELECTOR}').getBoundingClientRect().top;
  return top >= -1 && top <= innerHeight / 3;
}}"""


def param(page: Page, name: str) -> str | None:
    value: str | None = page.evaluate("(n) => new URLSearchParams(location.search).get(n)", name)
    return value


def wait_for_param(page: Page, name: str, value: str | None,
                   timeout_ms: float = FOLLOW_TIMEOUT_MS) -> None:
    atlas_page.wait_for_param(page, name, value, timeout_ms)


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def open_page(browser: Browser, contexts: list[BrowserContext], viewport: dict[str, int],
              **options: object) -> Page:
    context = new_context(browser, viewport=viewport, **options)  # type: ignore[arg-type]
    context.set_default_timeout(15_000)
    contexts.append(context)
    return context.new_page()


def open_class(teacher: Page) -> str:
    teacher.get_by_role("button", name=EN("follow.open")).click()
    code = teacher.locator(".atlas-class-code").inner_text(timeout=10_000).strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{6}", code), code
    return code


def test_a_phone_follows_the_teachers_scenes_in_its_own_language(
        browser: Browser, contexts: list[BrowserContext], atlas_server: StreamlitServer) -> None:
    teacher = open_page(browser, contexts, PRESENTER)
    teacher_frame = open_atlas(teacher, atlas_server, scene="kfor-1999", present=1)
    code = open_class(teacher)
    # The class panel: the code, the link to type (with the code in it), and its QR code.
    link = teacher.locator(".atlas-class-link").inner_text()
    assert link.endswith(f"/?follow={code}") and link.startswith("http://127.0.0.1:")
    expect(teacher.locator("img.atlas-class-qr")).to_be_visible()
    # The projected address bar shows only the code; what steers the class (its token) stays
    # in the teacher's browser as a cookie.
    assert param(teacher, "teach") == code
    seats = [cookie for cookie in teacher.context.cookies()
             if cookie["name"] == f"atlas_class_{code}"]
    assert len(seats) == 1 and seats[0]["value"] != code
    assert seats[0]["value"] not in teacher.evaluate("location.href")

    # That address typed on another device follows the class and cannot steer it.
    copied = open_page(browser, contexts, PHONE)
    open_atlas(copied, atlas_server, teach=code, scene="kfor-1999", present=1)
    expect(copied.get_by_text(EN("follow.following", code=code))).to_be_visible()
    expect(copied.locator(".atlas-class-code")).to_have_count(0)
    assert param(copied, "teach") is None
    copied.keyboard.press("End")
    copied.wait_for_timeout(1_000)
    class_file = copied.request.get(atlas_server.url(f"app/static/gen/classes/{code}.json"))
    assert class_file.ok and class_file.json()["year"] == 1999
    copied.context.close()
    contexts.remove(copied.context)

    student = open_page(browser, contexts, PHONE, locale="fa-IR", is_mobile=True, has_touch=True)
    frame = open_atlas(student, atlas_server, follow=code, lang="fa")
    assert map_year(frame) == 1999
    expect(student.get_by_text(FA("follow.following", code=code))).to_be_visible()
    assert param(student, "scene") == "kfor-1999"

    # The teacher steps to the next scene: the phone paints its year, then shows its caption,
    # its item's quotes and its URL, in Persian.
    teacher.keyboard.press("PageDown")
    wait_for_map_year(frame, 2012, timeout_ms=FOLLOW_TIMEOUT_MS)
    wait_for_param(student, "scene", "kurecik-2012")
    expect(student.locator(".atlas-panel").first).to_contain_text("کورجیک")
    assert param(student, "lang") == "fa"
    # Framed as the teacher's scene (eastern Türkiye, from the Balkans), and the map, not the
    # page's introduction, above the quotes' sheet.
    wait_for_map(student).wait_for_function("() => window.natoAtlas.map.getCenter().lng > 28",
                                            timeout=FOLLOW_TIMEOUT_MS)
    student.wait_for_function(MAP_IN_VIEW_JS, timeout=FOLLOW_TIMEOUT_MS)

    # The student taps something else for its quotes: the teacher's screen does not move, and
    # the phone still follows.
    wait_for_app_idle(student)
    frame = wait_for_map(student)
    student.locator(MAP_FRAME_SELECTOR).scroll_into_view_if_needed()
    zoom_map_to(frame, 37.0, 35.43, 7)  # İncirlik
    frame.locator('.atlas-marker[data-ref="site:incirlik"]').tap()
    wait_for_param(student, "item", "site:incirlik")
    teacher.wait_for_timeout(800)
    assert param(teacher, "scene") == "kurecik-2012" and param(teacher, "item") is None
    expect(teacher.locator(".atlas-panel").first).to_contain_text("Kürecik")
    assert map_year(teacher_frame) == 2012
    teacher.keyboard.press("PageDown")
    wait_for_map_year(frame, 2018, timeout_ms=FOLLOW_TIMEOUT_MS)
    wait_for_param(student, "scene", "nato-mission-iraq-2018")

    # Stop following: one tap; the teacher moves on, the phone stays, and stops polling.
    class_requests: list[str] = []

    def on_request(request: Request) -> None:
        if f"/gen/classes/{code}.json" in request.url:
            class_requests.append(request.url)

    student.get_by_role("button", name=FA("follow.stop")).tap()
    expect(student.get_by_text(FA("follow.stopped", code=code))).to_be_visible()
    wait_for_param(student, "follow", None)
    wait_for_app_idle(student)
    student.on("request", on_request)
    teacher.keyboard.press("PageDown")
    wait_for_param(teacher, "scene", "turkiye-kfor-command-2023")
    student.wait_for_timeout(1_500)
    assert map_year(wait_for_map(student)) == 2018
    assert class_requests == []

    # Follow again: one tap, and the phone is on the teacher's scene at once.
    student.get_by_role("button", name=FA("follow.again")).tap()
    wait_for_map_year(wait_for_map(student), 2023, timeout_ms=FOLLOW_TIMEOUT_MS)
    wait_for_param(student, "scene", "turkiye-kfor-command-2023")
    wait_for_param(student, "follow", code)

    # The teacher closes the class: the phone says so plainly, and works on its own.
    teacher.get_by_role("button", name=EN("follow.close")).click()
    expect(teacher.get_by_text(EN("follow.closed_teacher", code=code))).to_be_visible()
    assert param(teacher, "teach") is None
    expect(student.get_by_text(FA("follow.closed", code=code))).to_be_visible(
        timeout=FOLLOW_TIMEOUT_MS)
    wait_for_param(student, "follow", None)
    for page in (teacher, student):
        expect(page.locator(EXCEPTION_SELECTOR)).to_have_count(0)


@pytest.mark.parametrize("typed, shown", [("ZZZZZZ", "ZZZZZZ"), ("<b>x</b>", "<b>x</b>")])
def test_a_wrong_code_says_so_and_the_atlas_works(page: Page, atlas_server: StreamlitServer,
                                                  typed: str, shown: str) -> None:
    frame = open_atlas(page, atlas_server, follow=typed, year=1990)
    expect(page.get_by_text(EN("follow.wrong_code", code=shown))).to_be_visible()
    assert param(page, "follow") is None
    assert map_year(frame) == 1990
    page.get_by_role("heading", level=1).first.click()
    page.keyboard.press("ArrowRight")
    wait_for_map_year(frame, 1991)
    expect(page.locator(EXCEPTION_SELECTOR)).to_have_count(0)
    # Typing a code in the sidebar: a wrong one is told the same way.
    field = page.get_by_role("textbox", name=EN("follow.type_label"))
    field.fill("abc-234")
    field.press("Enter")
    expect(page.get_by_text(EN("follow.wrong_code", code="ABC234"))).to_be_visible()
