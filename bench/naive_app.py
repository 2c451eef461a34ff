"""The benchmark's baseline: the obvious way to build the atlas in Streamlit.

A slider; on every change Streamlit reruns the script, which rebuilds a folium map with the
year baked into the colours and sends it to streamlit-folium, which redraws the map. Offline
like the atlas (Leaflet from /app/static). Run from the repository root, so that
.streamlit/config.toml (static serving) applies:

    python -m streamlit run bench/naive_app.py

When the map for a year has been built, the body of the map frame carries data-naive-year,
which is what the benchmark waits for.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import folium
import streamlit as st
from branca.element import MacroElement
from jinja2 import Template
from streamlit_folium import st_folium

REPO_DIR = Path(__file__).resolve().parents[1]
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

from atlas.facts import load_facts  # noqa: E402  (after the path fix, as `streamlit run` needs)

FIRST_YEAR = 1949
MEMBER_FILL = "#2a788e"
NON_MEMBER_FILL = "#ecebe4"

folium.Map.default_js = [("leaflet", "/app/static/leaflet/leaflet.js"),
                         ("jquery", "/app/static/jquery/jquery.min.js")]
folium.Map.default_css = [("leaflet_css", "/app/static/leaflet/leaflet.css")]


@st.cache_data
def countries() -> dict[str, Any]:
    with (REPO_DIR / "geodata" / "countries.geojson").open(encoding="utf-8") as handle:
        collection: dict[str, Any] = json.load(handle)
    return collection


@st.cache_data
def accession_years() -> dict[str, int]:
    return {iso: member.accession_date.year for iso, member in load_facts().members.items()}


class YearMark(MacroElement):
    """Marks the frame's body with the year once the map's script has built the layers."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "document.body.dataset.naiveYear = {{ this.year }};"
        "{% endmacro %}")

    def __init__(self, year: int) -> None:
        super().__init__()
        self.year = year


year = st.slider("Year", FIRST_YEAR, dt.date.today().year, 2000, key="year")
joined = accession_years()
fmap = folium.Map(location=(48, 10), zoom_start=3, tiles=None)
folium.GeoJson(
    countries(),
    style_function=lambda feature: {
        "fillColor": MEMBER_FILL if joined.get(feature["properties"]["iso_a3"], 9999) <= year
        else NON_MEMBER_FILL,
        "fillOpacity": 0.9, "color": "#8c8c8c", "weight": 0.6,
    },
    tooltip=folium.GeoJsonTooltip(fields=["name"]),
).add_to(fmap)
YearMark(year).add_to(fmap)
st_folium(fmap, key="map", height=620, use_container_width=True, returned_objects=[])
