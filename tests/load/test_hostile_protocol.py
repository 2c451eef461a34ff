"""Hostile values over the websocket, as a client that is not a browser could send them: the
year control's events (components v2), the map's click value (streamlit-folium), widgets
that do not exist, odd query strings and page names, raw frames and Streamlit's own control
messages. Each is ignored or explained: the session goes on with a working map and no
exception element, or (for a frame that is not Streamlit's protocol at all) the server closes
that one connection; and another session works afterwards, every time.

URL parameters typed into a real browser are tests/e2e/test_hostile_urls.py."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import websockets
from load_support import log_since, log_size, run_async
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.classroom import Target
from bench.streamlit_client import ProtocolError, Run, StreamlitSession

Action = Callable[[StreamlitSession], Awaitable[Run]]
MIB = 1024 * 1024


def year_event(value: Any) -> Action:
    async def act(tab: StreamlitSession) -> Run:
        control = tab.bidi_component("year_control")
        assert control is not None
        return await tab.trigger(control, "year", value)
    return act


def control_event(event: str, value: Any) -> Action:
    async def act(tab: StreamlitSession) -> Run:
        control = tab.bidi_component("year_control")
        assert control is not None
        return await tab.trigger(control, event, value)
    return act


def map_click(value: Any) -> Action:
    async def act(tab: StreamlitSession) -> Run:
        folium = tab.component("folium")
        assert folium is not None
        return await tab.set_component_value(folium, value)
    return act


def tooltip(text: str) -> Action:
    return map_click({"last_object_clicked_tooltip": text, "last_object_clicked_count": 1})


def widget(widget_id: str, **value: Any) -> Action:
    async def act(tab: StreamlitSession) -> Run:
        state = WidgetState(id=widget_id, **value)
        return await tab.rerun(widgets=[state])
    return act


def query(text: str) -> Action:
    async def act(tab: StreamlitSession) -> Run:
        tab.query = text
        return await tab.rerun()
    return act


def page(name: str) -> Action:
    async def act(tab: StreamlitSession) -> Run:
        return await tab.open(name, "")
    return act


def control_message(**fields: Any) -> Action:
    async def act(tab: StreamlitSession) -> Run:
        message = BackMsg(**fields)
        await tab.send_raw(message.SerializeToString())
        await asyncio.sleep(0.3)
        return await tab.rerun()
    return act


# Every case leaves the session working: the next run has the map and no exception element.
SESSION_CASES: dict[str, Action] = {
    # The year control's events (issue 14: NaN and Infinity), and other non-years.
    "year NaN": year_event(math.nan),
    "year Infinity": year_event(math.inf),
    "year -Infinity": year_event(-math.inf),
    "year as a string": year_event("1990"),
    "year null": year_event(None),
    "year true": year_event(True),
    "year a list": year_event([1990]),
    "year an object": year_event({"year": 1990}),
    "year 1e308": year_event(1e308),
    "year before 1949": year_event(1900),
    "year far ahead": year_event(99999),
    "year with a fraction": year_event(1990.5),
    "year <script>": year_event("<script>alert(1)</script>"),
    "scene unknown": control_event("scene", "no-such-scene"),
    "scene <script>": control_event("scene", "<script>alert(1)</script>"),
    "scene 100 kB": control_event("scene", "s" * 100_000),
    "scene a number": control_event("scene", 12),
    "leave not true": control_event("leave", "yes"),
    "an event the control does not have": control_event("explode", 1),
    # The map's click value (issue 14: a list, an unknown item, a <script> reference).
    "click a list": map_click([1, 2, 3]),
    "click a string": map_click("⟦site:incirlik⟧"),
    "click a number": map_click(42),
    "click null": map_click(None),
    "click tooltip a number": map_click({"last_object_clicked_tooltip": 5}),
    "click unknown member": tooltip("⟦member:ZZZ⟧Nowhere"),
    "click <script> reference": tooltip("⟦site:<script>alert(1)</script>⟧x"),
    "click empty reference": tooltip("⟦⟧"),
    "click 100 kB reference": tooltip("⟦" + "a" * 100_000 + "⟧"),
    "click zero-width joiner": tooltip("⟦site:kurecik\u200d⟧Kürecik"),
    "click right-to-left override": tooltip("⟦\u202esite:kurecik⟧"),
    # Widgets that do not exist (issue 14: a KeyError traceback to that client).
    "unknown widget id": widget("no-such-widget", int_value=3),
    "unknown element id": widget("$$ID-0000-nothing", json_value="{}"),
    "unknown trigger": widget("$$STREAMLIT_INTERNAL_KEY_nothing__events",
                              json_trigger_value=json.dumps([{"event": "year", "value": 1}])),
    "trigger that is not JSON": widget("$$STREAMLIT_INTERNAL_KEY_nothing__events",
                                       json_trigger_value="{not json"),
    # Query strings that never passed through a browser's address bar.
    "year of 5000 nines": query("year=" + "9" * 5000),
    "200 kB item": query("item=" + "a" * 200_000),
    "200 kB year": query("year=" + "1" * 200_000),
    "repeated year": query("year=1950&year=2000"),
    "not UTF-8": query("year=%FF%FE&item=%C0%AF"),
    "no value at all": query("&&&=&year"),
    # Pages.
    "unknown page": page("no-such-page"),
    "page name with a path": page("../../etc/passwd"),
    "page name with markup": page("<script>alert(1)</script>"),
    # Streamlit's control messages.
    "clear_cache": control_message(clear_cache=True),
    "stop_script": control_message(stop_script=True),
    "load_git_info": control_message(load_git_info=True),
    "set_run_on_save": control_message(set_run_on_save=True),
    "app_heartbeat": control_message(app_heartbeat=True),
    "debug_shutdown_runtime (not in development mode)": control_message(
        debug_shutdown_runtime=True),
}

# Values the atlas's own code receives: it must check them, so the server logs no traceback.
VALIDATED = {name for name in SESSION_CASES if name.split()[0] in (
    "year", "scene", "leave", "click", "unknown", "trigger", "repeated", "200", "not", "no")}


async def _map_works(tab: StreamlitSession, run: Run) -> None:
    assert run.ok, f"run ended with status {run.status}"
    assert run.exceptions() == []
    assert "Traceback" not in run.text()
    # The page still answers a year step with its caption, with the map on the page.
    await tab.open("", "year=1999")
    control = tab.bidi_component("year_control")
    assert control is not None and tab.component("folium") is not None
    step = await tab.trigger(control, "year", 2000)
    assert step.ok and step.exceptions() == []
    assert "2000" in step.text()


async def _another_session_works(target: Target) -> None:
    async with StreamlitSession(target.url) as other:
        run = await other.open("", "year=1990")
        assert run.ok and run.exceptions() == [] and other.component("folium") is not None


@pytest.mark.parametrize("name", list(SESSION_CASES))
def test_hostile_value_is_ignored_or_explained(classroom_server: Target, name: str) -> None:
    offset = log_size(classroom_server)

    async def scenario() -> None:
        async with StreamlitSession(classroom_server.url) as tab:
            opened = await tab.open("", "year=1990")
            assert opened.ok and opened.exceptions() == []
            run = await SESSION_CASES[name](tab)
            await _map_works(tab, run)
        await _another_session_works(classroom_server)

    run_async(scenario)
    if name in VALIDATED:
        assert "Traceback" not in log_since(classroom_server, offset)


def test_a_bad_year_is_named_in_the_notice(classroom_server: Target) -> None:
    async def scenario() -> Run:
        async with StreamlitSession(classroom_server.url) as tab:
            return await tab.open("", "year=" + "9" * 5000)

    run = run_async(scenario)
    notices = [e.proto.body for e in run.of_kind("alert")]
    assert any("year=" in body and "99999" in body for body in notices), notices
    assert all(len(body) < 400 for body in notices)  # the value is cut short


def test_a_repeated_parameter_says_which_value_is_shown(classroom_server: Target) -> None:
    async def scenario() -> Run:
        async with StreamlitSession(classroom_server.url) as tab:
            return await tab.open("", "year=1950&year=2000")

    run = run_async(scenario)
    assert any("year=1950" in e.proto.body and "2" in e.proto.body
               for e in run.of_kind("alert"))
    assert "1950" in run.text()


# Frames that are not Streamlit's protocol: the server closes that connection only.
RAW_FRAMES: dict[str, bytes | str] = {
    "bytes that are not a BackMsg": b"\xff\x00\x13garbage\x99" * 10,
    "a text frame": "hello",
    "a frame over the widget-state limit of make serve": b"\x00" * (3 * MIB),
    # A browser cannot send this (its address bar's URL is refused over HTTP first); a rerun
    # carries the query twice (the query string and the page's URL), over make serve's 2 MB
    # limit on a message from a client: closed with 1009, "message too big".
    "a 1 MiB query string": BackMsg(rerun_script={
        "query_string": "item=" + "a" * MIB,
        "context_info": {"url": "http://127.0.0.1/?item=" + "a" * MIB}}).SerializeToString(),
}


@pytest.mark.parametrize("name", list(RAW_FRAMES))
def test_a_frame_that_is_not_the_protocol_closes_only_that_connection(
        classroom_server: Target, name: str) -> None:
    async def scenario() -> None:
        async with StreamlitSession(classroom_server.url) as tab:
            await tab.open("", "year=1990")
            await tab.send_raw(RAW_FRAMES[name])
            with pytest.raises((ProtocolError, websockets.ConnectionClosed)):
                await tab.rerun(timeout=10)
        await _another_session_works(classroom_server)

    run_async(scenario)
