"""Build the folium map of the alliance: the same small shell for every student, the year
applied in the browser.

Rebuilding a folium map per year costs ~500 ms and a flash (`python -m bench`), so the map
carries every year at once: for each area, site, mission and label, Python computes the years
it changes look ("timelines"), and a script in the map frame (static/atlas/map.js) applies a
year by restyling and showing/hiding layers. The year arrives from the year control in the
page (static/atlas/year_control.js) by window.postMessage.

What the script needs (map_data, and the borders) is the same for every session of one
language and mode, so it is not sent through each session's websocket: atlas/mapassets.py
writes it once into static files that the browser fetches and keeps, and the map itself
(build_map) is only a shell naming those files. A folium map is changed by rendering it, so
each run builds its own shell (a few milliseconds) and no session ever shares one.

Every layer stays on the map in every year (hidden, not removed): streamlit-folium binds its
click handler only to the layers present when the map starts.

Every string that reaches HTML is escaped here, in Python; the script only inserts the escaped
HTML.

Why one file of about 400 lines: the area styles, the popups and tooltips, map_data and the
shell are read together by static/atlas/map.js (one data format between them), and
atlas/turkey/map.py shares its helpers. Its longer-term home is a `maps/` package holding both
folium maps and their scripts (issue 9); that move was not made in the same change as the
charts/ split because other work on this file was landing at the time.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template
from markupsafe import Markup
from plotly.colors import sample_colorscale

from atlas import timeline
from atlas.cards import item_facts, quote_language, source_line
from atlas.exports import png_control_labels
from atlas.facts import Facts
from atlas.geodata import Geodata
from atlas.geoview import border_layer_labels
from atlas.i18n import Translator
from atlas.mapassets import STATIC_DIR, MapAssets, content_version, frame_script, publish
from atlas.markup import escape, render
from atlas.models import Member
from atlas.palette import (
    HIGHLIGHT_STROKE,
    NON_MEMBER_FILL,
    NON_MEMBER_STROKE,
    PRESENTER_BORDER,
    PRESENTER_NON_MEMBER_FILL,
    PRESENTER_NON_MEMBER_STROKE,
    PRESENTER_RANGE,
    PRESENTER_SCALE,
    SITE_SYMBOLS,
    WAVE_SCALE,
    WHITE,
)

# Where Streamlit serves static/ (server.enableStaticServing) on a server without a base path;
# pages pass the served address (widgets.static_url, from Streamlit's config) to the builders.
STATIC_URL = "/app/static"
# The map frame's own scripts and styles, in load order, each with a version of its content
# in the URL so that a browser never runs an old copy against new data.
_FRAME_SCRIPTS = ("leaflet/leaflet.js", "jquery/jquery.min.js",
                  "topojson-client/topojson-client.min.js", "atlas/map.js",
                  "atlas/border_layer.js", "atlas/map_export.js")
_FRAME_STYLES = ("leaflet/leaflet.css", "atlas/map.css")

# Framed from Canada's east coast and Iceland to Iraq (south-west, north-east corners).
DEFAULT_BOUNDS = ((29.0, -60.0), (70.0, 48.0))

ITEM_ID_MARK = "⟦{}⟧"  # carried in tooltips so a click can be traced back to its item


def use_offline_assets(fmap: folium.Map, static_url: str) -> None:
    """Point this map at the vendored Leaflet and jQuery under `static_url`: with folium's
    CDN defaults a map is blank offline (streamlit-folium loads them one after another and
    the first failed request stops the chain). On the map only, not on folium.Map's class
    attributes, which every session shares."""
    fmap.default_js = [("leaflet", f"{static_url}/leaflet/leaflet.js"),
                       ("jquery", f"{static_url}/jquery/jquery.min.js")]
    fmap.default_css = [("leaflet_css", f"{static_url}/leaflet/leaflet.css")]


def document_html(fmap: folium.Map, id_prefix: str = "atlas") -> str:
    """The map as a whole HTML document, every element's id numbered in order instead of
    folium's random ones: the same map gives the same bytes (a file named by its content in
    static/gen/, an exported folder that is the same twice)."""
    root = fmap.get_root()
    elements = list(_elements(root))
    named = {id(element): element.get_name() for element in elements}
    for number, element in enumerate(elements):
        element._id = f"{id_prefix}{number}"
    # A child is filed under its name as it was when added (a popup writes that name into
    # its script): file it under the new one.
    for element in elements:
        element._children = type(element._children)(
            (child.get_name() if key == named.get(id(child)) else key, child)
            for key, child in element._children.items())
    return str(root.render())


def _elements(element: Any) -> Iterator[Any]:
    """Every element of a map's tree, once: its children, and a popup's parts, which folium
    keeps as attributes (header, html, script) rather than children."""
    seen: set[int] = set()
    pending = [element]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        parts = [getattr(current, name, None) for name in ("header", "html", "script")]
        pending.extend(reversed([*current._children.values(),
                                 *(part for part in parts if isinstance(part, Element))]))


@dataclass(frozen=True)
class AreaStyle:
    fill: str
    fill_opacity: float
    stroke: str
    weight: float
    dash: str | None = None

    def to_leaflet(self) -> dict[str, Any]:
        return {"fillColor": self.fill, "fillOpacity": self.fill_opacity, "color": self.stroke,
                "weight": self.weight, "dashArray": self.dash, "opacity": 1}


def wave_colours(facts: Facts, *, presenter: bool = False) -> dict[int, str]:
    waves = timeline.accession_waves(facts)
    low, high = PRESENTER_RANGE if presenter else (0.0, 1.0)
    steps = max(len(waves) - 1, 1)
    points = [low + (high - low) * i / steps for i in range(len(waves))]
    scale = PRESENTER_SCALE if presenter else WAVE_SCALE
    colours = sample_colorscale(scale, points, colortype="rgb")
    return {wave: _rgb_to_hex(colour) for wave, colour in zip(waves, colours, strict=True)}


def _rgb_to_hex(rgb: str) -> str:
    parts = [round(float(p)) for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")]
    return "#" + "".join(f"{p:02x}" for p in parts)


def area_styles(facts: Facts, *, presenter: bool = False) -> dict[str, AreaStyle]:
    """Every style an area can take, by id: non-member, and per wave: member, newly joined
    (thick outline), and outside the integrated military command (dashed outline)."""
    if presenter:
        styles = {"nonmember": AreaStyle(PRESENTER_NON_MEMBER_FILL, 1.0,
                                              PRESENTER_NON_MEMBER_STROKE, 1.0)}
        border, weight, new_weight, outside_weight = PRESENTER_BORDER, 1.2, 4.5, 3.0
    else:
        styles = {"nonmember": AreaStyle(NON_MEMBER_FILL, 1.0, NON_MEMBER_STROKE, 0.6)}
        border, weight, new_weight, outside_weight = WHITE, 0.8, 3.5, 2.5
    for wave, colour in wave_colours(facts, presenter=presenter).items():
        styles[f"w{wave}"] = AreaStyle(colour, 0.92, border, weight)
        styles[f"w{wave}-new"] = AreaStyle(colour, 0.92, HIGHLIGHT_STROKE, new_weight)
        styles[f"w{wave}-outside"] = AreaStyle(
            colour, 0.55, HIGHLIGHT_STROKE, outside_weight, "6 5")
    return styles


def area_style_id(geodata: Geodata, facts: Facts, area_id: str, year: int) -> str:
    """The style of an area in `year`, or "hidden" when the area is not drawn that year."""
    if area_id not in timeline.areas_in_force(geodata, facts, year):
        return "hidden"
    member = timeline.area_member(geodata, facts, area_id, year)
    if member is None:
        return "nonmember"
    wave = f"w{member.accession_date.year}"
    if _joined_in_shown_year(facts, member, area_id, year):
        return f"{wave}-new"
    if timeline.outside_integrated_command(member, year):
        return f"{wave}-outside"
    return wave


def _joined_in_shown_year(facts: Facts, member: Member, area_id: str, year: int) -> bool:
    if member.accession_date.year == year:
        return True
    # Territory that joins later is outlined as new that year: the Saar in 1957, and
    # Germany as a whole in 1990, when it appears with the former GDR.
    return any(c.date.year == year and (c.territory == area_id or (
        area_id == member.id and c.member == member.id)) for c in facts.territory_changes)


def _with_tiles(style: AreaStyle, online_tiles: bool) -> AreaStyle:
    if not online_tiles:
        return style
    return AreaStyle(style.fill, style.fill_opacity * TILES_FILL_FACTOR, style.stroke, style.weight,
                     style.dash)


def visible_timeline(active_in: Any) -> list[list[Any]]:
    return timeline.changes_only({y: bool(active_in(y)) for y in timeline.year_range()})


def tooltip_html(ref: str, label: str) -> str:
    """Tooltip markup: the label, plus the item id in a hidden span. streamlit-folium reports
    a click as the clicked layer's tooltip text, which is how Python learns the item."""
    return str(render("map/tooltip.html.j2", mark=ITEM_ID_MARK.format(ref), label=label))


def item_ref_from_tooltip(tooltip_text: str | None) -> str | None:
    """The item id a clicked tooltip carries, or None for areas that are no item."""
    if not tooltip_text:
        return None
    start = tooltip_text.find("⟦")
    end = tooltip_text.find("⟧", start + 1)
    if start < 0 or end < 0:
        return None
    return tooltip_text[start + 1 : end]


def _popup_html(facts: Facts, ref: str, tr: Translator, limit: int = 220) -> str:
    """The in-map popup: what the item is and its first quote (cut at `limit` characters);
    the panel has the rest."""
    title, lines, _ = item_facts(facts, ref, tr)
    quotes = facts.quotes_about(ref)
    quote = quotes[0] if quotes else None
    context: dict[str, object] = {}
    if quote is not None:
        text = quote.text
        context = {"quote_language": quote_language(facts, quote),
                   "excerpt": text if len(text) <= limit else text[: limit - 1].rstrip() + "…",
                   "source_line": source_line(facts.sources[quote.source], tr)}
    return str(render("map/popup.html.j2", tr=tr, title=title, lines=lines[:3], quote=quote,
                      quote_count=len(quotes), **context))


# The only address outside this machine the atlas can ever ask for, and only when a teacher
# turns online tiles on: the shipped borders are the basemap otherwise.
ONLINE_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
ONLINE_TILES_ATTRIBUTION = "© OpenStreetMap contributors"
# With tiles underneath, countries are filled lighter so the tiles show through.
TILES_FILL_FACTOR = 0.55


def map_data(facts: Facts, geodata: Geodata, tr: Translator, *, presenter: bool = False,
             online_tiles: bool = False, border_layer: dict[str, Any] | None = None
             ) -> dict[str, Any]:
    """Everything the map script needs, for every year, as plain JSON-able data; the areas
    name their shapes by id in the borders file (mapassets.topology_json)."""
    years = list(timeline.year_range())
    area_ids = list(geodata.countries) + list(geodata.germany_pieces)
    areas = []
    for area_id in area_ids:
        area = geodata.area(area_id)
        member = facts.members.get(area.state_iso)
        name = (tr(f"territory_name.{area_id}") if area_id in geodata.germany_pieces
                else tr.country(area_id, area.name))
        if member is not None:
            tooltip = tooltip_html(f"member:{member.id}", name)
            popup = _popup_html(facts, f"member:{member.id}", tr)
        else:
            tooltip, popup = escape(name), ""
        areas.append({
            "id": area_id, "tooltip": tooltip, "popup": popup,
            "styles": timeline.changes_only(
                {y: area_style_id(geodata, facts, area_id, y) for y in years}),
        })
    # A mission area is drawn from its country's shape (by id) in the shared borders file.
    missions = [
        {
            "id": f"{mission.id}-{iso}", "area": iso, "ref": f"mission:{mission.id}",
            "tooltip": tooltip_html(f"mission:{mission.id}", mission.short_name),
            "popup": _popup_html(facts, f"mission:{mission.id}", tr),
            "visible": visible_timeline(mission.active_in),
        }
        for mission in facts.missions.values() for iso in mission.areas
    ]
    markers = [
        {
            "lat": site.lat, "lon": site.lon, "kind": site.kind,
            "html": str(render("map/site_marker.html.j2", site=site,
                               symbol=Markup(SITE_SYMBOLS[site.kind]))),
            "tooltip": tooltip_html(f"site:{site.id}", site.name),
            "popup": _popup_html(facts, f"site:{site.id}", tr),
            "visible": visible_timeline(site.active_in),
            "ref": f"site:{site.id}",
        }
        for site in facts.sites.values()
    ]
    markers += [
        {
            "lat": mission.lat, "lon": mission.lon, "kind": "mission",
            "html": str(render("map/mission_marker.html.j2", mission=mission)),
            "tooltip": tooltip_html(f"mission:{mission.id}", mission.name),
            "popup": _popup_html(facts, f"mission:{mission.id}", tr),
            "visible": visible_timeline(mission.active_in),
            "ref": f"mission:{mission.id}",
        }
        for mission in facts.missions.values()
    ]
    markers += _divided_germany_labels(geodata, facts, tr)
    return {
        "areas": areas,
        "missions": missions,
        "markers": markers,
        "styles": {k: _with_tiles(v, online_tiles).to_leaflet()
                   for k, v in area_styles(facts, presenter=presenter).items()},
        "presenter": presenter,
        "language": tr.language,
        "direction": tr.direction,
        "nonmember_fill": (PRESENTER_NON_MEMBER_FILL if presenter else NON_MEMBER_FILL),
        "counts": {str(y): tr("year.members", count=len(timeline.members_at(facts, y)))
                   for y in years},
        "year_labels": {str(y): tr.number(y) for y in years},
        # Inserted as HTML by the legend: escaped here.
        "labels": {key: escape(tr(f"legend.{key}"))
                   for key in ("joined_heading", "nonmember", "new", "outside", "mission",
                               "toggle")},
        "site_kinds": [[SITE_SYMBOLS[kind], escape(tr(f"site_kind.{kind}"))]
                       for kind in SITE_SYMBOLS],
        "wave_labels": {str(w): escape(tr("legend.joined", year=w))
                        for w in timeline.accession_waves(facts)},
        "waves": [[wave, colour]
                  for wave, colour in wave_colours(facts, presenter=presenter).items()],
        "bounds": [list(DEFAULT_BOUNDS[0]), list(DEFAULT_BOUNDS[1])],
        "export": png_control_labels(tr),
        "first_year": years[0],
        "last_year": years[-1],
        # The alliance's borders with the East (geoview.border_layer_data), off by default.
        "borders": border_layer,
        "border_labels": border_layer_labels(tr),
    }


# Where the "not a member" labels of divided Germany sit (inside each piece, readable at zoom 4).
_PIECE_LABEL_POINTS = {"GDR": (52.2, 12.9), "WBER": (52.52, 13.35)}


def _divided_germany_labels(geodata: Geodata, facts: Facts, tr: Translator
                            ) -> list[dict[str, Any]]:
    labels = []
    for piece_id, (lat, lon) in _PIECE_LABEL_POINTS.items():
        if piece_id not in geodata.germany_pieces:
            continue
        name = tr({"GDR": "map.east_germany", "WBER": "map.west_berlin"}[piece_id])
        labels.append({
            "lat": lat, "lon": lon, "kind": "label",
            "html": str(render("map/area_label.html.j2", piece=piece_id.lower(), name=name,
                               tr=tr)),
            "tooltip": escape(geodata.germany_pieces[piece_id].name),
            "popup": "",
            "visible": visible_timeline(
                lambda y, p=piece_id: p in timeline.areas_in_force(geodata, facts, y)),
            "ref": "",
        })
    return labels


def map_data_json(facts: Facts, geodata: Geodata, tr: Translator, *, presenter: bool = False,
                  online_tiles: bool = False, border_layer: dict[str, Any] | None = None
                  ) -> str:
    """map_data as the JSON text of its static file: sorted keys, so that the same facts give
    the same bytes and so the same file name."""
    data = map_data(facts.in_language(tr.language), geodata, tr, presenter=presenter,
                    online_tiles=online_tiles, border_layer=border_layer)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class _BootMap(MacroElement):
    """The map's own script: hands the map to map.js with the files to fetch. Nothing in it
    depends on the session, so the same few hundred bytes go to every student."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.natoAtlas.boot({{ this._parent.get_name() }}, {{ this.config_json }});
        {% endmacro %}
        """
    )

    def __init__(self, config: dict[str, str]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "BootMap"
        # json.dumps escapes nothing HTML-special; the values are file names and a plain-text
        # label, and "</" is written "<\/" so that no value can close the <script>.
        self.config_json = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")


def map_height(presenter: bool) -> int:
    """The map frame's height in pixels: in presenter mode it fills a 1080-line projector."""
    return 860 if presenter else 620


def static_file_url(path: str, static_url: str = STATIC_URL) -> str:
    """A file under static/ as served, its URL versioned by its content (cached for good)."""
    return f"{static_url}/{path}?v={content_version(STATIC_DIR / path)}"


@functools.cache
def frame_assets(static_url: str = STATIC_URL) -> tuple[tuple[tuple[str, str], ...],
                                                        tuple[tuple[str, str], ...]]:
    """The map frame's scripts and stylesheets as folium's (name, url) pairs, served from
    `static_url`, each URL versioned by its content. Kept per process: every run builds a
    map, and the files under static/ do not change while the server runs."""

    def url(path: str) -> str:
        return static_file_url(path, static_url)

    scripts = tuple((Path(path).stem, url(path)) for path in _FRAME_SCRIPTS)
    styles = tuple((Path(path).stem + "_css", url(path)) for path in _FRAME_STYLES)
    return scripts, styles


def build_map(assets: MapAssets, *, presenter: bool = False, online_tiles: bool = False,
              static_url: str = STATIC_URL, failed_label: str = "") -> folium.Map:
    """The atlas map: a shell that loads the scripts and the data files named by `assets`
    (publish_map_assets, below) from `static_url`. Build one per run: rendering changes a
    folium map, so a map must never be shared between sessions."""
    # keyboard=False: arrows and PageUp/PageDown step the year (forwarded to the year control)
    # rather than pan; the zoom buttons and Tab to markers stay.
    # zoom_snap: fractional zoom lets the frame fit the North Atlantic as tightly as it can.
    fmap = folium.Map(location=(48, 10), zoom_start=4, tiles=None, control_scale=True,
                      zoom_control=True, height=map_height(presenter), keyboard=False,
                      zoom_snap=0.25, zoom_delta=0.5)
    # On this map only (not folium.Map's class attributes, which every session shares): the
    # vendored copies, since folium's CDN defaults leave the map blank offline (see
    # use_offline_assets), and the atlas's own scripts.
    scripts, styles = frame_assets(static_url)
    if assets.script is not None:  # one file: the scripts, and the data's fetch started
        scripts = (("atlas_frame", f"{static_url}/{assets.script}"),)
    fmap.default_js, fmap.default_css = list(scripts), list(styles)
    if online_tiles:
        folium.TileLayer(ONLINE_TILES_URL, attr=ONLINE_TILES_ATTRIBUTION, name="OpenStreetMap",
                         max_zoom=18).add_to(fmap)
    fmap.fit_bounds([list(DEFAULT_BOUNDS[0]), list(DEFAULT_BOUNDS[1])])
    _BootMap({"geometry": assets.geometry, "data": assets.data,
              "failed": failed_label}).add_to(fmap)
    return fmap


def publish_map_assets(facts: Facts, geodata: Geodata, tr: Translator, *, geometry: str,
                       presenter: bool = False, online_tiles: bool = False,
                       border_layer: dict[str, Any] | None = None) -> MapAssets:
    """Write this language and mode's map data into static/ (mapassets.publish) beside the
    borders file `geometry`, and the frame's scripts as one file that starts fetching both
    (mapassets.frame_script); name the three."""
    mode = "presenter" if presenter else "screen"
    stem = f"map-{tr.language}-{mode}{'-tiles' if online_tiles else ''}"
    data = publish(map_data_json(facts, geodata, tr, presenter=presenter,
                                 online_tiles=online_tiles, border_layer=border_layer), stem)
    script = publish(frame_script(_FRAME_SCRIPTS, [geometry, data]), f"frame-{stem}", ".js")
    return MapAssets(geometry=geometry, data=data, script=script)
