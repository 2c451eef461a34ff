"""Side-panel HTML: quotes in their own language and direction, our translations marked as ours,
claims framed as claims, the year caption, and everything escaped."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

import pytest

from atlas import cards, timeline
from atlas.facts import Facts
from atlas.i18n import Translator
from atlas.models import Quote
from atlas_testing.html_text import shown_text


@pytest.fixture(scope="module")
def en() -> Translator:
    return Translator("en")


def quotes_where(facts: Facts, rule: Callable[[Quote], object]) -> list[Quote]:
    found = [q for q in facts.quotes.values() if rule(q)]
    assert found, "the facts should hold at least one such quote"
    return found


# --- quote cards ---------------------------------------------------------------------------

def test_persian_quote_card(facts: Facts, en: Translator) -> None:
    quotes = quotes_where(facts, lambda q: facts.sources[q.source].language == "fa")
    for quote in quotes:
        html = cards.quote_card_html(facts, quote, en)
        assert f"<blockquote dir='rtl' lang='fa'>{escape(quote.text)}</blockquote>" in html
        assert "en" in quote.translations, quote.id
        assert escape(quote.translations["en"]) in html
        assert "<div class='translation' lang='en' dir='ltr'>" in html
        assert escape(en("panel.translation_mark")) in html


def test_arabic_quote_card_is_rtl(facts: Facts, en: Translator) -> None:
    for quote in quotes_where(facts, lambda q: facts.sources[q.source].language == "ar"):
        html = cards.quote_card_html(facts, quote, en)
        assert "<blockquote dir='rtl' lang='ar'>" in html


def test_persian_reader_gets_no_translation_of_persian(facts: Facts) -> None:
    quote = quotes_where(facts, lambda q: facts.sources[q.source].language == "fa")[0]
    html = cards.quote_card_html(facts, quote, Translator("fa"))
    assert "class='translation'" not in html
    assert escape(quote.translations["en"]) not in html


def test_english_quote_card_has_no_translation(facts: Facts, en: Translator) -> None:
    english = quotes_where(facts, lambda q: facts.sources[q.source].language == "en"
                           and "en" not in q.translations)
    for quote in english:
        html = cards.quote_card_html(facts, quote, en)
        assert "<blockquote dir='ltr' lang='en'>" in html
        assert "class='translation'" not in html
        assert escape(en("panel.translation_mark")) not in html


def test_english_translation_shown_for_foreign_text_in_english_source(
        facts: Facts, en: Translator) -> None:
    """A Turkish post embedded in an English article (tkp-istanbul-post-2025-06-29) carries
    our English translation; an English reader must see it."""
    quotes = quotes_where(facts, lambda q: facts.sources[q.source].language == "en"
                          and "en" in q.translations)
    for quote in quotes:
        html = cards.quote_card_html(facts, quote, en)
        assert escape(quote.translations["en"]) in html, quote.id
        assert escape(en("panel.translation_mark")) in html, quote.id


def test_claimed_quote_starts_with_the_claimant(facts: Facts, en: Translator) -> None:
    quote = facts.quotes["tkp-lead-greater-threat"]
    html = cards.quote_card_html(facts, quote, en)
    assert shown_text(html).startswith(
        "Communist Party of Turkey (TKP) claims, as reported by Peoples Dispatch")
    for claimed in quotes_where(facts, lambda q: q.claimed_by):
        text = shown_text(cards.quote_card_html(facts, claimed, en))
        assert text.startswith(str(claimed.claimed_by)), claimed.id


def test_unclaimed_quote_has_no_claim(facts: Facts, en: Translator) -> None:
    for quote in quotes_where(facts, lambda q: not q.claimed_by):
        assert "class='claim'" not in cards.quote_card_html(facts, quote, en)


def test_full_text_link(facts: Facts, en: Translator) -> None:
    quote = next(iter(facts.quotes.values()))
    html = cards.quote_card_html(facts, quote, en, full_text_href="data?source=a&b='c'")
    assert "href='data?source=a&amp;b=&#x27;c&#x27;'" in html
    assert "href=" not in cards.quote_card_html(facts, quote, en)


def test_hostile_quote_escaped(hostile: Facts, en: Translator) -> None:
    html = cards.quote_card_html(hostile, hostile.quotes["en-hostile-markup"], en)
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>alert(1)</script>" in shown_text(html)


def test_hostile_panel_escaped(hostile: Facts, en: Translator) -> None:
    for ref in ("mission:kfor", "member:TUR", "site:kurecik"):
        html = cards.item_panel_html(hostile, ref, en, source_href={
            s: f"data?source={s}" for s in hostile.sources})
        assert "<script>" not in html
        assert "<img" not in html


# --- item panel ----------------------------------------------------------------------------

def all_refs(facts: Facts) -> list[str]:
    return ([f"member:{m}" for m in facts.members] + [f"site:{s}" for s in facts.sites]
            + [f"mission:{m}" for m in facts.missions] + [f"event:{e}" for e in facts.events])


def test_panel_without_quotes_shows_references(facts: Facts, en: Translator) -> None:
    refs = [r for r in all_refs(facts) if not facts.quotes_about(r)
            and not r.startswith("event:")]
    assert refs
    for ref in refs:
        html = cards.item_panel_html(facts, ref, en)
        _, _, citations = cards.item_facts(facts, ref, en)
        assert citations, ref
        assert escape(en("panel.no_quotes")) in html
        assert f"<h4>{escape(en('panel.references'))}</h4>" in html
        for citation in citations:
            assert escape(citation.title or citation.gloss or "-") in html
            if citation.url:
                assert f"href='{escape(citation.url)}'" in html


def test_panel_with_quotes_shows_every_quote(facts: Facts, en: Translator) -> None:
    html = cards.item_panel_html(facts, "site:kurecik", en)
    quotes = facts.quotes_about("site:kurecik")
    assert quotes
    assert escape(en("panel.sources_say", count=len(quotes))) in html
    assert sorted(re.findall(r"data-quote='([^']*)'", html)) == sorted(q.id for q in quotes)
    assert "Kürecik" in shown_text(html)
    assert escape(en("panel.no_quotes")) not in html


def test_panel_for_every_item_renders(facts: Facts, en: Translator) -> None:
    for ref in all_refs(facts):
        html = cards.item_panel_html(facts, ref, en)
        assert f"<h3>{escape(cards.item_facts(facts, ref, en)[0])}</h3>" in html


def test_member_panel_facts(facts: Facts, en: Translator) -> None:
    title, lines, _ = cards.item_facts(facts, "member:TUR", en)
    assert title == "Türkiye"
    assert "Member since 18 February 1952" in lines
    _, france, _ = cards.item_facts(facts, "member:FRA", en)
    assert any(line.startswith("Outside the integrated military command 1 July 1966 – ")
               for line in france)


def test_site_panel_years(facts: Facts, en: Translator) -> None:
    _, cigli, _ = cards.item_facts(facts, "site:cigli", en)
    assert cigli[0] == "Air base, 1961–1970"
    _, kurecik, _ = cards.item_facts(facts, "site:kurecik", en)
    assert kurecik[0] == "Radar station, since 2012"


# --- year caption --------------------------------------------------------------------------

def test_year_caption_1999(facts: Facts, en: Translator) -> None:
    assert cards.year_caption(facts, 1999, en) == (
        "1999: Czechia, Hungary and Poland joined (12 March); KFOR began (12 June)")


def test_year_caption_1990_reunification(facts: Facts, en: Translator) -> None:
    assert cards.year_caption(facts, 1990, en) == (
        "1990: the former East Germany and West Berlin joined the alliance as part of "
        "the Federal Republic of Germany (3 October)")


def test_year_caption_year_only_date_has_no_day(facts: Facts, en: Translator) -> None:
    caption = cards.year_caption(facts, 2004, en)
    assert caption.startswith("2004: ")
    assert caption.endswith("; NTM-I began")


def test_year_caption_nothing(facts: Facts, en: Translator) -> None:
    assert timeline.year_changes(facts, 1950) == []
    caption = cards.year_caption(facts, 1950, en)
    assert caption == en("caption.nothing", year=1950)
    assert caption.startswith("1950: ")


def test_year_caption_in_persian_digits(facts: Facts) -> None:
    fa = Translator("fa")
    assert cards.year_caption(facts, 1950, fa).startswith("۱۹۵۰")
    assert cards.year_caption(facts, 1999, fa).startswith("۱۹۹۹: ")


# --- source texts --------------------------------------------------------------------------

def test_source_text_keeps_direction_and_paragraphs(facts: Facts) -> None:
    for source in facts.sources.values():
        html = cards.source_text_html(facts, source.id)
        direction = "rtl" if source.language in ("fa", "ar") else "ltr"
        assert f"dir='{direction}' lang='{source.language}'" in html
        paragraphs = [p for p in facts.source_texts[source.id].split("\n") if p.strip()]
        assert html.count("<p>") == len(paragraphs)


def test_hostile_source_text_escaped(hostile: Facts) -> None:
    html = cards.source_text_html(hostile, "en-sample-report")
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_year_caption_1957_the_saar(facts: Facts, en: Translator) -> None:
    assert cards.year_caption(facts, 1957, en) == (
        "1957: the Saar joined the alliance as part of the Federal Republic of Germany "
        "(1 January)")


def test_territory_changes_read_in_the_classs_language() -> None:
    """Germany's card tells how the Saar and the former GDR joined: in Turkish, in the
    project's Turkish (facts/translations/tr.yaml), not in English."""
    from atlas.facts import load_facts
    from atlas.i18n import translator

    facts = load_facts()
    _, lines, _ = cards.item_facts(facts.in_language("tr"), "member:DEU", translator("tr"))
    text = " ".join(lines)
    assert "İkiye Artı Dört" in text and "Saarland" in text
    assert "On German reunification" not in text
