"""The view a browser session is on (year, selected item, language), kept in session state
and mirrored in the URL so that any view can be shared as a link.

Streamlit-facing glue, like atlas/cached.py and atlas/widgets.py; the parsing itself is the
pure atlas/urlstate.py.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import streamlit as st

from atlas import cached
from atlas.i18n import LANGUAGES, Translator, translator
from atlas.models import FIRST_YEAR
from atlas.timeline import last_year
from atlas.urlstate import (
    MAX_PARAM_LENGTH,
    VIEW_PARAMS,
    Notice,
    View,
    parse_view,
    query_for,
    resolve_item,
)

_LOG = logging.getLogger("atlas")
_VIEW = "atlas_view"


def query_params() -> dict[str, list[str]]:
    """Every value of every URL parameter: a link may repeat one (?year=1950&year=2000)."""
    return {name: st.query_params.get_all(name) for name in st.query_params}


def view() -> View:
    """The session's view; on the first run of a session, read from the URL."""
    if _VIEW not in st.session_state:
        st.session_state[_VIEW] = parse_view(query_params(), cached.facts())
    current: View = st.session_state[_VIEW]
    return current


def update(**changes: object) -> View:
    """Change the view (year=, item=, language=) and the URL with it; notices are spent."""
    new = replace(view(), notices=(), **changes)  # type: ignore[arg-type]
    st.session_state[_VIEW] = new
    sync_url()
    return new


def select_item(ref: str) -> None:
    """Select what was clicked on the map, if it is an item of the facts: a click's value
    comes from the browser, so anything else (a made-up or hostile reference) is ignored."""
    item = resolve_item(cached.facts(), ref) if len(ref) <= MAX_PARAM_LENGTH else None
    if item is not None:
        update(item=item, scene=None)


def sync_url() -> None:
    """Write the view into the URL, leaving other parameters (a page's own) in place."""
    wanted = query_for(view())
    for name in VIEW_PARAMS:
        if name in wanted and st.query_params.get(name) != wanted[name]:
            st.query_params[name] = wanted[name]
        elif name not in wanted and name in st.query_params:
            del st.query_params[name]


def tr() -> Translator:
    return translator(view().language)


def drop_unreadable_state() -> None:
    """Forget widget values that cannot be read back, before any widget is drawn.

    A browser only sends values for the widgets it was given, in their own format. A hostile
    client can send one for a widget id that does not exist, and Streamlit then raises a
    KeyError inside every selectbox of that session (session_state.filtered_state reads every
    value). Reading the state through the public API finds that; the public API cannot
    delete such a value (its `del` raises the same KeyError), so this reaches into Streamlit's
    SessionState, here only. tests/load/test_hostile_protocol.py fails if an upgrade changes
    it."""
    try:
        st.session_state.to_dict()
        return
    except (KeyError, ValueError):  # json.JSONDecodeError is a ValueError
        pass
    from streamlit.runtime.state.session_state_proxy import get_session_state

    state = get_session_state()._state
    widget_values = state._new_widget_state.states
    for widget_id in list(widget_values):
        try:
            state[widget_id]
        except (KeyError, ValueError):
            _LOG.warning("dropped an unreadable widget value for %r", widget_id[:80])
            del widget_values[widget_id]


@contextlib.contextmanager
def shielded(where: str) -> Iterator[None]:
    """Run a part of a page so that whatever fails in it reaches the viewer as a plain
    message, never as a traceback; the details go to the server's log. Streamlit's own
    control flow (st.rerun, st.stop) passes through: it is not an Exception."""
    try:
        yield
    except Exception:
        _LOG.exception("%s failed", where)
        st.error(tr()("errors.part_failed"), icon="⚠️")


def show_notices(more: Iterable[Notice] = ()) -> None:
    """One visible notice per bad URL parameter of the view (and `more`, a page's own),
    naming it and what is shown instead."""
    t = tr()
    for notice in (*view().notices, *more):
        reason = (t(notice.reason_key, first=FIRST_YEAR, last=last_year())
                  if notice.reason_key else "")
        # The value is as typed: shown as text, never as a link or emphasis.
        value = _markdown_literal(notice.value)
        st.warning(t(notice.message_key, param=notice.param, value=value, reason=reason,
                     fallback=notice.fallback or t("errors.fallback_none"),
                     count=t.number(notice.fallback)), icon="⚠️")


def _markdown_literal(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_{}[]()<>#+-.!|~" else c for c in text)


_PAGE_CSS = (Path(__file__).parent / "web" / "page.css").read_text(encoding="utf-8")


def page_style() -> None:
    """Page direction for Arabic and Persian, and presenter mode's full screen.

    The markers are empty elements the stylesheet keys on (body:has(...)), so the page's
    layout follows the view without reaching into Streamlit's own elements."""
    current = view()
    markers = []
    if tr().direction == "rtl":
        markers.append("atlas-rtl")
    if current.present:
        markers.append("atlas-presenting")
    spans = "".join(f"<span class='{m}' hidden></span>" for m in markers)
    st.html(f"<style>{_PAGE_CSS}</style>{spans}")


_LANGUAGE_PICKER = "language_picker"


def language_picker() -> None:
    """The UI language, in the sidebar; the choice goes into the URL (?lang=)."""
    # A callback, run before the rerun the choice causes: that one run is already in the new
    # language (no second run to catch up).
    st.sidebar.selectbox(
        tr()("language.label"), LANGUAGES, index=LANGUAGES.index(view().language),
        format_func=lambda code: translator(code)("language.name"), key=_LANGUAGE_PICKER,
        on_change=_choose_language,
    )


def _choose_language() -> None:
    update(language=st.session_state[_LANGUAGE_PICKER])


_ROUTED = "atlas_routed"


def mark_routed() -> None:
    """Called by app.py before it runs a page: the page is being run through the router."""
    st.session_state[_ROUTED] = True


def require_router() -> None:
    """Make sure app.py (layout, language, navigation) ran before this page.

    With a folder named pages/ (the project's layout), Streamlit starts a fresh server in its
    old multipage mode, which runs pages/<name>.py on its own, and leaves that mode only when
    some session reaches st.navigation. So the first visitor to open a shared link such as
    /timeline?year=1999 would get the page without app.py. Clearing that mode once and
    rerunning sends the run through app.py, which routes to the same page. Streamlit has no
    public switch for this; tests/e2e/test_routing.py fails if an upgrade changes it.

    Looked for one (streamlit 1.67.0, 2026-12): the mode is PagesManager.uses_pages_directory,
    set when the first session starts from whether a pages/ folder sits beside the entrypoint
    (streamlit/runtime/pages_manager.py) and cleared only by st.navigation; no config option
    reads it (client.showSidebarNavigation only hides the old mode's menu). The
    docs call pages/ legacy and allow st.navigation only in the entrypoint, once per run, so a
    page cannot call it to leave the mode. Streamlit's review of PR #10276 (MPA v2 by default)
    saw the same thing: a pages/ folder with st.navigation and a direct URL can fall back to
    the old mode. The only other way out is a layout without pages/ beside the entrypoint,
    and the design card asks for pages/."""
    if st.session_state.get(_ROUTED):
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()
