"""The Sources page in a real browser: st.html keeps the marks, their ids and the links;
a deep link opens its source; a passage's link opens the map at its item."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from atlas.facts import load_facts
from atlas_testing.atlas_page import wait_for_app_idle, wait_for_map
from atlas_testing.servers import StreamlitServer


def _open(page: Page, server: StreamlitServer, **params: str) -> None:
    page.goto(server.url("sources", **params))
    page.wait_for_selector("mark[data-quote]", state="attached", timeout=30_000)
    wait_for_app_idle(page)


def test_every_quote_is_a_mark_after_sanitizing(page: Page,
                                                atlas_server: StreamlitServer) -> None:
    _open(page, atlas_server)
    marked = page.evaluate("""() => [...document.querySelectorAll('mark[data-quote]')]
        .flatMap(m => m.dataset.quote.split(' '))""")
    assert set(marked) == set(load_facts().quotes)
    ids = page.evaluate("() => [...document.querySelectorAll('[id^=\"quote-\"]')].map(e => e.id)")
    assert {f"quote-{quote_id}" for quote_id in load_facts().quotes} <= set(ids)
    links = page.locator(".atlas-quote-links a[href^='./?year=']")
    assert links.count() > 50


def test_deep_link_opens_the_source_and_jumps_to_the_passage(
        page: Page, atlas_server: StreamlitServer) -> None:
    _open(page, atlas_server, quote="tkp-cigli-missiles")
    mark = page.locator("mark#quote-tkp-cigli-missiles")
    expect(mark).to_be_visible()
    assert "focus" in (mark.get_attribute("class") or "")
    page.locator(".atlas-jump a").click()
    expect(mark).to_be_in_viewport()


def test_persian_source_is_right_to_left_in_its_font(page: Page,
                                                      atlas_server: StreamlitServer) -> None:
    _open(page, atlas_server, source="fa-turkey-73-years-in-nato")
    text = page.locator(".atlas-source-text[lang=fa]")
    expect(text).to_be_visible()
    assert text.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "Vazirmatn" in text.evaluate("e => getComputedStyle(e).fontFamily")


def test_a_passage_link_opens_the_map_at_its_item(page: Page,
                                                   atlas_server: StreamlitServer) -> None:
    _open(page, atlas_server, source="en-tkp-turkey-must-leave-nato")
    page.locator("mark#quote-tkp-cigli-missiles + .atlas-quote-links a[data-ref='site:cigli']"
                 ).click()
    # The map is the default page, at the root: a "map?..." link would be "page not found".
    page.wait_for_url(re.compile(r":\d+/\?.*year=1961"))
    frame = wait_for_map(page)
    expect(page.get_by_test_id("stDialog")).to_have_count(0)
    assert frame.evaluate("() => document.body.dataset.atlasYear") == "1961"
    assert "item=site%3Acigli" in page.url or "item=site:cigli" in page.url
