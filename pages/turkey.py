"""Türkiye in NATO: its bases, the Straits and its missions on a map; its NATO timeline; and
how each source frames its role."""

import streamlit as st

from atlas import cached, cards, charts, session, widgets
from atlas.turkey import chart, fragments, queries

session.require_router()

PER_ROW = 3  # perspective columns side by side; more would be too narrow to read
SHOWN_QUOTES = 3  # passages shown in each column before "more"

# The atlas's own fact strings in the reader's language (the project's translation).
facts = cached.facts().in_language(session.tr().language)
t = session.tr()

st.title(t("turkey.title"))
st.markdown(t("turkey.intro"))
session.show_notices()

st.subheader(t("turkey.map_heading"))
st.caption(t("turkey.map_help"))
# A document rendered once per process and language (see cached.turkiye_map_url): nothing
# in it talks to Python, so panning and clicking never rerun the page.
st.iframe(cached.turkiye_map_url(t.language, widgets.static_url()), height=640,
          alt=t("turkey.map_heading"))
st.caption(t("map.attribution", attribution=cached.attribution()))
key_column, straits_column = st.columns([1, 2], gap="large")
with key_column:
    st.markdown(f"**{t('turkey.key_heading')}**")
    st.html(fragments.legend_html(t))
with straits_column:
    st.markdown(f"**{t('turkey.straits_heading')}**")
    st.html(cards.CARD_CSS + fragments.straits_note_html(facts, t))

st.subheader(t("geography.turkey.borders_heading"))
st.html(fragments.border_periods_html(facts, cached.local_borders(t.language),
                                        cached.year_figures(), t))
st.caption(t("geography.method"))
st.markdown(f"**{t('geography.turkey.distances_heading')}**")
st.html(fragments.distances_html(facts, cached.local_borders(t.language), t))
st.caption(t("geography.turkey.distance_method"))

st.subheader(t("turkey.timeline_heading"))
st.caption(t("turkey.timeline_help"))
entries = queries.timeline_entries(facts, t)
st.html(charts.LTR_CHARTS_CSS)
with st.container(key="ltr-turkey-timeline"):
    st.plotly_chart(chart.build_timeline(facts, entries, t), key="turkey_timeline",
                    config={"displayModeBar": False})
with st.expander(t("turkey.list_heading"), expanded=True):
    st.html(fragments.entry_list_html(facts, entries, t))

st.subheader(t("turkey.perspectives_heading"))
st.caption(t("turkey.perspectives_help"))
views = queries.perspectives(facts)
for start in range(0, len(views), PER_ROW):
    row = views[start:start + PER_ROW]
    for column, view in zip(st.columns(PER_ROW, gap="medium"), row, strict=False):
        with column:
            st.html(fragments.perspective_header_html(view.source, t))
            st.caption(t("turkey.quotes_about", count=len(view.quotes)))
            # One element per group of cards, not one per card: a lighter page to send.
            st.html("".join(cards.quote_card_html(facts, quote, t)
                            for quote in view.quotes[:SHOWN_QUOTES]))
            rest = view.quotes[SHOWN_QUOTES:]
            if rest:
                with st.expander(t("turkey.more_quotes", count=len(rest))):
                    st.html("".join(cards.quote_card_html(facts, quote, t) for quote in rest))
