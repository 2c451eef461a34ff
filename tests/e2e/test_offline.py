"""The atlas works with no internet: Leaflet, jQuery and the fonts come from /app/static.

The autouse guard in conftest.py fails every test whose pages request anything but
127.0.0.1/localhost; this checks the guard's rule. test_map.py checks that the map really runs
on the vendored Leaflet (a blank map would make a request-free page too)."""

from __future__ import annotations

import pytest

from atlas_testing.browser import is_local


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
    # The exported site (python -m atlas export) opened from a folder of this machine...
    ("file:///media/usb/atlas/index.html", True),
    ("file://localhost/media/usb/atlas/data/borders.js", True),
    # ...but not from a network share.
    ("file://fileserver/share/atlas/index.html", False),
])
def test_offline_rule(url: str, local: bool) -> None:
    assert is_local(url) is local
