"""What the facts hold on Türkiye: its sites and events, the dated entries of its NATO
timeline with what each rests on, and each source's perspective on it. Pure queries and
plain text; markup is fragments.py's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from atlas import labels
from atlas.facts import Facts
from atlas.i18n import Translator
from atlas.models import Citation, Event, Mission, PartialDate, Quote, Site, Source, split_item_ref

TURKIYE = "TUR"

TURKIYE_REF = f"member:{TURKIYE}"

MONTREUX_MARK = "مونترو"  # Montreux, as the Persian source writes it


def hosted_sites(facts: Facts) -> list[Site]:
    """The sites Türkiye hosts, oldest first."""
    sites = [s for s in facts.sites.values() if s.host == TURKIYE]
    return sorted(sites, key=lambda s: (s.start_year, s.name))

def is_turkiye_ref(facts: Facts, ref: str) -> bool:
    """Whether an item reference is Türkiye itself or a site it hosts."""
    kind, item_id = split_item_ref(ref)
    if kind == "member":
        return item_id == TURKIYE
    return kind == "site" and item_id in facts.sites and facts.sites[item_id].host == TURKIYE

def events_concerning(facts: Facts) -> list[Event]:
    """Events whose items concern Türkiye (member:TUR or a Turkish site), oldest first."""
    events = [e for e in facts.events.values() if any(is_turkiye_ref(facts, r) for r in e.items)]
    return sorted(events, key=lambda e: (e.date.sort_key(), e.id))

def site_years(site: Site, tr: Translator) -> str:
    """"2012–" for a site still in use, "1961–1970" for one that closed."""
    return labels.years_open(tr, site.start, site.end_year)

def site_map_label(site: Site, tr: Translator) -> str:
    """"Kürecik 2012–": the short name and the years of NATO (or US/NATO) use."""
    return f"{site.label or site.name} {site_years(site, tr)}"

def mission_years(facts: Facts, mission: Mission, tr: Translator) -> str:
    """The dates of Türkiye's events with a mission ("2023–2024"), else the mission's own."""
    events = [e for e in events_concerning(facts) if f"mission:{mission.id}" in e.items]
    if events:
        return ", ".join(labels.when(tr, e.date, e.end) for e in events)
    return labels.years_open(tr, mission.start, mission.end)

def montreux_quote(facts: Facts) -> Quote | None:
    """The Persian source's passage on the Straits under the Montreux Convention."""
    return next((q for q in facts.quotes.values() if MONTREUX_MARK in q.text), None)

def is_about_turkiye(facts: Facts, quote: Quote, event_ids: set[str] | None = None) -> bool:
    """A quote about Türkiye, a site it hosts, or one of Türkiye's events."""
    if event_ids is None:
        event_ids = {e.id for e in events_concerning(facts)}
    for ref in quote.about:
        kind, item_id = split_item_ref(ref)
        if is_turkiye_ref(facts, ref) or (kind == "event" and item_id in event_ids):
            return True
    return False


# -- Türkiye's timeline ---------------------------------------------------------------------

EntryKind = Literal["accession", "site", "event"]


@dataclass(frozen=True)
class Entry:
    """One dated step of Türkiye's NATO history, with what it rests on."""

    date: PartialDate
    end: PartialDate | None
    title: str
    kind: EntryKind
    ref: str  # "event:<id>", "site:<id>" or "member:TUR"
    sources: tuple[str, ...]  # ids of the quoted sources that mention it
    citations: tuple[Citation, ...]  # references where no quoted source does, or as well
    claimed_by: str | None = None
    site: str | None = None  # the site whose coming into use this entry marks
    ongoing: bool = False  # a site still in use

    @property
    def year(self) -> int:
        return self.date.year

def timeline_entries(facts: Facts, tr: Translator) -> list[Entry]:
    """Accession, the years Türkiye's sites came into use, and the events about Türkiye,
    oldest first. An event that dates a site's start (the Kürecik radar, 2012) stands for
    that site's entry, with the site's citations added; the accession event likewise carries
    the member record's citations."""
    member = facts.members.get(TURKIYE)
    events = events_concerning(facts)
    entries: list[Entry] = []
    accession_event = None
    if member is not None:
        accession_event = next(
            (e for e in events if TURKIYE_REF in e.items
             and e.date.earliest() == member.accession_date and e.end is None), None)
        if accession_event is None:
            entries.append(Entry(
                PartialDate(member.accession_date.isoformat()), None,
                tr("turkey.accession", name=member.name), "accession", TURKIYE_REF, (),
                tuple(member.citations)))
    opened_by: dict[str, str] = {}  # event id -> the site whose start it dates
    for site in hosted_sites(facts):
        opening = next((e for e in events if f"site:{site.id}" in e.items
                        and e.date.year == site.start_year), None)
        if opening is not None and opening.id not in opened_by:
            opened_by[opening.id] = site.id
            continue
        entries.append(Entry(
            site.start,
            PartialDate(str(site.end_year)) if site.end_year is not None else None,
            f"{site.name}: {site.role}", "site", f"site:{site.id}", (), tuple(site.citations),
            site=site.id, ongoing=site.end_year is None))
    for event in events:
        citations: tuple[Citation, ...] = ()
        kind: EntryKind = "event"
        site_id = opened_by.get(event.id)
        if event is accession_event and member is not None:
            citations, kind = tuple(member.citations), "accession"
        elif site_id is not None:
            citations, kind = tuple(facts.sites[site_id].citations), "site"
        entries.append(Entry(
            event.date, event.end, event.title, kind, f"event:{event.id}", tuple(event.sources),
            citations, event.claimed_by, site=site_id,
            ongoing=site_id is not None and facts.sites[site_id].end_year is None))
    kind_order = {"accession": 0, "site": 1, "event": 2}
    return sorted(entries, key=lambda e: (e.date.sort_key(), kind_order[e.kind], e.ref))

def entry_when(entry: Entry, tr: Translator) -> str:
    if entry.end is not None:
        return labels.span(tr, entry.date, entry.end)
    if entry.ongoing:
        return tr("turkey.years_open", start=tr.date(entry.date))
    return tr.date(entry.date)

def basis_parts(facts: Facts, entry: Entry
                 ) -> list[tuple[str, dict[str, str]]]:
    parts: list[tuple[str, dict[str, str]]] = []
    for source_id in entry.sources:
        source = facts.sources[source_id]
        published = source.published or ""
        parts.append(("turkey.source_is", {"publisher": source.publisher, "date": published}))
    parts += [("turkey.reference_is", {"title": c.label, "publisher": c.publisher})
              for c in entry.citations]
    return parts

def basis_values(values: dict[str, str], tr: Translator) -> dict[str, str]:
    if "date" in values:
        values = {**values, "date": labels.published(tr, values["date"])}
    return values

def entry_basis(facts: Facts, entry: Entry, tr: Translator) -> str:
    """What the entry rests on, in one line: the quoted sources, then references."""
    return "; ".join(tr(key, **basis_values(values, tr))
                     for key, values in basis_parts(facts, entry))


# -- perspectives ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Perspective:
    """One source's view of Türkiye: the source and its passages about Türkiye."""

    source: Source
    quotes: tuple[Quote, ...]

def perspectives(facts: Facts) -> list[Perspective]:
    """Every source that speaks of Türkiye with its quotes about it; the sources that say
    most first (ties in the order of sources.yaml)."""
    event_ids = {e.id for e in events_concerning(facts)}
    grouped: dict[str, list[Quote]] = {sid: [] for sid in facts.sources}
    for quote in facts.quotes.values():
        if is_about_turkiye(facts, quote, event_ids):
            grouped[quote.source].append(quote)
    order = {sid: i for i, sid in enumerate(facts.sources)}
    found = [Perspective(facts.sources[sid], tuple(qs)) for sid, qs in grouped.items() if qs]
    return sorted(found, key=lambda p: (-len(p.quotes), order[p.source.id]))
