"""What the atlas computes from the borders: the alliance's land area and its land borders
with the Soviet Union / Russia and with the Warsaw Pact, by year and by member.

Method (stated on the pages by the UI string `geography.method`):
- Areas: each drawn area's polygon projected to an equal-area CRS (EPSG:6933, World
  Cylindrical Equal Area) and measured there; the alliance's area in a year is the sum over
  the areas drawn as members (the areas tile, so nothing is counted twice).
- Border lengths: the shared boundary of two areas is the part of one area's outline that
  lies within `SHARED_TOLERANCE_M` of the other, both projected to a European equal-area CRS
  (EPSG:3035) so the tolerance is in metres. The tolerance bridges the tiny gaps the shared
  borders' simplification and rounding (0.001°, about 100 m) leave between neighbours; it
  adds at most the tolerance at each end of a border. The lines are then measured
  geodesically on the WGS 84 ellipsoid (pyproj.Geod).
- Natural Earth 1:50m is coarse: rivers and winding borders are straightened, so computed
  lengths run shorter than surveyed ones (reference figures in geodata/borders.yaml).

Pair lengths are computed once per process (cached at the edge, atlas/cached.py); a year's
figures are then sums over the pairs in force that year.

What the pages show of these figures (the map's border layer, the year's figures as HTML) is
in atlas/geoview.py. This file stays one (about 380 lines) because its parts change together:
the blocs' file, which areas are drawn as whose, the measuring and the figures by year (and
the Türkiye page's periods and distances, sums and measurements over the same pairs) all
follow the method above; splitting them would spread one method over several files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geopandas as gpd
import shapely
import yaml
from pydantic import Field, ValidationError
from pyproj import Geod, Transformer

from atlas import timeline
from atlas.facts import Facts, Problem
from atlas.geodata import BORDERS_FILE, CRS, DEFAULT_GEODATA_DIR, Geodata
from atlas.models import Citation, Id, NonEmpty, Strict

EQUAL_AREA_CRS = "EPSG:6933"
# Lambert azimuthal equal-area for Europe: metres, little distortion from the Atlantic to the
# Caucasus, where every border the atlas measures lies.
EUROPE_CRS = "EPSG:3035"
SHARED_TOLERANCE_M = 1000.0
GEOD = Geod(ellps="WGS84")
RUSSIA_BLOC = "ussr_russia"
PACT_BLOC = "warsaw_pact"


# -- the blocs (geodata/borders.yaml) ------------------------------------------------------


class BlocMember(Strict):
    id: Id
    name: NonEmpty
    areas: list[Id] = Field(min_length=1)
    start: dt.date
    end: dt.date | None = None
    citations: list[Citation] = Field(min_length=1)

    def in_force(self, year: int) -> bool:
        """Active at any time during `year`."""
        return self.start.year <= year and (self.end is None or year <= self.end.year)


class Bloc(Strict):
    id: Id
    name: NonEmpty
    members: list[BlocMember] = Field(min_length=1)

    def member(self, member_id: str) -> BlocMember:
        return next(m for m in self.members if m.id == member_id)


class ReferenceLength(Strict):
    """An official length of a land border: `nato` area against the union of `other`."""

    nato: Id
    other: list[Id] = Field(min_length=1)
    km: float = Field(gt=0)
    citation: Citation


class Place(Strict):
    """A place the sources name, for distances from the bases."""

    id: Id
    name: NonEmpty
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    citation: Citation


class Provenance(Strict):
    producer: NonEmpty
    note: NonEmpty


class Borders(Strict):
    provenance: Provenance
    blocs: list[Bloc] = Field(min_length=1)
    reference_lengths: list[ReferenceLength] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)

    def bloc(self, bloc_id: str) -> Bloc:
        return next(b for b in self.blocs if b.id == bloc_id)


def load_borders(geodata_dir: Path = DEFAULT_GEODATA_DIR) -> Borders:
    """geodata/borders.yaml; raises ValueError (with pydantic's reasons) when malformed."""
    with (geodata_dir / BORDERS_FILE).open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return Borders.model_validate(raw)


def check_borders(geodata: Geodata, geodata_dir: Path = DEFAULT_GEODATA_DIR) -> list[Problem]:
    """Problems in borders.yaml: malformed records, unknown area ids, end before start."""
    name = f"{geodata_dir.name}/{BORDERS_FILE}"
    try:
        borders = load_borders(geodata_dir)
    except FileNotFoundError:
        return [Problem(name, "-", "-", "file not found")]
    except yaml.YAMLError as exc:
        return [Problem(name, "-", "-", f"not valid YAML: {exc}")]
    except ValidationError as exc:
        return [Problem(name, "-", ".".join(str(p) for p in e["loc"]) or "-", e["msg"])
                for e in exc.errors()]
    known = set(geodata.frame.index)
    problems = []
    for b, bloc in enumerate(borders.blocs):
        for m, member in enumerate(bloc.members):
            record = f"{bloc.id}/{member.id}"
            for a, area in enumerate(member.areas):
                if area not in known:
                    problems.append(Problem(name, record, f"blocs.{b}.members.{m}.areas.{a}",
                                            f"unknown area {area}"))
            if member.end is not None and member.end < member.start:
                problems.append(Problem(name, record, f"blocs.{b}.members.{m}.end",
                                        f"end {member.end} is before start {member.start}"))
    for r, ref in enumerate(borders.reference_lengths):
        for field, area in [("nato", ref.nato), *((f"other.{i}", o) for i, o in
                                                  enumerate(ref.other))]:
            if area not in known:
                problems.append(Problem(name, f"#{r + 1}", f"reference_lengths.{r}.{field}",
                                        f"unknown area {area}"))
    return problems


# -- which areas are drawn, and as whose ----------------------------------------------------


def drawn_areas(geodata: Geodata, facts: Facts, year: int) -> gpd.GeoDataFrame:
    """The areas drawn in `year` (index id; columns name, state_iso, member: the member id
    the area is drawn as, "" for a non-member; geometry), in WGS 84."""
    ids = timeline.areas_in_force(geodata, facts, year)
    frame = geodata.frame.loc[ids, ["name", "state_iso", "geometry"]].copy()
    members = alliance_areas(geodata, facts, year)
    frame["member"] = [members.get(i, "") for i in ids]
    return frame


def alliance_areas(geodata: Geodata, facts: Facts, year: int) -> dict[str, str]:
    """Area id -> member id, for the areas drawn as members in `year`."""
    areas = {}
    for area_id in timeline.areas_in_force(geodata, facts, year):
        member = timeline.area_member(geodata, facts, area_id, year)
        if member is not None:
            areas[area_id] = member.id
    return areas


def bloc_areas(geodata: Geodata, facts: Facts, bloc: Bloc, year: int) -> dict[str, str]:
    """Area id -> bloc member id, for the bloc's areas drawn in `year` (first member wins
    where two overlap, as the Soviet Union and Russia do in 1991)."""
    drawn = set(timeline.areas_in_force(geodata, facts, year))
    areas: dict[str, str] = {}
    for member in bloc.members:
        if member.in_force(year):
            for area in member.areas:
                if area in drawn:
                    areas.setdefault(area, member.id)
    return areas


# -- measuring -----------------------------------------------------------------------------


def area_km2(geodata: Geodata) -> dict[str, float]:
    """Every area's size in km², measured in an equal-area CRS."""
    sizes = geodata.frame.geometry.to_crs(EQUAL_AREA_CRS).area / 1e6
    return {str(k): float(v) for k, v in sizes.items()}


def geodesic_km(line: shapely.Geometry) -> float:
    """Length on the WGS 84 ellipsoid of a (multi)line in longitude/latitude."""
    return float(GEOD.geometry_length(line)) / 1000.0


@cache
def _transformer(source: str, target: str) -> Transformer:
    """Made when first needed: pyproj reads its database then, which would slow the start."""
    return Transformer.from_crs(source, target, always_xy=True)


def _reproject(geometry: shapely.Geometry, source: str, target: str) -> shapely.Geometry:
    return shapely.transform(geometry, _transformer(source, target).transform,
                             interleaved=False)


def shared_border(a: shapely.Geometry, b: shapely.Geometry,
                  tolerance_m: float = SHARED_TOLERANCE_M) -> shapely.Geometry:
    """The part of a's outline within `tolerance_m` of b (both WGS 84), as lines in WGS 84;
    empty when they do not touch."""
    # Only the neighbourhood of the border matters: clipping both shapes to their common
    # bounding box (plus a margin wider than the tolerance) keeps Russia's 180° of outline
    # out of the projection and the buffer.
    margin = 0.1
    a_box, b_box = shapely.box(*a.bounds), shapely.box(*b.bounds)
    common = (a_box.buffer(margin, join_style="mitre")
              .intersection(b_box.buffer(margin, join_style="mitre")))
    if common.is_empty:
        return shapely.MultiLineString()
    a_near, b_near = (_reproject(g.intersection(common), CRS, EUROPE_CRS) for g in (a, b))
    near = a_near.boundary.intersection(b_near.buffer(tolerance_m))
    lines = [g for g in shapely.get_parts(near)
             if isinstance(g, shapely.LineString) and not g.is_empty]
    if not lines:
        return shapely.MultiLineString()
    merged = shapely.line_merge(shapely.MultiLineString(lines))
    return _reproject(merged, EUROPE_CRS, CRS)


@dataclass(frozen=True)
class Pair:
    """A stretch of border between an area that is ever a member and a bloc's area."""

    nato_area: str
    other_area: str
    line: shapely.Geometry  # WGS 84
    km: float


def _ever_alliance_areas(geodata: Geodata, facts: Facts) -> set[str]:
    return {a for y in timeline.year_range() for a in alliance_areas(geodata, facts, y)}


def border_pairs(geodata: Geodata, facts: Facts, borders: Borders) -> list[Pair]:
    """Every touching pair (alliance area, bloc area) with its shared line and length."""
    nato = sorted(_ever_alliance_areas(geodata, facts))
    others = sorted({a for bloc in borders.blocs for m in bloc.members for a in m.areas})
    frame = geodata.frame
    pairs = []
    for other in others:
        other_shape = frame.geometry[other]
        # Candidates by bounding box first: buffering and intersecting are the slow part.
        near = frame.loc[nato].geometry.intersects(other_shape.buffer(0.05))
        for area in near[near].index:
            if area == other:
                continue
            line = shared_border(frame.geometry[area], other_shape)
            if not line.is_empty:
                pairs.append(Pair(str(area), other, line, geodesic_km(line)))
    return pairs


# -- figures by year -----------------------------------------------------------------------


@dataclass(frozen=True)
class YearFigures:
    """What the atlas computes for one year."""

    year: int
    area_km2: float  # the alliance's land area
    # Member id -> km of land border with the Soviet Union (to 1991) / Russia (from 1992).
    russia_km: dict[str, float]
    russia_name: str  # "Soviet Union" or "Russia": who the alliance bordered that year
    # Member id -> km of land border with the Warsaw Pact's members (empty after 1991).
    pact_km: dict[str, float]
    # (alliance member, pact member) -> km: the front line, pair by pair.
    pact_pairs_km: dict[tuple[str, str], float]
    # The (alliance area, other area) pairs each border above is made of, keyed as the
    # lengths are: which official figure, if any, measures the same border.
    russia_area_pairs: dict[str, frozenset[tuple[str, str]]]
    pact_area_pairs: dict[tuple[str, str], frozenset[tuple[str, str]]]

    @property
    def russia_total_km(self) -> float:
        return sum(self.russia_km.values())

    @property
    def pact_total_km(self) -> float:
        return sum(self.pact_km.values())


def year_figures(geodata: Geodata, facts: Facts, borders: Borders, pairs: Iterable[Pair],
                 sizes: dict[str, float], year: int) -> YearFigures:
    members = alliance_areas(geodata, facts, year)
    russia_areas = bloc_areas(geodata, facts, borders.bloc(RUSSIA_BLOC), year)
    pact_areas = bloc_areas(geodata, facts, borders.bloc(PACT_BLOC), year)
    russia: dict[str, float] = {}
    pact: dict[str, float] = {}
    pact_pairs: dict[tuple[str, str], float] = {}
    russia_area_pairs: dict[str, set[tuple[str, str]]] = {}
    pact_area_pairs: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for pair in pairs:
        member = members.get(pair.nato_area)
        if member is None:
            continue
        areas = (pair.nato_area, pair.other_area)
        if pair.other_area in russia_areas:
            russia[member] = russia.get(member, 0.0) + pair.km
            russia_area_pairs.setdefault(member, set()).add(areas)
        if pair.other_area in pact_areas:
            pact[member] = pact.get(member, 0.0) + pair.km
            key = (member, pact_areas[pair.other_area])
            pact_pairs[key] = pact_pairs.get(key, 0.0) + pair.km
            pact_area_pairs.setdefault(key, set()).add(areas)
    russia_members = [m for m in borders.bloc(RUSSIA_BLOC).members if m.in_force(year)]
    return YearFigures(
        year=year,
        area_km2=sum(sizes[a] for a in members),
        russia_km=russia,
        russia_name=russia_members[0].name if russia_members else "",
        pact_km=pact,
        pact_pairs_km=pact_pairs,
        russia_area_pairs={k: frozenset(v) for k, v in russia_area_pairs.items()},
        pact_area_pairs={k: frozenset(v) for k, v in pact_area_pairs.items()},
    )


def all_year_figures(geodata: Geodata, facts: Facts, borders: Borders,
                     pairs: list[Pair]) -> dict[int, YearFigures]:
    sizes = area_km2(geodata)
    return {y: year_figures(geodata, facts, borders, pairs, sizes, y)
            for y in timeline.year_range()}


# -- the Türkiye page ----------------------------------------------------------------------


@dataclass(frozen=True)
class BorderPeriod:
    """Years in which Türkiye's borders with the Soviet Union and with Bulgaria (while in
    the Warsaw Pact) stayed the same."""

    start: int
    end: int
    ussr_km: float
    bulgaria_km: float


def turkiye_border_periods(figures: dict[int, YearFigures], since: int, member: str = "TUR",
                           pact_member: str = "BGR") -> list[BorderPeriod]:
    """A member's borders with the Soviet Union / Russia and with one Warsaw Pact member, as
    periods of unchanged (rounded) lengths from `since` (its accession year) on."""
    values = {year: (round(fig.russia_km.get(member, 0.0)),
                     round(fig.pact_pairs_km.get((member, pact_member), 0.0)))
              for year, fig in figures.items() if year >= since}
    changes = timeline.changes_only(values)
    ends = [start - 1 for start, _ in changes[1:]] + [max(values)]
    return [BorderPeriod(start, end, value[0], value[1])
            for (start, value), end in zip(changes, ends, strict=True)]


@dataclass(frozen=True)
class Distance:
    site: str
    place: str
    km: float
    place_citation: Citation


def distances_from(sites: Iterable[tuple[str, float, float]], places: Iterable[Place]
                   ) -> list[Distance]:
    """Geodesic distance (WGS 84, pyproj.Geod) from each (name, lat, lon) to each place."""
    places = list(places)
    result = []
    for name, lat, lon in sites:
        for place in places:
            _, _, metres = GEOD.inv(lon, lat, place.lon, place.lat)
            result.append(Distance(name, place.name, metres / 1000.0, place.citation))
    return result
