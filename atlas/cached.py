"""Caching at the edge: the only place that wraps atlas loaders in Streamlit's caches."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import folium
import streamlit as st

from atlas import geography
from atlas.facts import Facts, load_facts
from atlas.geodata import Geodata, attribution_line, load_geodata
from atlas.i18n import translator
from atlas.mapview import build_map, map_data_json
from atlas.turkey import build_turkiye_map

# Tests point the app at fixture facts (e.g. quotes containing <script>) with this variable.
FACTS_DIR_ENV = "ATLAS_FACTS_DIR"


@st.cache_resource(show_spinner=False)
def facts() -> Facts:
    """The validated facts; raises FactsError (not cached, so a fix shows on reload)."""
    configured = os.environ.get(FACTS_DIR_ENV)
    return load_facts(Path(configured)) if configured else load_facts()


@st.cache_resource(show_spinner=False)
def geodata() -> Geodata:
    return load_geodata()


@st.cache_resource(show_spinner=False, max_entries=64)
def atlas_map(channel: str, language: str, presenter: bool, online_tiles: bool) -> folium.Map:
    """One map per browser session (its channel), language and mode: built once, never
    rebuilt per year."""
    return build_map(facts(), geodata(), translator(language), channel=channel,
                     presenter=presenter, online_tiles=online_tiles,
                     data_json=map_data(language, presenter, online_tiles))


@st.cache_resource(show_spinner=False)
def map_data(language: str, presenter: bool, online_tiles: bool) -> str:
    """Every year's styling of the map, shared by all sessions of one language and mode: a
    session switching language or entering presenter mode then builds only its map's shell."""
    return map_data_json(facts(), geodata(), translator(language), presenter=presenter,
                         online_tiles=online_tiles)


@st.cache_resource(show_spinner=False)
def attribution() -> str:
    return attribution_line()


@st.cache_resource(show_spinner=False, max_entries=8)
def turkiye_map(language: str) -> folium.Map:
    """The Türkiye page's map, one per language: built once, not on every visit."""
    return build_turkiye_map(facts(), geodata(), translator(language))


@st.cache_resource(show_spinner=False)
def borders() -> geography.Borders:
    return geography.load_borders()


@st.cache_resource(show_spinner=False)
def year_figures() -> dict[int, geography.YearFigures]:
    """Every year's computed figures: the border pairs are measured once per process."""
    return geography.all_year_figures(geodata(), facts(), borders(), border_pairs())


@st.cache_resource(show_spinner=False)
def border_pairs() -> list[geography.Pair]:
    return geography.border_pairs(geodata(), facts(), borders())


@st.cache_resource(show_spinner=False, max_entries=8)
def border_layer(language: str) -> dict[str, Any]:
    """The map's border layer (atlas/web/border_layer.js draws it), one per language."""
    return geography.border_layer_data(geodata(), facts(), borders(), border_pairs(),
                                       translator(language))
