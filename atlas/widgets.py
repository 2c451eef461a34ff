"""The atlas's own Streamlit widgets: the year control and the clickable map.

Besides atlas/cached.py this is the only module that imports streamlit: widgets are UI, but
they hold protocol (the year channel, the click-to-item mapping) that pages should not repeat.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
import streamlit as st
from streamlit_folium import st_folium

from atlas.mapview import item_ref_from_tooltip, map_height

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


@dataclass(frozen=True)
class YearControlState:
    year: int  # the year the user settled on
    scene: str | None  # the scene the clicker stepped to (presenter mode)
    leave: bool  # Esc pressed in presenter mode


def year_control(*, year: int, first: int, last: int, channel: str, item: str | None,
                 labels: dict[str, Any], present: bool = False,
                 scenes: list[dict[str, Any]] | None = None,
                 scene: str | None = None) -> YearControlState:
    """The year slider with play/pause; in presenter mode also the story's clicker keys."""
    result = _YEAR_CONTROL(
        key=YEAR_CONTROL_KEY,
        data={"year": year, "min": first, "max": last, "channel": channel, "item": item,
              "labels": labels, "present": present, "scenes": scenes or [], "scene": scene},
        default={"year": year, "scene": scene},
        # Reading the state after the call is enough; the callbacks make the values state.
        on_year_change=_ignore, on_scene_change=_ignore, on_leave_change=_ignore,
    )
    settled = getattr(result, "year", None)
    stepped = getattr(result, "scene", None)
    return YearControlState(
        year=int(settled) if isinstance(settled, (int, float)) else year,
        scene=stepped if isinstance(stepped, str) else scene,
        leave=bool(getattr(result, "leave", False)),
    )


def _ignore() -> None:
    pass


def atlas_map(fmap: folium.Map, *, presenter: bool, on_click: Any) -> None:
    """Show the map; `on_click(item_ref)` runs when a site, mission or member is clicked."""

    def _clicked() -> None:
        value = st.session_state.get(MAP_KEY) or {}
        ref = item_ref_from_tooltip(value.get("last_object_clicked_tooltip"))
        if ref:
            on_click(ref)

    st_folium(fmap, key=MAP_KEY, height=map_height(presenter), use_container_width=True,
              returned_objects=_MAP_RETURNS, on_change=_clicked)
