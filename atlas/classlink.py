"""Following the teacher, the Streamlit side: the teacher opens a class from presenter mode,
and a student's session follows it (`/?follow=CODE`, or the code typed in the sidebar).

The class itself is a file (atlas/classstate.py). The teacher's session writes it whenever
its view changes; a follower's browser polls it (static/atlas/year_control.js), paints the
year at once, and nudges this session, which reads the file itself (it never takes the year
or item from the browser) and moves its own view: slider, caption, panel and URL, in the
student's language. What a student does never reaches the file. Streamlit-facing glue, like
atlas/session.py. (About 350 lines, one file: the teacher's and the students' sides share the
session keys and notices, and a change to one side is a change to the other.)
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import segno
import streamlit as st

from atlas import cached, classstate, session
from atlas.classstate import ClassState
from atlas.i18n import Translator
from atlas.markup import render, stylesheet
from atlas.memo import once_per_key
from atlas.timeline import last_year, year_range
from atlas.urlstate import View, resolve_item

# serve/run.sh passes the address students type (the one it prints), e.g.
# http://192.168.1.20:8501/; without it the link uses the address the teacher's browser used.
PUBLIC_URL_ENV = "ATLAS_PUBLIC_URL"
FOLLOW_PARAM = "follow"
TEACH_PARAM = "teach"
# The teacher's browser holds the class's token in a cookie named by the code: the token is
# what steers the class, and a cookie keeps it off the projected address bar.
SEAT_COOKIE_PREFIX = "atlas_class_"
_ARRIVED = "class_arrived"
_TEACHING = "class_teaching"  # the token of the class this session teaches
_PUBLISHED = "class_published"  # the view last written to it
_FOLLOWING = "class_following"
_NOTICE = "class_notice"  # (message key, code) shown until the next choice
_CODE_INPUT = "class_code_input"
_MINUTES = classstate.CLASS_TIMEOUT_S // 60


@dataclass(frozen=True)
class Following:
    code: str
    active: bool  # False after "stop following": the code is kept for "follow again"
    seq: int  # the teacher's change applied last


# --- arriving ----------------------------------------------------------------------------------


def arrive() -> None:
    """On a session's first run of the map: a teacher's page (reloaded, or one the server
    restarted under) takes its class back when its ?teach=CODE comes with the class's seat
    cookie; the same address on any other device only follows the class. A student's
    ?follow=CODE joins one, or is told plainly why not."""
    if st.session_state.get(_ARRIVED):
        return
    st.session_state[_ARRIVED] = True
    taught = st.query_params.get(TEACH_PARAM)
    if taught is not None:
        code = classstate.normalize_code(taught)
        token = _seat_token(code) if code else None
        if token is not None:
            _resume_teaching(token)
        else:
            # The projected address typed on a student's device: it may follow, never steer.
            del st.query_params[TEACH_PARAM]
            if code and FOLLOW_PARAM not in st.query_params:
                follow(code)
    code = st.query_params.get(FOLLOW_PARAM)
    if code is not None and not teaching():
        follow(code)


def _seat_token(code: str) -> str | None:
    """The token the teacher's browser keeps for the class `code` (its seat cookie), if this
    browser is the teacher's."""
    token = st.context.cookies.get(seat_cookie_name(code))
    if not isinstance(token, str) or not classstate.is_token(token):
        return None
    return token if classstate.code_for(token) == code else None


# --- the teacher -------------------------------------------------------------------------------


def teaching() -> str | None:
    token = st.session_state.get(_TEACHING)
    return token if isinstance(token, str) else None


def seat_cookie_name(code: str) -> str:
    return f"{SEAT_COOKIE_PREFIX}{code}"


def teacher_seat() -> dict[str, object] | None:
    """The cookie that makes this browser the class's teacher, for the year control to set
    (Streamlit cannot set a cookie; it reads them when a page connects): the class's token,
    kept as long as the class can last, sent only to this site."""
    token = teaching()
    if token is None:
        return None
    return {"name": seat_cookie_name(classstate.code_for(token)), "token": token,
            "max_age": classstate.CLASS_TIMEOUT_S}


def open_class() -> None:
    view = session.view()
    token = classstate.new_token()
    state = classstate.open_class(token, year=view.year, scene=view.scene, item=view.item)
    st.session_state[_TEACHING] = token
    st.session_state[_PUBLISHED] = _shown(state)
    st.session_state.pop(_NOTICE, None)
    # The address shows only the public code: a projector shows the address bar, and the
    # token stays in the teacher's browser as the seat cookie (teacher_seat()).
    st.query_params[TEACH_PARAM] = classstate.code_for(token)


def close_class() -> None:
    token = teaching()
    if token is None:
        return
    state = classstate.close(token)
    _stop_teaching(("follow.closed_teacher", classstate.code_for(token)) if state else None)


def publish_view() -> None:
    """Write the teacher's view into the class, if it changed since the last write."""
    token = teaching()
    if token is None:
        return
    view = session.view()
    shown = (view.year, view.scene, view.item)
    if st.session_state.get(_PUBLISHED) == shown:
        return
    state = classstate.publish(token, year=view.year, scene=view.scene, item=view.item)
    if state is None:  # closed elsewhere (another tab of the teacher's) or timed out
        _stop_teaching(("follow.ended_teacher", classstate.code_for(token)))
        return
    st.session_state[_PUBLISHED] = shown


def _resume_teaching(token: str) -> None:
    state = classstate.read(classstate.code_for(token)) if classstate.is_token(token) else None
    if state is not None and state.status(time.time()) == "open":
        st.session_state[_TEACHING] = token
        st.session_state.pop(_PUBLISHED, None)  # the reloaded page's view is written next
    else:
        _stop_teaching(("follow.ended_teacher", state.code) if state else None)


def _stop_teaching(notice: tuple[str, str] | None) -> None:
    st.session_state.pop(_TEACHING, None)
    st.session_state.pop(_PUBLISHED, None)
    if notice:
        st.session_state[_NOTICE] = notice
    if TEACH_PARAM in st.query_params:
        del st.query_params[TEACH_PARAM]


def _shown(state: ClassState) -> tuple[int, str | None, str | None]:
    return (state.year, state.scene, state.item)


def public_link(code: str) -> str:
    """The link students type: the served address (serve/run.sh), else the teacher's own."""
    base = os.environ.get(PUBLIC_URL_ENV, "").strip()
    if not base:
        parts = urlsplit(str(st.context.url or ""))
        base = f"{parts.scheme}://{parts.netloc}/" if parts.netloc else "/"
    return f"{base.rstrip('/')}/?{FOLLOW_PARAM}={code}"


@once_per_key
def qr_data_uri(link: str) -> str:
    """The link as a QR code, an SVG data: URI for an <img> (segno: pure Python, nothing
    fetched; st.html drops inline <svg>)."""
    return str(segno.make(link, error="m").svg_data_uri(
        scale=1, border=4, omitsize=True, dark="#000", light="#fff"))


def class_panel(t: Translator, *, present: bool) -> None:
    """The teacher's side: "Open the class" in presenter mode; once open, the code, the link
    as text, the QR code and "Close the class" (in any mode, while it is open)."""
    _show_notice(t, teacher=True)
    token = teaching()
    if token is None:
        if present:
            st.button(t("follow.open"), key="class_open", help=t("follow.open_help"),
                      icon=":material/cast_for_education:", on_click=open_class)
        return
    code = classstate.code_for(token)
    link = public_link(code)
    with st.container(key="atlas_class_panel"), st.expander(
            t("follow.panel_title", code=code), expanded=True,
            icon=":material/cast_for_education:"):
        st.html(class_card_html(code, link, qr_data_uri(link), t))
        st.button(t("follow.close"), key="class_close", icon=":material/stop_circle:",
                  on_click=close_class)


def class_card_html(code: str, link: str, qr_uri: str, t: Translator) -> str:
    """The join code, the link and the QR code; every string escaped."""
    return str(render("follow/class_card.html.j2", tr=t, code=code, link=link, qr_uri=qr_uri,
                      minutes=_MINUTES))


# --- a student -----------------------------------------------------------------------------------


def following() -> Following | None:
    value = st.session_state.get(_FOLLOWING)
    return value if isinstance(value, Following) else None


def follow(typed: str) -> bool:
    """Join the class of a code as typed or linked; True if the view changed to the
    teacher's. A wrong or ended code gets a notice, and the atlas goes on as it was."""
    code = classstate.normalize_code(typed)
    state = classstate.read(code) if code else None
    status = state.status(time.time()) if state else None
    if state is None or status != "open":
        key = {"closed": "follow.closed", "expired": "follow.expired"}.get(
            status or "", "follow.wrong_code")
        st.session_state[_NOTICE] = (key, code or _for_notice(typed))
        if FOLLOW_PARAM in st.query_params:
            del st.query_params[FOLLOW_PARAM]
        if (current := following()) is not None:
            st.session_state[_FOLLOWING] = replace(current, active=False)
        return False
    st.session_state.pop(_NOTICE, None)
    st.session_state[_FOLLOWING] = Following(code=state.code, active=True, seq=state.seq)
    st.query_params[FOLLOW_PARAM] = state.code
    _apply(state)
    return True


def stop_following() -> None:
    current = following()
    if current is not None:
        st.session_state[_FOLLOWING] = replace(current, active=False)
    if FOLLOW_PARAM in st.query_params:
        del st.query_params[FOLLOW_PARAM]


def follow_again() -> None:
    current = following()
    if current is not None:
        follow(current.code)


def follow_typed() -> None:
    """The sidebar's code field."""
    typed = st.session_state.get(_CODE_INPUT)
    if isinstance(typed, str) and typed.strip():
        follow(typed)


def teacher_changed() -> bool:
    """The browser saw the class's file change (or end): read it and follow. True when the
    whole page must be drawn again (a new item or scene for the panel, or the class ended),
    False when the year alone moved (the caption's fragment is enough)."""
    current = following()
    if current is None or not current.active:
        return False
    state = classstate.read(current.code)
    status = state.status(time.time()) if state else None
    if state is None or status != "open":
        key = "follow.expired" if status == "expired" else "follow.closed"
        st.session_state[_NOTICE] = (key, current.code)
        stop_following()
        return True
    if state.seq == current.seq:
        return False
    st.session_state[_FOLLOWING] = replace(current, seq=state.seq)
    before = session.view()
    after = _apply(state)
    return (before.item, before.scene) != (after.item, after.scene)


def _apply(state: ClassState) -> View:
    """Show what the teacher shows, with what this atlas knows: an unknown scene or item in
    the file (another version of the facts) is left out, a year out of range is clamped."""
    facts = cached.facts()
    scene = state.scene if state.scene in facts.scenes else None
    item = resolve_item(facts, state.item) if state.item else None
    first, last = year_range()[0], last_year()
    return session.update(year=min(max(state.year, first), last), scene=scene, item=item)


def poll_data(static_url: str) -> dict[str, object] | None:
    """What the year control needs to poll the class (None when not following)."""
    current = following()
    if current is None or not current.active:
        return None
    return {"url": f"{static_url}/{classstate.url_path(current.code)}", "seq": current.seq}


def follower_banner(t: Translator) -> None:
    """A student's line above the map: following (stop), stopped (follow again), or why the
    class is not followed; the teacher's notices show in the class panel instead."""
    if teaching():
        return
    _show_notice(t, teacher=False)
    current = following()
    if current is None:
        return
    st.html(str(stylesheet("classlink")))
    with st.container(horizontal=True, vertical_alignment="center", key="atlas_follow_banner",
                      gap="small"):
        if current.active:
            st.markdown(f":material/podcasts: {t('follow.following', code=current.code)}")
            st.button(t("follow.stop"), key="follow_stop", on_click=stop_following,
                      icon=":material/pause_circle:")
        else:
            st.markdown(t("follow.stopped", code=current.code))
            st.button(t("follow.again"), key="follow_again", on_click=follow_again,
                      type="primary", icon=":material/podcasts:")


def code_field(t: Translator) -> None:
    """Typing a code in the sidebar, for a student without the link."""
    st.sidebar.text_input(t("follow.type_label"), key=_CODE_INPUT, max_chars=16,
                          placeholder=t("follow.type_placeholder"), help=t("follow.type_help"),
                          on_change=follow_typed)


def _show_notice(t: Translator, *, teacher: bool) -> None:
    notice = st.session_state.get(_NOTICE)
    if not notice or notice[0].endswith("_teacher") != teacher:
        return
    key, code = notice
    st.warning(t(key, code=code, minutes=_MINUTES), icon=":material/podcasts:")


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~:$])")


def _for_notice(typed: object) -> str:
    """What a student typed, as a notice shows it: cut short, markdown taken literally."""
    text = str(typed)[:16]
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)
