"""Caching at the edge: the one place that keeps what every session shares.

What is kept here is shared by every session of the process, read by several script threads
at once: so only immutable results (frozen records, strings, file names), never an object
that rendering changes (a folium map is built per run, see atlas/mapview.py). It is kept by
atlas.memo rather than st.cache_resource, which any client can empty for all (see there)."""

from __future__ import annotations

import os
from pathlib import Path

from atlas import charts, geography, geotext, geoview, mapassets
from atlas.facts import Facts, load_facts
from atlas.geodata import Geodata, attribution_line, load_geodata
from atlas.i18n import translator
from atlas.mapview import document_html, publish_map_assets
from atlas.memo import once_per_key
from atlas.turkey.map import build_map as build_turkey_map

# Tests point the app at fixture facts (e.g. quotes containing <script>) with this variable.
FACTS_DIR_ENV = "ATLAS_FACTS_DIR"


def facts() -> Facts:
    """The validated facts; raises FactsError (not kept, so a fix shows on reload)."""
    return _facts(os.environ.get(FACTS_DIR_ENV, ""))


@once_per_key
def _facts(configured_dir: str) -> Facts:
    return load_facts(Path(configured_dir)) if configured_dir else load_facts()


@once_per_key
def geodata() -> Geodata:
    return load_geodata()


@once_per_key
def map_borders() -> str:
    """The borders file (TopoJSON) that every map of every language and mode draws from."""
    return mapassets.publish(mapassets.topology_json(mapassets.areas_frame(geodata())),
                             "borders")


def map_assets(language: str, presenter: bool, online_tiles: bool) -> mapassets.MapAssets:
    """The files of one language and mode of the map: written once per process, then
    fetched and kept by every browser (atlas/mapassets.py)."""
    return _map_assets(os.environ.get(FACTS_DIR_ENV, ""), language, presenter, online_tiles)


@once_per_key
def _map_assets(configured_dir: str, language: str, presenter: bool,
                online_tiles: bool) -> mapassets.MapAssets:
    facts, tr = _facts(configured_dir), translator(language)
    border_layer = geoview.border_layer_data(geodata(), facts, borders(),
                                               _border_pairs(configured_dir), tr)
    return publish_map_assets(facts, geodata(), tr, geometry=map_borders(), presenter=presenter,
                              online_tiles=online_tiles, border_layer=border_layer)


@once_per_key
def attribution() -> str:
    return attribution_line()


def turkiye_map_url(language: str, static_url: str) -> str:
    """The address of the Türkiye page's map: a whole HTML document in static/gen/ that the
    page shows in a frame. It is rendered once per process, language and address of static/
    (folium takes about 200 ms to render it, and rendering changes the map: one folium map
    shared between sessions broke when two rendered it at once, "OrderedDict mutated during
    iteration"); a browser fetches it once and keeps it. The map asks nothing of Python: a
    click opens its popup in the frame."""
    document = _turkiye_map_file(os.environ.get(FACTS_DIR_ENV, ""), language, static_url)
    return f"{static_url}/{document}"


@once_per_key
def _turkiye_map_file(configured_dir: str, language: str, static_url: str) -> str:
    fmap = build_turkey_map(_facts(configured_dir), geodata(), translator(language),
                            static_url=static_url, height="100%")
    return mapassets.publish(document_html(fmap), f"turkiye-map-{language}", ".html")


@once_per_key
def borders() -> geography.Borders:
    return geography.load_borders()


@once_per_key
def local_borders(language: str) -> geography.Borders:
    """borders.yaml as a reader of `language` sees it: its names and the atlas's words in its
    references in that language (atlas/geotext.py)."""
    return geotext.in_language(borders(), geotext.read_all(), language)


def year_figures() -> dict[int, geography.YearFigures]:
    """Every year's computed figures: the border pairs are measured once per process."""
    return _year_figures(os.environ.get(FACTS_DIR_ENV, ""))


@once_per_key
def _year_figures(configured_dir: str) -> dict[int, geography.YearFigures]:
    return geography.all_year_figures(geodata(), _facts(configured_dir), borders(),
                                      _border_pairs(configured_dir))


def border_pairs() -> list[geography.Pair]:
    return _border_pairs(os.environ.get(FACTS_DIR_ENV, ""))


@once_per_key
def _border_pairs(configured_dir: str) -> list[geography.Pair]:
    return geography.border_pairs(geodata(), _facts(configured_dir), borders())


# The Timeline's charts without the year the map shows, as plotly JSON text: built once per
# language (and choice of sources), each run adds its year (charts.with_year). Building them
# was ~0.45 s of CPU on every visit.


def membership_chart(language: str) -> str:
    return _membership_chart(os.environ.get(FACTS_DIR_ENV, ""), language)


@once_per_key
def _membership_chart(configured_dir: str, language: str) -> str:
    facts = _facts(configured_dir).in_language(language)
    return charts.chart_json(charts.membership_figure(facts, translator(language)))


def events_chart(language: str, source_ids: tuple[str, ...]) -> str:
    """`source_ids`: which sources' rows, in any order (at most one chart per subset)."""
    return _events_chart(os.environ.get(FACTS_DIR_ENV, ""), language,
                         tuple(sorted(set(source_ids))))


@once_per_key
def _events_chart(configured_dir: str, language: str, source_ids: tuple[str, ...]) -> str:
    facts = _facts(configured_dir).in_language(language)
    events = charts.filter_events(facts, source_ids)
    return charts.chart_json(charts.events_figure(facts, events, translator(language),
                                                  source_ids=source_ids))


def geography_chart(language: str) -> str:
    return _geography_chart(os.environ.get(FACTS_DIR_ENV, ""), language)


@once_per_key
def _geography_chart(configured_dir: str, language: str) -> str:
    facts = _facts(configured_dir).in_language(language)
    return charts.chart_json(charts.geography_figure(_year_figures(configured_dir), facts,
                                                     translator(language)))
