"""The atlas's own Streamlit widgets: the year control and the clickable map.

Besides atlas/cached.py this is the only module that imports streamlit: widgets are UI, but
they hold protocol (the year channel, the click-to-item mapping) that pages should not repeat.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import folium
import streamlit as st
from streamlit_folium import st_folium

from atlas.mapview import item_ref_from_tooltip

_WEB = Path(__file__).parent / "web"
_YEAR_CONTROL = st.components.v2.component(
    "nato_atlas.year_control",
    js=(_WEB / "year_control.js").read_text(encoding="utf-8"),
    css=(_WEB / "year_control.css").read_text(encoding="utf-8"),
)
MAP_KEY = "atlas_map"
YEAR_CONTROL_KEY = "atlas_year_control"
# What a click returns; anything else (pan, zoom) must not rerun the page.
_MAP_RETURNS = ["last_object_clicked_tooltip", "last_object_clicked_count"]


def year_control(*, year: int, first: int, last: int, channel: str, item: str | None,
                 labels: dict[str, Any], on_change: Any) -> int:
    """The year slider with play/pause; returns the year the user last settled on."""
    result = _YEAR_CONTROL(
        key=YEAR_CONTROL_KEY,
        data={"year": year, "min": first, "max": last, "channel": channel, "item": item,
              "labels": labels},
        default={"year": year},
        on_year_change=on_change,
    )
    settled = result.get("year") if hasattr(result, "get") else getattr(result, "year", None)
    return int(settled) if isinstance(settled, (int, float)) else year


def atlas_map(fmap: folium.Map, *, height: int, on_click: Any) -> None:
    """Show the map; `on_click(item_ref)` runs when a site, mission or member is clicked."""

    def _clicked() -> None:
        value = st.session_state.get(MAP_KEY) or {}
        ref = item_ref_from_tooltip(value.get("last_object_clicked_tooltip"))
        if ref:
            on_click(ref)

    st_folium(fmap, key=MAP_KEY, height=height, use_container_width=True,
              returned_objects=_MAP_RETURNS, on_change=_clicked)
