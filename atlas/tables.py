"""The Data page's tables: every fact as a row with its citations, and a search over them."""

from __future__ import annotations

from atlas import labels, timeline
from atlas.facts import Facts
from atlas.i18n import Translator
from atlas.writing import normalize_digits

Row = dict[str, str]


def member_rows(facts: Facts, tr: Translator) -> list[Row]:
    return [
        {tr("data.col_name"): m.name, tr("data.col_iso"): m.id,
         tr("data.col_accession"): m.accession_date.isoformat(),
         tr("data.col_joined_as"): m.joined_as or "",
         tr("data.col_citations"): labels.citations_text(m.citations)}
        for m in sorted(facts.members.values(), key=lambda m: (m.accession_date, m.name))
    ]


def site_rows(facts: Facts, tr: Translator) -> list[Row]:
    return [
        {tr("data.col_name"): s.name, tr("data.col_kind"): tr(f"site_kind.{s.kind}"),
         tr("data.col_years"): f"{tr.date(s.start)}–{tr.number(s.end_year) if s.end_year else ''}",
         tr("data.col_role"): s.role, tr("data.col_citations"): labels.citations_text(s.citations)}
        for s in facts.sites.values()
    ]


def mission_rows(facts: Facts, tr: Translator) -> list[Row]:
    return [
        {tr("data.col_name"): f"{m.short_name}: {m.name}", tr("data.col_areas"): ", ".join(m.areas),
         tr("data.col_dates"): f"{m.start} – {m.end or ''}",
         tr("data.col_citations"): labels.citations_text(m.citations)}
        for m in facts.missions.values()
    ]


def event_rows(facts: Facts, tr: Translator) -> list[Row]:
    return [
        {tr("data.col_date"): tr.date(e.date) + (f" – {tr.date(e.end)}" if e.end else ""),
         tr("data.col_title"): e.title, tr("data.col_claimed_by"): e.claimed_by or "",
         tr("data.col_sources"): ", ".join(facts.sources[s].publisher for s in e.sources)}
        for e in sorted(facts.events.values(), key=lambda e: (e.date.sort_key(), e.id))
    ]


def source_rows(facts: Facts, tr: Translator) -> list[Row]:
    return [
        {tr("data.col_title"): s.title, tr("data.col_publisher"): s.publisher,
         tr("data.col_published"): labels.published(tr, s.published),
         tr("data.col_kind"): s.kind, tr("data.col_language"): s.language,
         tr("data.col_perspective"): s.perspective}
        for s in facts.sources.values()
    ]


def quote_rows(facts: Facts, tr: Translator) -> list[Row]:
    return [
        {tr("data.col_text"): q.text, tr("data.col_source"): facts.sources[q.source].publisher,
         tr("data.col_claimed_by"): q.claimed_by or "",
         tr("data.col_about"): ", ".join(facts.item_name(r) for r in q.about)}
        for q in facts.quotes.values()
    ]


def _fold(text: str) -> str:
    # casefold() turns Turkish "İ" into "i" + a combining dot; drop the dot so that
    # "İncirlik", "Incirlik" and "incirlik" all find each other.
    return normalize_digits(text).casefold().replace("i\u0307", "i")


def matches(row: Row, query: str) -> bool:
    """Case-insensitive match of every word of `query` anywhere in the row; digits in any
    script match ("۱۹۵۲" finds 1952)."""
    haystack = _fold(" ".join(row.values()))
    return all(word in haystack for word in _fold(query).split())


def search(rows: list[Row], query: str) -> list[Row]:
    return [row for row in rows if matches(row, query)] if query.strip() else rows


def members_at_rows(facts: Facts, year: int, tr: Translator) -> list[Row]:
    """The members at the end of `year`: the map's text alternative."""
    return [
        {tr("data.col_name"): tr.country(m.id, m.name), tr("data.col_iso"): m.id,
         tr("data.col_accession"): tr.date(m.accession_date)}
        for m in timeline.members_at(facts, year)
    ]
