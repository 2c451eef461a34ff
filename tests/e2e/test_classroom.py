"""Classroom mode in a real browser: four languages, presenter mode, clicker keys, scenes.

Screenshots of each language go to the test's tmp directory (kept by pytest for inspection).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from atlas.facts import load_facts
from atlas.i18n import translator
from atlas_testing.atlas_page import (
    font_px,
    map_year,
    open_atlas,
    query_param,
    url_param_is,
    wait_for_app_idle,
    wait_for_map,
    wait_for_map_year,
)
from atlas_testing.browser import new_context
from atlas_testing.servers import StreamlitServer

PROJECTOR = {"width": 1920, "height": 1080}


@pytest.mark.parametrize("language", ["en", "tr", "ar", "fa"])
def test_each_language_lays_out_in_its_direction(page: Page, atlas_server: StreamlitServer,
                                                 language: str, tmp_path: Path) -> None:
    t = translator(language)
    open_atlas(page, atlas_server, lang=language, year=1999, item="mission:kfor")
    page.screenshot(path=tmp_path / f"map-{language}.png", full_page=True)
    direction = page.evaluate("() => getComputedStyle(document.body).direction")
    assert direction == ("rtl" if language in ("ar", "fa") else "ltr")
    navigation = page.get_by_test_id("stSidebarNav")
    expect(navigation.get_by_role("link", name=t("nav.timeline"), exact=True)).to_be_visible()
    # The caption in the language, with the year in its own digits.
    expect(page.locator(".atlas-caption").first).to_contain_text(t.number(1999))


def test_persian_quote_renders_in_the_bundled_font(page: Page,
                                                   atlas_server: StreamlitServer) -> None:
    open_atlas(page, atlas_server, year=2023, item="mission:kfor")
    persian = page.locator(".atlas-card blockquote[lang=fa]").first
    expect(persian).to_be_visible()
    assert "Vazirmatn" in persian.evaluate("e => getComputedStyle(e).fontFamily")
    loaded = page.evaluate("""async () => {
        await document.fonts.ready;
        return [...document.fonts].filter(f => f.family.replace(/["']/g, '') === 'Vazirmatn'
                                              && f.status === 'loaded').length;
    }""")
    assert loaded >= 1, "Vazirmatn never loaded: the Persian text fell back to another font"


@pytest.fixture
def projector_page(browser: Browser) -> Page:
    """A 1920x1080 page, like a laptop on a projector (watched by the offline guard)."""
    return new_context(browser, viewport=PROJECTOR).new_page()


def test_presenter_mode_is_big_and_hides_the_sidebar(projector_page: Page,
                                                     atlas_server: StreamlitServer) -> None:
    page = projector_page
    frame = open_atlas(page, atlas_server, present=1, year=2012, item="site:kurecik")
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
    assert font_px(frame, ".atlas-year") >= 96
    assert font_px(frame, ".atlas-legend") >= 24
    assert font_px(frame, ".atlas-legend .key") >= 24
    assert font_px(page, ".atlas-caption") >= 24
    for selector in (".atlas-card", ".atlas-card .meta", ".atlas-card blockquote"):
        assert font_px(page, selector) >= 24, selector


def test_clicker_keys_step_blank_and_leave(projector_page: Page,
                                           atlas_server: StreamlitServer) -> None:
    page = projector_page
    frame = open_atlas(page, atlas_server, present=1, year=2000)
    page.locator(".atlas-caption").first.click()  # focus nothing in particular
    page.keyboard.press("ArrowRight")
    wait_for_map_year(frame, 2001)
    page.keyboard.press("PageDown")
    wait_for_map_year(frame, 2002)
    page.keyboard.press("PageUp")
    wait_for_map_year(frame, 2001)

    blank = page.locator(".atlas-blank")
    page.keyboard.press("b")
    expect(blank).to_be_visible()
    assert blank.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 0, 0)"
    page.keyboard.press("b")
    expect(blank).to_be_hidden()

    page.keyboard.press("Escape")
    page.wait_for_url(lambda url: "present=" not in url)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()


def test_keys_pressed_inside_the_map_still_step_the_year(projector_page: Page,
                                                          atlas_server: StreamlitServer) -> None:
    page = projector_page
    frame = open_atlas(page, atlas_server, present=1, year=1990)
    frame.locator(".atlas-year").click()  # focus is now inside the map frame
    page.keyboard.press("PageDown")
    wait_for_map_year(frame, 1991)


def test_scenes_step_in_order(projector_page: Page, atlas_server: StreamlitServer) -> None:
    page = projector_page
    scenes = list(load_facts().scenes.values())
    frame = open_atlas(page, atlas_server, present=1, scene=scenes[0].id)
    assert map_year(frame) == scenes[0].year
    page.locator(".atlas-caption").first.click()
    for scene in scenes[1:]:
        page.keyboard.press("PageDown")
        wait_for_map_year(frame, scene.year)
        page.wait_for_url(url_param_is("scene", scene.id))
        wait_for_app_idle(page)
        frame = wait_for_map(page)
        expect(page.locator(".atlas-caption").first).to_have_text(scene.caption["en"])
    # Past the last scene the clicker stays on it.
    page.keyboard.press("PageDown")
    wait_for_app_idle(page)
    assert query_param(page, "scene") == scenes[-1].id
