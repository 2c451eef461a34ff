"""Marking quoted passages in source texts: found modulo whitespace, merged when they overlap,
every other character escaped; and the Sources page's links and deep-link parsing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlas import sourcetext
from atlas.facts import Facts
from atlas.i18n import translator
from atlas.sourcetext import (
    Span,
    collapse_with_positions,
    find_span,
    marked_html,
    merge_spans,
    quote_spans,
)

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "fixtures"
EN = translator("en")


def _collapse(text: str) -> str:
    return " ".join(text.split())


# -- positions -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "", "   ", "one", "  one  two\n\nthree \t", "a\u00a0b", "ترکیه در  تاریخ\n١٨ فوریه",
])
def test_collapse_matches_the_facts_comparison_and_maps_back(text: str) -> None:
    collapsed, positions = collapse_with_positions(text)
    assert collapsed == _collapse(text)
    assert len(positions) == len(collapsed)
    for char, index in zip(collapsed, positions, strict=True):
        assert text[index] == char or (char == " " and text[index].isspace())


def test_quote_found_across_line_breaks_and_runs_of_spaces() -> None:
    text = "Before.  since    1999. A reader\nreplied here.\n\nAfter."
    span = find_span(text, "q", "since 1999. A reader replied here.")
    assert span is not None
    assert text[span.start:span.end] == "since    1999. A reader\nreplied here."
    assert span.quote_ids == ("q",)


def test_quote_with_its_own_extra_whitespace_is_found() -> None:
    span = find_span("alpha beta gamma", "q", "  beta\n   gamma ")
    assert span is not None and (span.start, span.end) == (6, 16)


def test_missing_quote_is_reported_not_marked() -> None:
    spans, missing = quote_spans("alpha beta", [("a", "alpha"), ("z", "zeta")])
    assert [s.quote_ids for s in spans] == [("a",)]
    assert missing == ["z"]


# -- overlaps --------------------------------------------------------------------------------


def test_overlapping_quotes_merge_into_one_span_with_both_ids() -> None:
    text = "one two three four five"
    spans, _ = quote_spans(text, [("q2", "three four"), ("q1", "two three")])
    assert len(spans) == 1
    assert text[spans[0].start:spans[0].end] == "two three four"
    assert spans[0].quote_ids == ("q1", "q2")


def test_nested_quote_merges_into_the_outer_one() -> None:
    spans, _ = quote_spans("one two three four", [("outer", "one two three four"),
                                                  ("inner", "two three")])
    assert [(s.start, s.end, s.quote_ids) for s in spans] == [(0, 18, ("outer", "inner"))]


def test_touching_quotes_stay_apart() -> None:
    spans = merge_spans([Span(0, 3, ((0, "a"),)), Span(3, 6, ((3, "b"),))])
    assert [s.quote_ids for s in spans] == [("a",), ("b",)]


def test_chain_of_overlaps_merges_transitively() -> None:
    spans = merge_spans([Span(0, 5, ((0, "a"),)), Span(4, 9, ((4, "b"),)),
                         Span(8, 12, ((8, "c"),)), Span(20, 22, ((20, "d"),))])
    assert [(s.start, s.end, s.quote_ids) for s in spans] == [
        (0, 12, ("a", "b", "c")), (20, 22, ("d",))]


def test_merged_mark_has_an_anchor_where_each_later_quote_begins() -> None:
    text = "one two three four five"
    spans, _ = quote_spans(text, [("q1", "two three"), ("q2", "three four")])
    html = marked_html(text, spans)
    assert html == ('one <mark id="quote-q1" data-quote="q1 q2">two '
                    '<span class="quote-start" id="quote-q2"></span>three four</mark> five')


def test_after_mark_markup_follows_each_mark() -> None:
    text = "a b c d"
    spans, _ = quote_spans(text, [("x", "b"), ("y", "d")])
    html = marked_html(text, spans, after_mark=lambda s: f"[{s.quote_ids[0]}]")
    assert html == ('a <mark id="quote-x" data-quote="x">b</mark>[x] c '
                    '<mark id="quote-y" data-quote="y">d</mark>[y]')


def test_text_and_attributes_are_escaped() -> None:
    text = "x <b>bold</b> & \"q\" <script>alert(1)</script>"
    spans, _ = quote_spans(text, [("s", "<script>alert(1)</script>")])
    html = marked_html(text, spans, mark_attrs=lambda s: {"title": "<i>'\"&"})
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in html
    assert 'title="&lt;i&gt;&#x27;&quot;&amp;"' in html


# -- the real sources ------------------------------------------------------------------------


def unmarked_quotes(facts: Facts) -> list[str]:
    """Ids of quotes the source page cannot find in their source."""
    missing: list[str] = []
    for source_id, text in facts.source_texts.items():
        quotes = ((q.id, q.text) for q in facts.quotes.values() if q.source == source_id)
        missing += sourcetext.quote_spans(text, quotes)[1]
    return missing


def test_every_quote_in_the_facts_is_found_in_its_source(facts: Facts) -> None:
    assert unmarked_quotes(facts) == []


def test_every_quote_is_marked_in_its_source_html(facts: Facts) -> None:
    for source_id in facts.sources:
        html = sourcetext.source_html(facts, source_id, EN)
        marked = {i for ids in re.findall(r'data-quote="([^"]+)"', html) for i in ids.split()}
        expected = {q.id for q in facts.quotes.values() if q.source == source_id}
        assert marked == expected, source_id
        for quote_id in expected:
            assert f'id="quote-{quote_id}"' in html


def test_marked_text_is_the_quote_modulo_whitespace(facts: Facts) -> None:
    for source_id, text in facts.source_texts.items():
        quotes = [q for q in facts.quotes.values() if q.source == source_id]
        spans, _ = quote_spans(text, [(q.id, q.text) for q in quotes])
        for span in spans:
            if len(span.quote_ids) == 1:
                assert _collapse(text[span.start:span.end]) == _collapse(
                    facts.quotes[span.quote_ids[0]].text)


def test_source_keeps_its_direction_language_and_text(facts: Facts) -> None:
    html = sourcetext.source_text_html(facts, "fa-turkey-73-years-in-nato", EN)
    assert "dir='rtl' lang='fa'" in html
    # The KFOR period as printed, digits and all.
    assert "٢٠٢٣٢٠٢۴" in html
    html = sourcetext.source_text_html(facts, "en-turkey-blocks-nato-israel-cooperation", EN)
    assert "dir='ltr' lang='en'" in html


def test_marks_link_to_the_items_the_quotes_are_about(facts: Facts) -> None:
    html = sourcetext.source_text_html(facts, "en-tkp-turkey-must-leave-nato", EN)
    assert "href='./?year=2012&amp;item=site:kurecik'" in html
    assert ">Kürecik radar station</a>" in html or "site:kurecik'>" in html
    for quote in facts.quotes.values():
        if quote.source == "en-tkp-turkey-must-leave-nato":
            for ref in quote.about:
                assert f"data-ref='{ref}'" in html


def test_claims_are_marked_as_claims(facts: Facts) -> None:
    html = sourcetext.source_text_html(facts, "en-tkp-turkey-must-leave-nato", EN)
    mark = re.search(r'<mark id="quote-tkp-cigli-missiles"[^>]*>', html)
    assert mark and "claim" in mark.group(0)
    assert "Claim by Communist Party of Turkey (TKP)" in mark.group(0)
    plain = re.search(r'<mark id="quote-tkp-incirlik-cold-war"[^>]*>', html)
    assert plain and "claim" not in plain.group(0)


def test_translation_is_offered_and_marked_as_ours(facts: Facts) -> None:
    html = sourcetext.source_text_html(facts, "fa-turkey-73-years-in-nato", EN)
    assert "Translation (ours, not the publisher&#x27;s): Türkiye joined this organisation" in html


def test_focus_outlines_the_passage_and_offers_a_jump(facts: Facts) -> None:
    html = sourcetext.source_html(facts, "en-tkp-turkey-must-leave-nato", EN,
                                  focus="tkp-cigli-missiles")
    assert re.search(r'<mark id="quote-tkp-cigli-missiles" data-quote="[^"]*" '
                     r'class="atlas-quote claim focus"', html)
    assert "href='#quote-tkp-cigli-missiles'" in html


def test_metadata_says_when_a_date_or_address_is_not_established(facts: Facts) -> None:
    html = sourcetext.source_meta_html(facts, "ar-history-of-nato", EN)
    assert "date not established" in html and "historydraft.com" in html
    html = sourcetext.source_meta_html(facts, "fa-turkey-73-years-in-nato", EN)
    assert "no public address established" in html and "18 February 2025" in html
    assert "news feature" in html and "Turkish official" in html


# -- hostile text ----------------------------------------------------------------------------


def test_hostile_source_is_escaped_and_still_marked(hostile: Facts) -> None:
    html = sourcetext.source_html(hostile, "en-sample-report", EN)
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'data-quote="en-hostile-markup"' in html
    # The quote spans a line break and a run of spaces in its source.
    mark = re.search(r'<mark id="quote-en-hostile-markup"[^>]*>(.*?)</mark>', html, re.S)
    assert mark and "since    1999." in mark.group(1) and "\nand &lt;img" in mark.group(1)


def test_hostile_persian_quote_is_marked_across_a_line_break(hostile: Facts) -> None:
    html = sourcetext.source_html(hostile, "fa-sample-feature", EN)
    assert 'data-quote="fa-kurecik-radar"' in html
    assert unmarked_quotes(hostile) == []


def test_hostile_summary_is_plain_text(hostile: Facts) -> None:
    summary = sourcetext.source_summary(hostile, "en-sample-report", EN)
    assert summary.startswith("NATO Atlas test suite, August 2024: Turkey and NATO")
