"""The atlas works with no internet: Leaflet, jQuery and the fonts come from /app/static.

The autouse guard in conftest.py already fails every test whose pages request anything but
127.0.0.1/localhost; these tests check the guard's rule and that the map really runs on the
vendored Leaflet (a blank map would make a request-free page too)."""

from __future__ import annotations

import pytest
from atlas_e2e import StreamlitServer, is_local, open_atlas
from playwright.sync_api import Page, Response


@pytest.mark.parametrize(("url", "local"), [
    ("http://127.0.0.1:8501/app/static/leaflet/leaflet.js", True),
    ("http://localhost:8501/_stcore/stream", True),
    ("ws://127.0.0.1:8501/_stcore/stream", True),
    ("blob:http://localhost:8501/9be72a8e-eeec-4298-b5c8-355c41957183", True),
    ("data:image/png;base64,iVBORw0KGgo=", True),
    ("about:blank", True),
    ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", False),
    ("https://fonts.googleapis.com/css2?family=Vazirmatn", False),
    ("blob:https://example.org/0000", False),
    ("http://127.0.0.1.example.org/x", False),
])
def test_offline_rule(url: str, local: bool) -> None:
    assert is_local(url) is local


def test_map_runs_on_the_vendored_leaflet(page: Page, atlas_server: StreamlitServer) -> None:
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    frame = open_atlas(page, atlas_server)

    loaded = {r.url.split("?")[0].removeprefix(atlas_server.base): r.status for r in responses}
    assert loaded.get("/app/static/leaflet/leaflet.js") == 200, sorted(loaded)
    assert loaded.get("/app/static/leaflet/leaflet.css") == 200, sorted(loaded)
    assert frame.evaluate("() => typeof L === 'object' && typeof L.version === 'string'")
    # Every asset the map asked for was found (a 404 would be a missing vendored file).
    missing = {url: status for url, status in loaded.items() if status >= 400}
    assert not missing, missing
