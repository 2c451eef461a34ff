"""A year of the atlas as files: CSV for spreadsheets, GeoJSON for GIS, and the labels of the
map's PNG control (the PNG itself is made in the browser, atlas/web/map_export.js).

A year's export holds what the map shows that year: the members at the end of the year (in
the borders in force: 1989 exports West Germany, not united Germany), and the sites and
missions active at any time in it, every record with its citations.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from atlas import timeline
from atlas.facts import Facts
from atlas.geodata import Geodata, attribution_line
from atlas.i18n import Translator
from atlas.models import Citation, Member, Mission, Site

ExportFormat = Literal["csv", "geojson"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "geojson")
MIME_TYPES: dict[str, str] = {"csv": "text/csv", "geojson": "application/geo+json",
                              "png": "image/png"}
HTML_TO_IMAGE_URL = "/app/static/html-to-image/html-to-image.js"

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


def citations_text(citations: list[Citation]) -> str:
    """"Title (Publisher, url); ..." for one spreadsheet cell."""
    return "; ".join(f"{c.title} ({c.publisher}{', ' + c.url if c.url else ''})"
                     for c in citations)


def member_areas(facts: Facts, geodata: Geodata, year: int) -> dict[str, list[str]]:
    """Member id -> the ids of the areas drawn as that member in `year` ("DEU": ["FRG"])."""
    areas: dict[str, list[str]] = {}
    for area_id in timeline.areas_in_force(geodata, facts, year):
        member = timeline.area_member(geodata, facts, area_id, year)
        if member is not None:
            areas.setdefault(member.id, []).append(area_id)
    return areas


# -- CSV -----------------------------------------------------------------------------------


def _member_row(member: Member, areas: list[str]) -> dict[str, object]:
    return {"type": "member", "id": member.id, "name": member.name, "iso": member.id,
            "areas": " ".join(areas), "accession_date": member.accession_date.isoformat(),
            "joined_as": member.joined_as or "", "citations": citations_text(member.citations)}


def _site_row(site: Site) -> dict[str, object]:
    return {"type": "site", "id": site.id, "name": site.name, "iso": site.host,
            "kind": site.kind, "host": site.host, "start": str(site.start),
            "end": site.end_year or "", "lat": site.lat, "lon": site.lon, "role": site.role,
            "citations": citations_text(site.citations)}


def _mission_row(mission: Mission) -> dict[str, object]:
    return {"type": "mission", "id": mission.id, "name": f"{mission.short_name}: {mission.name}",
            "areas": " ".join(mission.areas), "start": str(mission.start),
            "end": str(mission.end or ""), "lat": mission.lat, "lon": mission.lon,
            "citations": citations_text(mission.citations)}


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


# -- GeoJSON -------------------------------------------------------------------------------


def _polygons(geometry: dict[str, Any]) -> list[Any]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"expected a polygon, got {geometry['type']}")


def _feature(geometry: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def year_features(facts: Facts, geodata: Geodata, year: int) -> list[dict[str, Any]]:
    """Members as the polygons drawn for them that year, sites as points, missions as the
    polygons of their areas; every feature with its citations."""
    features = []
    areas = member_areas(facts, geodata, year)
    for member in timeline.members_at(facts, year):
        for area_id in areas.get(member.id, []):
            area = geodata.area(area_id)
            features.append(_feature(area.geometry, {
                "type": "member", "id": member.id, "name": member.name, "iso": member.id,
                "area": area_id, "area_name": area.name,
                "accession_date": member.accession_date.isoformat(),
                "joined_as": member.joined_as, "year": year,
                "citations": citations_json(member.citations)}))
    for site in timeline.sites_at(facts, year):
        features.append(_feature({"type": "Point", "coordinates": [site.lon, site.lat]}, {
            "type": "site", "id": site.id, "name": site.name, "site_kind": site.kind,
            "host": site.host, "start_year": site.start_year,
            "start": str(site.start), "end_year": site.end_year,
            "role": site.role, "year": year, "citations": citations_json(site.citations)}))
    for mission in timeline.missions_at(facts, year):
        polygons = [p for iso in mission.areas for p in _polygons(geodata.area(iso).geometry)]
        features.append(_feature({"type": "MultiPolygon", "coordinates": polygons}, {
            "type": "mission", "id": mission.id, "name": mission.name,
            "short_name": mission.short_name, "areas": list(mission.areas),
            "start": str(mission.start), "end": str(mission.end) if mission.end else None,
            "label_point": [mission.lon, mission.lat], "year": year,
            "citations": citations_json(mission.citations)}))
    return features


def year_geojson(facts: Facts, geodata: Geodata, year: int,
                 attribution: str | None = None) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "name": export_filename(year, "geojson").removesuffix(".geojson"),
        "year": year,
        "attribution": attribution if attribution is not None else attribution_line(),
        "features": year_features(facts, geodata, year),
    }


def export_geojson(facts: Facts, geodata: Geodata, year: int,
                   attribution: str | None = None) -> bytes:
    collection = year_geojson(facts, geodata, year, attribution)
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- files for the page --------------------------------------------------------------------


def export_file(facts: Facts, geodata: Geodata, year: int, fmt: ExportFormat,
                attribution: str | None = None) -> ExportFile:
    """(filename, mime type, bytes) of the year in `fmt`."""
    data = (export_csv(facts, geodata, year) if fmt == "csv"
            else export_geojson(facts, geodata, year, attribution))
    return ExportFile(export_filename(year, fmt), MIME_TYPES[fmt], data)


def downloads(facts: Facts, geodata: Geodata, year: int,
              attribution: str | None = None) -> list[Download]:
    """The year's files, built only when downloaded (st.download_button accepts a callable)."""
    def builder(fmt: ExportFormat) -> Callable[[], bytes]:
        return lambda: export_file(facts, geodata, year, fmt, attribution).data

    return [Download(fmt, export_filename(year, fmt), MIME_TYPES[fmt], builder(fmt))
            for fmt in EXPORT_FORMATS]


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
        "library": HTML_TO_IMAGE_URL,
    }
