"""What the atlas computes from the borders: lengths and areas on small fixture shapes
against values worked out another way, and on the real borders against official figures and
the classroom facts (only Norway and Türkiye bordered the USSR; Finland doubled the border)."""

from __future__ import annotations

import itertools
import math

import geopandas as gpd
import pytest
import shapely

from atlas import geography as g
from atlas import geoview, timeline
from atlas.facts import Facts
from atlas.geodata import Geodata, load_geodata
from atlas.i18n import translator

# Natural Earth 1:50m straightens rivers and winding borders: the issue asks for 30 %.
OFFICIAL_TOLERANCE = 0.30
EARTH_RADIUS_KM = 6371.0088  # mean radius, for the spherical cross-checks


def _box(west: float, south: float, east: float, north: float) -> shapely.Polygon:
    return shapely.box(west, south, east, north)


def _spherical_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance: an independent, slightly different (spherical) method."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


# -- fixture geometries --------------------------------------------------------------------


def test_shared_border_of_two_boxes_is_their_common_edge() -> None:
    west, east = _box(10, 50, 11, 51), _box(11, 50, 12, 51)
    line = g.shared_border(west, east)
    # The common edge is the meridian 11°E from 50°N to 51°N; the tolerance may add up to
    # its own width of the outline at each end.
    edge = _spherical_km(50, 11, 51, 11)
    ends = 2 * g.SHARED_TOLERANCE_M / 1000
    assert edge * 0.99 <= g.geodesic_km(line) <= edge * 1.01 + ends
    assert line.distance(shapely.Point(11, 50.5)) < 1e-6


def test_shared_border_bridges_a_gap_narrower_than_the_tolerance() -> None:
    # 0.003° of longitude at 50°N is about 215 m: a rounding gap, bridged.
    west, east = _box(10, 50, 11, 51), _box(11.003, 50, 12, 51)
    assert g.geodesic_km(g.shared_border(west, east)) == pytest.approx(
        _spherical_km(50, 11, 51, 11), rel=0.03)


def test_boxes_further_apart_than_the_tolerance_share_no_border() -> None:
    west, east = _box(10, 50, 11, 51), _box(11.05, 50, 12, 51)  # about 3.6 km apart
    assert g.shared_border(west, east).is_empty


def test_boxes_touching_at_a_corner_share_no_length() -> None:
    line = g.shared_border(_box(10, 50, 11, 51), _box(11, 51, 12, 52))
    assert g.geodesic_km(line) < 2 * g.SHARED_TOLERANCE_M / 1000


def test_geodesic_length_of_an_equator_degree() -> None:
    # One degree of the equator on WGS 84: 2π·6378.137 km / 360.
    line = shapely.LineString([(0, 0), (1, 0)])
    assert g.geodesic_km(line) == pytest.approx(2 * math.pi * 6378.137 / 360, rel=1e-6)


def test_equal_area_size_of_a_box_matches_the_spherical_formula(geodata: Geodata) -> None:
    # A 1°×1° box's area on a sphere: R²·Δλ·(sin φ2 − sin φ1).
    box = _box(20, 40, 21, 41)
    frame = geodata.frame.iloc[:1].copy()
    frame.loc[frame.index[0], "geometry"] = box
    measured = g.area_km2(Geodata(countries={}, germany_pieces={}, frame=frame))
    expected = EARTH_RADIUS_KM ** 2 * math.radians(1) * (
        math.sin(math.radians(41)) - math.sin(math.radians(40)))
    assert next(iter(measured.values())) == pytest.approx(expected, rel=0.01)


def test_changes_only_keeps_first_year_and_changes() -> None:
    values = {1990: 1, 1991: 1, 1992: 2, 1993: 2, 1994: 1}
    assert timeline.changes_only(values) == [[1990, 1], [1992, 2], [1994, 1]]


# -- the real borders ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def geodata() -> Geodata:
    return load_geodata()


@pytest.fixture(scope="module")
def borders() -> g.Borders:
    return g.load_borders()


@pytest.fixture(scope="module")
def pairs(geodata: Geodata, facts: Facts, borders: g.Borders) -> list[g.Pair]:
    return g.border_pairs(geodata, facts, borders)


@pytest.fixture(scope="module")
def figures(geodata: Geodata, facts: Facts, borders: g.Borders,
            pairs: list[g.Pair]) -> dict[int, g.YearFigures]:
    return g.all_year_figures(geodata, facts, borders, pairs)


def test_borders_file_is_clean(geodata: Geodata) -> None:
    assert g.check_borders(geodata) == []


def test_reference_lengths_are_within_30_percent(borders: g.Borders,
                                                 pairs: list[g.Pair]) -> None:
    assert borders.reference_lengths
    for ref in borders.reference_lengths:
        others = set(ref.other)
        computed = sum(p.km for p in pairs if p.nato_area == ref.nato and p.other_area in others)
        assert computed == pytest.approx(ref.km, rel=OFFICIAL_TOLERANCE), (ref.nato, ref.other)


def test_until_1991_only_norway_and_turkiye_bordered_the_ussr(
    figures: dict[int, g.YearFigures], facts: Facts
) -> None:
    turkiye_joined = facts.members["TUR"].accession_date.year
    for year in range(timeline.year_range().start, 1992):
        expected = {"NOR", "TUR"} if year >= turkiye_joined else {"NOR"}
        assert set(figures[year].russia_km) == expected, year
        assert figures[year].russia_name == "Soviet Union"
    assert "TUR" not in figures[1992].russia_km
    assert figures[1992].russia_name == "Russia"


def test_finland_roughly_doubled_the_border_with_russia(
    figures: dict[int, g.YearFigures], facts: Facts
) -> None:
    joined = facts.members["FIN"].accession_date.year
    before, after = figures[joined - 1], figures[joined]
    assert "FIN" not in before.russia_km
    assert 1.7 < after.russia_total_km / before.russia_total_km < 2.7


def test_inner_german_border_is_on_the_front_line(figures: dict[int, g.YearFigures],
                                                  borders: g.Borders) -> None:
    official = next(r for r in borders.reference_lengths if r.other == ["GDR"]).km
    inner = figures[1960].pact_pairs_km[("DEU", "DDR")]
    assert inner == pytest.approx(official, rel=OFFICIAL_TOLERANCE)
    # Before the GDR's army joined the pact (January 1956) the line was not the pact's.
    assert ("DEU", "DDR") not in figures[1955].pact_pairs_km


def test_warsaw_pact_years(figures: dict[int, g.YearFigures]) -> None:
    assert figures[1954].pact_km == {}
    assert figures[1991].pact_km
    assert figures[1992].pact_km == {}
    # Albania withdrew in 1968: Greece's border with it leaves the front line in 1969.
    assert ("GRC", "ALB") in figures[1968].pact_pairs_km
    assert ("GRC", "ALB") not in figures[1969].pact_pairs_km


def test_alliance_area_grows_by_the_saar_in_1957(figures: dict[int, g.YearFigures],
                                                 geodata: Geodata) -> None:
    saar = g.area_km2(geodata)["SAAR"]
    assert saar == pytest.approx(2570, rel=0.1)  # the Saarland: 2,570 km² (Statistisches Bundesamt)
    assert figures[1957].area_km2 - figures[1956].area_km2 == pytest.approx(saar, rel=1e-6)


def test_alliance_area_is_the_sum_of_its_members(figures: dict[int, g.YearFigures],
                                                 geodata: Geodata, facts: Facts) -> None:
    members = g.alliance_areas(geodata, facts, 2004)
    union = shapely.union_all([geodata.area(a).shape for a in members])
    measured = gpd.GeoSeries([union], crs=geodata.frame.crs).to_crs(g.EQUAL_AREA_CRS).area[0]
    assert figures[2004].area_km2 == pytest.approx(measured / 1e6, rel=1e-3)


def test_drawn_areas_frame(geodata: Geodata, facts: Facts) -> None:
    frame = g.drawn_areas(geodata, facts, 1956)
    assert frame.loc["FRG", "member"] == "DEU"
    assert frame.loc["SAAR", "member"] == ""
    assert "DEU" not in frame.index
    assert g.drawn_areas(geodata, facts, 1991).loc["DEU", "member"] == "DEU"


def test_border_layer_follows_the_years(geodata: Geodata, facts: Facts, borders: g.Borders,
                                        pairs: list[g.Pair]) -> None:
    data = geoview.border_layer_data(geodata, facts, borders, pairs, translator("en"))
    by_id = {f["properties"]["id"]: f["properties"] for f in data["features"]}

    def shown(feature_id: str, year: int) -> bool:
        changes = by_id[feature_id]["visible"]
        return bool([v for y, v in changes if y <= year][-1])

    fin = by_id["ussr_russia-FIN-RUS"]
    joined = facts.members["FIN"].accession_date.year
    assert fin["visible"] == [[timeline.year_range().start, False], [joined, True]]
    assert shown("ussr_russia-NOR-RUS", 1960) and shown("warsaw_pact-NOR-RUS", 1960)
    assert not shown("warsaw_pact-NOR-RUS", 1992)
    assert shown("warsaw_pact-FRG-GDR", 1989) and not shown("warsaw_pact-FRG-GDR", 1990)
    for feature in data["features"]:
        assert feature["geometry"]["type"] in ("LineString", "MultiLineString")
        changes = feature["properties"]["visible"]
        assert all(a[1] != b[1] for a, b in itertools.pairwise(changes))


class _Hostile:
    """A translator whose every text is markup: what reaches HTML must arrive escaped."""

    language = "en"

    def __call__(self, key: str, **values: object) -> str:
        return f"<b>{key}</b> " + " ".join(str(v) for v in values.values())

    def country(self, iso: str, english_name: str) -> str:
        return f"<script>{iso}</script>"

    def number(self, value: object) -> str:
        return str(value)

    def measure(self, value: float, decimals: int = 0) -> str:
        return f"<i>{value:.{decimals}f}</i>"


def test_figures_html_escapes_every_text(facts: Facts, borders: g.Borders,
                                         figures: dict[int, g.YearFigures]) -> None:
    html = geoview.figures_html(facts, borders, figures[1960], _Hostile())  # type: ignore[arg-type]
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;TUR" in html and "&lt;i&gt;" in html


def test_figures_html_names_the_official_figure(facts: Facts, borders: g.Borders,
                                                figures: dict[int, g.YearFigures]) -> None:
    html = geoview.figures_html(facts, borders, figures[2024], translator("en"))
    assert "Finland 1,165 km (official figure 1,340 km, Wikipedia)" in html
    assert "Warsaw Pact" in html  # "no Warsaw Pact": it ended in 1991
    cold_war = geoview.figures_html(facts, borders, figures[1960], translator("en"))
    assert "Land border with the Soviet Union: " in cold_war
    # The inner-German border on the front line, beside its official length.
    inner = round(figures[1960].pact_pairs_km[("DEU", "DDR")])
    assert (f"West Germany (Federal Republic of Germany) – East Germany {inner:,} km "
            "(official figure 1,393 km") in cold_war


def test_turkiye_border_periods(figures: dict[int, g.YearFigures], facts: Facts) -> None:
    joined = facts.members["TUR"].accession_date.year
    periods = g.turkiye_border_periods(figures, joined)
    assert periods[0].start == joined and periods[-1].end == timeline.last_year()
    assert all(a.end + 1 == b.start for a, b in itertools.pairwise(periods))
    by_year = {y: p for p in periods for y in range(p.start, p.end + 1)}
    assert by_year[1960].ussr_km > 0 and by_year[1960].bulgaria_km > 0
    assert by_year[1954].bulgaria_km == 0  # the pact was founded in 1955
    assert by_year[1992].ussr_km == 0 and by_year[1992].bulgaria_km == 0


def test_distances_are_geodesic(borders: g.Borders, facts: Facts) -> None:
    incirlik = facts.sites["incirlik"]
    distances = g.distances_from([("İncirlik", incirlik.lat, incirlik.lon)], borders.places)
    assert len(distances) == len(borders.places)
    for distance, place in zip(distances, borders.places, strict=True):
        # The ellipsoid and the sphere differ by well under 1 % over these distances.
        expected = _spherical_km(incirlik.lat, incirlik.lon, place.lat, place.lon)
        assert distance.km == pytest.approx(expected, rel=0.01), place.id

