"""The facts behind the atlas: every table with its citations, searchable."""

import pandas as pd
import streamlit as st

from atlas import cached, cards, session, tables

session.require_router()

# The atlas's own fact strings in the reader's language (the project's translation).
facts = cached.facts().in_language(session.tr().language)
t = session.tr()

st.title(t("data.title"))
st.markdown(t("data.intro"))
session.show_notices()
query = st.text_input(t("data.search"), key="data_search", help=t("data.search_help"))

sections = [
    ("data.members", tables.member_rows), ("data.sites", tables.site_rows),
    ("data.missions", tables.mission_rows), ("data.events", tables.event_rows),
    ("data.sources", tables.source_rows), ("data.quotes", tables.quote_rows),
]
for title_key, rows_of in sections:
    rows = tables.search(rows_of(facts, t), query)
    st.subheader(f"{t(title_key)} ({len(rows)})")
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption(t("data.no_match"))

# ?source=<id> (the quote cards' "full text" link) opens that source's text.
wanted_source = st.query_params.get("source")
for source in facts.sources.values():
    with st.expander(t("data.full_text", title=source.title), expanded=source.id == wanted_source):
        st.caption(cards.source_line(source, t) + " · " + source.kind)
        st.html(cards.source_text_html(facts, source.id))
st.caption(t("data.attribution", attribution=cached.attribution()))
