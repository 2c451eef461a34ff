"""The side panel: quote cards and item summaries, drawn by `atlas/templates/cards/`.

Pure functions gather what a card says and render its template, where every string is
escaped (a quote containing `<script>` comes out as text); pages only place the result.
"""

from __future__ import annotations

import pycountry
from markupsafe import Markup

from atlas import labels, timeline
from atlas.facts import Facts
from atlas.i18n import Translator
from atlas.markup import render, stylesheet
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

# The cards' stylesheet, for pages that place cards without a panel (atlas/web/cards.css).
CARD_CSS = str(stylesheet("cards"))


def quote_language(facts: Facts, quote: Quote) -> str:
    """The language the passage is written in: its own, or else its source's."""
    return quote.language or facts.sources[quote.source].language


def facts_translation_mark(tr: Translator) -> str:
    """The discreet mark that the atlas's own fact strings (names, descriptions, event
    titles) are the project's translation, as the quotes' translations are marked; nothing
    in English, the language the facts are written in."""
    return str(render("cards/facts_translation_mark.html.j2", tr=tr))


def source_line(source: Source, tr: Translator) -> str:
    published = labels.published(tr, source.published)
    return f"{source.publisher}, {published}"


def quote_card_html(facts: Facts, quote: Quote, tr: Translator, *,
                    full_text_href: str | None = None) -> str:
    """A quote in its own language and direction, our translation marked as ours, the
    publisher, date and kind of source, and who says it: a claim framed as the claimant's,
    the publisher's own sentences as the publisher's."""
    facts = facts.in_language(tr.language)
    quote = facts.quotes[quote.id]
    source = facts.sources[quote.source]
    original = quote_language(facts, quote)
    # The translation in the reader's language where we have one, English otherwise.
    language = tr.language if tr.language in quote.translations else "en"
    translation = quote.translations.get(language) if original != tr.language else None
    return str(render("cards/quote_card.html.j2", quote=quote, source=source, tr=tr,
                      original=original, translation=translation,
                      translation_language=language, source_line=source_line(source, tr),
                      language_name=LANGUAGE_NAMES.get(original, original),
                      full_text_href=full_text_href))


def citation_html(citation: Citation) -> str:
    """A reference: the work's own title as published (isolated, for it may run the other
    way: an Arabic title in an English list), the atlas's gloss, publisher and note."""
    return str(render("cards/citation.html.j2", citation=citation))


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
        return site.name, [tr(f"site_kind.{site.kind}") + ", " + labels.years(
            tr, site.start, site.end_year), site.role], list(site.citations)
    if kind == "mission":
        mission = facts.missions[item_id]
        return (mission.short_name, [mission.name, labels.years(tr, mission.start, mission.end)],
                list(mission.citations))
    event = facts.events[item_id]
    # A title that states the record shows what it was checked against; one source's
    # account names that source in the title itself.
    return event.title, [tr.date(event.date)], list(event.checked_against)


def item_panel_html(facts: Facts, ref: str, tr: Translator, *, present: bool = False,
                    source_href: dict[str, str] | None = None, year: int | None = None) -> str:
    """The side panel for one item: what it is, its quotes, and its references; then, set
    apart, the context of the place it is drawn over (`place_context_html`) as of `year`
    (the year the map shows; every year up to now when None)."""
    facts = facts.in_language(tr.language)
    title, lines, citations = item_facts(facts, ref, tr)
    quotes = facts.quotes_about(ref)
    hrefs = source_href or {}
    cards = [Markup(quote_card_html(facts, q, tr, full_text_href=hrefs.get(q.source)))
             for q in quotes]
    context = place_context_html(facts, ref, tr, year=year, source_href=hrefs,
                                 shown={q.id for q in quotes})
    return str(render("cards/item_panel.html.j2", tr=tr, present=present, title=title,
                      lines=lines, quote_cards=cards, citations=citations,
                      place_context=Markup(context)))


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
    places: list[dict[str, object]] = []
    for iso in place_areas(facts, ref):
        missions, events = place_context(facts, iso, year=year, exclude=ref)
        if not missions and not events:
            continue
        country = place_name(iso, tr)
        heading = (tr("panel.place_in_year", place=country, year=year) if year is not None
                   else tr("panel.place", place=country))
        lines = [tr("panel.place_mission", name=m.name, years=labels.years(tr, m.start, m.end))
                 for m in missions]
        lines += [f"{tr.date(e.date)}: {e.title}" for e in events]
        about = {f"mission:{m.id}" for m in missions} | {f"event:{e.id}" for e in events}
        quotes = [q for q in facts.quotes.values()
                  if q.id not in shown and about.intersection(q.about)]
        places.append({"iso": iso, "name": country, "heading": heading, "lines": lines,
                       "quote_cards": [Markup(quote_card_html(
                           facts, q, tr, full_text_href=hrefs.get(q.source))) for q in quotes]})
        shown = shown | {q.id for q in quotes}
    return str(render("cards/place_context.html.j2", tr=tr, places=places))


def references_html(citations: list[Citation], tr: Translator, heading: str = "h4") -> str:
    """An item's references (not quotes) under a heading; nothing when it has none."""
    return str(render("cards/references.html.j2", citations=citations, tr=tr,
                      heading=heading))


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
    paragraphs = [p for p in facts.source_texts[source_id].split("\n") if p.strip()]
    return str(render("cards/source_text.html.j2", source=facts.sources[source_id],
                      paragraphs=paragraphs))


def caption_html(caption: str, tr: Translator, *, present: bool = False) -> str:
    """The year's or the scene's caption; styled by CARD_CSS, which the page adds once (the
    caption is redrawn on every year step and should not carry the stylesheet each time)."""
    return str(render("cards/caption.html.j2", caption=caption, tr=tr, present=present))


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
