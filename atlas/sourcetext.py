"""Source texts as HTML with every quoted passage marked, and links from passages to the map.

A quote is verbatim in its source only modulo whitespace (facts.py compares
`" ".join(text.split())`): the source may have a line break or a run of spaces where the quote
has one space. So a quote is found in the *collapsed* text and its position mapped back to a
span of the original text, which is then shown exactly as stored. Quotes may overlap or nest
(two quotes sharing words): overlapping spans merge into one <mark> that carries every quote
id, with an empty anchor where each later quote begins. Everything outside the markup this
module writes is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urlencode

from atlas import timeline
from atlas.cards import CARD_CSS, LANGUAGE_NAMES, facts_translation_mark
from atlas.facts import Facts
from atlas.i18n import Translator
from atlas.models import Quote, Source, split_item_ref
from atlas.urlstate import View, query_for

_CSS_FILE = Path(__file__).parent / "web" / "sources.css"
LINK_TEXT_LIMIT = 36
# The card styles declare the Vazirmatn and Noto Naskh Arabic faces the texts are set in.
SOURCES_CSS = CARD_CSS + f"<style>{_CSS_FILE.read_text(encoding='utf-8')}</style>"


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

    `mark_attrs` adds attributes (values are escaped here); `after_mark` returns markup placed
    right after a mark and must escape its own text.
    """
    parts: list[str] = []
    cursor = 0
    for span in spans:
        parts.append(escape(text[cursor:span.start]))
        attrs = {"id": f"quote-{span.quote_ids[0]}", "data-quote": " ".join(span.quote_ids)}
        attrs.update(mark_attrs(span) if mark_attrs else {})
        rendered = " ".join(f'{name}="{escape(value)}"' for name, value in attrs.items())
        parts.append(f"<mark {rendered}>")
        inner = span.start
        for offset, quote_id in span.starts[1:]:
            # An anchor where each later quote of a merged mark begins, so #quote-<id> works.
            parts.append(escape(text[inner:offset]))
            parts.append(f'<span class="quote-start" id="quote-{escape(quote_id)}"></span>')
            inner = offset
        parts.append(escape(text[inner:span.end]))
        parts.append("</mark>")
        if after_mark:
            parts.append(after_mark(span))
        cursor = span.end
    parts.append(escape(text[cursor:]))
    return "".join(parts)


def item_year(facts: Facts, ref: str) -> int:
    """The year the map shows an item in when linked: a site's first year, a mission's start,
    a member's accession, an event's date (within the map's years)."""
    kind, item_id = split_item_ref(ref)
    if kind == "member":
        year = facts.members[item_id].accession_date.year
    elif kind == "site":
        year = facts.sites[item_id].start_year
    elif kind == "mission":
        year = facts.missions[item_id].start.year
    else:
        year = facts.events[item_id].date.year
    return timeline.clamp_year(year)


def map_href(facts: Facts, ref: str, language: str) -> str:
    """"./?year=2012&item=site:kurecik" (and the language when not the default).

    The map is the default page, served at the app's root: Streamlit ignores a default
    page's url_path, so "map?..." would be "page not found"."""
    view = View(year=item_year(facts, ref), item=ref, language=language)
    return "./?" + urlencode(query_for(view), safe=":")


def source_href(source_id: str, quote_id: str | None = None, language: str = "en") -> str:
    """"sources?source=<id>" (and the quote to point at), the Sources page deep link."""
    params = {"source": source_id}
    if quote_id:
        params["quote"] = quote_id
    if language != "en":
        params["lang"] = language
    return "sources?" + urlencode(params)


def short_item_name(facts: Facts, ref: str) -> str:
    """The item's name, cut short: events are named by a whole sentence."""
    name = facts.item_name(ref)
    return name if len(name) <= LINK_TEXT_LIMIT else name[: LINK_TEXT_LIMIT - 1].rstrip() + "…"


def item_links_html(facts: Facts, refs: Iterable[str], tr: Translator) -> str:
    """Links to the map for each item, "Türkiye · KFOR", in the reader's direction."""
    links = []
    for ref in dict.fromkeys(refs):
        name, shown = facts.item_name(ref), short_item_name(facts, ref)
        # dir=auto isolates each name, so an English name keeps its "…" in an RTL list.
        links.append(f"<a href='{escape(map_href(facts, ref, tr.language))}' target='_self' "
                     f"dir='auto' title='{escape(name)}' data-ref='{escape(ref)}'>"
                     f"{escape(shown)}</a>")
    return " · ".join(links)


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
        return (f"<span class='atlas-quote-links' dir='{tr.direction}' lang='{tr.language}'>"
                f"<span class='label'>{escape(tr('sources.on_map'))}</span> "
                f"{item_links_html(facts, refs, tr)}</span>")

    body = marked_html(text, spans, mark_attrs=attrs, after_mark=after)
    return (f"<div class='atlas-source-text' dir='{source.direction}' "
            f"lang='{escape(source.language)}'>{body}</div>")


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
    published = tr.date(source.published) if source.published else tr("date.unknown")
    if source.url:
        url = (f"<a href='{escape(source.url)}' target='_blank' rel='noopener noreferrer' "
               f"dir='ltr'>{escape(source.url)}</a>")
    else:
        url = escape(tr("sources.no_url"))
    rows = [
        ("sources.publisher", escape(source.publisher)),
        ("sources.published", escape(published)),
        ("sources.language", escape(LANGUAGE_NAMES.get(source.language, source.language))),
        ("sources.kind", escape(source.kind)),
        ("sources.perspective", escape(source.perspective)),
    ]
    if source.notes:
        rows.append(("sources.notes", escape(source.notes)))
    rows.append(("sources.url", url))
    count = len(_source_quotes(facts, source_id))
    cells = "".join(f"<dt>{escape(tr(key))}</dt><dd>{value}</dd>" for key, value in rows)
    return (f"<div class='atlas-source-meta' dir='{tr.direction}'>"
            f"<div class='title' dir='auto' lang='{escape(source.language)}'>"
            f"{escape(source.title)}</div><dl>{cells}</dl>"
            f"<div class='count'>{escape(tr('sources.marked', count=count))}</div></div>")


def source_html(facts: Facts, source_id: str, tr: Translator, *,
                focus: str | None = None) -> str:
    """One source for the Sources page: its metadata and its marked full text."""
    jump = ""
    if focus in facts.quotes and facts.quotes[focus].source == source_id:
        # Streamlit renders after the page loads, too late for the browser's own #fragment.
        jump = (f"<p class='atlas-jump' dir='{tr.direction}'><a href='#quote-{escape(focus)}'>"
                f"{escape(tr('sources.jump'))}</a></p>")
    return (SOURCES_CSS + source_meta_html(facts, source_id, tr) + facts_translation_mark(tr) + jump
            + source_text_html(facts, source_id, tr, focus=focus))


def source_summary(facts: Facts, source_id: str, tr: Translator) -> str:
    """One line naming a source, for its expander: "Publisher, date: title" (plain text)."""
    source = facts.sources[source_id]
    published = tr.date(source.published) if source.published else tr("date.unknown")
    return tr("sources.summary", publisher=source.publisher, date=published,
              title=source.title)


def unmarked_quotes(facts: Facts) -> list[str]:
    """Ids of quotes that cannot be found in their source (none when the facts loaded)."""
    missing: list[str] = []
    for source_id, text in facts.source_texts.items():
        quotes = ((q.id, q.text) for q in _source_quotes(facts, source_id))
        missing += quote_spans(text, quotes)[1]
    return missing


# -- the page's deep link ------------------------------------------------------------------

MAX_PARAM_LENGTH = 64


@dataclass(frozen=True)
class SourceRequest:
    """What `sources?source=<id>&quote=<id>` asks for, and what in it was not understood
    (as (parameter, value as given, UI string key of the reason))."""

    source: str | None = None
    quote: str | None = None
    problems: tuple[tuple[str, str, str], ...] = ()


def parse_source_request(facts: Facts, params: dict[str, object]) -> SourceRequest:
    """Read `source` and `quote` from the URL without trusting them; a quote alone opens its
    source."""
    def first(name: str) -> str | None:
        value = params.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        return None if value is None else str(value).strip()

    problems = []
    source = first("source")
    if source is not None and source not in facts.sources:
        problems.append(("source", _shown(source), "sources.reason_source"))
        source = None
    quote = first("quote")
    if quote is not None and quote not in facts.quotes:
        problems.append(("quote", _shown(quote), "sources.reason_quote"))
        quote = None
    if quote is not None:
        source = facts.quotes[quote].source
    return SourceRequest(source, quote, tuple(problems))


def _shown(value: str) -> str:
    """A URL value cut short and with Markdown's special characters escaped, to echo it."""
    if len(value) > MAX_PARAM_LENGTH:
        value = value[: MAX_PARAM_LENGTH - 1] + "…"
    return "".join("\\" + c if c in "\\`*_{}[]()<>#+-.!|~" else c for c in value)


def legend_html(tr: Translator) -> str:
    """The key to the marks, above the texts."""
    return (f"{SOURCES_CSS}<div class='atlas-source-legend' dir='{tr.direction}'>"
            f"<mark>{escape(tr('sources.legend_quote'))}</mark> · "
            f"<mark class='claim'>{escape(tr('sources.legend_claim'))}</mark> · "
            f"{escape(tr('sources.legend_hover'))}</div>")
