"""The exported atlas (python -m atlas export) opened from file:// in Chromium, with no server:
every request must be a file of the folder. Scrubs the year, clicks a site for its quotes,
changes the language (RTL), presents the story with the clicker keys; and the hostile facts'
markup stays text (the guard fails the test on any dialog)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, expect

from atlas import siteexport
from atlas.facts import load_facts
from atlas.geodata import load_geodata
from atlas.i18n import translator
from atlas_testing import REPO_DIR
from atlas_testing.atlas_page import area_state, wait_for_map_year, zoom_map_to

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("static") / "atlas"
    siteexport.export_site(outdir, load_facts(), load_geodata())
    return outdir


@pytest.fixture
def requests_seen(page: Page) -> Iterator[list[str]]:
    """Every request of the test; at teardown, anything but a file of this machine fails it."""
    seen: list[str] = []
    page.context.on("request", lambda request: seen.append(request.url))
    yield seen
    assert [url for url in seen if not url.startswith(LOCAL_SCHEMES)] == []


def open_site(page: Page, site: Path, name: str = "index.html", fragment: str = "") -> Frame:
    page.goto((site / name).as_uri() + fragment)
    return map_frame(page)


def map_frame(page: Page, part: str = "map-", timeout_ms: float = 15_000) -> Frame:
    """The map frame once it has painted a year (a file:// frame is another origin to its
    page, so it is read through Playwright's frame, not contentDocument)."""
    for _ in range(int(timeout_ms / 100)):
        for frame in page.frames:
            if part in frame.url and frame is not page.main_frame:
                try:
                    if frame.evaluate("() => Boolean(document.body && "
                                      "document.body.dataset.atlasYear)"):
                        return frame
                except Exception:  # the frame is navigating
                    pass
        page.wait_for_timeout(100)
    raise AssertionError(f"no map frame {part!r} painted a year")


def slider(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("#atlas-year-control input[type=range]")


def test_scrub_the_year(page: Page, site: Path, requests_seen: list[str]) -> None:
    frame = open_site(page, site)
    slider(page).focus()
    page.keyboard.press("Home")
    wait_for_map_year(frame, 1949)
    turkey = area_state(frame, "TUR")
    assert turkey is not None and turkey["fill"] == "#ecebe4"  # not yet a member
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_for_map_year(frame, 1952)
    turkey = area_state(frame, "TUR")
    assert turkey is not None and turkey["fill"] != "#ecebe4"
    expect(page.locator("#atlas-caption")).to_contain_text("1952:")
    page.wait_for_function("() => location.hash.includes('year=1952')")
    assert any(url.endswith("data/map-en-screen.js") for url in requests_seen)


def test_click_a_site_for_its_quotes_then_change_language(page: Page, site: Path,
                                                         requests_seen: list[str]) -> None:
    frame = open_site(page, site, fragment="#year=2012")
    wait_for_map_year(frame, 2012)
    zoom_map_to(frame, 38.36, 37.77, 7)  # Kürecik
    frame.locator('[data-ref="site:kurecik"]').click()
    panel = page.locator("#atlas-panel")
    expect(panel.locator("h3")).to_contain_text("Kürecik")
    expect(panel.locator(".atlas-card blockquote").first).to_be_visible()
    page.wait_for_function("() => location.hash.includes('item=site:kurecik')")

    # The language links carry the view: the Arabic page opens at the same year and item.
    page.locator('.atlas-languages a[data-lang="ar"]').click()
    page.wait_for_url("**/index-ar.html#*")
    frame = map_frame(page, "map-ar-screen")
    wait_for_map_year(frame, 2012)
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
    expect(page.locator("#atlas-panel .atlas-panel")).to_have_attribute("dir", "rtl")
    ar = translator("ar")
    expect(page.locator("#atlas-year-control .atlas-year-value")).to_have_text(ar.number(2012))
    # A #lang= link from English opens the Persian page.
    page.goto((site / "index.html").as_uri() + "#lang=fa&year=1999&item=mission:kfor")
    page.wait_for_url("**/index-fa.html#*")
    wait_for_map_year(map_frame(page, "map-fa-screen"), 1999)
    expect(page.locator("#atlas-panel h3")).to_be_visible()


def test_present_the_story_with_clicker_keys(page: Page, site: Path,
                                             requests_seen: list[str]) -> None:
    facts = load_facts()
    scenes = list(facts.scenes.values())
    open_site(page, site)
    page.locator("#atlas-story").click()
    frame = map_frame(page, "map-en-presenter")
    wait_for_map_year(frame, scenes[0].year)
    expect(page.locator("#atlas-caption")).to_have_text(scenes[0].caption["en"])
    expect(page.locator(".atlas-header")).to_be_hidden()
    page.keyboard.press("PageDown")
    wait_for_map_year(frame, scenes[1].year)
    expect(page.locator("#atlas-caption")).to_have_text(scenes[1].caption["en"])
    if scenes[1].item:
        expect(page.locator("#atlas-panel .atlas-panel")).to_be_visible()
        page.wait_for_function("(i) => location.hash.includes('item=' + i)", arg=scenes[1].item)
    page.keyboard.press("ArrowLeft")
    wait_for_map_year(frame, scenes[0].year)
    page.keyboard.press("Escape")
    expect(page.locator(".atlas-header")).to_be_visible()
    map_frame(page, "map-en-screen")


def test_hostile_facts_stay_text(page: Page, tmp_path: Path, requests_seen: list[str]) -> None:
    outdir = tmp_path / "hostile"
    siteexport.export_site(outdir, load_facts(REPO_DIR / "tests" / "fixtures" / "hostile"),
                           load_geodata())
    open_site(page, outdir, fragment="#year=2012&item=mission:kfor")
    expect(page.locator("#atlas-panel")).to_contain_text("<script>alert(1)</script>")
    # The source's full text, with its hostile title, is on the page as text too.
    expect(page.locator("#atlas-sources")).to_contain_text("Turkey and NATO <script>alert(1)")
    page.locator("#atlas-story").click()
    map_frame(page, "map-en-presenter")
    expect(page.locator("#atlas-caption")).to_contain_text("<img src=x")
    page.goto((outdir / "index-tr.html").as_uri() + "#year=2012&item=site:kurecik")
    map_frame(page, "map-tr-screen")
    expect(page.locator("#atlas-panel h3")).to_contain_text("<script>alert('tr')</script>")
    for name in ("img", "script"):
        assert page.locator(f"#atlas-panel {name}, #atlas-caption {name}").count() == 0


def test_full_texts_with_marked_passages_link_to_the_map(page: Page, site: Path,
                                                         requests_seen: list[str]) -> None:
    frame = open_site(page, site, fragment="#year=2012&item=site:kurecik")
    # The panel's "full text" link opens that source's text, its passages marked.
    page.locator("#atlas-panel .atlas-card a").first.click()
    opened = page.locator("details.atlas-source-block[open]")
    expect(opened).to_have_count(1)
    expect(opened.locator("mark.atlas-quote").first).to_be_visible()
    # A passage's link to the map shows that item in its year.
    link = opened.locator(".atlas-quote-links a[data-ref]").first
    ref = link.get_attribute("data-ref")
    link.click()
    page.wait_for_function("(r) => location.hash.includes('item=' + r)", arg=ref)
    expect(page.locator("#atlas-panel h3")).to_be_visible()
    year = int(page.evaluate("() => new URLSearchParams(location.hash.slice(1)).get('year')"))
    wait_for_map_year(frame, year)
