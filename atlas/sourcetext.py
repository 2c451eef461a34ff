"""Source texts as HTML with every quoted passage marked, and links from passages to the map.

A quote is verbatim in its source only modulo whitespace (atlas/facts/checks.py compares
`" ".join(text.split())`): the source may have a line break or a run of spaces where the quote
has one space. So a quote is found in the *collapsed* text and its position mapped back to a
span of the original text, which is then shown exactly as stored. Quotes may overlap or nest
(two quotes sharing words): overlapping spans merge into one <mark> that carries every quote
id, with an empty anchor where each later quote begins. The markup is in
`atlas/templates/sources/`, where every string is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup

from atlas import labels
from atlas.cards import LANGUAGE_NAMES
from atlas.facts import Facts
from atlas.i18n import Translator
from atlas.markup import render, stylesheet
from atlas.models import Quote, Source
from atlas.urlstate import map_href

LINK_TEXT_LIMIT = 36
# The card styles declare the Vazirmatn and Noto Naskh Arabic faces the texts are set in.
SOURCES_CSS = str(stylesheet("cards") + stylesheet("sources"))


# -- finding quotes ------------------------------------------------------------------------


def collapse_with_positions(text: str) -> tuple[str, list[int]]:
    """`" ".join(text.split())`, and for each of its characters the index in `text` of the
    character it comes from (a collapsed space points at the first character of its run)."""
    chars: list[str] = []
    positions: list[int] = []
    in_space = False
    for index, char in enumerate(text):
        if char.isspace():  # the same test str.split() uses
            if chars and not in_space:
                chars.append(" ")
                positions.append(index)
            in_space = True
        else:
            chars.append(char)
            positions.append(index)
            in_space = False
    if chars and chars[-1] == " ":
        chars.pop()
        positions.pop()
    return "".join(chars), positions


@dataclass(frozen=True)
class Span:
    """A stretch [start, end) of the original text; `starts` is (offset, quote id) for each
    quote merged into it, in text order; `quote_ids` follows the same order."""

    start: int
    end: int
    starts: tuple[tuple[int, str], ...]

    @property
    def quote_ids(self) -> tuple[str, ...]:
        return tuple(quote_id for _, quote_id in self.starts)


def find_span(text: str, quote_id: str, quote_text: str,
              collapsed: tuple[str, list[int]] | None = None) -> Span | None:
    """Where `quote_text` stands in `text`, whitespace runs aside; None if it does not."""
    haystack, positions = collapsed or collapse_with_positions(text)
    needle = " ".join(quote_text.split())
    if not needle:
        return None
    found = haystack.find(needle)
    if found < 0:
        return None
    start = positions[found]
    # The needle never ends in a space, so its last character maps to one original character.
    end = positions[found + len(needle) - 1] + 1
    return Span(start, end, ((start, quote_id),))


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or nested spans as one span carrying all their quotes; touching spans
    (one ends where the next begins) stay apart."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            starts = tuple(sorted(last.starts + span.starts))
            merged[-1] = Span(last.start, max(last.end, span.end), starts)
        else:
            merged.append(span)
    return merged


def quote_spans(text: str, quotes: Iterable[tuple[str, str]]) -> tuple[list[Span], list[str]]:
    """Merged spans of (quote id, quote text) pairs in `text`, and the ids not found."""
    collapsed = collapse_with_positions(text)
    spans: list[Span] = []
    missing: list[str] = []
    for quote_id, quote_text in quotes:
        span = find_span(text, quote_id, quote_text, collapsed)
        if span is None:
            missing.append(quote_id)
        else:
            spans.append(span)
    return merge_spans(spans), missing


# -- rendering -----------------------------------------------------------------------------


def marked_html(text: str, spans: list[Span], *,
                mark_attrs: Callable[[Span], dict[str, str]] | None = None,
                after_mark: Callable[[Span], str] | None = None) -> str:
    """`text` escaped, each span wrapped in <mark id="quote-<first id>" data-quote="<ids>">.

    `mark_attrs` adds attributes (values are escaped by the template); `after_mark` returns
    markup placed right after a mark and must escape its own text (render a template).
    """
    pieces: list[dict[str, object]] = []
    cursor = 0
    for span in spans:
        pieces.append({"mark": None, "text": text[cursor:span.start]})
        attrs = {"id": f"quote-{span.quote_ids[0]}", "data-quote": " ".join(span.quote_ids)}
        attrs.update(mark_attrs(span) if mark_attrs else {})
        # An anchor where each later quote of a merged mark begins, so #quote-<id> works.
        bounds = [span.start] + [offset for offset, _ in span.starts[1:]] + [span.end]
        inner = [{"anchor": quote_id if i else None, "text": text[bounds[i]:bounds[i + 1]]}
                 for i, (_, quote_id) in enumerate(span.starts)]
        after = Markup(after_mark(span)) if after_mark else ""
        pieces.append({"mark": attrs, "inner": inner, "after": after})
        cursor = span.end
    pieces.append({"mark": None, "text": text[cursor:]})
    return str(render("sources/marked_text.html.j2", pieces=pieces))


def short_item_name(facts: Facts, ref: str) -> str:
    """The item's name, cut short: events are named by a whole sentence."""
    name = facts.item_name(ref)
    return name if len(name) <= LINK_TEXT_LIMIT else name[: LINK_TEXT_LIMIT - 1].rstrip() + "…"


def item_links_html(facts: Facts, refs: Iterable[str], tr: Translator) -> str:
    """Links to the map for each item, "Türkiye · KFOR", in the reader's direction."""
    links = [{"href": map_href(facts, ref, tr.language), "name": facts.item_name(ref),
              "shown": short_item_name(facts, ref), "ref": ref} for ref in dict.fromkeys(refs)]
    return str(render("sources/item_links.html.j2", links=links))


def _source_quotes(facts: Facts, source_id: str) -> list[Quote]:
    return [q for q in facts.quotes.values() if q.source == source_id]


def source_text_html(facts: Facts, source_id: str, tr: Translator, *,
                     focus: str | None = None) -> str:
    """The full text of a source in its own direction, language and font, every quote of it
    marked, each mark followed by links to the map items the quotes are about. `focus` (a
    quote id) is marked more strongly, for deep links."""
    source = facts.sources[source_id]
    quotes = {q.id: q for q in _source_quotes(facts, source_id)}
    text = facts.source_texts[source_id]
    spans, _ = quote_spans(text, ((q.id, q.text) for q in quotes.values()))

    def attrs(span: Span) -> dict[str, str]:
        members = [quotes[i] for i in span.quote_ids]
        classes = ["atlas-quote"]
        if any(q.claimed_by for q in members):
            classes.append("claim")
        if focus in span.quote_ids:
            classes.append("focus")
        return {"class": " ".join(classes), "title": _mark_title(members, source, tr)}

    def after(span: Span) -> str:
        refs = [ref for i in span.quote_ids for ref in quotes[i].about]
        links = Markup(item_links_html(facts, refs, tr))
        return str(render("sources/quote_links.html.j2", tr=tr, links=links))

    body = Markup(marked_html(text, spans, mark_attrs=attrs, after_mark=after))
    return str(render("sources/source_text.html.j2", source=source, body=body))


def _mark_title(quotes: list[Quote], source: Source, tr: Translator) -> str:
    """The hover text of a mark: whose claim it is and our translation (raw, escaped later)."""
    lines = []
    for quote in quotes:
        if quote.claimed_by:
            lines.append(tr("sources.claim_by", who=quote.claimed_by))
        language = tr.language if tr.language in quote.translations else "en"
        translation = quote.translations.get(language)
        if translation and source.language != language:
            lines.append(tr("sources.our_translation", text=translation))
    return "\n".join(lines)


def source_meta_html(facts: Facts, source_id: str, tr: Translator) -> str:
    """Title, publisher, date, language, kind, perspective, notes and address of a source."""
    source = facts.sources[source_id]
    rows = [
        ("sources.publisher", source.publisher),
        ("sources.published", labels.published(tr, source.published)),
        ("sources.language", LANGUAGE_NAMES.get(source.language, source.language)),
        ("sources.kind", source.kind),
        ("sources.perspective", source.perspective),
    ]
    if source.notes:
        rows.append(("sources.notes", source.notes))
    return str(render("sources/source_meta.html.j2", source=source, tr=tr, rows=rows,
                      count=len(_source_quotes(facts, source_id))))


def source_html(facts: Facts, source_id: str, tr: Translator, *,
                focus: str | None = None) -> str:
    """One source for the Sources page: its metadata and its marked full text."""
    if focus not in facts.quotes or facts.quotes[focus].source != source_id:
        focus = None
    return str(render("sources/source.html.j2", tr=tr, focus=focus,
                      meta=Markup(source_meta_html(facts, source_id, tr)),
                      text=Markup(source_text_html(facts, source_id, tr, focus=focus))))


def source_summary(facts: Facts, source_id: str, tr: Translator) -> str:
    """One line naming a source, for its expander: "Publisher, date: title" (plain text)."""
    source = facts.sources[source_id]
    published = labels.published(tr, source.published)
    return tr("sources.summary", publisher=source.publisher, date=published,
              title=source.title)


def legend_html(tr: Translator) -> str:
    """The key to the marks, above the texts."""
    return str(render("sources/legend.html.j2", tr=tr))
