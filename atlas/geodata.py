"""The map's geometry: country borders and the borders of divided Germany.

The map is drawn from "areas": every country of countries.geojson plus the pieces of divided
Germany (FRG, GDR, West Berlin). Which areas are drawn in a year follows the territory changes
in the facts: before the former GDR joined (1990-10-03), Germany is drawn as its pieces.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

DEFAULT_GEODATA_DIR = Path(__file__).resolve().parents[1] / "geodata"
COUNTRIES_FILE = "countries.geojson"
GERMANY_FILE = "germany_1955_1990.geojson"
# The pieces of divided Germany drawn instead of DEU; SAAR is an overlay inside FRG, left out.
DIVIDED_GERMANY_PIECES = ("FRG", "GDR", "WBER")
PROVENANCE_SUFFIX = ".provenance.yaml"


@dataclass(frozen=True)
class Area:
    """A polygon the map can colour: a country (id = ISO alpha-3) or a piece of Germany."""

    id: str
    name: str
    # The ISO code of the state the area belongs to for membership, "" for none (West Berlin).
    state_iso: str
    geometry: dict[str, Any]
    note: str = ""


@dataclass(frozen=True)
class Geodata:
    countries: dict[str, Area]
    germany_pieces: dict[str, Area]

    @cached_property
    def iso_codes(self) -> frozenset[str]:
        return frozenset(self.countries)

    def area(self, area_id: str) -> Area:
        return self.countries.get(area_id) or self.germany_pieces[area_id]


def _read_features(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        collection = json.load(handle)
    features: list[dict[str, Any]] = collection["features"]
    return features


def load_geodata(geodata_dir: Path = DEFAULT_GEODATA_DIR) -> Geodata:
    countries = {
        f["properties"]["iso_a3"]: Area(
            id=f["properties"]["iso_a3"],
            name=f["properties"]["name"],
            state_iso=f["properties"]["iso_a3"],
            geometry=f["geometry"],
            note=f["properties"].get("note") or "",
        )
        for f in _read_features(geodata_dir / COUNTRIES_FILE)
    }
    pieces = {
        f["properties"]["id"]: Area(
            id=f["properties"]["id"],
            name=f["properties"]["name"],
            state_iso=f["properties"]["iso_a3"] or "",
            geometry=f["geometry"],
            note=f["properties"].get("note") or "",
        )
        for f in _read_features(geodata_dir / GERMANY_FILE)
        if f["properties"]["id"] in DIVIDED_GERMANY_PIECES
    }
    return Geodata(countries=countries, germany_pieces=pieces)


def read_provenance(data_file: Path) -> dict[str, Any]:
    """The provenance sidecar of a geodata file (producer, source, licence, sha256, ...)."""
    sidecar = data_file.with_name(data_file.name + PROVENANCE_SUFFIX)
    with sidecar.open(encoding="utf-8") as handle:
        provenance: dict[str, Any] = yaml.safe_load(handle)
    return provenance


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def attribution_line(geodata_dir: Path = DEFAULT_GEODATA_DIR) -> str:
    """The attribution the licences ask for, joined from every layer's sidecar."""
    layers = (COUNTRIES_FILE, GERMANY_FILE)
    parts = [read_provenance(geodata_dir / name)["attribution"] for name in layers]
    return "; ".join(parts)
