"""A Streamlit client at the protocol level: what a browser tab says over the websocket,
without the browser. Used by the classroom benchmark (bench/classroom.py) and by the load
and hostile-input tests, so that a whole class can be simulated on two cores.

It speaks Streamlit's own protobufs (streamlit.proto): it opens /_stcore/stream, asks for a
page run (BackMsg.rerun_script with the page and the query string, as the browser's first
message does), and reads ForwardMsgs until the run finishes. It keeps the elements it was
sent, so a caller can check that the page really is the page (never counting an error page
as a success), find widget ids, and send widget values back as the browser would: the year
control's trigger events (components v2) and streamlit-folium's click value.

Only ever pointed at a server on this machine (127.0.0.1).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX

# How a components-v2 element's events reach Python: one "trigger aggregator" widget per
# element, named from the element's id (streamlit/components/v2/bidi_component/main.py).
_EVENTS_SUFFIX = "__events"
_FINISHED_OK = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


class ProtocolError(Exception):
    """The server closed the connection or a run did not finish as a browser expects."""


@dataclass
class Element:
    """One element of the page as sent: its kind (the Element oneof) and the proto."""

    kind: str
    proto: Any
    fragment_id: str


@dataclass
class Run:
    """What one script run sent: elements by delta path, and how it ended."""

    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)
    status: int | None = None
    page_not_found: bool = False
    bytes_received: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in _FINISHED_OK and not self.page_not_found

    def of_kind(self, kind: str) -> list[Element]:
        return [e for e in self.elements.values() if e.kind == kind]

    def exceptions(self) -> list[str]:
        """Every exception element (a traceback shown to the user), as its message."""
        return [f"{e.proto.type}: {e.proto.message}" for e in self.of_kind("exception")]

    def text(self) -> str:
        """The page's text as sent: markdown, HTML blocks, alerts, headings, captions."""
        parts = []
        for element in self.elements.values():
            for name in ("body", "text"):
                value = getattr(element.proto, name, None)
                if isinstance(value, str):
                    parts.append(value)
        return "\n".join(parts)


class StreamlitSession:
    """One browser tab's session. Use `async with StreamlitSession(url) as tab:`."""

    def __init__(self, base_url: str, *, open_timeout: float = 30.0) -> None:
        parts = urlsplit(base_url)
        if parts.hostname not in _LOCAL_HOSTS:
            raise ValueError(f"load and fault traffic goes to this machine only, not {base_url}")
        self.base_url = base_url.rstrip("/")
        self.stream_url = f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.origin = f"http://{parts.netloc}"
        self.open_timeout = open_timeout
        self.connection: Any = None
        self.bytes_received = 0
        self.page: str = ""
        self.query: str = ""
        self.page_script_hash = ""
        self.elements: dict[tuple[int, ...], Element] = {}
        self.session_id = ""

    async def __aenter__(self) -> StreamlitSession:
        self.connection = await websockets.connect(
            self.stream_url, subprotocols=["streamlit"], origin=self.origin,  # type: ignore[list-item]
            max_size=None, open_timeout=self.open_timeout, compression=None)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self.connection is not None:
            await self.connection.close()

    async def send_raw(self, data: bytes | str) -> None:
        """Send anything, as a hostile client would."""
        await self.connection.send(data)

    async def open(self, page: str = "", query: str = "", *, timeout: float = 60.0) -> Run:
        """Open a page (its url_path, "" for the default) with a query string, as a new tab."""
        self.page, self.query = page, query
        return await self.rerun(timeout=timeout)

    async def rerun(self, *, widgets: list[WidgetState] | None = None, fragment_id: str = "",
                    timeout: float = 60.0) -> Run:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        state.page_script_hash = self.page_script_hash
        state.fragment_id = fragment_id
        state.context_info.timezone = "Europe/Istanbul"
        state.context_info.locale = "en-GB"
        state.context_info.url = f"{self.base_url}/{self.page}" + (
            f"?{self.query}" if self.query else "")
        for widget in widgets or []:
            state.widget_states.widgets.append(widget)
        await self.connection.send(message.SerializeToString())
        return await self._read_run(timeout, fragment=bool(fragment_id))

    async def _read_run(self, timeout: float, *, fragment: bool) -> Run:
        run = Run()
        started = time.perf_counter()
        deadline = started + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ProtocolError(f"no end of run within {timeout} s")
            try:
                data = await asyncio.wait_for(self.connection.recv(), remaining)
            except websockets.ConnectionClosed as closed:
                raise ProtocolError(f"connection closed: {closed}") from closed
            if isinstance(data, str):
                raise ProtocolError("text frame from the server")
            run.bytes_received += len(data)
            self.bytes_received += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id
                if not fragment:
                    self.elements = {}
            elif kind == "delta":
                self._apply_delta(msg, run)
            elif kind == "page_not_found":
                run.page_not_found = True
            elif kind == "navigation":
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "script_finished":
                run.status = msg.script_finished
                if run.status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # another run follows (st.rerun): wait for that one's end
                run.seconds = time.perf_counter() - started
                run.elements = dict(self.elements)
                return run

    def _apply_delta(self, msg: ForwardMsg, run: Run) -> None:
        path = tuple(msg.metadata.delta_path)
        delta = msg.delta
        if delta.WhichOneof("type") == "new_element":
            element = delta.new_element
            kind = element.WhichOneof("type") or ""
            self.elements[path] = Element(kind, getattr(element, kind, None), delta.fragment_id)

    # --- finding things on the page ------------------------------------------------------

    def component(self, name_part: str) -> Element | None:
        """A custom component (v1, e.g. streamlit-folium) whose name contains `name_part`."""
        for element in self.elements.values():
            if element.kind == "component_instance" and name_part in element.proto.component_name:
                return element
        return None

    def bidi_component(self, name_part: str) -> Element | None:
        """A components-v2 element (e.g. the year control) whose name contains `name_part`."""
        for element in self.elements.values():
            if element.kind == "bidi_component" and name_part in element.proto.component_name:
                return element
        return None

    # --- what a browser sends back ---------------------------------------------------------

    async def trigger(self, component: Element, event: str, value: object,
                      *, timeout: float = 60.0) -> Run:
        """Fire a components-v2 event (e.g. the year control's "year"), as setTriggerValue."""
        widget = WidgetState()
        widget.id = f"{STREAMLIT_INTERNAL_KEY_PREFIX}_{component.proto.id}{_EVENTS_SUFFIX}"
        widget.json_trigger_value = json.dumps([{"event": event, "value": value}])
        return await self.rerun(widgets=[widget], fragment_id=component.fragment_id,
                                timeout=timeout)

    async def set_component_value(self, component: Element, value: object,
                                  *, timeout: float = 60.0) -> Run:
        """Send a v1 component's value (e.g. streamlit-folium's click), as setComponentValue."""
        widget = WidgetState()
        widget.id = component.proto.id
        widget.json_value = json.dumps(value)
        return await self.rerun(widgets=[widget], fragment_id=component.fragment_id,
                                timeout=timeout)


def component_args(element: Element) -> dict[str, Any]:
    """A v1 component's arguments (streamlit-folium: script, header, html, ...)."""
    args: dict[str, Any] = json.loads(element.proto.json_args or "{}")
    return args
