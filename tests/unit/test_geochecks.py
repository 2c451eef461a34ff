"""Checks that need geometry: the real facts pass; each kind of mistake is reported once,
with file, record and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import shapely

from atlas import geochecks
from atlas.facts import Facts
from atlas.geodata import DEFAULT_GEODATA_DIR, Geodata, load_geodata

SAARBRUECKEN = (49.2333, 7.0)


def test_real_facts_pass(facts: Facts) -> None:
    assert geochecks.check_geometry(facts, load_geodata()) == []


def test_host_follows_the_territory_changes(facts: Facts) -> None:
    """A site in Saarbrücken is in West Germany from 1957, not before."""
    geodata = load_geodata()
    point = shapely.Point(SAARBRUECKEN[1], SAARBRUECKEN[0])
    assert not geochecks.host_shape(geodata, facts, "DEU", 1956).contains(point)
    assert geochecks.host_shape(geodata, facts, "DEU", 1957).contains(point)
    assert geochecks.host_shape(geodata, facts, "DEU", 2000).contains(point)


def test_invalid_area_is_reported(facts: Facts) -> None:
    geodata = load_geodata()
    frame = geodata.frame.copy()
    frame.loc["BEL", "geometry"] = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    broken = Geodata(geodata.countries, geodata.germany_pieces, frame)
    problems = geochecks.check_areas(broken, DEFAULT_GEODATA_DIR)
    assert [(p.record, p.field) for p in problems] == [("BEL", "geometry")]
    assert "Self-intersection" in problems[0].message


def test_unknown_area_in_borders_file_is_reported(tmp_path: Path) -> None:
    geodata_dir = tmp_path / "geodata"
    shutil.copytree(DEFAULT_GEODATA_DIR, geodata_dir)
    path = geodata_dir / "borders.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("areas: [HUN]", "areas: [HUX]", 1), "utf-8")
    problems = geochecks.check_borders(load_geodata(geodata_dir), geodata_dir)
    assert [str(p) for p in problems] == [
        "geodata/borders.yaml: warsaw_pact/HUN: blocs.1.members.3.areas.0: unknown area HUX"]
