"""HTML for the side panel: quote cards and item summaries, every string escaped.

Pure functions returning markup, so escaping is tested directly (a quote containing
`<script>` must come out as text) and pages only place the result.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from atlas import timeline
from atlas.facts import Facts
from atlas.i18n import Translator, direction
from atlas.models import Citation, Quote, Scene, Source, split_item_ref

LANGUAGE_NAMES = {"en": "English", "ar": "العربية", "fa": "فارسی", "tr": "Türkçe"}

_CSS_FILE = Path(__file__).parent / "web" / "cards.css"
CARD_CSS = f"<style>{_CSS_FILE.read_text(encoding='utf-8')}</style>"


def quote_language(facts: Facts, quote: Quote) -> str:
    """The language the passage is written in: its own, or else its source's."""
    return quote.language or facts.sources[quote.source].language


def source_line(source: Source, tr: Translator) -> str:
    published = tr.date(source.published) if source.published else tr("date.unknown")
    return f"{source.publisher}, {published}"


def quote_card_html(facts: Facts, quote: Quote, tr: Translator, *,
                    full_text_href: str | None = None) -> str:
    """A quote in its own language and direction, our translation marked as ours, the
    publisher, date and kind of source, and a claim framed as the claimant's."""
    source = facts.sources[quote.source]
    parts = [f"<div class='atlas-card' data-quote='{escape(quote.id)}'>"]
    if quote.claimed_by:
        claim = tr("panel.claims", who=quote.claimed_by, publisher=source.publisher)
        parts.append(f"<div class='claim'>{escape(claim)}</div>")
    original = quote_language(facts, quote)
    parts.append(f"<blockquote dir='{direction(original)}' lang='{escape(original)}'>"
                 f"{escape(quote.text)}</blockquote>")
    # The translation in the reader's language where we have one, English otherwise.
    language = tr.language if tr.language in quote.translations else "en"
    translation = quote.translations.get(language)
    if translation and original != tr.language:
        parts.append(f"<div class='translation' lang='{language}' dir='{direction(language)}'>"
                     f"{escape(translation)}<div class='translation-mark'>"
                     f"{escape(tr('panel.translation_mark'))}</div></div>")
    link = (f" · <a href='{escape(full_text_href)}' target='_self'>{escape(tr('panel.full_text'))}"
            "</a>" if full_text_href else "")
    parts.append(
        f"<div class='meta'>{escape(source_line(source, tr))} · "
        f"<span class='kind'>{escape(source.kind)}</span> · "
        f"{escape(LANGUAGE_NAMES.get(original, original))}{link}</div>"
    )
    if quote.note:
        parts.append(f"<div class='note'>{escape(quote.note)}</div>")
    parts.append("</div>")
    return "".join(parts)


def citation_html(citation: Citation) -> str:
    title = escape(citation.title)
    if citation.url:
        title = f"<a href='{escape(citation.url)}' target='_blank' rel='noopener'>{title}</a>"
    note = f" — {escape(citation.note)}" if citation.note else ""
    return f"<li>{title}, {escape(citation.publisher)}{note}</li>"


def member_name(facts: Facts, iso: str, tr: Translator) -> str:
    return tr.country(iso, facts.members[iso].name)


def item_facts(facts: Facts, ref: str, tr: Translator) -> tuple[str, list[str], list[Citation]]:
    """Title, fact lines and references of an item, for the panel header."""
    kind, item_id = split_item_ref(ref)
    if kind == "member":
        member = facts.members[item_id]
        lines = [tr("map.member_since", date=tr.date(member.accession_date))]
        if member.joined_as:
            lines.append(tr("map.joined_as", name=member.joined_as))
        lines += [tr("panel.outside_command", start=tr.date(p.start),
                     end=tr.date(p.end) if p.end else tr("panel.today"), note=p.note)
                  for p in member.outside_integrated_command]
        lines += [f"{c.note} ({tr.date(c.date)})" for c in facts.territory_changes
                  if c.member == member.id]
        if member.notes:
            lines.append(member.notes)
        return member_name(facts, member.id, tr), lines, list(member.citations)
    if kind == "site":
        site = facts.sites[item_id]
        return site.name, [tr(f"site_kind.{site.kind}") + ", " + years_text(
            tr, site.start_year, site.end_year), site.role], list(site.citations)
    if kind == "mission":
        mission = facts.missions[item_id]
        return mission.short_name, [mission.name, years_text(tr, mission.start, mission.end)], list(
            mission.citations)
    event = facts.events[item_id]
    return event.title, [tr.date(event.date)], []


def years_text(tr: Translator, start: object, end: object | None) -> str:
    """"1961–1970" or "since 2012", dates as precise as known, in the reader's digits."""
    if end is None:
        return tr("map.since", year=tr.date(start))
    return tr("map.years", start=tr.date(start), end=tr.date(end))


def item_panel_html(facts: Facts, ref: str, tr: Translator, *, present: bool = False,
                    source_href: dict[str, str] | None = None) -> str:
    """The side panel for one item: what it is, its quotes, and its references."""
    title, lines, citations = item_facts(facts, ref, tr)
    mode = " atlas-present" if present else ""
    parts = [CARD_CSS, f"<div class='atlas-panel{mode}' dir='{tr.direction}'>",
             f"<div class='atlas-item'><h3>{escape(title)}</h3>"]
    parts += [f"<div>{escape(line)}</div>" for line in lines]
    parts.append("</div>")
    quotes = facts.quotes_about(ref)
    if quotes:
        parts.append(f"<h4>{escape(tr('panel.sources_say', count=len(quotes)))}</h4>")
        parts += [quote_card_html(facts, q, tr, full_text_href=(source_href or {}).get(q.source))
                  for q in quotes]
    else:
        parts.append(f"<p><em>{escape(tr('panel.no_quotes'))}</em></p>")
    parts.append(references_html(citations, tr))
    parts.append("</div>")
    return "".join(parts)


def references_html(citations: list[Citation], tr: Translator, heading: str = "h4") -> str:
    """An item's references (not quotes) under a heading; nothing when it has none."""
    if not citations:
        return ""
    items = "".join(citation_html(c) for c in citations)
    return (f"<{heading}>{escape(tr('panel.references'))}</{heading}>"
            f"<ul class='atlas-refs'>{items}</ul>")


def year_caption(facts: Facts, year: int, tr: Translator) -> str:
    """"1999: Czechia, Hungary and Poland joined (12 March); KFOR began (12 June)" (plain text)."""
    changes = timeline.year_changes(facts, year)
    if not changes:
        return tr("caption.nothing", year=year)
    parts = []
    for change in changes:
        # The caption starts with the year, so each date says only the day or month.
        when = tr("caption.when", date=tr.date_in_year(change.date)) if len(change.date) > 4 else ""
        if change.kind == "territory":
            names = tr.join([tr(f"territory.{piece}") for piece in change.names])
        elif change.kind == "joined":
            names = tr.join([member_name(facts, iso, tr) for iso in change.names])
        else:
            names = tr.join(list(change.names))
        parts.append(tr(f"caption.{change.kind}", names=names, when=when))
    return f"{tr.number(year)}: " + tr("caption.parts").join(parts)


def source_text_html(facts: Facts, source_id: str) -> str:
    """A source's full text in its own direction and font, paragraphs kept."""
    source = facts.sources[source_id]
    paragraphs = [p for p in facts.source_texts[source_id].split("\n") if p.strip()]
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"{CARD_CSS}<div class='atlas-card atlas-source' dir='{source.direction}' "
            f"lang='{escape(source.language)}'>{body}</div>")


def caption_html(caption: str, tr: Translator, *, present: bool = False) -> str:
    """The year's or the scene's caption; styled by CARD_CSS, which the page adds once (the
    caption is redrawn on every year step and should not carry the stylesheet each time)."""
    mode = " atlas-present" if present else ""
    return (f"<div class='atlas-caption{mode}' dir='{tr.direction}' "
            f"lang='{tr.language}'>{escape(caption)}</div>")


def scene_caption(scene: Scene, tr: Translator) -> str:
    """The scene's caption in the reader's language, English where not yet written."""
    return scene.caption.get(tr.language) or scene.caption["en"]  # type: ignore[call-overload]


def scene_steps(facts: Facts) -> list[dict[str, object]]:
    """The story as the year control steps it: year, item and map frame of each scene."""
    return [{"id": s.id, "year": s.year, "item": s.item, "bounds": s.focus.bounds()}
            for s in facts.scenes.values()]
