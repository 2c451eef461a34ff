"""NATO year by year: members by year (click a year to show it on the map), and the events
each source mentions."""

import streamlit as st

from atlas import cached, cards, charts, geoview, session, timeline
from atlas.urlstate import query_for

session.require_router()

YEAR_KEY = "timeline_year"
# The charts' keys carry the shared year: a new year starts them with no selection, so a click
# on the point chosen before still counts.
MEMBERS_CHART_KEY = "timeline_members_chart_{}"
EVENTS_CHART_KEY = "timeline_events_chart_{}"
GEOGRAPHY_CHART_KEY = "timeline_geography_chart_{}"
SOURCES_KEY = "timeline_sources"

# The atlas's own fact strings in the reader's language (the project's translation). The
# charts are shared by every reader of the language (atlas/cached.py); each run adds the year.
facts = cached.facts().in_language(session.tr().language)
t = session.tr()

st.title(t("timeline.title"))
st.markdown(t("timeline.intro"))
session.show_notices()


def _use_year(year: int | None) -> None:
    if year is not None and year in timeline.year_range():
        session.update(year=year, scene=None)  # a year chosen by hand leaves the story scene


def _chart_selected(key: str) -> None:
    state = st.session_state.get(key)
    selection = state.get("selection") if state is not None else None
    _use_year(charts.year_from_points(selection.get("points") if selection else None))


def _slider_moved() -> None:
    _use_year(st.session_state.get(YEAR_KEY))


# The year control mirrors the shared year, which a chart click may have changed.
if st.session_state.get(YEAR_KEY) != session.view().year:
    st.session_state[YEAR_KEY] = session.view().year

control, jump, count = st.columns([5, 3, 2], vertical_alignment="bottom", gap="medium")
with control:
    st.select_slider(t("timeline.year_control"), options=list(timeline.year_range()),
                     key=YEAR_KEY, format_func=t.number, help=t("timeline.year_help"),
                     on_change=_slider_moved)
year = session.view().year
with jump:
    st.page_link("pages/map.py", label=t("timeline.show_on_map", year=year),
                 icon=":material/public:", query_params=query_for(session.view()))
with count:
    st.metric(t("timeline.members_in_year", year=year),
              t.number(len(timeline.members_at(facts, year))))
st.markdown(f"#### {cards.year_caption(facts, year, t)}")

st.subheader(t("timeline.chart_heading"))
st.caption(t("timeline.chart_help"))
st.html(charts.LTR_CHARTS_CSS)
members_key = MEMBERS_CHART_KEY.format(year)
with st.container(key="ltr-members"):
    st.plotly_chart(charts.with_year(cached.membership_chart(t.language),
                                     charts.membership_overlay(facts, t, year)),
                    key=members_key, on_select=lambda: _chart_selected(members_key),
                    selection_mode="points", config={"displayModeBar": False},
                    alt=t("timeline.chart_alt"))

st.subheader(t("timeline.events_heading"))
st.caption(t("timeline.events_help"))
sources = charts.sources_with_events(facts)
chosen = st.multiselect(t("timeline.source_filter"), options=[s.id for s in sources],
                        default=[s.id for s in sources], key=SOURCES_KEY,
                        format_func=lambda sid: charts.source_label(facts.sources[sid], t),
                        help=t("timeline.source_filter_help"))
events = charts.filter_events(facts, chosen)
if chosen:
    events_key = EVENTS_CHART_KEY.format(year)
    with st.container(key="ltr-events"):
        st.plotly_chart(charts.with_year(cached.events_chart(t.language, tuple(chosen)),
                                         charts.events_overlay(year)),
                        key=events_key, on_select=lambda: _chart_selected(events_key),
                        selection_mode="points", config={"displayModeBar": False})
st.markdown(f"##### {t('timeline.list_heading')} · {t('timeline.events_count', count=len(events))}")
st.html(charts.event_list_html(facts, events, t))

st.subheader(t("geography.chart.heading"))
st.caption(t("geography.chart.help"))
figures = cached.year_figures()
st.html(geoview.figures_html(facts, cached.local_borders(t.language), figures[year], t))
geography_key = GEOGRAPHY_CHART_KEY.format(year)
with st.container(key="ltr-geography"):
    st.plotly_chart(charts.with_year(cached.geography_chart(t.language),
                                     charts.geography_overlay(year)),
                    key=geography_key, on_select=lambda: _chart_selected(geography_key),
                    selection_mode="points", config={"displayModeBar": False})
