"""The atlas's own Streamlit widgets: the year control and the clickable map.

Besides atlas/cached.py this is the only module that imports streamlit: widgets are UI, but
they hold protocol (the year control's data, the click-to-item mapping) that pages should not
repeat. Every value a component sends back is checked here before a callback sees it: a
browser can send anything.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from atlas.mapassets import MapAssets
from atlas.mapview import build_map, item_ref_from_tooltip, map_height

# The year control's code is served from static/atlas/ and loaded by this small module: the
# browser caches it, so the rerun that follows each year step sends ~0.3 KB, not the ~11 KB an
# inline component would carry every time.
_LOADER_JS = """
let control = null;
export default function (component) {
  const url = new URL(component.data.static_url + '/atlas/year_control.js', window.location.href);
  control = control || import(url.href);
  let cleanup = null;
  let unmounted = false;
  control.then((module) => { if (!unmounted) cleanup = module.default(component); });
  return () => { unmounted = true; if (typeof cleanup === 'function') cleanup(); };
}
"""
_YEAR_CONTROL = st.components.v2.component("nato_atlas.year_control", js=_LOADER_JS)
MAP_KEY = "atlas_map"
# Ids in the facts are at most 64 characters (atlas/models.py); a longer value is not one.
_MAX_ID_LENGTH = 64
YEAR_CONTROL_KEY = "atlas_year_control"
_SESSION_MARK = "atlas_session_mark"
# What a click returns; anything else (pan, zoom) must not rerun the page.
_MAP_RETURNS = ["last_object_clicked_tooltip", "last_object_clicked_count"]


def year_control(*, year: int, first: int, last: int, item: str | None,
                 labels: dict[str, Any], on_year: Callable[[int], None],
                 on_scene: Callable[[str], None], on_leave: Callable[[], None],
                 present: bool = False, scenes: list[dict[str, Any]] | None = None,
                 scene: str | None = None, follow: dict[str, Any] | None = None,
                 on_follow: Callable[[], None] | None = None,
                 teach: dict[str, Any] | None = None) -> None:
    """The year slider with play/pause; in presenter mode also the story's clicker keys.
    With `follow` (a student following the teacher, atlas/classlink.py) it polls the class's
    file, paints the teacher's year at once and calls `on_follow` when the class changed.
    With `teach` (a teacher's class is open) it keeps the class's seat cookie in the browser.

    What the user does arrives through the callbacks, which Streamlit runs before the rerun
    they cause: so the view is up to date when the control is drawn again, and the control
    is never handed back a year older than the one the user just settled on."""

    def state(name: str) -> Any:
        values = st.session_state.get(YEAR_CONTROL_KEY)
        return getattr(values, name, None) if values is not None else None

    def year_changed() -> None:
        settled = reported_year(state("year"), first, last)
        if settled is not None and settled != year:
            on_year(settled)

    def scene_changed() -> None:
        stepped = state("scene")
        if isinstance(stepped, str) and len(stepped) <= _MAX_ID_LENGTH:
            on_scene(stepped)

    def leave_triggered() -> None:
        if state("leave") is True:
            on_leave()

    def follow_polled() -> None:
        # The value is only a nudge: what changed is read from the class's file, not from it.
        if on_follow is not None:
            on_follow()

    _YEAR_CONTROL(
        key=YEAR_CONTROL_KEY,
        data={"year": year, "min": first, "max": last, "item": item,
              "labels": labels, "present": present, "scenes": scenes or [], "scene": scene,
              "static_url": static_url(), "follow": follow, "teach": teach,
              "session": session_mark()},
        on_year_change=year_changed, on_scene_change=scene_changed,
        on_leave_change=leave_triggered, on_follow_change=follow_polled,
    )


def session_mark() -> str:
    """A random mark of this server session. A page that outlives its session (the server
    restarted) sees a new mark, and tells the new session the step it took while the server
    was away (static/atlas/year_control.js)."""
    if _SESSION_MARK not in st.session_state:
        st.session_state[_SESSION_MARK] = secrets.token_hex(4)
    return str(st.session_state[_SESSION_MARK])


def reported_year(value: object, first: int, last: int) -> int | None:
    """A year the year control reported, or None for anything that is not a whole year in
    the atlas's range (NaN, Infinity, a string, a bool): ignored, never raised."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value) or value != int(value) or not first <= value <= last:
        return None
    return int(value)


def atlas_map(assets: MapAssets, *, presenter: bool, online_tiles: bool, failed_label: str,
              on_click: Callable[[str], None]) -> None:
    """Show the map; `on_click(item_ref)` runs when a site, mission or member is clicked.
    The map is built here, for this run only (see atlas/mapview.py)."""

    def _clicked() -> None:
        value = st.session_state.get(MAP_KEY)
        tooltip = value.get("last_object_clicked_tooltip") if isinstance(value, dict) else None
        ref = item_ref_from_tooltip(tooltip) if isinstance(tooltip, str) else None
        if ref:
            on_click(ref)

    fmap = build_map(assets, presenter=presenter, online_tiles=online_tiles,
                     static_url=static_url(), failed_label=failed_label)
    # render=False: st_folium renders the map's parts itself, and the whole document it would
    # render first is not what it sends (the same strings either way: tests/unit/test_mapview.py);
    # rendering a session's map takes 5 ms instead of 9.
    st_folium(fmap, key=MAP_KEY, height=map_height(presenter), use_container_width=True,
              returned_objects=_MAP_RETURNS, on_change=_clicked, render=False)


def static_url() -> str:
    """Where ./static is served: /app/static, under the server's base path if it has one."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static" if base else "/app/static"
