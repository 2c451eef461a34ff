"""Checks that need geometry, run by `python -m atlas check` after the facts load.

- every site lies in the country that hosts it, in each of its years (as drawn that year:
  a site in the Saar before 1957 is not in West Germany);
- every mission's label point lies in the countries the mission names;
- every drawn area is a valid, non-empty shape;
- geodata/borders.yaml is well formed and names areas that exist;
- geodata/translations/ translates the atlas's words in it, none missing, left over or stale
  (atlas/geotext.py).

A wrong coordinate is reported like every other problem: file, record, field. The field is
the coordinate that cannot be right: "lon" when some longitude at the given latitude reaches
the host but no latitude at the given longitude does; "lat" otherwise.
"""

from __future__ import annotations

from pathlib import Path

import shapely

from atlas import geotext, timeline
from atlas.facts import FACT_FILES, Facts, Problem
from atlas.geodata import DEFAULT_GEODATA_DIR, Geodata
from atlas.geography import check_borders

# Natural Earth 1:50m coastlines are generalised by a few kilometres: a coastal headquarters
# may fall just offshore. About 5 km at these latitudes.
COAST_TOLERANCE_DEG = 0.05


def host_shape(geodata: Geodata, facts: Facts, iso: str, year: int) -> shapely.Geometry:
    """The territory of state `iso` as drawn in `year`: its country, or the pieces of
    divided Germany that were its own that year (territory changes counted)."""
    drawn = timeline.areas_in_force(geodata, facts, year)
    own = [a for a in drawn if timeline.area_state(geodata, facts, a, year) == iso]
    return shapely.union_all([geodata.area(a).shape for a in own])


def _inside(shape: shapely.Geometry, lat: float, lon: float) -> bool:
    return not shape.is_empty and shape.dwithin(shapely.Point(lon, lat), COAST_TOLERANCE_DEG)


def _blamed(shape: shapely.Geometry, lat: float, lon: float) -> str:
    """Which coordinate cannot be right (see the module's docstring)."""
    any_lon = shape.intersects(shapely.LineString([(-180, lat), (180, lat)]))
    any_lat = shape.intersects(shapely.LineString([(lon, -90), (lon, 90)]))
    return "lon" if any_lon and not any_lat else "lat"


def _where(geodata: Geodata, lat: float, lon: float) -> str:
    point = shapely.Point(lon, lat)
    hits = geodata.frame.index[geodata.frame.geometry.contains(point)]
    return f"in {', '.join(hits)}" if len(hits) else "in no drawn country"


def check_sites(facts: Facts, geodata: Geodata) -> list[Problem]:
    problems = []
    for site in facts.sites.values():
        last = site.end_year if site.end_year is not None else timeline.last_year()
        for year in range(site.start_year, last + 1):
            shape = host_shape(geodata, facts, site.host, year)
            if not _inside(shape, site.lat, site.lon):
                problems.append(Problem(
                    FACT_FILES["sites"], site.id, _blamed(shape, site.lat, site.lon),
                    f"({site.lat}, {site.lon}) is not in host {site.host} as drawn in {year}; "
                    f"it is {_where(geodata, site.lat, site.lon)}"))
                break
    return problems


def check_missions(facts: Facts, geodata: Geodata) -> list[Problem]:
    problems = []
    for mission in facts.missions.values():
        shape = shapely.union_all([geodata.area(a).shape for a in mission.areas])
        if not _inside(shape, mission.lat, mission.lon):
            problems.append(Problem(
                FACT_FILES["missions"], mission.id, _blamed(shape, mission.lat, mission.lon),
                f"label point ({mission.lat}, {mission.lon}) is not in its areas "
                f"{', '.join(mission.areas)}; it is {_where(geodata, mission.lat, mission.lon)}"))
    return problems


def check_areas(geodata: Geodata, geodata_dir: Path) -> list[Problem]:
    problems = []
    for area_id, geometry in geodata.frame.geometry.items():
        if geometry is None or geometry.is_empty:
            reason = "empty shape"
        elif not geometry.is_valid:
            reason = f"invalid shape: {shapely.is_valid_reason(geometry)}"
        else:
            continue
        problems.append(Problem(geodata_dir.name, str(area_id), "geometry", reason))
    return problems


def check_geometry(facts: Facts, geodata: Geodata,
                   geodata_dir: Path = DEFAULT_GEODATA_DIR) -> list[Problem]:
    return (check_sites(facts, geodata) + check_missions(facts, geodata)
            + check_areas(geodata, geodata_dir) + check_borders(geodata, geodata_dir)
            + geotext.check_translations(geodata_dir))
