"""The five sources in full, every quoted passage marked and linked to the map, and where the
sources differ. `sources?source=<id>` (or `?quote=<id>`) opens that source."""

import streamlit as st

from atlas import cached, disagreement_cards, session, sourcetext, urlstate

session.require_router()

# The atlas's own fact strings in the reader's language (the project's translation).
facts = cached.facts().in_language(session.tr().language)
t = session.tr()

st.title(t("sources.title"))
st.markdown(t("sources.intro"))
request = urlstate.parse_source_request(facts, session.query_params())
session.show_notices(request.notices)

st.html(sourcetext.legend_html(t))
for source_id in facts.sources:
    with st.expander(sourcetext.source_summary(facts, source_id, t),
                     expanded=source_id == request.source):
        st.html(sourcetext.source_html(facts, source_id, t, focus=request.quote))

st.header(t("sources.differ_title"))
st.markdown(t("sources.differ_intro"))
st.html(disagreement_cards.disagreements_html(facts, t))
