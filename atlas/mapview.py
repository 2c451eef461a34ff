"""Build the folium map of the alliance: the same small shell for every student, the year
applied in the browser.

Rebuilding a folium map per year costs ~500 ms and a flash (shared/DESIGN.md §1), so the map
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
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template
from plotly.colors import sample_colorscale

from atlas import timeline
from atlas.cards import item_facts, quote_language, source_line
from atlas.exports import png_control_labels
from atlas.facts import Facts
from atlas.geodata import Geodata
from atlas.geography import border_layer_labels
from atlas.i18n import Translator, direction
from atlas.mapassets import STATIC_DIR, MapAssets, content_version, publish
from atlas.models import Member, Quote, Site

# Where Streamlit serves static/ (server.enableStaticServing) on a server without a base path;
# pages pass the served address (widgets.static_url) where it matters.
STATIC_URL = "/app/static"
LEAFLET_JS = [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js"),
              ("jquery", f"{STATIC_URL}/jquery/jquery.min.js")]
LEAFLET_CSS = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]
# The map frame's own scripts and styles, in load order, each with a version of its content
# in the URL so that a browser never runs an old copy against new data.
_FRAME_SCRIPTS = ("leaflet/leaflet.js", "jquery/jquery.min.js",
                  "topojson-client/topojson-client.min.js", "atlas/map.js",
                  "atlas/border_layer.js", "atlas/map_export.js")
_FRAME_STYLES = ("leaflet/leaflet.css", "atlas/map.css")

# Framed from Canada's east coast and Iceland to Iraq (south-west, north-east corners).
DEFAULT_BOUNDS = ((29.0, -60.0), (70.0, 48.0))

# Sequential and colour-blind safe (viridis), oldest wave darkest.
PALETTE_SCALE = "Viridis"
NON_MEMBER_FILL = "#ecebe4"
NON_MEMBER_STROKE = "#8c8c8c"
# Presenter mode, for a washed-out projector: inferno without its near-black and palest ends
# keeps every wave far from white non-members and adjacent waves apart under deuteranopia and
# protanopia (tests/unit/test_palette.py measures both), with black borders.
PRESENTER_SCALE = "Inferno"
PRESENTER_RANGE = (0.05, 0.85)
PRESENTER_NON_MEMBER_FILL = "#ffffff"
HIGHLIGHT_STROKE = "#111111"
MISSION_COLOUR = "#d95f02"

# One symbol per kind of site; shapes differ so they read without colour.
SITE_SYMBOLS = {
    "hq": '<svg viewBox="0 0 20 20" width="20" height="20"><rect x="2" y="2" width="16" '
          'height="16" fill="#1f4e79" stroke="#fff" stroke-width="2"/></svg>',
    "air_base": '<svg viewBox="0 0 20 20" width="20" height="20"><polygon points="10,1 19,18 1,18"'
                ' fill="#8e0152" stroke="#fff" stroke-width="2"/></svg>',
    "radar": '<svg viewBox="0 0 20 20" width="20" height="20"><circle cx="10" cy="10" r="8" '
             'fill="#fff" stroke="#00441b" stroke-width="3"/><circle cx="10" cy="10" r="3.5" '
             'fill="#00441b"/></svg>',
}
ITEM_ID_MARK = "⟦{}⟧"  # carried in tooltips so a click can be traced back to its item


def configure_offline_assets() -> None:
    """Point folium at the vendored Leaflet and jQuery: with folium's CDN defaults the map
    is blank offline (shared/DESIGN.md §1). Called before any map is built."""
    folium.Map.default_js = LEAFLET_JS
    folium.Map.default_css = LEAFLET_CSS


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
    scale = PRESENTER_SCALE if presenter else PALETTE_SCALE
    colours = sample_colorscale(scale, points, colortype="rgb")
    return {wave: _rgb_to_hex(colour) for wave, colour in zip(waves, colours, strict=True)}


def _rgb_to_hex(rgb: str) -> str:
    parts = [round(float(p)) for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")]
    return "#" + "".join(f"{p:02x}" for p in parts)


def area_styles(facts: Facts, *, presenter: bool = False) -> dict[str, AreaStyle]:
    """Every style an area can take, by id: non-member, and per wave: member, newly joined
    (thick outline), and outside the integrated military command (dashed outline)."""
    if presenter:
        styles = {"nonmember": AreaStyle(PRESENTER_NON_MEMBER_FILL, 1.0, "#555555", 1.0)}
        border, weight, new_weight, outside_weight = "#000000", 1.2, 4.5, 3.0
    else:
        styles = {"nonmember": AreaStyle(NON_MEMBER_FILL, 1.0, NON_MEMBER_STROKE, 0.6)}
        border, weight, new_weight, outside_weight = "#ffffff", 0.8, 3.5, 2.5
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


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def tooltip_html(ref: str, label: str) -> str:
    """Tooltip markup: the label, plus the item id in a hidden span. streamlit-folium reports
    a click as the clicked layer's tooltip text, which is how Python learns the item."""
    return f'<span hidden>{esc(ITEM_ID_MARK.format(ref))}</span>{esc(label)}'


def item_ref_from_tooltip(tooltip_text: str | None) -> str | None:
    """The item id a clicked tooltip carries, or None for areas that are no item."""
    if not tooltip_text:
        return None
    start = tooltip_text.find("⟦")
    end = tooltip_text.find("⟧", start + 1)
    if start < 0 or end < 0:
        return None
    return tooltip_text[start + 1 : end]


def _quote_excerpt_html(facts: Facts, quote: Quote, tr: Translator, limit: int = 220) -> str:
    source = facts.sources[quote.source]
    language = quote_language(facts, quote)
    text = quote.text if len(quote.text) <= limit else quote.text[: limit - 1].rstrip() + "…"
    claim = (f"<div class='atlas-claim'>{esc(tr('map.claim_by', who=quote.claimed_by))}</div>"
             if quote.claimed_by else "")
    return (
        f"<blockquote dir='{direction(language)}' lang='{esc(language)}'>"
        f"{esc(text)}</blockquote>{claim}"
        f"<div class='atlas-cite'>{esc(source_line(source, tr))}</div>"
    )


def _popup_html(facts: Facts, ref: str, tr: Translator) -> str:
    """The in-map popup: what the item is and its first quote; the panel has the rest."""
    title, lines, _ = item_facts(facts, ref, tr)
    quotes = facts.quotes_about(ref)
    body = "".join(f"<div>{esc(line)}</div>" for line in lines[:3])
    if quotes:
        body += _quote_excerpt_html(facts, quotes[0], tr)
        body += f"<div class='atlas-more'>{esc(tr('map.quotes_in_panel', count=len(quotes)))}</div>"
    return f"<div class='atlas-popup' dir='{tr.direction}'><h4>{esc(title)}</h4>{body}</div>"


def _site_label(site: Site) -> str:
    return site.label or site.name


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
            tooltip, popup = esc(name), ""
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
            "html": f"<div class='atlas-site atlas-site-{site.kind}'>{SITE_SYMBOLS[site.kind]}"
                    f"<span class='atlas-site-label'>{esc(_site_label(site))}</span></div>",
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
            "html": f"<div class='atlas-mission-label'>{esc(mission.short_name)}</div>",
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
        "nonmember_fill": (PRESENTER_NON_MEMBER_FILL if presenter else NON_MEMBER_FILL),
        "counts": {str(y): tr("year.members", count=len(timeline.members_at(facts, y)))
                   for y in years},
        "year_labels": {str(y): tr.number(y) for y in years},
        # Inserted as HTML by the legend: escaped here.
        "labels": {key: esc(tr(f"legend.{key}"))
                   for key in ("nonmember", "new", "outside", "mission", "toggle")},
        "site_kinds": [[SITE_SYMBOLS[kind], esc(tr(f"site_kind.{kind}"))] for kind in SITE_SYMBOLS],
        "wave_labels": {str(w): esc(tr("legend.joined", year=w))
                        for w in timeline.accession_waves(facts)},
        "waves": [[wave, colour]
                  for wave, colour in wave_colours(facts, presenter=presenter).items()],
        "bounds": [list(DEFAULT_BOUNDS[0]), list(DEFAULT_BOUNDS[1])],
        "export": png_control_labels(tr),
        "first_year": years[0],
        "last_year": years[-1],
        # The alliance's borders with the East (geography.border_layer_data), off by default.
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
            "html": f"<div class='atlas-area-label atlas-label-{piece_id.lower()}'>"
                    f"{esc(name)}<br><small>{esc(tr('map.not_member'))}</small></div>",
            "tooltip": esc(geodata.germany_pieces[piece_id].name),
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


@functools.cache
def frame_assets(static_url: str = STATIC_URL) -> tuple[tuple[tuple[str, str], ...],
                                                        tuple[tuple[str, str], ...]]:
    """The map frame's scripts and stylesheets as folium's (name, url) pairs, served from
    `static_url`, each URL versioned by its content. Kept per process: every run builds a
    map, and the files under static/ do not change while the server runs."""

    def url(path: str) -> str:
        return f"{static_url}/{path}?v={content_version(STATIC_DIR / path)}"

    scripts = tuple((Path(path).stem, url(path)) for path in _FRAME_SCRIPTS)
    styles = tuple((Path(path).stem + "_css", url(path)) for path in _FRAME_STYLES)
    return scripts, styles


def build_map(assets: MapAssets, *, presenter: bool = False, online_tiles: bool = False,
              static_url: str = STATIC_URL, failed_label: str = "") -> folium.Map:
    """The atlas map: a shell that loads the scripts and the data files named by `assets`
    (mapassets.publish_map_assets) from `static_url`. Build one per run: rendering changes a
    folium map, so a map must never be shared between sessions."""
    # keyboard=False: arrows and PageUp/PageDown step the year (forwarded to the year control)
    # rather than pan; the zoom buttons and Tab to markers stay.
    # zoom_snap: fractional zoom lets the frame fit the North Atlantic as tightly as it can.
    fmap = folium.Map(location=(48, 10), zoom_start=4, tiles=None, control_scale=True,
                      zoom_control=True, height=map_height(presenter), keyboard=False,
                      zoom_snap=0.25, zoom_delta=0.5)
    # On this map only (not folium.Map's class attributes, which every session shares): the
    # vendored copies, since folium's CDN defaults leave the map blank offline (DESIGN.md §1).
    scripts, styles = frame_assets(static_url)
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
    borders file `geometry`, and name both."""
    mode = "presenter" if presenter else "screen"
    stem = f"map-{tr.language}-{mode}{'-tiles' if online_tiles else ''}"
    data = map_data_json(facts, geodata, tr, presenter=presenter, online_tiles=online_tiles,
                         border_layer=border_layer)
    return MapAssets(geometry=geometry, data=publish(data, stem))
