"""The map's data as files that the browser fetches once and keeps.

What the map needs is the same for every student of one language and mode: the borders, and
every year's look of every area, site and mission. Sent inside each session's map, that was
1.3 MB through the websocket per student and a map build per session: 28 s for a class of 40
on two cores. Here it is written once per process into static/gen/, each file under a name
that carries a hash of its content, so that a name never changes meaning: the map frame
fetches it with `cache: 'force-cache'` and the browser keeps it, and changed facts or code give
a new name rather than a stale file. Streamlit serves static/ at /app/static/
(server.enableStaticServing); the exported site (atlas export) copies the same files.

The borders go as TopoJSON (the `topojson` package builds it; topojson-client, vendored in
static/, decodes it): shared borders are stored once, coordinates are quantised and the arcs
simplified for the scale the map is drawn at.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
from shapely.geometry import shape
from topojson.core.topology import Topology

from atlas.geodata import Geodata

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
GENERATED = "gen"
# One TopoJSON object of every area the map may draw (countries and divided Germany's pieces);
# map.js reads it by this name.
TOPOLOGY_OBJECT = "areas"
# Arcs are simplified to 0.02° (about one screen pixel at zoom 6, the closest a scene frames;
# the default view is zoom 3.5-4) and coordinates quantised to 1e5 steps across the extent
# (0.0036° of longitude): the borders look as drawn today at a quarter of the bytes.
SIMPLIFY_DEGREES = 0.02
QUANTISATION = 100_000


@dataclass(frozen=True)
class MapAssets:
    """Where one language and mode of the map finds its files, relative to static/: the
    borders, the every-year data, and (in the live app) the frame's scripts as one file that
    starts fetching the other two (frame_script); without it the frame loads each script."""

    geometry: str
    data: str
    script: str | None = None


def areas_frame(geodata: Geodata) -> gpd.GeoDataFrame:
    """Every area the map can draw, by id, in WGS 84."""
    areas = [*geodata.countries.values(), *geodata.germany_pieces.values()]
    return gpd.GeoDataFrame({"id": [area.id for area in areas]},
                            geometry=[shape(area.geometry) for area in areas], crs="EPSG:4326")


def topology_json(areas: gpd.GeoDataFrame) -> str:
    """The areas as TopoJSON, quantised and simplified for the map's scale; feature ids are
    the area ids."""
    # The index becomes each TopoJSON geometry's id, which map.js looks shapes up by.
    by_id = areas.set_index("id").sort_index()[["geometry"]]
    topology = Topology(by_id, prequantize=QUANTISATION, toposimplify=SIMPLIFY_DEGREES,
                        object_name=TOPOLOGY_OBJECT)
    return str(topology.to_json())


def publish(text: str, stem: str, suffix: str = ".json", static_dir: Path = STATIC_DIR) -> str:
    """Write `text` to static/gen/<stem>.<hash><suffix> unless it is there, and return that
    path relative to static/. The write is atomic (a temporary file renamed into place), so
    several server processes may publish the same file at once."""
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()[:16]
    relative = f"{GENERATED}/{stem}.{digest}{suffix}"
    target = static_dir / relative
    if target.exists() and target.stat().st_size == len(data):
        return relative
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{stem}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return relative


def content_version(path: Path) -> str:
    """A short hash of a file's bytes, put in its URL so that a browser holding an older copy
    of a script fetches the new one."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


# Where a source map comment starts: the bundled copies point nowhere, so it is dropped.
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def frame_script(scripts: Sequence[str], prefetch: Sequence[str],
                 static_dir: Path = STATIC_DIR) -> str:
    """The map frame's scripts as one file, after a few lines that start fetching the data
    files `prefetch` at once (both lists are paths relative to static/).

    streamlit-folium loads a frame's scripts one after another, each request waiting for the
    one before, and the map's own script (which fetched the data) runs only after the last:
    seven round trips in a row on a busy server. One file is one round trip, and the data
    downloads while the browser compiles Leaflet. map.js takes the responses from
    `window.natoAtlasPrefetch`. Each library keeps its licence comment."""
    names = json.dumps(list(prefetch), ensure_ascii=False).replace("</", "<\\/")
    prologue = (
        "// The NATO Atlas map frame: its data files are fetched from here on (atlas/mapassets.py\n"
        "// frame_script), then come the scripts below, each as served from static/.\n"
        "(function () {\n"
        "  const base = document.currentScript ? document.currentScript.src : location.href;\n"
        "  const started = window.natoAtlasPrefetch = window.natoAtlasPrefetch || {};\n"
        f"  for (const name of {names}) {{\n"
        "    started[name] = fetch(new URL('../' + name, base).href, {cache: 'force-cache'});\n"
        "    started[name].catch(() => {});  // reported by map.js, which reads it\n"
        "  }\n"
        "})();\n")
    parts = [prologue]
    for name in scripts:
        source = _SOURCE_MAP.sub("", (static_dir / name).read_text(encoding="utf-8")).rstrip()
        parts.append(f"\n// --- static/{name}\n{source}\n;\n")
    return "".join(parts)
