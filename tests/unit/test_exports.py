"""A year as CSV and GeoJSON: what the map shows that year, in that year's borders, every
record with its citations."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
import pytest

from atlas import exports, timeline
from atlas.facts import Facts
from atlas.geodata import Geodata, attribution_line, load_geodata
from atlas.i18n import translator


@pytest.fixture(scope="module")
def geodata() -> Geodata:
    return load_geodata()


def _csv(facts: Facts, geodata: Geodata, year: int) -> list[dict[str, str]]:
    data = exports.export_csv(facts, geodata, year)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets then read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _geojson(facts: Facts, geodata: Geodata, year: int) -> dict[str, Any]:
    collection: dict[str, Any] = json.loads(exports.export_geojson(facts, geodata, year))
    return collection


def _members(collection: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in collection["features"] if f["properties"]["type"] == "member"]


# -- CSV -------------------------------------------------------------------------------------


def test_csv_1999_holds_poland_not_estonia(facts: Facts, geodata: Geodata) -> None:
    rows = _csv(facts, geodata, 1999)
    members = {r["iso"]: r for r in rows if r["type"] == "member"}
    assert "POL" in members and "EST" not in members
    assert members["POL"]["accession_date"] == "1999-03-12"
    assert members["POL"]["name"] == "Poland" and members["POL"]["citations"]
    assert len(members) == 19


def test_csv_has_one_table_with_a_type_column(facts: Facts, geodata: Geodata) -> None:
    rows = _csv(facts, geodata, 1999)
    assert list(rows[0]) == list(exports.CSV_COLUMNS)
    assert {r["type"] for r in rows} == {"member", "site", "mission"}
    missions = {r["id"]: r for r in rows if r["type"] == "mission"}
    assert "kfor" in missions and missions["kfor"]["start"] == "1999-06-12"
    assert missions["kfor"]["areas"] == "XKX"
    sites = {r["id"]: r for r in rows if r["type"] == "site"}
    assert "incirlik" in sites and sites["incirlik"]["start"] == "1955"
    assert "kurecik" not in sites  # in use from 2012
    assert all(r["citations"] for r in rows)
    assert all(r["year"] == "1999" for r in rows)


def test_csv_1989_gives_west_germany_borders(facts: Facts, geodata: Geodata) -> None:
    rows = _csv(facts, geodata, 1989)
    germany = next(r for r in rows if r["iso"] == "DEU")
    assert germany["areas"] == "FRG SAAR"
    before_saar = next(r for r in _csv(facts, geodata, 1956) if r["iso"] == "DEU")
    assert before_saar["areas"] == "FRG"
    later = next(r for r in _csv(facts, geodata, 1991) if r["iso"] == "DEU")
    assert later["areas"] == "DEU"


def test_csv_cells_cannot_run_as_formulas() -> None:
    assert exports._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert exports._cell("-1") == "'-1"
    assert exports._cell("Türkiye") == "Türkiye"
    assert exports._cell(2012) == "2012"


# -- GeoJSON ---------------------------------------------------------------------------------


def test_geojson_1999_holds_poland_not_estonia(facts: Facts, geodata: Geodata) -> None:
    collection = _geojson(facts, geodata, 1999)
    isos = {f["properties"]["iso"] for f in _members(collection)}
    assert "POL" in isos and "EST" not in isos
    poland = next(f for f in _members(collection) if f["properties"]["iso"] == "POL")
    assert poland["geometry"] == geodata.countries["POL"].geometry
    assert poland["properties"]["accession_date"] == "1999-03-12"


def test_geojson_1989_holds_frg_geometry_not_deu(facts: Facts, geodata: Geodata) -> None:
    members = _members(_geojson(facts, geodata, 1989))
    areas = {f["properties"]["area"] for f in members}
    assert "FRG" in areas and "DEU" not in areas
    assert "GDR" not in areas and "WBER" not in areas
    frg = next(f for f in members if f["properties"]["area"] == "FRG")
    assert frg["properties"]["iso"] == "DEU"
    assert frg["geometry"] == geodata.germany_pieces["FRG"].geometry
    assert frg["geometry"] != geodata.countries["DEU"].geometry
    unified = _members(_geojson(facts, geodata, 1990))
    assert "DEU" in {f["properties"]["area"] for f in unified}


@pytest.mark.parametrize("year", [1949, 1989, 1999, 2012, 2024])
def test_every_feature_has_citations(facts: Facts, geodata: Geodata, year: int) -> None:
    collection = _geojson(facts, geodata, year)
    assert collection["features"]
    for feature in collection["features"]:
        citations = feature["properties"]["citations"]
        assert citations and all((c["title"] or c["gloss"]) and c["publisher"] for c in citations)
        assert feature["properties"]["year"] == year


def test_geojson_is_a_feature_collection_with_attribution(facts: Facts,
                                                          geodata: Geodata) -> None:
    collection = _geojson(facts, geodata, 2004)
    assert collection["type"] == "FeatureCollection"
    assert collection["year"] == 2004
    assert collection["attribution"] == attribution_line()
    assert "Natural Earth" in collection["attribution"]
    kinds = {f["properties"]["type"]: f["geometry"]["type"] for f in collection["features"]}
    assert kinds["site"] == "Point"
    assert kinds["mission"] == "MultiPolygon"
    assert kinds["member"] in {"Polygon", "MultiPolygon"}
    site = next(f for f in collection["features"] if f["properties"]["id"] == "incirlik")
    assert site["geometry"]["coordinates"] == [facts.sites["incirlik"].lon,
                                               facts.sites["incirlik"].lat]


def test_geojson_counts_match_the_timeline(facts: Facts, geodata: Geodata) -> None:
    from atlas import timeline

    for year in (1952, 1999, 2024):
        collection = _geojson(facts, geodata, year)
        props = [f["properties"] for f in collection["features"]]
        assert len({p["iso"] for p in props if p["type"] == "member"}) == len(
            timeline.members_at(facts, year))
        assert {p["id"] for p in props if p["type"] == "site"} == {
            s.id for s in timeline.sites_at(facts, year)}
        assert {p["id"] for p in props if p["type"] == "mission"} == {
            m.id for m in timeline.missions_at(facts, year)}


# -- files for the page ----------------------------------------------------------------------


def test_export_file_names_and_types(facts: Facts, geodata: Geodata) -> None:
    name, mime, data = exports.export_file(facts, geodata, 1999, "csv")
    assert (name, mime) == ("nato-atlas-1999.csv", "text/csv") and data
    name, mime, data = exports.export_file(facts, geodata, 1999, "geojson")
    assert (name, mime) == ("nato-atlas-1999.geojson", "application/geo+json")
    assert json.loads(data)["year"] == 1999


def test_downloads_are_built_on_demand(facts: Facts, geodata: Geodata) -> None:
    files = exports.downloads(facts, geodata, 1989)
    assert [d.filename for d in files] == ["nato-atlas-1989.csv", "nato-atlas-1989.geojson"]
    for download in files:
        assert download.build() == exports.export_file(facts, geodata, 1989,
                                                       download.fmt).data


def test_png_control_labels_are_plain_text() -> None:
    labels = exports.png_control_labels(translator("en"), attribution="Natural Earth")
    assert labels["save"] == "Save PNG"
    assert labels["attribution"] == "Borders: Natural Earth"
    assert labels["filename"] == "nato-atlas-{year}.png"


def test_geojson_keeps_years_as_integers_next_to_nulls(facts: Facts, geodata: Geodata) -> None:
    sites = {f["properties"]["id"]: f["properties"]
             for f in _geojson(facts, geodata, 1962)["features"]
             if f["properties"]["type"] == "site"}
    assert sites["incirlik"]["end_year"] is None
    assert sites["cigli"]["end_year"] == facts.sites["cigli"].end_year
    assert isinstance(sites["cigli"]["end_year"], int)


def test_geopackage_holds_the_year_with_citations(facts: Facts, geodata: Geodata,
                                                  tmp_path: Path) -> None:
    name, mime, data = exports.export_file(facts, geodata, 1962, "gpkg")
    assert (name, mime) == ("nato-atlas-1962.gpkg", "application/geopackage+sqlite3")
    path = tmp_path / name
    path.write_bytes(data)
    layers = dict(pyogrio.list_layers(path))
    assert {"members": "MultiPolygon", "sites": "Point"}.items() <= layers.items()
    assert "about" in layers
    members = gpd.read_file(path, layer="members")
    assert members.crs == "EPSG:4326"
    expected = {m.id for m in timeline.members_at(facts, 1962)}
    assert set(members["id"]) == expected
    sites = gpd.read_file(path, layer="sites").set_index("id")
    assert sites.loc["cigli", "end_year"] == facts.sites["cigli"].end_year
    citations = json.loads(sites.loc["incirlik", "citations"])
    assert citations == exports.citations_json(facts.sites["incirlik"].citations)
    about = gpd.read_file(path, layer="about")
    assert "Natural Earth" in about.loc[0, "attribution"]


def test_all_formats_include_geopackage(facts: Facts, geodata: Geodata) -> None:
    files = exports.downloads(facts, geodata, 1999, formats=exports.ALL_FORMATS)
    assert [d.fmt for d in files] == ["csv", "geojson", "gpkg"]
