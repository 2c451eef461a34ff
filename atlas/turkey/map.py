"""The Türkiye page's folium map: Türkiye framed with its sites (labelled with their years),
the Straits with the Montreux passage, and arrows to the missions Türkiye's events link it
to. Markup from atlas/templates/turkey/, styles from atlas/web/turkiye_map.css."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import folium
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template
from markupsafe import Markup

from atlas import labels, timeline
from atlas.cards import CARD_CSS, item_facts, quote_card_html, references_html
from atlas.facts import Facts
from atlas.geodata import Geodata
from atlas.i18n import Translator
from atlas.mapview import STATIC_URL, static_file_url, use_offline_assets
from atlas.markup import escape, render, stylesheet
from atlas.models import Mission, Site
from atlas.palette import (
    MEMBER_FILL,
    MEMBER_STROKE,
    MISSION_FILL,
    NON_MEMBER_FILL,
    NON_MEMBER_STROKE,
    SITE_SYMBOLS,
    STRAIT_SYMBOL,
    TURKIYE_FILL,
    TURKIYE_STROKE,
)
from atlas.palette import MISSION_ORANGE as MISSION_COLOUR
from atlas.turkey import fragments, queries
from atlas.turkey.queries import TURKIYE, TURKIYE_REF

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


@dataclass(frozen=True)
class Strait:
    id: Literal["bosphorus", "dardanelles"]
    lat: float
    lon: float
    label_side: Literal["e", "w", "nw", "sw"]

STRAITS = (Strait("bosphorus", 41.12, 29.06, "w"), Strait("dardanelles", 40.2, 26.4, "w"))


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


def _pin_html(text: str, side: str, symbol: str, tr: Translator, years: str = "", *,
              strait: bool = False) -> str:
    return str(render("turkey/map_pin.html.j2", text=text, side=side, symbol=Markup(symbol),
                      tr=tr, years=years, strait=strait))


def _site_popup(facts: Facts, site: Site, tr: Translator) -> str:
    title, lines, citations = item_facts(facts, f"site:{site.id}", tr)
    cards = [Markup(quote_card_html(facts, q, tr)) for q in facts.quotes_about(f"site:{site.id}")]
    return str(render("turkey/site_popup.html.j2", tr=tr, title=title, lines=lines,
                      quote_cards=cards,
                      references=Markup(references_html(citations, tr, heading="h5"))))


def _mission_popup(facts: Facts, mission: Mission, tr: Translator) -> str:
    events = [(labels.when(tr, e.date, e.end), labels.claim_title(tr, e))
              for e in queries.events_concerning(facts) if f"mission:{mission.id}" in e.items]
    cards = [Markup(quote_card_html(facts, q, tr))
             for q in facts.quotes_about(f"mission:{mission.id}") if TURKIYE_REF in q.about]
    return str(render("turkey/mission_popup.html.j2", tr=tr, mission=mission, events=events,
                      quote_cards=cards))


MAP_STYLE = stylesheet("turkiye_map")


class _LeafletImages(MacroElement):
    """folium makes each marker with Leaflet's default icon before it gets ours, and Leaflet
    guesses that icon's folder from its stylesheet's address (wrongly, when the map was in
    streamlit-folium's frame: two 404s). Said outright, it is right in any frame. A child of
    the map, so that it runs before the markers' scripts."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.folder_json }};
        {% endmacro %}
        """
    )

    def __init__(self, folder: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "LeafletImages"
        self.folder_json = json.dumps(folder).replace("</", "<\\/")


def build_map(facts: Facts, geodata: Geodata, tr: Translator, *, height: int | str = 600,
              static_url: str = STATIC_URL) -> folium.Map:
    """Türkiye framed with its sites (labelled with their years), the Straits with the
    Montreux passage, and arrows to the missions Türkiye's events link it to; Leaflet comes
    from `static_url`. `height` in pixels, or "100%" for a document that fills its frame
    (atlas/cached.py renders it once into static/gen/)."""
    facts = facts.in_language(tr.language)
    (south, west), (north, east) = FRAME
    fmap = folium.Map(location=((south + north) / 2, (west + east) / 2), zoom_start=5,
                      tiles=None, control_scale=True, zoom_control=True, height=height,
                      zoom_snap=0.25, zoom_delta=0.5)
    use_offline_assets(fmap, static_url)
    fmap.default_css.append(("atlas_fonts", f"{static_url}/atlas/fonts.css"))  # for the popups
    fmap.fit_bounds([[south, west], [north, east]])
    root = fmap.get_root()
    root.header.add_child(Element(CARD_CSS))  # type: ignore[attr-defined]
    root.header.add_child(Element(MAP_STYLE))  # type: ignore[attr-defined]
    _LeafletImages(f"{static_url}/leaflet/images/").add_to(fmap)  # before any marker
    # Labels that would cover one another (a phone) give way: static/atlas/turkiye_labels.js.
    fmap.default_js = [*fmap.default_js,
                       ("turkiye_labels", static_file_url("atlas/turkiye_labels.js", static_url))]

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
            style = {"fillColor": NON_MEMBER_FILL, "color": NON_MEMBER_STROKE, "weight": 0.8}
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
        popup = _mission_popup(facts, mission, tr)  # once, for the arrow and its label
        folium.PolyLine(points, color=MISSION_COLOUR, weight=5, opacity=0.95, dash_array="10 7",
                        tooltip=_tooltip(mission.name), popup=_popup(popup),
                        ).add_to(fmap)  # type: ignore[no-untyped-call]
        folium.Polygon(arrow_head(points[-1], points[-4]), color=MISSION_COLOUR, weight=1,
                       fill=True, fill_color=MISSION_COLOUR, fill_opacity=1).add_to(fmap)
        years = tr("turkey.mission_label", years=queries.mission_years(facts, mission, tr))
        label = str(render("turkey/mission_label.html.j2", tr=tr, mission=mission, years=years))
        folium.Marker(points[round(label_at * (len(points) - 1))],
                      icon=folium.DivIcon(html=js_template_safe(label), class_name="tk-marker"),
                      tooltip=_tooltip(mission.name), popup=_popup(popup),
                      ).add_to(fmap)

    sites = queries.hosted_sites(facts)
    sides = label_sides(sites)
    for site in sites:
        pin = _pin_html(site.label or site.name, sides[site.id], SITE_SYMBOLS[site.kind], tr,
                        years=queries.site_years(site, tr))
        folium.Marker(
            (site.lat, site.lon), tooltip=_tooltip(site.name),
            icon=_pin(pin),
            popup=_popup(_site_popup(facts, site, tr)),
        ).add_to(fmap)

    note = Markup(fragments.straits_note_html(facts, tr))
    for strait in STRAITS:
        name = tr(f"turkey.{strait.id}")
        pin = _pin_html(name, strait.label_side, STRAIT_SYMBOL, tr, strait=True)
        folium.Marker(
            (strait.lat, strait.lon), tooltip=_tooltip(name),
            icon=_pin(pin),
            popup=_popup(str(render("turkey/strait_popup.html.j2", name=name, note=note))),
        ).add_to(fmap)
    return fmap
