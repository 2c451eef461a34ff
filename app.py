"""NATO Atlas: page configuration and navigation; the pages hold the layout."""

import streamlit as st

from atlas import cached, session
from atlas.facts import FactsError
from atlas.i18n import translator

st.set_page_config(page_title="NATO Atlas", page_icon="🗺️", layout="wide")

try:
    cached.facts()
except FactsError as error:
    # Broken facts must read as a list of problems to fix, never as a traceback.
    t = translator(st.query_params.get("lang"))
    st.title(t("errors.facts_title"))
    st.markdown(t("errors.facts_help"))
    st.code("\n".join(str(p) for p in error.problems), language=None)
    st.stop()

session.drop_unreadable_state()
t = session.tr()
presenting = session.view().present
session.page_style()
if not presenting:
    session.language_picker()
page = st.navigation([
    st.Page("pages/map.py", title=t("nav.map"), icon=":material/public:", url_path="map",
            default=True),
    st.Page("pages/timeline.py", title=t("nav.timeline"), icon=":material/timeline:",
            url_path="timeline"),
    st.Page("pages/turkey.py", title=t("nav.turkey"), icon=":material/flag:", url_path="turkey"),
    st.Page("pages/sources.py", title=t("nav.sources"), icon=":material/menu_book:",
            url_path="sources"),
    st.Page("pages/data.py", title=t("nav.data"), icon=":material/table_view:", url_path="data"),
], position="hidden" if presenting else "sidebar")
session.sync_url()
session.mark_routed()
with session.shielded(f"page {page.url_path or 'map'}"):
    page.run()
