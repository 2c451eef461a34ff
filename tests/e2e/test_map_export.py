"""The map's "Save PNG" control: a PNG of the map as shown, made in the browser, offline.

Works before and after the control is wired into the map (atlas/mapview.py loads
static/atlas/map_export.js and map.js calls natoAtlas.addExportControl): if the map has no
control yet, the test adds it to the live map the same way."""

from __future__ import annotations

import struct
from pathlib import Path

from playwright.sync_api import Frame, Page

from atlas.exports import png_control_labels
from atlas.i18n import translator
from atlas_testing import REPO_DIR
from atlas_testing.atlas_page import open_atlas
from atlas_testing.servers import StreamlitServer

EXPORT_SCRIPT = REPO_DIR / "static" / "atlas" / "map_export.js"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _control(frame: Frame) -> None:
    if frame.locator(".atlas-export button").count():
        return
    if not frame.evaluate("() => Boolean(window.natoAtlas.addExportControl)"):
        frame.add_script_tag(content=EXPORT_SCRIPT.read_text(encoding="utf-8"))
    frame.evaluate("(labels) => window.natoAtlas.addExportControl(window.natoAtlas.map, labels)",
                   png_control_labels(translator("en")))


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_save_png_downloads_the_map_as_shown(page: Page, atlas_server: StreamlitServer,
                                             tmp_path: Path) -> None:
    frame = open_atlas(page, atlas_server, year=1999)
    _control(frame)
    button = frame.locator(".atlas-export button")
    assert button.text_content() == "Save PNG"
    width, height = frame.evaluate(
        "() => [window.natoAtlas.map.getContainer().clientWidth,"
        " window.natoAtlas.map.getContainer().clientHeight]")

    with page.expect_download(timeout=30_000) as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == "nato-atlas-1999.png"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = path.read_bytes()

    assert len(data) > 50_000
    assert _png_size(data) == (width * 2, height * 2)  # pixel ratio 2: sharp when projected
    assert button.text_content() == "Save PNG"
    # What was lent to the image is gone again from the live map.
    assert frame.locator(".atlas-export-attribution").count() == 0
    assert frame.locator(".leaflet-overlay-pane svg defs pattern").count() == 0


def test_png_follows_the_year_shown(page: Page, atlas_server: StreamlitServer) -> None:
    frame = open_atlas(page, atlas_server, year=1989)
    _control(frame)
    with page.expect_download(timeout=30_000) as download_info:
        frame.locator(".atlas-export button").click()
    assert download_info.value.suggested_filename == "nato-atlas-1989.png"
