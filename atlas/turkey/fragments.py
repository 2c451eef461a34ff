"""The Türkiye page's fragments: the timeline's numbered list, each source's perspective,
the Straits note, the map's key, the borders and distances; drawn by
atlas/templates/turkey/, where every string is escaped."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Sequence

from markupsafe import Markup

from atlas import labels, palette
from atlas.cards import quote_card_html
from atlas.facts import Facts
from atlas.geography import (
    PACT_BLOC,
    RUSSIA_BLOC,
    Borders,
    YearFigures,
    distances_from,
    turkiye_border_periods,
)
from atlas.geoview import official_length, with_official
from atlas.i18n import Translator
from atlas.markup import render, tr_html
from atlas.models import Citation, Source
from atlas.turkey import queries
from atlas.turkey.queries import TURKIYE


def entry_basis_html(facts: Facts, entry: queries.Entry, tr: Translator) -> Markup:
    """What the entry rests on (queries.entry_basis) as HTML, each publisher and title
    isolated for right-to-left pages."""
    return Markup("; ").join(tr_html(tr, key, **queries.basis_values(values, tr))
                             for key, values in queries.basis_parts(facts, entry))


def entry_list_html(facts: Facts, entries: Sequence[queries.Entry], tr: Translator) -> str:
    """The numbered list under the chart: date, title (claims framed), sources, references."""
    items = [{"ref": e.ref, "when": queries.entry_when(e, tr), "claimed_by": e.claimed_by,
              "title": e.title, "basis": entry_basis_html(facts, e, tr)} for e in entries]
    return str(render("turkey/entry_list.html.j2", tr=tr, items=items))


_GLOSSED = re.compile(r"^(?P<original>.+?)\s*\((?P<gloss>[^()]+)\)$")


def perspective_header_html(source: Source, tr: Translator) -> str:
    """Title (in its own direction), publisher, date, kind, and the atlas's note on how the
    source frames things. "ناتو و نقش ترکیه (Turkey's 73 years in NATO)": the original right
    to left and the English gloss after it."""
    match = _GLOSSED.match(source.title) if source.direction == "rtl" else None
    return str(render("turkey/perspective_header.html.j2", source=source, tr=tr,
                      published=labels.published(tr, source.published),
                      original=match["original"] if match else None,
                      gloss=match["gloss"] if match else None))


def straits_note_html(facts: Facts, tr: Translator) -> str:
    """The note on the Straits and the Persian source's Montreux passage, as a card."""
    quote = queries.montreux_quote(facts)
    card = Markup(quote_card_html(facts, quote, tr)) if quote else ""
    return str(render("turkey/straits_note.html.j2", tr=tr, card=card))


def svg_data_uri(svg: str) -> str:
    """An SVG symbol as a data URI for an <img>: st.html sanitises inline <svg> away."""
    if "xmlns=" not in svg:
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def legend_html(tr: Translator) -> str:
    """The map's key, for the panel beside it."""
    def swatch(fill: str, line: str, stroke: str, key: str) -> dict[str, str]:
        return {"fill": fill, "line": line, "stroke": stroke, "text": tr(key), "image": ""}

    rows = [
        swatch(palette.TURKIYE_FILL, "solid", palette.TURKIYE_STROKE, "turkey.key_turkiye"),
        swatch(palette.MEMBER_FILL, "solid", palette.MEMBER_STROKE, "turkey.key_member"),
        swatch(palette.NON_MEMBER_FILL, "solid", palette.NON_MEMBER_STROKE, "legend.nonmember"),
        swatch(palette.MISSION_FILL, "dashed", palette.MISSION_ORANGE, "turkey.key_mission"),
        *({"image": svg_data_uri(svg), "text": tr(key)} for svg, key in (
            (palette.SITE_SYMBOLS["air_base"], "site_kind.air_base"),
            (palette.SITE_SYMBOLS["radar"], "site_kind.radar"),
            (palette.SITE_SYMBOLS["hq"], "site_kind.hq"),
            (palette.STRAIT_SYMBOL, "turkey.key_strait"))),
    ]
    return str(render("turkey/legend.html.j2", tr=tr, rows=rows))


# -- computed geography (atlas.geography) ---------------------------------------------------

# The bases the sources name distances for: İncirlik (Iraq) and Kürecik (the missile-defence
# radar), as they stand in the facts.
DISTANCE_SITES = ("incirlik", "kurecik")
_BULGARIA = "BGR"  # the Warsaw Pact member Türkiye bordered


def border_periods_html(facts: Facts, borders: Borders, figures: dict[int, YearFigures],
                        tr: Translator) -> str:
    """Türkiye's land borders with the Soviet Union and with Warsaw Pact Bulgaria, period by
    period from its accession, each beside its official length; then the references of
    those lengths and of the blocs' dates, with the atlas's notes on them. `borders` in the
    reader's language (cached.local_borders)."""
    since = facts.members[TURKIYE].accession_date.year
    periods, citations = [], _Citations()
    for period in turkiye_border_periods(figures, since, TURKIYE):
        years = (tr.number(period.start) if period.start == period.end
                 else f"{tr.number(period.start)}–{tr.number(period.end)}")
        first = figures[period.start]
        parts = []
        if period.ussr_km:
            pairs = first.russia_area_pairs[TURKIYE]
            parts.append(with_official(borders, tr("geography.turkey.with_ussr",
                                                   km=tr.measure(period.ussr_km)), pairs, tr))
            citations.add_official(borders, pairs)
            for member in borders.bloc(RUSSIA_BLOC).members:
                if member.in_force(period.start):
                    citations.add(member.citations)
        if period.bulgaria_km:
            pairs = first.pact_area_pairs[TURKIYE, _BULGARIA]
            parts.append(with_official(borders, tr("geography.turkey.with_bulgaria",
                                                   km=tr.measure(period.bulgaria_km)), pairs, tr))
            citations.add_official(borders, pairs)
            citations.add(borders.bloc(PACT_BLOC).member(_BULGARIA).citations)
        periods.append((years, tr("caption.parts").join(parts) if parts
                        else tr("geography.turkey.none")))
    return str(render("turkey/border_periods.html.j2", periods=periods, tr=tr,
                      citations=citations.found))


def distances_html(facts: Facts, borders: Borders, tr: Translator) -> str:
    """Geodesic distances from İncirlik and Kürecik to the places the sources name, then the
    reference of each place's coordinates. `borders` in the reader's language."""
    sites = [(facts.sites[s].label or facts.sites[s].name, facts.sites[s].lat, facts.sites[s].lon)
             for s in DISTANCE_SITES if s in facts.sites]
    lines = [tr("geography.turkey.distance", site=d.site, place=d.place, km=tr.measure(d.km))
             for d in distances_from(sites, borders.places)]
    citations = _Citations()
    citations.add(place.citation for place in borders.places)
    return str(render("turkey/distances.html.j2", lines=lines, tr=tr, citations=citations.found))


class _Citations:
    """References in the order first cited, each once."""

    def __init__(self) -> None:
        self.found: list[Citation] = []

    def add(self, citations: Iterable[Citation]) -> None:
        for citation in citations:
            if citation not in self.found:
                self.found.append(citation)

    def add_official(self, borders: Borders, area_pairs: frozenset[tuple[str, str]]) -> None:
        ref = official_length(borders, area_pairs)
        if ref is not None:
            self.add([ref.citation])
