"""The view a browser session is on (year, selected item, language), kept in session state
and mirrored in the URL so that any view can be shared as a link.

Streamlit-facing glue, like atlas/cached.py and atlas/widgets.py; the parsing itself is the
pure atlas/urlstate.py.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import streamlit as st

from atlas import cached
from atlas.i18n import LANGUAGES, Translator, translator
from atlas.models import FIRST_YEAR
from atlas.timeline import last_year
from atlas.urlstate import VIEW_PARAMS, View, parse_view, query_for

_VIEW = "atlas_view"


def view() -> View:
    """The session's view; on the first run of a session, read from the URL."""
    if _VIEW not in st.session_state:
        st.session_state[_VIEW] = parse_view(st.query_params.to_dict(), cached.facts())
    current: View = st.session_state[_VIEW]
    return current


def update(**changes: object) -> View:
    """Change the view (year=, item=, language=) and the URL with it; notices are spent."""
    new = replace(view(), notices=(), **changes)  # type: ignore[arg-type]
    st.session_state[_VIEW] = new
    sync_url()
    return new


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


def show_notices() -> None:
    """One visible notice per bad URL parameter, naming it and what is shown instead."""
    t = tr()
    for notice in view().notices:
        st.warning(t("errors.bad_param", param=notice.param, value=notice.value,
                     reason=t(notice.reason_key, first=FIRST_YEAR, last=last_year()),
                     fallback=notice.fallback or t("errors.fallback_none")), icon="⚠️")


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
    public switch for this; tests/e2e/test_routing.py fails if an upgrade changes it."""
    if st.session_state.get(_ROUTED):
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()
