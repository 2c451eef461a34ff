"""A year of the atlas as files: CSV for spreadsheets, GeoJSON and GeoPackage for GIS (both
written by geopandas), and the labels of the map's PNG control (the PNG itself is made in
the browser, static/atlas/map_export.js).

A year's export holds what the map shows that year: the members at the end of the year (in
the borders in force: 1989 exports West Germany, not united Germany), and the sites and
missions active at any time in it, every record with its citations.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

import geopandas as gpd
import pyogrio
import shapely

from atlas import labels, timeline
from atlas.facts import Facts
from atlas.geodata import CRS, Geodata, attribution_line
from atlas.geography import alliance_areas, drawn_areas
from atlas.i18n import Translator
from atlas.models import Citation, Member, Mission, Site

ExportFormat = Literal["csv", "geojson", "gpkg"]
# What the map page offers today; GeoPackage joins when the page lays out one column per
# file (pages/map.py zips the files with st.columns(2)).
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "geojson")
ALL_FORMATS: tuple[ExportFormat, ...] = ("csv", "geojson", "gpkg")
MIME_TYPES: dict[str, str] = {"csv": "text/csv", "geojson": "application/geo+json",
                              "gpkg": "application/geopackage+sqlite3", "png": "image/png"}

CSV_COLUMNS = ("type", "id", "name", "iso", "areas", "accession_date", "joined_as", "kind",
               "host", "start", "end", "lat", "lon", "role", "citations", "year")
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportFile(NamedTuple):
    filename: str
    mime: str
    data: bytes


@dataclass(frozen=True)
class Download:
    """A file the page offers; `build` makes its bytes only when the user asks for it."""

    fmt: ExportFormat
    filename: str
    mime: str
    build: Callable[[], bytes]


def export_filename(year: int, fmt: str) -> str:
    return f"nato-atlas-{year}.{fmt}"


def citations_json(citations: list[Citation]) -> list[dict[str, str | None]]:
    return [c.model_dump() for c in citations]


def member_areas(facts: Facts, geodata: Geodata, year: int) -> dict[str, list[str]]:
    """Member id -> the ids of the areas drawn as that member in `year` ("DEU": ["FRG"])."""
    areas: dict[str, list[str]] = {}
    for area_id, member in alliance_areas(geodata, facts, year).items():
        areas.setdefault(member, []).append(area_id)
    return areas


# -- CSV -----------------------------------------------------------------------------------


def _member_row(member: Member, areas: list[str]) -> dict[str, object]:
    return {"type": "member", "id": member.id, "name": member.name, "iso": member.id,
            "areas": " ".join(areas), "accession_date": member.accession_date.isoformat(),
            "joined_as": member.joined_as or "",
            "citations": labels.citations_text(member.citations)}


def _site_row(site: Site) -> dict[str, object]:
    return {"type": "site", "id": site.id, "name": site.name, "iso": site.host,
            "kind": site.kind, "host": site.host, "start": str(site.start),
            "end": site.end_year or "", "lat": site.lat, "lon": site.lon, "role": site.role,
            "citations": labels.citations_text(site.citations)}


def _mission_row(mission: Mission) -> dict[str, object]:
    return {"type": "mission", "id": mission.id, "name": f"{mission.short_name}: {mission.name}",
            "areas": " ".join(mission.areas), "start": str(mission.start),
            "end": str(mission.end or ""), "lat": mission.lat, "lon": mission.lon,
            "citations": labels.citations_text(mission.citations)}


def year_rows(facts: Facts, geodata: Geodata, year: int) -> list[dict[str, object]]:
    """One row per member, site and mission of `year`, in the CSV's columns."""
    areas = member_areas(facts, geodata, year)
    rows = [_member_row(m, areas.get(m.id, [])) for m in timeline.members_at(facts, year)]
    rows += [_site_row(s) for s in timeline.sites_at(facts, year)]
    rows += [_mission_row(m) for m in timeline.missions_at(facts, year)]
    return [{column: row.get(column, "") for column in CSV_COLUMNS} | {"year": year}
            for row in rows]


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_csv(facts: Facts, geodata: Geodata, year: int) -> bytes:
    """The year as CSV, UTF-8 with a byte-order mark so spreadsheets read "Türkiye" right."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in year_rows(facts, geodata, year):
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue().encode("utf-8-sig")


# -- GeoJSON and GeoPackage (through geopandas) ---------------------------------------------


def year_frames(facts: Facts, geodata: Geodata, year: int) -> dict[str, gpd.GeoDataFrame]:
    """The year as three GeoDataFrames (WGS 84), one per kind of record: members as the
    polygons drawn for them that year, sites as points, missions as the union of their
    areas. `citations` holds each record's references as a list of dicts."""
    drawn = drawn_areas(geodata, facts, year)
    members = [
        {"type": "member", "id": member.id, "name": member.name, "iso": member.id,
         "area": area_id, "area_name": drawn.at[area_id, "name"],
         "accession_date": member.accession_date.isoformat(),
         "joined_as": member.joined_as, "year": year,
         "citations": citations_json(member.citations),
         "geometry": drawn.at[area_id, "geometry"]}
        for member in timeline.members_at(facts, year)
        for area_id in drawn.index[drawn["member"] == member.id]
    ]
    sites = [
        {"type": "site", "id": site.id, "name": site.name, "site_kind": site.kind,
         "host": site.host, "start_year": site.start_year, "start": str(site.start),
         "end_year": site.end_year, "role": site.role, "year": year,
         "citations": citations_json(site.citations),
         "geometry": shapely.Point(site.lon, site.lat)}
        for site in timeline.sites_at(facts, year)
    ]
    missions = [
        {"type": "mission", "id": mission.id, "name": mission.name,
         "short_name": mission.short_name, "areas": list(mission.areas),
         "start": str(mission.start), "end": str(mission.end) if mission.end else None,
         "label_point": [mission.lon, mission.lat], "year": year,
         "citations": citations_json(mission.citations),
         # A mission is one multipolygon over all its areas, whatever their shapes.
         "geometry": shapely.MultiPolygon(
             [p for iso in mission.areas for p in shapely.get_parts(geodata.area(iso).shape)])}
        for mission in timeline.missions_at(facts, year)
    ]
    # Object columns keep each value as given: pandas would turn years next to a null
    # (end_year) into floats, and the GeoJSON would say 1967.0.
    return {layer: gpd.GeoDataFrame(gpd.pd.DataFrame(rows, dtype=object), geometry="geometry",
                                    crs=CRS)
            for layer, rows in (("members", members), ("sites", sites),
                                ("missions", missions)) if rows}


def year_geojson(facts: Facts, geodata: Geodata, year: int,
                 attribution: str | None = None) -> dict[str, Any]:
    frames = list(year_frames(facts, geodata, year).values())
    features: list[dict[str, Any]] = []
    for frame in frames:
        features += json.loads(frame.to_json(drop_id=True))["features"]
    return {
        "type": "FeatureCollection",
        "name": export_filename(year, "geojson").removesuffix(".geojson"),
        "year": year,
        "attribution": attribution if attribution is not None else attribution_line(),
        "features": features,
    }


def export_geojson(facts: Facts, geodata: Geodata, year: int,
                   attribution: str | None = None) -> bytes:
    collection = year_geojson(facts, geodata, year, attribution)
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def export_gpkg(facts: Facts, geodata: Geodata, year: int,
                attribution: str | None = None) -> bytes:
    """A GeoPackage with one layer per kind of record (members, sites, missions) and an
    `about` table carrying the attribution. GeoPackage columns hold no lists, so list
    values (citations, areas, label points) are stored as JSON text."""
    line = attribution if attribution is not None else attribution_line()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / export_filename(year, "gpkg")
        for layer, frame in year_frames(facts, geodata, year).items():
            flat = frame.copy()
            for column in flat.columns.drop("geometry"):
                values = flat[column].dropna()
                if values.map(lambda v: isinstance(v, list)).any():
                    flat[column] = flat[column].map(
                        lambda v: json.dumps(v, ensure_ascii=False))
                elif values.map(lambda v: isinstance(v, int)).all():
                    flat[column] = flat[column].astype("Int64")  # years, with nulls
                else:
                    flat[column] = flat[column].astype("string")
            flat.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
        about = gpd.pd.DataFrame([{"year": year, "attribution": line}])
        pyogrio.write_dataframe(about, path, layer="about", driver="GPKG")
        return path.read_bytes()


# -- files for the page --------------------------------------------------------------------


def export_file(facts: Facts, geodata: Geodata, year: int, fmt: ExportFormat,
                attribution: str | None = None) -> ExportFile:
    """(filename, mime type, bytes) of the year in `fmt`."""
    if fmt == "csv":
        data = export_csv(facts, geodata, year)
    elif fmt == "gpkg":
        data = export_gpkg(facts, geodata, year, attribution)
    else:
        data = export_geojson(facts, geodata, year, attribution)
    return ExportFile(export_filename(year, fmt), MIME_TYPES[fmt], data)


def downloads(facts: Facts, geodata: Geodata, year: int, attribution: str | None = None,
              formats: tuple[ExportFormat, ...] = EXPORT_FORMATS) -> list[Download]:
    """The year's files, built only when downloaded (st.download_button accepts a callable)."""
    def builder(fmt: ExportFormat) -> Callable[[], bytes]:
        return lambda: export_file(facts, geodata, year, fmt, attribution).data

    return [Download(fmt, export_filename(year, fmt), MIME_TYPES[fmt], builder(fmt))
            for fmt in formats]


def png_control_labels(tr: Translator, attribution: str | None = None) -> dict[str, str]:
    """What the map's "Save PNG" control needs, as plain text (the script sets textContent)."""
    line = attribution if attribution is not None else attribution_line()
    return {
        "save": tr("export.png"),
        "title": tr("export.png_title"),
        "busy": tr("export.png_busy"),
        "failed": tr("export.png_failed"),
        "attribution": tr("map.attribution", attribution=line),
        "filename": "nato-atlas-{year}.png",  # the script fills in the year shown
    }
