"""HTML for the side panel: quote cards and item summaries, every string escaped.

Pure functions returning markup, so escaping is tested directly (a quote containing
`<script>` must come out as text) and pages only place the result.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pycountry

from atlas import timeline
from atlas.facts import Facts
from atlas.i18n import DEFAULT_LANGUAGE, Translator, direction
from atlas.models import (
    Citation,
    Event,
    Mission,
    PartialDate,
    Quote,
    Scene,
    Source,
    split_item_ref,
)

LANGUAGE_NAMES = {"en": "English", "ar": "العربية", "fa": "فارسی", "tr": "Türkçe"}

_CSS_FILE = Path(__file__).parent / "web" / "cards.css"
CARD_CSS = f"<style>{_CSS_FILE.read_text(encoding='utf-8')}</style>"


def quote_language(facts: Facts, quote: Quote) -> str:
    """The language the passage is written in: its own, or else its source's."""
    return quote.language or facts.sources[quote.source].language


def facts_translation_mark(tr: Translator) -> str:
    """The discreet mark that the atlas's own fact strings (names, descriptions, event
    titles) are the project's translation, as the quotes' translations are marked; nothing
    in English, the language the facts are written in."""
    if tr.language == DEFAULT_LANGUAGE:
        return ""
    return (f"<div class='translation-mark atlas-facts-mark' lang='{tr.language}'>"
            f"{escape(tr('panel.facts_translation_mark'))}</div>")


def source_line(source: Source, tr: Translator) -> str:
    published = tr.date(source.published) if source.published else tr("date.unknown")
    return f"{source.publisher}, {published}"


def quote_card_html(facts: Facts, quote: Quote, tr: Translator, *,
                    full_text_href: str | None = None) -> str:
    """A quote in its own language and direction, our translation marked as ours, the
    publisher, date and kind of source, and who says it: a claim framed as the claimant's,
    the publisher's own sentences as the publisher's."""
    facts = facts.in_language(tr.language)
    quote = facts.quotes[quote.id]
    source = facts.sources[quote.source]
    parts = [f"<div class='atlas-card' data-quote='{escape(quote.id)}'>"]
    if quote.claimed_by:
        claim = tr("panel.claims", who=quote.claimed_by, publisher=source.publisher)
        parts.append(f"<div class='claim'>{escape(claim)}</div>")
    else:
        own = tr("panel.own_words", publisher=source.publisher)
        parts.append(f"<div class='voice'>{escape(own)}</div>")
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
    """Title, fact lines and references of an item, for the panel header, in the reader's
    language (the project's translation of the fact strings)."""
    facts = facts.in_language(tr.language)
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
            tr, site.start, site.end_year), site.role], list(site.citations)
    if kind == "mission":
        mission = facts.missions[item_id]
        return mission.short_name, [mission.name, years_text(tr, mission.start, mission.end)], list(
            mission.citations)
    event = facts.events[item_id]
    return event.title, [tr.date(event.date)], []


def years_text(tr: Translator, start: object, end: object | None) -> str:
    """"1961–1970" or "since 2012", dates as precise as known, in the reader's digits."""
    if end is None:
        return tr.since(start)
    return tr("map.years", start=tr.date(start), end=tr.date(end))


def item_panel_html(facts: Facts, ref: str, tr: Translator, *, present: bool = False,
                    source_href: dict[str, str] | None = None, year: int | None = None) -> str:
    """The side panel for one item: what it is, its quotes, and its references; then, set
    apart, the context of the place it is drawn over (`place_context_html`) as of `year`
    (the year the map shows; every year up to now when None)."""
    facts = facts.in_language(tr.language)
    title, lines, citations = item_facts(facts, ref, tr)
    mode = " atlas-present" if present else ""
    parts = [CARD_CSS, f"<div class='atlas-panel{mode}' dir='{tr.direction}'>",
             f"<div class='atlas-item'><h3>{escape(title)}</h3>"]
    parts += [f"<div>{escape(line)}</div>" for line in lines]
    parts.append(facts_translation_mark(tr))
    parts.append("</div>")
    quotes = facts.quotes_about(ref)
    hrefs = source_href or {}
    if quotes:
        parts.append(f"<h4>{escape(tr('panel.sources_say', count=len(quotes)))}</h4>")
        parts += [quote_card_html(facts, q, tr, full_text_href=hrefs.get(q.source))
                  for q in quotes]
    else:
        parts.append(f"<p><em>{escape(tr('panel.no_quotes'))}</em></p>")
    parts.append(references_html(citations, tr))
    parts.append(place_context_html(facts, ref, tr, year=year, source_href=hrefs,
                                    shown={q.id for q in quotes}))
    parts.append("</div>")
    return "".join(parts)


def place_name(iso: str, tr: Translator) -> str:
    """A country's name in the reader's language; Kosovo, with no ISO 3166 entry, is named
    by the locale files (`country.XKX`)."""
    country = pycountry.countries.get(alpha_3=iso)
    return tr.country(iso, country.name if country is not None else tr(f"country.{iso}"))


def place_areas(facts: Facts, ref: str) -> list[str]:
    """The countries outside the alliance an item is drawn over: a mission's areas. A member
    or a base is its own place on the map, with its own panel."""
    kind, item_id = split_item_ref(ref)
    return list(facts.missions[item_id].areas) if kind == "mission" else []


def place_context(facts: Facts, iso: str, *, year: int | None = None, exclude: str = ""
                  ) -> tuple[list[Mission], list[Event]]:
    """What the atlas has on a place up to `year`: NATO's missions there (other than
    `exclude`) and the events that concern it (partnership steps, summits' decisions)."""
    last = year if year is not None else timeline.last_year()
    missions = [m for m in facts.missions.values()
                if iso in m.areas and f"mission:{m.id}" != exclude and m.start.year <= last]
    events = sorted((e for e in facts.events.values()
                     if iso in e.places and e.date.year <= last),
                    key=lambda e: (e.date.sort_key(), e.id))
    return missions, events


def place_context_html(facts: Facts, ref: str, tr: Translator, *, year: int | None = None,
                       source_href: dict[str, str] | None = None,
                       shown: set[str] | frozenset[str] = frozenset()) -> str:
    """The place an item is drawn over, set apart from the item: the country, NATO's other
    missions there, the events that concern it (a partnership, a summit's decision) and what
    the sources say of them, up to `year`. Quotes already `shown` for the item are not
    repeated. Nothing when the item is not drawn over a place outside the alliance."""
    facts = facts.in_language(tr.language)
    hrefs = source_href or {}
    parts: list[str] = []
    for iso in place_areas(facts, ref):
        missions, events = place_context(facts, iso, year=year, exclude=ref)
        if not missions and not events:
            continue
        country = place_name(iso, tr)
        heading = (tr("panel.place_in_year", place=country, year=year) if year is not None
                   else tr("panel.place", place=country))
        parts.append(f"<section class='atlas-context' data-place='{escape(iso)}'>"
                     f"<h4>{escape(heading)}</h4>"
                     f"<p class='note'>{escape(tr('panel.place_note'))}</p>")
        lines = [tr("panel.place_mission", name=m.name, years=years_text(tr, m.start, m.end))
                 for m in missions]
        lines += [f"{tr.date(e.date)}: {e.title}" for e in events]
        parts.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>")
        about = {f"mission:{m.id}" for m in missions} | {f"event:{e.id}" for e in events}
        quotes = [q for q in facts.quotes.values()
                  if q.id not in shown and about.intersection(q.about)]
        if quotes:
            says = tr("panel.place_sources_say", place=country, count=len(quotes))
            parts.append(f"<h5>{escape(says)}</h5>")
            parts += [quote_card_html(facts, q, tr, full_text_href=hrefs.get(q.source))
                      for q in quotes]
        shown = shown | {q.id for q in quotes}
        parts.append("</section>")
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
    changes = timeline.year_changes(facts.in_language(tr.language), year)
    if not changes:
        return tr("caption.nothing", year=year)
    parts = []
    for change in changes:
        # The caption starts with the year, so each date says only the day or month.
        when = (tr("caption.when", date=tr.date_in_year(change.date))
                if PartialDate.parse(change.date).precision in ("month", "day") else "")
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


def year_control_labels(tr: Translator) -> dict[str, object]:
    """The year control's strings (static/atlas/year_control.js), in the reader's language."""
    return {"year": tr("year.label"), "play": tr("year.play"), "pause": tr("year.pause"),
            "speed": tr("year.speed"), "blank": tr("present.blank"),
            "digits": tr.number("0123456789"),
            "speeds": list(zip([1, 2, 4], tr.list_of("year.speeds"), strict=True))}
