"""One home for how the atlas writes a fact as text, on every page and in every export:
dates with their evidence's precision, year spans, a source's publication date, titles
framed as claims, citations.

Plain strings in the reader's language (a `Translator`); escaping is the templates' work
(`atlas/markup.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from atlas.i18n import Translator
from atlas.models import Citation


class _Claimable(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def claimed_by(self) -> str | None: ...


def published(tr: Translator, date: object | None) -> str:
    """A source's publication date as precise as known, or "date unknown"."""
    return tr.date(date) if date else tr("date.unknown")


def span(tr: Translator, start: object, end: object) -> str:
    """"1961–1970": both ends as precise as known, in the reader's digits."""
    return tr("map.years", start=tr.date(start), end=tr.date(end))


def years(tr: Translator, start: object, end: object | None) -> str:
    """"1961–1970", or "since 2012" while it lasts."""
    return tr.since(start) if end is None else span(tr, start, end)


def years_open(tr: Translator, start: object, end: object | None) -> str:
    """"1961–1970", or "2012–" while it lasts (a list's column of spans)."""
    return tr("turkey.years_open", start=tr.date(start)) if end is None else span(tr, start, end)


def when(tr: Translator, date: object, end: object | None) -> str:
    """A day, month or year as precise as known, or a span when the fact has an end."""
    return tr.date(date) if end is None else span(tr, date, end)


def claim_title(tr: Translator, item: _Claimable) -> str:
    """An event's title, framed as a claim when a party claims it."""
    if item.claimed_by:
        return tr("timeline.claim_title", who=item.claimed_by, title=item.title)
    return item.title


def references_short(tr: Translator, citations: Iterable[Citation]) -> str:
    """"NATO member countries (topics_52044), NATO, ...": the works a fact was checked
    against, each with its publisher, in the reader's words and commas; a work's own title
    isolated (U+2068..U+2069), for it may run the other way from the sentence around it."""
    comma = tr("caption.list_comma")

    def work(c: Citation) -> str:
        title = f"\u2068{c.title}\u2069" if c.title else ""
        return f"{title} ({c.gloss})" if title and c.gloss else title or c.gloss or ""

    return comma.join(f"{work(c)}{comma}{c.publisher}" for c in citations)


def citations_text(citations: Iterable[Citation]) -> str:
    """"Title (Publisher, url); ..." for one table or spreadsheet cell."""
    return "; ".join(f"{c.label} ({c.publisher}{', ' + c.url if c.url else ''})"
                     for c in citations)
