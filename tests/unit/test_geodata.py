"""The geodata: every layer matches the checksum its provenance sidecar records, says who made
it from what under which licence, and holds every area the facts need."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import shapely

from atlas import geodata as geo
from atlas.facts import Facts
from atlas.geodata import Geodata, load_geodata

LAYERS = sorted(geo.DEFAULT_GEODATA_DIR.glob("*.geojson"))


@pytest.fixture(scope="module")
def geodata() -> Geodata:
    return load_geodata()


def test_layers_found() -> None:
    names = {p.name for p in LAYERS}
    assert {geo.COUNTRIES_FILE, geo.GERMANY_FILE} <= names


@pytest.mark.parametrize("layer", LAYERS, ids=lambda p: p.name)
def test_layer_matches_its_sidecar_checksum(layer: Path) -> None:
    provenance = geo.read_provenance(layer)
    assert provenance["file"] == layer.name
    assert provenance["sha256"] == hashlib.sha256(layer.read_bytes()).hexdigest()


@pytest.mark.parametrize("layer", LAYERS, ids=lambda p: p.name)
def test_sidecar_names_producer_sources_licences_attribution(layer: Path) -> None:
    provenance = geo.read_provenance(layer)
    for field in ("producer", "attribution"):
        assert isinstance(provenance.get(field), str) and provenance[field].strip(), field
    sources = provenance.get("source")
    assert isinstance(sources, list) and sources
    for source in sources:
        assert str(source.get("name", "")).strip()
        assert str(source.get("licence", "")).strip(), source.get("name")


def test_every_sidecar_has_its_layer() -> None:
    """Every sidecar belongs to a layer (a stale one would certify nothing)."""
    for sidecar in geo.DEFAULT_GEODATA_DIR.glob(f"*{geo.PROVENANCE_SUFFIX}"):
        assert (sidecar.parent / sidecar.name.removesuffix(geo.PROVENANCE_SUFFIX)).is_file()


def test_divided_germany_pieces_exist(geodata: Geodata) -> None:
    assert set(geo.DIVIDED_GERMANY_PIECES) <= set(geodata.germany_pieces)
    assert geodata.area("FRG").state_iso == "DEU"
    assert geodata.area("GDR").state_iso != "DEU"
    assert geodata.area("WBER").state_iso == ""


def test_saar_cut_out_of_west_germany(geodata: Geodata) -> None:
    """In the file the Saar overlaps FRG (and strays past it by slivers); loaded, the two tile
    the file's FRG."""
    with (geo.DEFAULT_GEODATA_DIR / geo.GERMANY_FILE).open(encoding="utf-8") as handle:
        raw = {f["properties"]["id"]: shapely.geometry.shape(f["geometry"])
               for f in json.load(handle)["features"]}
    frg, saar = geodata.area("FRG").shape, geodata.area("SAAR").shape
    assert saar.symmetric_difference(raw["SAAR"]).area < 1e-3 * raw["SAAR"].area
    assert frg.intersection(saar).area < 1e-9
    assert frg.union(saar).symmetric_difference(raw["FRG"]).area < 1e-6
    assert geodata.area("SAAR").state_iso == ""


def test_every_area_is_valid_and_in_wgs84(geodata: Geodata) -> None:
    assert geodata.frame.crs == geo.CRS
    assert geodata.frame.geometry.is_valid.all()
    assert list(geodata.frame.index) == [*geodata.countries, *geodata.germany_pieces]


def test_invalid_shape_is_repaired(tmp_path: Path) -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    layer = tmp_path / "bowtie.geojson"
    layer.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "X"}, "geometry": bowtie}]}))
    frame = geo.read_layer(layer)
    assert not shapely.geometry.shape(bowtie).is_valid
    assert frame.geometry.is_valid.all()
    assert frame.crs == geo.CRS


def test_every_member_has_an_area(facts: Facts, geodata: Geodata) -> None:
    assert set(facts.members) <= geodata.countries.keys()
    for mission in facts.missions.values():
        assert set(mission.areas) <= geodata.countries.keys(), mission.id
    for site in facts.sites.values():
        assert site.host in geodata.countries, site.id


def test_area_ids_are_unique_across_layers(geodata: Geodata) -> None:
    assert not set(geodata.countries) & set(geodata.germany_pieces)
    for area_id, area in {**geodata.countries, **geodata.germany_pieces}.items():
        assert area.id == area_id
        assert area.name.strip()
        assert area.geometry["type"] in ("Polygon", "MultiPolygon")


def test_attribution_line() -> None:
    line = geo.attribution_line()
    assert "Natural Earth" in line
    assert "GeoBasis-DE / BKG" in line
    for layer in (geo.COUNTRIES_FILE, geo.GERMANY_FILE):
        assert geo.read_provenance(geo.DEFAULT_GEODATA_DIR / layer)["attribution"] in line
