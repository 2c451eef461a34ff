"""The map: a year control, the year's caption, the map, and the quotes of what was clicked."""

import streamlit as st

from atlas import cached, cards, session, timeline, widgets
from atlas.geodata import attribution_line

facts = cached.facts()
t = session.tr()
view = session.view()

st.title(t("map.title"))
st.caption(t("map.help"))
session.show_notices()


@st.fragment
def year_and_caption() -> None:
    # A fragment: settling on a year reruns only this part; the map follows in the browser.
    current = session.view()
    year = widgets.year_control(
        year=current.year, first=timeline.year_range()[0], last=timeline.last_year(),
        channel=session.channel(), item=current.item,
        labels={"year": t("year.label"), "play": t("year.play"), "pause": t("year.pause"),
                "speed": t("year.speed"),
                "speeds": list(zip([1, 2, 4], t.list_of("year.speeds"), strict=True))},
        on_change=lambda: None,
    )
    if year != current.year:
        current = session.update(year=year)
    st.markdown(f"#### {cards.year_caption(facts, current.year, t)}")
    st.caption(t("year.membership_rule"))


year_and_caption()

map_column, panel_column = st.columns([5, 2], gap="medium")
with map_column:
    widgets.atlas_map(cached.atlas_map(session.channel(), view.language), height=620,
                      on_click=lambda ref: session.update(item=ref))
    st.caption(t("map.attribution", attribution=attribution_line()))
with panel_column:
    selected = session.view().item
    if selected is None:
        st.info(t("panel.pick"))
    else:
        st.html(cards.item_panel_html(facts, selected, t, source_href={
            source_id: f"data?source={source_id}" for source_id in facts.sources}))
        if st.button(t("panel.close"), key="clear_item"):
            session.update(item=None)
            st.rerun()
