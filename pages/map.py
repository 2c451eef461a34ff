"""The map: a year control, the year's caption, the map, and the quotes of what was clicked.

In presenter mode (?present=1) the same parts, large: no title or help, the map filling the
screen, and the clicker stepping through the story's scenes."""

import streamlit as st

from atlas import cached, cards, classlink, exports, geoview, session, tables, timeline, widgets

session.require_router()
classlink.arrive()  # ?follow=CODE (a student), ?teach=CODE (a teacher's page reloaded)

facts = cached.facts()
t = session.tr()
view = session.view()

if not view.present:
    st.title(t("map.title"))
    st.caption(f"{t('map.help')} {t('year.membership_rule')}")
    # A callback, so the run the toggle causes is already in presenter mode.
    st.sidebar.toggle(t("present.toggle"), key="present_toggle", help=t("present.help"),
                      on_change=lambda: session.update(present=True))
    first_scene = next(iter(facts.scenes.values()))
    st.sidebar.button(t("present.start_story"), key="start_story", on_click=lambda: session.update(
        present=True, scene=first_scene.id, year=first_scene.year, item=first_scene.item))
    classlink.code_field(t)
session.show_notices()
st.html(cards.CARD_CSS)  # once for the page: the caption and the panel use it


def follow_scene(scene_id: str) -> None:
    if scene_id in facts.scenes:
        scene = facts.scenes[scene_id]
        session.update(scene=scene.id, year=scene.year, item=scene.item)
        st.session_state[WHOLE_PAGE] = True  # the panel shows the scene's item


def teacher_changed() -> None:
    if classlink.teacher_changed():
        st.session_state[WHOLE_PAGE] = True  # the panel shows the teacher's item


def leave_presenter() -> None:
    """Back to the ordinary map: the year control's Escape, or the button below the panel."""
    session.update(present=False, scene=None)
    st.session_state[WHOLE_PAGE] = True


# Set by a callback whose change the whole page shows. A callback of the year control is
# followed by a rerun of its fragment alone, which then reruns the page; any other callback is
# followed by a run of the whole page, which needs no second one.
WHOLE_PAGE = "map_rerun_whole_page"
st.session_state.pop(WHOLE_PAGE, None)


@st.fragment
def year_and_caption() -> None:
    # A fragment: settling on a year reruns only this part; the map follows in the browser.
    # Its reruns do not pass through app.py, so it is shielded on its own.
    if st.session_state.pop(WHOLE_PAGE, False):
        st.rerun()
    with session.shielded("year and caption"):
        _year_and_caption()


def _year_and_caption() -> None:
    classlink.publish_view()  # a teacher's class follows every change of this view
    classlink.follower_banner(t)
    current = session.view()
    widgets.year_control(
        year=current.year, first=timeline.year_range()[0], last=timeline.last_year(),
        item=current.item, present=current.present,
        # A scene frames the map in presenter mode and on a follower's screen (the teacher's
        # scene); the clicker keys step scenes only in presenter mode.
        scenes=cards.scene_steps(facts) if current.present or current.scene else None,
        scene=current.scene,
        labels=cards.year_control_labels(t),
        on_year=lambda year: session.update(year=year, scene=None),
        on_scene=follow_scene, on_leave=leave_presenter,
        follow=classlink.poll_data(widgets.static_url()), on_follow=teacher_changed,
        teach=classlink.teacher_seat(),
    )
    caption = (cards.scene_caption(facts.scenes[current.scene], t) if current.scene
               else cards.year_caption(facts, current.year, t))
    st.html(cards.caption_html(caption, t, present=current.present))
    # The table, the downloads and the computed figures are drawn only when asked for:
    # otherwise every year step would send them to the browser again.
    if current.present:
        return
    if st.toggle(t("year.members_table", year=current.year), key="members_table"):
        st.dataframe(tables.members_at_rows(facts, current.year, t), hide_index=True,
                     width="stretch")
        # In the fragment, so that the files follow the year; built only on a click.
        files = exports.downloads(facts, cached.geodata(), current.year, cached.attribution(),
                                  formats=exports.ALL_FORMATS)
        for column, download in zip(st.columns(len(files)), files, strict=True):
            column.download_button(t(f"export.{download.fmt}", year=current.year),
                                   data=download.build, file_name=download.filename,
                                   mime=download.mime, key=f"export_{download.fmt}",
                                   on_click="ignore", icon=":material/download:",
                                   help=t("export.help"))
    if st.toggle(t("geography.figures.toggle", year=current.year), key="year_figures"):
        st.html(geoview.figures_html(facts, cached.local_borders(t.language),
                                       cached.year_figures()[current.year], t))

year_and_caption()

map_column, panel_column = st.columns([3, 1] if view.present else [5, 2], gap="medium")
with map_column:
    # Off by default: with it off, nothing is requested from outside this machine.
    online_tiles = not view.present and st.session_state.get("online_tiles", False)
    widgets.atlas_map(cached.map_assets(view.language, view.present, online_tiles),
                      presenter=view.present, online_tiles=online_tiles,
                      failed_label=t("map.load_failed"),
                      on_click=session.select_item)
    st.caption(t("map.attribution", attribution=cached.attribution()))
    if not view.present:
        st.toggle(t("map.online_tiles"), key="online_tiles", help=t("map.online_tiles_help"))
with panel_column:
    classlink.class_panel(t, present=view.present)
    shown = session.view()
    selected = shown.item
    if selected is None:
        st.info(t("panel.pick"))
    else:
        # The place's context (partners, earlier missions) as of the year shown when the
        # panel was drawn; a year step reruns only the caption fragment above.
        st.html(cards.item_panel_html(facts, selected, t, present=view.present, year=shown.year,
                                      source_href={source_id: f"sources?source={source_id}"
                                                   for source_id in facts.sources}))
        if st.button(t("panel.close"), key="clear_item"):
            session.update(item=None, scene=None)
            st.rerun()
    if view.present:
        st.button(t("present.leave"), key="leave_presenter", on_click=leave_presenter)
