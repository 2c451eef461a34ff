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
import os
import tempfile
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
    """Where one language and mode of the map finds its files, relative to static/."""

    geometry: str
    data: str


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
