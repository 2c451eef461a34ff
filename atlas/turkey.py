"""The Türkiye in NATO page: its sites, its events, its map and the sources' perspectives.

Pure queries over the facts plus the builders that turn them into a folium map, a plotly
chart and HTML; every string that reaches HTML is escaped here. Nothing is written about
Türkiye that the facts do not hold: the timeline is the events whose items concern Türkiye
(member:TUR or a site it hosts) and the years its sites came into use, each with its source
or citation; a party's claim stays that party's claim.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

import folium
import plotly.graph_objects as go
import shapely
from branca.element import Element

from atlas import charts, timeline
from atlas.cards import (
    CARD_CSS,
    facts_translation_mark,
    item_facts,
    quote_card_html,
    references_html,
)
from atlas.facts import Facts
from atlas.geodata import Geodata
from atlas.geography import (
    Borders,
    YearFigures,
    distances_from,
    turkiye_border_periods,
    with_official,
)
from atlas.i18n import Translator
from atlas.mapview import MISSION_COLOUR, NON_MEMBER_FILL, SITE_SYMBOLS, configure_offline_assets
from atlas.models import Citation, Event, Mission, PartialDate, Quote, Site, Source, split_item_ref

TURKIYE = "TUR"
TURKIYE_REF = f"member:{TURKIYE}"
# Türkiye with room for the arrows to Kosovo (KFOR) and Iraq (NATO Mission Iraq):
# south-west and north-east corners, in degrees.
FRAME = ((32.2, 19.2), (44.3, 46.6))
# Where the arrows to the missions start: Ankara, the capital, stands for the state.
ORIGIN = (39.93, 32.86)
# The missions Türkiye's events link it to.
# Each link: mission id, how far the arrow bows (share of its length; positive bows to the
# left of the direction of travel), and how far along it the label sits; chosen so arrows and
# labels keep clear of the site and Strait labels.
MISSION_LINKS = (("kfor", -0.15, 0.55), ("nmi", 0.0, 0.75))
MONTREUX_MARK = "مونترو"  # Montreux, as the Persian source writes it

SEA = "#cfe0ea"  # the main map's sea (atlas/web/map.css)
TURKIYE_FILL = "#f7d9a6"
TURKIYE_STROKE = "#7a2e00"
MEMBER_FILL = "#d5dcea"
MEMBER_STROKE = "#6d7a91"
MISSION_FILL = "#f6dccb"


@dataclass(frozen=True)
class Strait:
    id: Literal["bosphorus", "dardanelles"]
    lat: float
    lon: float
    label_side: Literal["e", "w", "nw", "sw"]


STRAITS = (Strait("bosphorus", 41.12, 29.06, "w"), Strait("dardanelles", 40.2, 26.4, "w"))


# -- queries ------------------------------------------------------------------------------


def turkiye_sites(facts: Facts) -> list[Site]:
    """The sites Türkiye hosts, oldest first."""
    sites = [s for s in facts.sites.values() if s.host == TURKIYE]
    return sorted(sites, key=lambda s: (s.start_year, s.name))


def is_turkiye_ref(facts: Facts, ref: str) -> bool:
    """Whether an item reference is Türkiye itself or a site it hosts."""
    kind, item_id = split_item_ref(ref)
    if kind == "member":
        return item_id == TURKIYE
    return kind == "site" and item_id in facts.sites and facts.sites[item_id].host == TURKIYE


def turkiye_events(facts: Facts) -> list[Event]:
    """Events whose items concern Türkiye (member:TUR or a Turkish site), oldest first."""
    events = [e for e in facts.events.values() if any(is_turkiye_ref(facts, r) for r in e.items)]
    return sorted(events, key=lambda e: (e.date.sort_key(), e.id))


def site_years(site: Site, tr: Translator) -> str:
    """"2012–" for a site still in use, "1961–1970" for one that closed."""
    if site.end_year is None:
        return tr("turkey.years_open", start=tr.date(site.start))
    return tr("map.years", start=tr.date(site.start), end=tr.number(site.end_year))


def site_map_label(site: Site, tr: Translator) -> str:
    """"Kürecik 2012–": the short name and the years of NATO (or US/NATO) use."""
    return f"{site.label or site.name} {site_years(site, tr)}"


def montreux_quote(facts: Facts) -> Quote | None:
    """The Persian source's passage on the Straits under the Montreux Convention."""
    return next((q for q in facts.quotes.values() if MONTREUX_MARK in q.text), None)


def is_about_turkiye(facts: Facts, quote: Quote, event_ids: set[str] | None = None) -> bool:
    """A quote about Türkiye, a site it hosts, or one of Türkiye's events."""
    if event_ids is None:
        event_ids = {e.id for e in turkiye_events(facts)}
    for ref in quote.about:
        kind, item_id = split_item_ref(ref)
        if is_turkiye_ref(facts, ref) or (kind == "event" and item_id in event_ids):
            return True
    return False


# -- Türkiye's timeline ---------------------------------------------------------------------

EntryKind = Literal["accession", "site", "event"]


@dataclass(frozen=True)
class TurkiyeEntry:
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


def turkiye_timeline(facts: Facts, tr: Translator) -> list[TurkiyeEntry]:
    """Accession, the years Türkiye's sites came into use, and the events about Türkiye,
    oldest first. An event that dates a site's start (the Kürecik radar, 2012) stands for
    that site's entry, with the site's citations added; the accession event likewise carries
    the member record's citations."""
    member = facts.members.get(TURKIYE)
    events = turkiye_events(facts)
    entries: list[TurkiyeEntry] = []
    accession_event = None
    if member is not None:
        accession_event = next(
            (e for e in events if TURKIYE_REF in e.items
             and e.date.earliest() == member.accession_date and e.end is None), None)
        if accession_event is None:
            entries.append(TurkiyeEntry(
                PartialDate(member.accession_date.isoformat()), None,
                tr("turkey.accession", name=member.name), "accession", TURKIYE_REF, (),
                tuple(member.citations)))
    opened_by: dict[str, str] = {}  # event id -> the site whose start it dates
    for site in turkiye_sites(facts):
        opening = next((e for e in events if f"site:{site.id}" in e.items
                        and e.date.year == site.start_year), None)
        if opening is not None and opening.id not in opened_by:
            opened_by[opening.id] = site.id
            continue
        entries.append(TurkiyeEntry(
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
        entries.append(TurkiyeEntry(
            event.date, event.end, event.title, kind, f"event:{event.id}", tuple(event.sources),
            citations, event.claimed_by, site=site_id,
            ongoing=site_id is not None and facts.sites[site_id].end_year is None))
    kind_order = {"accession": 0, "site": 1, "event": 2}
    return sorted(entries, key=lambda e: (e.date.sort_key(), kind_order[e.kind], e.ref))


def entry_when(entry: TurkiyeEntry, tr: Translator) -> str:
    if entry.end is not None:
        return tr("map.years", start=tr.date(entry.date), end=tr.date(entry.end))
    if entry.ongoing:
        return tr("turkey.years_open", start=tr.date(entry.date))
    return tr.date(entry.date)


def entry_title(entry: TurkiyeEntry, tr: Translator) -> str:
    if entry.claimed_by:
        return tr("timeline.claim_title", who=entry.claimed_by, title=entry.title)
    return entry.title


def _basis_parts(facts: Facts, entry: TurkiyeEntry
                 ) -> list[tuple[str, dict[str, str]]]:
    parts: list[tuple[str, dict[str, str]]] = []
    for source_id in entry.sources:
        source = facts.sources[source_id]
        published = source.published or ""
        parts.append(("turkey.source_is", {"publisher": source.publisher, "date": published}))
    parts += [("turkey.reference_is", {"title": c.title, "publisher": c.publisher})
              for c in entry.citations]
    return parts


def _basis_values(values: dict[str, str], tr: Translator) -> dict[str, str]:
    if "date" in values:
        values = {**values, "date": tr.date(values["date"]) if values["date"]
                  else tr("date.unknown")}
    return values


def entry_basis(facts: Facts, entry: TurkiyeEntry, tr: Translator) -> str:
    """What the entry rests on, in one line: the quoted sources, then references."""
    return "; ".join(tr(key, **_basis_values(values, tr))
                     for key, values in _basis_parts(facts, entry))


def entry_basis_html(facts: Facts, entry: TurkiyeEntry, tr: Translator) -> str:
    """The same line as HTML, each publisher and title isolated for right-to-left pages."""
    return "; ".join(charts.tr_html(tr, key, **_basis_values(values, tr))
                     for key, values in _basis_parts(facts, entry))


def _row_of(entry: TurkiyeEntry) -> str:
    if entry.kind == "accession":
        return "member"
    if entry.site is not None:
        return f"site:{entry.site}"
    return f"claim:{entry.claimed_by}" if entry.claimed_by else "events"


MARKER_DAYS = 800  # a marker's width on the time axis, about two years


def build_turkiye_timeline(facts: Facts, entries: Sequence[TurkiyeEntry], tr: Translator
                           ) -> go.Figure:
    """Türkiye's NATO years: membership and each site as a bar, the events as numbered
    markers (claims as orange diamonds); the numbers are those of the list below it."""
    today = dt.date(timeline.last_year(), 12, 31)
    sites = turkiye_sites(facts)
    member = facts.members.get(TURKIYE)
    # One row per claimant, so that each claim reads as whose it is and the claims of
    # 2023-2025 do not pile up on one line.
    claimants = sorted({e.claimed_by for e in entries if e.claimed_by and e.site is None
                        and e.kind == "event"},
                       key=lambda who: min(e.date.earliest() for e in entries
                                           if e.claimed_by == who))
    rows = ["member", *[f"site:{s.id}" for s in sites], "events",
            *[f"claim:{who}" for who in claimants]]
    row_labels = {
        "member": tr("turkey.row_member", since=tr.number(member.accession_date.year))
        if member else tr("turkey.row_member_unknown"),
        "events": tr("turkey.row_events"),
        **{f"claim:{who}": tr("turkey.row_claim", who=who) for who in claimants},
        **{f"site:{s.id}": site_map_label(s, tr) for s in sites},
    }
    y_of = {row: len(rows) - 1 - i for i, row in enumerate(rows)}
    fig = go.Figure()
    bars: list[tuple[str, dt.date, dt.date, str]] = []
    if member is not None:
        bars.append(("member", member.accession_date, today, TURKIYE_STROKE))
    for site in sites:
        end = dt.date(site.end_year, 12, 31) if site.end_year else today
        bars.append((f"site:{site.id}", dt.date(site.start_year, 1, 1), end, "#1f4e79"))
    for row, start, end, colour in bars:
        fig.add_trace(go.Scatter(
            x=[start, end], y=[y_of[row]] * 2, mode="lines", hoverinfo="skip",
            line={"width": 14, "color": colour}, opacity=0.35, name=row))
    numbered = list(enumerate(entries, start=1))
    for row in rows:
        in_row = [(n, e) for n, e in numbered if _row_of(e) == row]
        xs, ys, texts, hovers = [], [], [], []
        levels: dict[float, list[dt.date]] = {0.0: [], 0.34: [], -0.34: []}
        for number, entry in in_row:
            x = charts.midpoint(entry.date)
            # Markers closer than about two years would cover each other: the first level
            # (middle, above, below) with room takes it.
            lift = next((level for level, taken in levels.items()
                         if all(abs((x - other).days) > MARKER_DAYS for other in taken)),
                        min(levels, key=lambda level: len(levels[level])))
            levels[lift].append(x)
            xs.append(x)
            ys.append(y_of[row] + lift)
            texts.append(tr.number(number))
            when = f"{tr.number(number)} · {entry_when(entry, tr)}"
            title = charts.wrap_html(entry_title(entry, tr), charts.WRAP, tr.direction)
            basis = charts.wrap_html(entry_basis(facts, entry, tr), charts.WRAP, tr.direction)
            hovers.append(f"<b>{charts.plot_text(when)}</b><br>{title}<br><i>{basis}</i>")
        if not xs:
            continue
        claims = row.startswith("claim:")
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers+text", text=texts, textposition="middle center",
            textfont={"size": 14, "color": "#ffffff"}, hovertext=hovers, hoverinfo="text",
            name=row, marker={
                "size": 30 if claims else 27, "symbol": "diamond" if claims else "circle",
                "color": charts.CLAIM_COLOUR if claims else
                (TURKIYE_STROKE if row == "member" else charts.FACT_COLOUR),
                "line": {"width": 2, "color": "#ffffff"}}))
    fig.update_layout(**charts._base_layout(110 + 76 * len(rows)),
                      margin={"l": 20, "r": 30, "t": 10, "b": 40})
    fig.update_layout(clickmode="event")
    fig.update_xaxes(tickfont=charts.AXIS_FONT)
    fig.update_yaxes(tickfont=charts.AXIS_FONT)
    fig.update_xaxes(type="date", range=[dt.date(1949, 1, 1), dt.date(today.year + 1, 6, 30)],
                     showgrid=True, gridcolor="#e5e5e5", fixedrange=True,
                     tickvals=[dt.date(y, 1, 1) for y in range(1950, today.year + 1, 10)],
                     ticktext=[tr.number(y) for y in range(1950, today.year + 1, 10)])
    fig.update_yaxes(range=[-0.7, len(rows) - 0.3], fixedrange=True, automargin=True,
                     tickvals=[y_of[r] for r in rows],
                     ticktext=[charts.wrap_html(row_labels[r], 30, tr.direction) for r in rows])
    return fig


def entry_list_html(facts: Facts, entries: Sequence[TurkiyeEntry], tr: Translator) -> str:
    """The numbered list under the chart: date, title (claims framed), sources, references."""
    items = []
    for number, entry in enumerate(entries, start=1):
        claim = (f"<span class='atlas-claim-tag'>"
                 f"{charts.tr_html(tr, 'timeline.claim_tag', who=entry.claimed_by)}</span> "
                 if entry.claimed_by else "")
        items.append(
            f"<li data-ref='{escape(entry.ref)}'><span class='atlas-num'>"
            f"{escape(tr.number(number))}</span><div><span class='atlas-when'>"
            f"{escape(entry_when(entry, tr))}</span> {claim}"
            f"<span class='atlas-what'>{charts.isolate(entry.title)}</span>"
            f"<div class='atlas-who'>{entry_basis_html(facts, entry, tr)}</div></div></li>")
    return (f"{charts.EVENT_LIST_CSS}{_ENTRY_CSS}{facts_translation_mark(tr)}"
            "<ol class='atlas-events atlas-entries' "
            f"dir='{tr.direction}'>{''.join(items)}</ol>")


_ENTRY_CSS = """<style>
.atlas-entries li { display: flex; gap: .7em; align-items: flex-start; }
.atlas-num { flex: none; min-width: 1.9em; height: 1.9em; border-radius: 50%; background: #1f4e79;
  color: #fff; font-weight: 700; display: inline-flex; align-items: center;
  justify-content: center; font-size: .95rem; }
</style>"""


# -- perspectives ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Perspective:
    """One source's view of Türkiye: the source and its passages about Türkiye."""

    source: Source
    quotes: tuple[Quote, ...]


def perspectives(facts: Facts) -> list[Perspective]:
    """Every source that speaks of Türkiye with its quotes about it; the sources that say
    most first (ties in the order of sources.yaml)."""
    event_ids = {e.id for e in turkiye_events(facts)}
    grouped: dict[str, list[Quote]] = {sid: [] for sid in facts.sources}
    for quote in facts.quotes.values():
        if is_about_turkiye(facts, quote, event_ids):
            grouped[quote.source].append(quote)
    order = {sid: i for i, sid in enumerate(facts.sources)}
    found = [Perspective(facts.sources[sid], tuple(qs)) for sid, qs in grouped.items() if qs]
    return sorted(found, key=lambda p: (-len(p.quotes), order[p.source.id]))


_GLOSSED = re.compile(r"^(?P<original>.+?)\s*\((?P<gloss>[^()]+)\)$")


def title_html(source: Source) -> str:
    """A source's title in its own direction. "ناتو و نقش ترکیه (Turkey's 73 years in NATO)":
    the original right to left and the English gloss after it, so the bidi algorithm does not
    shuffle the gloss's words and brackets into the Persian."""
    match = _GLOSSED.match(source.title) if source.direction == "rtl" else None
    if match is None:
        return (f"<bdi dir='{source.direction}' lang='{escape(source.language)}'>"
                f"{escape(source.title)}</bdi>")
    return (f"<bdi dir='rtl' lang='{escape(source.language)}'>{escape(match['original'])}"
            f"</bdi> <bdi dir='ltr' lang='en'>({escape(match['gloss'])})</bdi>")


def perspective_header_html(source: Source, tr: Translator) -> str:
    """Title (in its own direction), publisher, date, kind, and the atlas's note on how the
    source frames things."""
    published = tr.date(source.published) if source.published else tr("date.unknown")
    return (
        f"{CARD_CSS}{_PERSPECTIVE_CSS}<div class='atlas-perspective' data-source='"
        f"{escape(source.id)}'><h4 dir='{tr.direction}'>{title_html(source)}</h4>"
        f"<div class='atlas-meta'>{charts.isolate(source.publisher)} · {escape(published)} · "
        f"<span class='kind'>{charts.isolate(source.kind)}</span></div>"
        f"<div class='atlas-frame'><b>{escape(tr('turkey.perspective_label'))}</b> "
        f"{charts.isolate(source.perspective)}</div></div>")


_PERSPECTIVE_CSS = """<style>
.atlas-perspective { border-top: 6px solid #1f4e79; background: #f4f6f8; border-radius: 8px;
  padding: 10px 12px; margin-bottom: 12px; font-size: 1.05rem; }
.atlas-perspective h4 { margin: 0 0 6px; font-size: 1.2rem; line-height: 1.35; }
.atlas-perspective .atlas-meta { color: #333; margin-bottom: 6px; }
.atlas-perspective .kind { display: inline-block; padding: 0 .4em; border-radius: .3em;
  background: #e2e2e2; }
</style>"""


# -- the map --------------------------------------------------------------------------------


def areas_in_frame(geodata: Geodata, margin: float = 3.0) -> list[str]:
    """ISO codes of the countries whose land reaches into the frame (plus a margin for
    panning): tested on the shapes themselves, so the United States, whose Alaska crosses
    the 180° meridian, is not taken to span the globe."""
    (south, west), (north, east) = FRAME
    frame = shapely.box(west - margin, south - margin, east + margin, north + margin)
    countries = geodata.frame.loc[list(geodata.countries)]
    return list(countries.index[countries.geometry.intersects(frame)])


def label_sides(sites: Sequence[Site], near: float = 1.0) -> dict[str, str]:
    """Where each site's label goes: right of the symbol, unless another site is close, then
    the northern one's label up-left and the southern one's down-left (Çiğli and LANDCOM
    are both at İzmir)."""
    sides = {}
    for site in sites:
        close = [o for o in sites if o.id != site.id
                 and abs(o.lat - site.lat) < near and abs(o.lon - site.lon) < near]
        if not close:
            sides[site.id] = "e"
        else:
            sides[site.id] = "nw" if all(site.lat >= o.lat for o in close) else "sw"
    return sides


def arc_points(start: tuple[float, float], end: tuple[float, float], bow: float,
               steps: int = 24) -> list[tuple[float, float]]:
    """A gentle curve from start to end (lat, lon): a quadratic Bézier whose control point
    sits `bow` times the length off the straight line (positive: to the left)."""
    (lat0, lon0), (lat1, lon1) = start, end
    mid_lat, mid_lon = (lat0 + lat1) / 2, (lon0 + lon1) / 2
    ctrl = (mid_lat + bow * (lon1 - lon0), mid_lon - bow * (lat1 - lat0))
    points = []
    for i in range(steps + 1):
        t = i / steps
        lat = (1 - t) ** 2 * lat0 + 2 * (1 - t) * t * ctrl[0] + t ** 2 * lat1
        lon = (1 - t) ** 2 * lon0 + 2 * (1 - t) * t * ctrl[1] + t ** 2 * lon1
        points.append((lat, lon))
    return points


def arrow_head(tip: tuple[float, float], before: tuple[float, float], size: float = 0.55
               ) -> list[tuple[float, float]]:
    """A triangle (lat, lon) pointing from `before` to `tip`, drawn in local planar
    coordinates so it is not squashed by the longitude scale."""
    scale = math.cos(math.radians(tip[0]))
    dx, dy = (tip[1] - before[1]) * scale, tip[0] - before[0]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    back_x, back_y = -ux * size, -uy * size
    side_x, side_y = -uy * size * 0.5, ux * size * 0.5

    def point(x: float, y: float) -> tuple[float, float]:
        return tip[0] + y, tip[1] + x / scale

    return [tip, point(back_x + side_x, back_y + side_y), point(back_x - side_x, back_y - side_y)]


def mission_years(facts: Facts, mission: Mission, tr: Translator) -> str:
    """The dates of Türkiye's events with a mission ("2023–2024"), else the mission's own."""
    events = [e for e in turkiye_events(facts) if f"mission:{mission.id}" in e.items]
    if events:
        return ", ".join(charts.event_when(e, tr) for e in events)
    if mission.end is None:
        return tr("turkey.years_open", start=tr.date(mission.start))
    return tr("map.years", start=tr.date(mission.start), end=tr.date(mission.end))


def js_template_safe(html: str) -> str:
    """HTML that folium can put inside a JavaScript template literal: folium writes popup
    and tooltip HTML between backticks, where "${...}" would run and a backslash or backtick
    would end or break the string. As HTML entities they still read as the same characters."""
    return html.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def _popup(html: str) -> folium.Popup:
    # Taller popups scroll inside the map rather than run off its top.
    return folium.Popup(js_template_safe(html), max_width=380, max_height=430)


def _tooltip(text: str) -> str:
    return js_template_safe(escape(text))


def _pin(html: str) -> folium.DivIcon:
    """A symbol with its label, the symbol's centre on the point."""
    return folium.DivIcon(html=js_template_safe(html), icon_anchor=(10, 10),
                          class_name="tk-marker")


def _label_html(text: str, side: str, symbol: str, tr: Translator, years: str = "") -> str:
    """A symbol and its label; the name and the years are separate bidi runs, the years in
    the reader's direction ("2012–" reads as "from 2012 on" either way)."""
    when = f" <bdi dir='{tr.direction}'>{escape(years)}</bdi>" if years else ""
    return (f"<div class='tk-pin tk-{side}'>{symbol}<span class='tk-label' dir='{tr.direction}'>"
            f"<bdi>{escape(text)}</bdi>{when}</span></div>")


def _site_popup(facts: Facts, site: Site, tr: Translator) -> str:
    title, lines, citations = item_facts(facts, f"site:{site.id}", tr)
    parts = [f"<div class='tk-popup' dir='{tr.direction}'><h4>{escape(title)}</h4>"]
    parts += [f"<div>{escape(line)}</div>" for line in lines]
    for quote in facts.quotes_about(f"site:{site.id}"):
        parts.append(quote_card_html(facts, quote, tr))
    parts.append(references_html(citations, tr, heading="h5"))
    parts.append("</div>")
    return "".join(parts)


def straits_note_html(facts: Facts, tr: Translator) -> str:
    """The note on the Straits and the Persian source's Montreux passage, as a card."""
    quote = montreux_quote(facts)
    card = quote_card_html(facts, quote, tr) if quote else ""
    return (f"<div class='tk-note' dir='{tr.direction}'><p>{escape(tr('turkey.straits_note'))}"
            f"</p>{card}</div>")


def _mission_popup(facts: Facts, mission: Mission, tr: Translator) -> str:
    parts = [f"<div class='tk-popup' dir='{tr.direction}'><h4>{escape(mission.name)}</h4>"]
    for event in turkiye_events(facts):
        if f"mission:{mission.id}" in event.items:
            parts.append(f"<div><b>{escape(charts.event_when(event, tr))}</b> "
                         f"{escape(charts.event_title(event, tr))}</div>")
    for quote in facts.quotes_about(f"mission:{mission.id}"):
        if TURKIYE_REF in quote.about:
            parts.append(quote_card_html(facts, quote, tr))
    parts.append("</div>")
    return "".join(parts)


STRAIT_SYMBOL = ('<svg viewBox="0 0 20 20" width="20" height="20"><circle cx="10" cy="10" r="8" '
                 'fill="#0b5c8a" stroke="#fff" stroke-width="2.5"/><path d="M5 10.5 q2.5 -3 5 0 '
                 't5 0" fill="none" stroke="#fff" stroke-width="2"/></svg>')

MAP_STYLE = f"""<style>
.leaflet-container {{ background: {SEA}; font: 16px/1.35 system-ui, 'Noto Sans', sans-serif; }}
.tk-marker {{ background: none; border: none; }}
.tk-pin {{ position: relative; width: 20px; height: 20px; }}
.tk-pin svg {{ display: block; }}
.tk-label {{ position: absolute; white-space: nowrap; font-weight: 700; font-size: 17px;
  color: #111; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 4px #fff, 0 0 5px #fff; }}
.tk-e .tk-label {{ left: 25px; top: -1px; }}
.tk-w .tk-label {{ right: 25px; top: -1px; }}
.tk-nw .tk-label {{ right: 12px; bottom: 19px; }}
.tk-sw .tk-label {{ right: 12px; top: 19px; }}
.tk-label small {{ display: block; font-weight: 600; font-size: 14px; color: #333; }}
.tk-strait .tk-label {{ color: #0b3d5c; font-style: italic; }}
.tk-mission {{ transform: translate(-50%, -50%); white-space: nowrap; font-weight: 800;
  font-size: 17px; color: #7a2e00; background: rgba(255,255,255,.88); padding: 2px 7px;
  border: 2px solid {MISSION_COLOUR}; border-radius: 6px; display: inline-block; }}
.tk-mission small {{ display: block; font-weight: 600; font-size: 14px; color: #333; }}
.tk-popup h4 {{ margin: 0 0 4px; font-size: 17px; }}
.leaflet-popup-content [dir] {{ text-align: start; }}  /* Leaflet sets left: Persian reads right */
.tk-popup h5 {{ margin: 8px 0 2px; font-size: 15px; }}
.tk-popup .atlas-card {{ font-size: 14px; padding: 8px 10px; margin: 8px 0; }}
.tk-popup .atlas-card blockquote {{ font-size: 15px; }}
.tk-note p {{ margin: 0 0 8px; font-size: 15px; }}
</style>"""


def build_turkiye_map(facts: Facts, geodata: Geodata, tr: Translator, *, height: int = 600
                      ) -> folium.Map:
    """Türkiye framed with its sites (labelled with their years), the Straits with the
    Montreux passage, and arrows to the missions Türkiye's events link it to."""
    facts = facts.in_language(tr.language)
    configure_offline_assets()
    (south, west), (north, east) = FRAME
    fmap = folium.Map(location=((south + north) / 2, (west + east) / 2), zoom_start=5,
                      tiles=None, control_scale=True, zoom_control=True, height=height,
                      zoom_snap=0.25, zoom_delta=0.5)
    fmap.fit_bounds([[south, west], [north, east]])
    root = fmap.get_root()
    root.header.add_child(Element(CARD_CSS))  # type: ignore[attr-defined]
    root.header.add_child(Element(MAP_STYLE))  # type: ignore[attr-defined]

    members_now = {m.id for m in timeline.members_at(facts, timeline.last_year())}
    mission_areas = {iso for mission_id, _, _ in MISSION_LINKS if mission_id in facts.missions
                     for iso in facts.missions[mission_id].areas}
    features = []
    for iso in areas_in_frame(geodata):
        area = geodata.countries[iso]
        if iso == TURKIYE:
            style = {"fillColor": TURKIYE_FILL, "color": TURKIYE_STROKE, "weight": 2.5}
        elif iso in mission_areas:
            style = {"fillColor": MISSION_FILL, "color": MISSION_COLOUR, "weight": 2.5,
                     "dashArray": "5 4"}
        elif iso in members_now:
            style = {"fillColor": MEMBER_FILL, "color": MEMBER_STROKE, "weight": 1}
        else:
            style = {"fillColor": NON_MEMBER_FILL, "color": "#8c8c8c", "weight": 0.8}
        style.update(fillOpacity=1, opacity=1)
        features.append({"type": "Feature", "geometry": area.geometry, "properties": {
            "iso": iso, "name": escape(tr.country(iso, area.name)), "style": style}})
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name="countries",
        style_function=lambda feature: feature["properties"]["style"],
        highlight_function=None, smooth_factor=0.5,
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False, sticky=True),
    ).add_to(fmap)

    for mission_id, bow, label_at in MISSION_LINKS:
        mission = facts.missions.get(mission_id)
        if mission is None:
            continue
        points = arc_points(ORIGIN, (mission.lat, mission.lon), bow)
        folium.PolyLine(points, color=MISSION_COLOUR, weight=5, opacity=0.95, dash_array="10 7",
                        tooltip=_tooltip(mission.name),
                        popup=_popup(_mission_popup(facts, mission, tr)),
                        ).add_to(fmap)  # type: ignore[no-untyped-call]
        folium.Polygon(arrow_head(points[-1], points[-4]), color=MISSION_COLOUR, weight=1,
                       fill=True, fill_color=MISSION_COLOUR, fill_opacity=1).add_to(fmap)
        years = tr("turkey.mission_label", years=mission_years(facts, mission, tr))
        label = (f"<div class='tk-mission' dir='{tr.direction}'>{escape(mission.short_name)}"
                 f"<small>{escape(years)}</small></div>")
        folium.Marker(points[round(label_at * (len(points) - 1))],
                      icon=folium.DivIcon(html=js_template_safe(label), class_name="tk-marker"),
                      tooltip=_tooltip(mission.name),
                      popup=_popup(_mission_popup(facts, mission, tr)),
                      ).add_to(fmap)

    sites = turkiye_sites(facts)
    sides = label_sides(sites)
    for site in sites:
        html = _label_html(site.label or site.name, sides[site.id], SITE_SYMBOLS[site.kind], tr,
                           years=site_years(site, tr))
        folium.Marker(
            (site.lat, site.lon), tooltip=_tooltip(site.name),
            icon=_pin(html),
            popup=_popup(_site_popup(facts, site, tr)),
        ).add_to(fmap)

    note = straits_note_html(facts, tr)
    for strait in STRAITS:
        name = tr(f"turkey.{strait.id}")
        html = (f"<div class='tk-strait'>"
                f"{_label_html(name, strait.label_side, STRAIT_SYMBOL, tr)}</div>")
        folium.Marker(
            (strait.lat, strait.lon), tooltip=_tooltip(name),
            icon=_pin(html),
            popup=_popup(f"<div class='tk-popup'><h4>{escape(name)}</h4>{note}</div>"),
        ).add_to(fmap)
    return fmap


def _svg_img(svg: str) -> str:
    """An SVG symbol as an <img>: st.html sanitises inline <svg> away, a data URI stays."""
    if "xmlns=" not in svg:
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"<img src='data:image/svg+xml;base64,{data}' width='20' height='20' alt=''>"


def legend_html(tr: Translator) -> str:
    """The map's key, for the panel beside it."""
    swatch = ("<span style='display:inline-block;width:22px;height:16px;background:{};"
              "border:2px {} {};vertical-align:middle'></span>")
    rows = [
        (swatch.format(TURKIYE_FILL, "solid", TURKIYE_STROKE), tr("turkey.key_turkiye")),
        (swatch.format(MEMBER_FILL, "solid", MEMBER_STROKE), tr("turkey.key_member")),
        (swatch.format(NON_MEMBER_FILL, "solid", "#8c8c8c"), tr("legend.nonmember")),
        (swatch.format(MISSION_FILL, "dashed", MISSION_COLOUR), tr("turkey.key_mission")),
        (_svg_img(SITE_SYMBOLS["air_base"]), tr("site_kind.air_base")),
        (_svg_img(SITE_SYMBOLS["radar"]), tr("site_kind.radar")),
        (_svg_img(SITE_SYMBOLS["hq"]), tr("site_kind.hq")),
        (_svg_img(STRAIT_SYMBOL), tr("turkey.key_strait")),
    ]
    body = "".join(f"<li><span class='tk-key-sym'>{symbol}</span>{escape(text)}</li>"
                   for symbol, text in rows)
    return (f"<style>.tk-key {{ list-style: none; padding: 0; margin: 0; font-size: 1.05rem; }}"
            f".tk-key li {{ display: flex; gap: .5em; align-items: center; margin: 3px 0; }}"
            f".tk-key-sym {{ width: 26px; display: inline-flex; justify-content: center; }}"
            f"</style><ul class='tk-key' dir='{tr.direction}'>{body}</ul>")


# -- computed geography (atlas.geography) ---------------------------------------------------

# The bases the sources name distances for: İncirlik (Iraq) and Kürecik (the missile-defence
# radar), as they stand in the facts.
DISTANCE_SITES = ("incirlik", "kurecik")


def border_periods_html(facts: Facts, borders: Borders, figures: dict[int, YearFigures],
                        tr: Translator) -> str:
    """Türkiye's land borders with the Soviet Union and with Warsaw Pact Bulgaria, period by
    period from its accession, each beside its official length, as an escaped list."""
    since = facts.members[TURKIYE].accession_date.year
    items = []
    for period in turkiye_border_periods(figures, since, TURKIYE):
        years = (tr.number(period.start) if period.start == period.end
                 else f"{tr.number(period.start)}–{tr.number(period.end)}")
        first = figures[period.start]
        parts = []
        if period.ussr_km:
            parts.append(with_official(borders, tr("geography.turkey.with_ussr",
                                                   km=period.ussr_km),
                                       first.russia_area_pairs[TURKIYE], tr))
        if period.bulgaria_km:
            parts.append(with_official(borders, tr("geography.turkey.with_bulgaria",
                                                   km=period.bulgaria_km),
                                       first.pact_area_pairs[TURKIYE, "BGR"], tr))
        text = tr("caption.parts").join(parts) if parts else tr("geography.turkey.none")
        items.append(f"<li><strong>{escape(years)}</strong>: {escape(text)}</li>")
    return f"<ul class='atlas-geo-periods'>{''.join(items)}</ul>"


def distances_html(facts: Facts, borders: Borders, tr: Translator) -> str:
    """Geodesic distances from İncirlik and Kürecik to the places the sources name, each
    with the source of the place's coordinates, as an escaped list."""
    sites = [(facts.sites[s].label or facts.sites[s].name, facts.sites[s].lat, facts.sites[s].lon)
             for s in DISTANCE_SITES if s in facts.sites]
    items = []
    for d in distances_from(sites, borders.places):
        line = tr("geography.turkey.distance", site=d.site, place=d.place, km=round(d.km))
        source = d.place_citation.title + ", " + d.place_citation.publisher
        items.append(f"<li>{escape(line)} <small>({escape(source)})</small></li>")
    return f"<ul class='atlas-geo-distances'>{''.join(items)}</ul>"
