"""The map's geometry: country borders and the borders of divided Germany, as GeoDataFrames.

The map is drawn from "areas": every country of countries.geojson plus the pieces of divided
Germany (FRG, GDR, West Berlin, the Saar). Which areas are drawn in a year follows the
territory changes in the facts: before the former GDR joined (1990-10-03), Germany is drawn as
its pieces; before the Saar joined (1957-01-01), West Germany is drawn without it.

The layers are read once per process with geopandas (pyogrio), in WGS 84, and repaired with
`make_valid` where a shape is invalid, so every later computation (areas, borders, checks)
works on valid shapes. `Area.geometry` stays a GeoJSON dict for the map script.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
import yaml

DEFAULT_GEODATA_DIR = Path(__file__).resolve().parents[1] / "geodata"
COUNTRIES_FILE = "countries.geojson"
GERMANY_FILE = "germany_1955_1990.geojson"
# The blocs, official border lengths and places the atlas measures against (atlas/geography.py),
# and the translations of the atlas's words in it (atlas/geotext.py).
BORDERS_FILE = "borders.yaml"
TRANSLATIONS_DIR = "translations"
# The pieces of divided Germany drawn instead of DEU. In the file SAAR overlaps FRG; the loader
# cuts it out of FRG so that the pieces tile Germany and the Saar can join on its own date.
DIVIDED_GERMANY_PIECES = ("FRG", "GDR", "WBER", "SAAR")
SAAR_PIECE = "SAAR"
FRG_PIECE = "FRG"
PROVENANCE_SUFFIX = ".provenance.yaml"
# Both layers are longitude/latitude on WGS 84 (their provenance sidecars say so).
CRS = "EPSG:4326"


@dataclass(frozen=True)
class Area:
    """A polygon the map can colour: a country (id = ISO alpha-3) or a piece of Germany."""

    id: str
    name: str
    # The ISO code of the state the area belongs to for membership, "" for none (West Berlin,
    # the Saar Protectorate).
    state_iso: str
    shape: shapely.Geometry  # valid, WGS 84
    note: str = ""

    @cached_property
    def geometry(self) -> dict[str, Any]:
        """The GeoJSON geometry the map script draws, written when first asked for: most
        pages never draw every area, and shapely writes GeoJSON in C."""
        as_dict: dict[str, Any] = json.loads(shapely.to_geojson(self.shape))
        return as_dict


@dataclass(frozen=True)
class Geodata:
    countries: dict[str, Area]
    germany_pieces: dict[str, Area]
    # Every area (countries, then pieces) indexed by id: columns name, state_iso, note,
    # geometry (valid shapely shapes, CRS WGS 84).
    frame: gpd.GeoDataFrame

    def area(self, area_id: str) -> Area:
        return self.countries.get(area_id) or self.germany_pieces[area_id]


def read_layer(path: Path) -> gpd.GeoDataFrame:
    """One GeoJSON layer, in WGS 84, every invalid shape repaired."""
    frame = gpd.read_file(path, engine="pyogrio")
    frame = frame.set_crs(CRS) if frame.crs is None else frame.to_crs(CRS)
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        frame.loc[invalid, "geometry"] = frame.geometry[invalid].make_valid()
    return frame


def _polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """Only the polygons of a shape: `make_valid` and `difference` can leave stray lines."""
    parts = [g for g in shapely.get_parts(geometry) if isinstance(
        g, shapely.Polygon | shapely.MultiPolygon)]
    return shapely.union_all(parts) if len(parts) != 1 else parts[0]


def load_frame(geodata_dir: Path = DEFAULT_GEODATA_DIR) -> gpd.GeoDataFrame:
    """Every area as one GeoDataFrame indexed by id (see Geodata.frame)."""
    countries = read_layer(geodata_dir / COUNTRIES_FILE)
    countries = countries.assign(id=countries["iso_a3"], state_iso=countries["iso_a3"])
    pieces = read_layer(geodata_dir / GERMANY_FILE)
    pieces = pieces[pieces["id"].isin(DIVIDED_GERMANY_PIECES)]
    pieces = pieces.assign(state_iso=pieces["iso_a3"].fillna(""))
    columns = ["id", "name", "state_iso", "note", "geometry"]
    frame = gpd.GeoDataFrame(
        gpd.pd.concat([countries[columns], pieces[columns]], ignore_index=True),
        geometry="geometry", crs=CRS,
    ).set_index("id", drop=False)
    frame["note"] = frame["note"].fillna("")
    if SAAR_PIECE in frame.index and FRG_PIECE in frame.index:
        # The Saar's outline (BKG) strays a few hundred metres past the FRG outline (Natural
        # Earth) into France and Luxembourg: clip it to FRG, then cut it out of FRG.
        frg, saar = frame.geometry[FRG_PIECE], frame.geometry[SAAR_PIECE]
        frame.loc[SAAR_PIECE, "geometry"] = _polygonal(shapely.make_valid(saar.intersection(frg)))
        frame.loc[FRG_PIECE, "geometry"] = _polygonal(shapely.make_valid(frg.difference(saar)))
    return frame


def load_geodata(geodata_dir: Path = DEFAULT_GEODATA_DIR) -> Geodata:
    frame = load_frame(geodata_dir)

    def area(row: Any) -> Area:
        return Area(id=row.id, name=row.name, state_iso=row.state_iso, shape=row.geometry,
                    note=row.note)

    rows = list(frame.itertuples(index=False))
    country_ids = set(frame.index[~frame.index.isin(DIVIDED_GERMANY_PIECES)])
    return Geodata(
        countries={r.id: area(r) for r in rows if r.id in country_ids},
        germany_pieces={r.id: area(r) for r in rows if r.id not in country_ids},
        frame=frame,
    )


def read_provenance(data_file: Path) -> dict[str, Any]:
    """The provenance sidecar of a geodata file (producer, source, licence, sha256, ...)."""
    sidecar = data_file.with_name(data_file.name + PROVENANCE_SUFFIX)
    with sidecar.open(encoding="utf-8") as handle:
        provenance: dict[str, Any] = yaml.safe_load(handle)
    return provenance


def attribution_line(geodata_dir: Path = DEFAULT_GEODATA_DIR) -> str:
    """The attribution the licences ask for, joined from every layer's sidecar."""
    layers = (COUNTRIES_FILE, GERMANY_FILE)
    parts = [read_provenance(geodata_dir / name)["attribution"] for name in layers]
    return "; ".join(parts)
