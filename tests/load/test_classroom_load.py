"""A small class on `make serve`'s server, through Streamlit's own protocol: sessions opening
at once on a mix of pages, stepping years and clicking, each checked for its real content.
The race of the first version (one folium map shared between sessions, "OrderedDict mutated
during iteration" on the Türkiye page) showed in 1 of 10 sessions; these tests fail on it."""

from __future__ import annotations

import asyncio
import gzip
import re
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import streamlit
from load_support import run_async

from atlas_testing import REPO_DIR
from bench.classroom import MIXED_PAGES, Outcome, Target, student, together
from bench.streamlit_client import StreamlitSession, component_args


def run_class(target: Target, pages: list[str], *, steps: int, clicks: int) -> list[Outcome]:
    return run_async(lambda: together(len(pages), threading.Event(), lambda i, start: student(
        target.url, pages[i], steps=steps, clicks=clicks, timeout=90, start=start,
        fetch=True)))


def test_a_class_on_a_mix_of_pages_gets_every_page(classroom_server: Target) -> None:
    outcomes = run_class(classroom_server, MIXED_PAGES, steps=3, clicks=3)
    assert [e for o in outcomes for e in o.errors] == []
    map_outcomes = [o for o in outcomes if o.page == ""]
    assert all(len(o.step_s) == 3 and len(o.click_s) == 3 for o in map_outcomes)
    # Each new device fetched the map's two data files (borders, this language's data).
    assert all(o.static_bytes > 10_000 for o in map_outcomes)


def test_the_turkiye_page_rendered_by_many_sessions_at_once(classroom_server: Target) -> None:
    for _ in range(2):
        outcomes = run_class(classroom_server, ["turkey"] * 8, steps=0, clicks=0)
        assert [e for o in outcomes for e in o.errors] == []


def test_every_student_gets_the_same_small_map(classroom_server: Target) -> None:
    """Nothing per session is built into the map (no channel name, no data): the first visit
    is small, and two sessions get the same map once folium's ids are set aside."""

    async def first_visit() -> tuple[int, str]:
        async with StreamlitSession(classroom_server.url) as tab:
            run = await tab.open("", "year=1999")
            assert run.ok and not run.exceptions()
            element = tab.component("folium")
            assert element is not None
            return run.bytes_received, component_args(element)["script"]

    (size_a, script_a), (size_b, script_b) = run_async(lambda: _both(first_visit))
    assert size_a < 150_000 and size_b < 150_000
    assert re.sub(r"_[0-9a-f]{32}", "_", script_a) == re.sub(r"_[0-9a-f]{32}", "_", script_b)
    assert "natoAtlas.boot(" in script_a


async def _both(make):  # type: ignore[no-untyped-def]
    return await asyncio.gather(make(), make())


# Where make serve's files come from: with nginx installed (make test installs it as root),
# nginx sends them from disk, compressed, so a class arriving at once does not queue for them
# behind the Streamlit process's script runs.
needs_nginx = pytest.mark.skipif(shutil.which("nginx") is None,
                                 reason="nginx is not installed: make serve runs without it")


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and the body as sent, asking for gzip as a browser
    does."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, \
                response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def _text(headers: dict[str, str], body: bytes) -> str:
    return (gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body).decode()


@needs_nginx
def test_streamlits_scripts_come_from_nginx_compressed_and_cached(classroom_server: Target
                                                                  ) -> None:
    status, headers, page = _get(classroom_server.url + "/")
    assert status == 200
    bundle = re.search(r'src="\./(static/js/index\.[\w-]+\.js)"', _text(headers, page))
    assert bundle is not None, "the page names no script bundle"
    status, headers, body = _get(f"{classroom_server.url}/{bundle.group(1)}")
    assert status == 200
    assert headers.get("server", "").startswith("nginx")
    assert headers.get("content-encoding") == "gzip"
    assert "immutable" in headers.get("cache-control", "")
    on_disk = Path(streamlit.__file__).parent / "static" / bundle.group(1)
    assert gzip.decompress(body) == on_disk.read_bytes()


@needs_nginx
def test_the_atlas_files_come_from_nginx_and_a_class_file_is_never_cached(
        classroom_server: Target) -> None:
    status, headers, _ = _get(f"{classroom_server.url}/app/static/atlas/year_control.js")
    assert status == 200 and headers.get("server", "").startswith("nginx")
    assert headers.get("content-type", "").startswith("application/javascript")
    assert headers.get("x-content-type-options") == "nosniff"
    # Files named by their content's hash are kept for good (a map session writes them).
    assert [e for o in run_class(classroom_server, [""], steps=0, clicks=0) for e in o.errors] == []
    hashed = next((REPO_DIR / "static" / "gen").glob("borders.*.json"))
    status, headers, _ = _get(f"{classroom_server.url}/app/static/gen/{hashed.name}")
    assert status == 200 and "immutable" in headers.get("cache-control", "")
    # A class nobody opened: not found, from nginx, not a page of Streamlit's.
    status, headers, _ = _get(f"{classroom_server.url}/app/static/gen/classes/ZZZZZZ.json")
    assert status == 404 and headers.get("server", "").startswith("nginx")
    assert headers.get("cache-control") == "no-cache"
    # A file outside ./static is out of reach.
    status, headers, body = _get(f"{classroom_server.url}/app/static/..%2F..%2Fapp.py")
    assert "import streamlit" not in _text(headers, body)
