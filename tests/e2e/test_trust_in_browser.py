"""The trust rules in a real browser, at least one check per rule: event titles in the
atlas's own voice (record or a named source's account), claims with their claimant, dates as
precise as their evidence, the atlas's own fact strings in the reader's language (marked as
the project's translation), plurals by CLDR, and the place a mission is drawn over."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from atlas.facts import load_facts
from atlas.i18n import translator
from atlas_testing.atlas_page import open_atlas, wait_for_app_idle
from atlas_testing.servers import StreamlitServer


def _open(page: Page, server: StreamlitServer, path: str, selector: str, **params: str) -> None:
    page.goto(server.url(path, **params))
    page.wait_for_selector(selector, state="attached", timeout=30_000)
    wait_for_app_idle(page)


def test_own_voice_event_titles_on_the_timeline(page: Page,
                                                 atlas_server: StreamlitServer) -> None:
    _open(page, atlas_server, "timeline", "ol.atlas-events li[data-event]")
    france = page.locator("li[data-event='france-returns-2009'] .atlas-what")
    expect(france).to_contain_text("France, which never left the alliance, rejoins NATO's "
                                   "integrated military command")
    cfe = page.locator("li[data-event='cfe-treaty-1990'] .atlas-what")
    expect(cfe).to_contain_text("22 states of NATO and the Warsaw Pact")
    campaign = page.locator("li[data-event='tkp-social-media-campaign-2025'] .atlas-what")
    expect(campaign).to_contain_text("According to Peoples Dispatch,")


def test_claimant_is_whoever_says_it_in_the_panel(page: Page,
                                                   atlas_server: StreamlitServer) -> None:
    open_atlas(page, atlas_server, year=2020, item="site:konya")
    card = page.locator(".atlas-card[data-quote='tkp-konya-israeli-pilots']").first
    expect(card.locator(".voice")).to_have_text("In Peoples Dispatch's own words:")
    expect(card.locator(".claim")).to_have_count(0)
    open_atlas(page, atlas_server, year=2024, item="member:TUR")
    lead = page.locator(".atlas-card[data-quote='isr-lead-blocked']").first
    expect(lead.locator(".claim")).to_contain_text("sources familiar with the process")


def test_precision_in_every_language(page: Page, atlas_server: StreamlitServer) -> None:
    # Konya's start is known to the decade, the Persian source's day only approximately.
    for language, since in (("en", "since the 1980s"), ("tr", "1980'li yıllardan beri"),
                            ("ar", "منذ ثمانينيات القرن العشرين"), ("fa", "از دههٔ ۱۹۸۰")):
        open_atlas(page, atlas_server, lang=language, year=1990, item="site:konya")
        expect(page.locator(".atlas-item")).to_contain_text(since)
    _open(page, atlas_server, "sources", "mark[data-quote]", lang="fa")
    expect(page.get_by_text("حدود ۱۸ فوریه ۲۰۲۵").first).to_be_attached()


def test_facts_are_translated_and_marked(page: Page, atlas_server: StreamlitServer) -> None:
    open_atlas(page, atlas_server, lang="ar", year=2015, item="site:kurecik")
    item = page.locator(".atlas-item")
    expect(item.locator("h3")).to_have_text("محطة رادار كورجيك")
    expect(item).not_to_contain_text("AN/TPY-2 early-warning")
    expect(item.locator(".atlas-facts-mark")).to_contain_text("الترجمة من عملنا")
    # Quotes stay in their original language.
    expect(page.locator(".atlas-card blockquote[lang=en]").first).to_contain_text("Kürecik")
    _open(page, atlas_server, "turkey", "ol.atlas-entries li", lang="tr")
    expect(page.locator("ol.atlas-entries").first).to_contain_text("Konya Hava Üssü")
    expect(page.locator(".atlas-facts-mark").first).to_be_attached()
    # The notes of geodata/borders.yaml under Türkiye's borders: ours, in Turkish; the cited
    # page's title as published.
    refs = page.locator("ul.atlas-geo-periods ~ ul.atlas-refs").first
    expect(refs).to_contain_text("14 Mayıs 1955'te Arnavutluk, Bulgaristan")
    expect(refs).not_to_contain_text("Signed 14 May 1955")
    expect(refs.locator("bdi", has_text="Warsaw Pact")).to_have_count(1)


def test_plurals_follow_cldr_on_the_sources_page(page: Page,
                                                 atlas_server: StreamlitServer) -> None:
    facts = load_facts()
    tr = translator("ar")
    _open(page, atlas_server, "sources", "mark[data-quote]", lang="ar")
    # The sources' expanders are closed: read the text, not what is visible.
    counts = page.evaluate("""() => [...document.querySelectorAll('.atlas-source-meta .count')]
        .map(e => e.textContent)""")
    per_source = [sum(q.source == s for q in facts.quotes.values()) for s in facts.sources]
    expected = {tr("sources.marked", count=n) for n in per_source}
    assert expected <= {text.strip() for text in counts}
    # Arabic counts between 3 and 10 and from 11 take different forms of the noun.
    forms = {"few" if 3 <= n <= 10 else "many" for n in per_source if 3 <= n <= 99}
    assert len(forms) == 2, per_source


def test_the_place_a_mission_is_drawn_over(page: Page, atlas_server: StreamlitServer) -> None:
    open_atlas(page, atlas_server, year=2019, item="mission:nmi")
    context = page.locator(".atlas-context[data-place='IRQ']")
    expect(context.locator("h4")).to_contain_text(re.compile(r"The place: Iraq"))
    expect(context).to_contain_text("NATO Training Mission-Iraq")
    expect(context).to_contain_text("partner status")
    # The Arabic think-tank article on the partnership is reachable from Iraq on the map.
    expect(context.locator(".atlas-card blockquote[lang=ar]").first).to_be_attached()


def test_references_are_translated_their_titles_kept(page: Page,
                                                     atlas_server: StreamlitServer) -> None:
    # A reference's note and publisher are the atlas's words: in the reader's language and
    # digits, marked as ours; the cited work's title is its publisher's and stays as published.
    open_atlas(page, atlas_server, lang="ar", year=2015, item="site:kurecik")
    refs = page.locator("ul.atlas-refs").first
    expect(refs.locator("bdi").first).to_have_text("Kürecik Radar Station")
    expect(refs).to_contain_text("ويكيبيديا")
    expect(refs).to_contain_text("أُنشئت عام ٢٠١٢")
    expect(refs).not_to_contain_text("established 2012")
    expect(page.locator("ul.atlas-refs + .atlas-facts-mark").first).to_contain_text(
        "الترجمة من عملنا")
