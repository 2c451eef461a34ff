"""The map's static files: the borders as TopoJSON (every area there, close to its source
shape) and content-addressed publishing (same content, same name; new content, new name)."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest

from atlas import mapassets
from atlas.geodata import Geodata, load_geodata


@pytest.fixture(scope="module")
def geodata() -> Geodata:
    return load_geodata()


@pytest.fixture(scope="module")
def areas(geodata: Geodata) -> gpd.GeoDataFrame:
    return mapassets.areas_frame(geodata)


@pytest.fixture(scope="module")
def topology(areas: gpd.GeoDataFrame) -> dict[str, object]:
    data: dict[str, object] = json.loads(mapassets.topology_json(areas))
    return data


def test_every_area_is_in_the_topology_by_id(topology: dict[str, object],
                                             geodata: Geodata) -> None:
    objects = topology["objects"]
    assert isinstance(objects, dict)
    ids = [g["id"] for g in objects[mapassets.TOPOLOGY_OBJECT]["geometries"]]
    assert sorted(ids) == sorted([*geodata.countries, *geodata.germany_pieces])
    assert "transform" in topology  # quantised


def test_decoded_shapes_stay_close_to_their_sources(areas: gpd.GeoDataFrame,
                                                    tmp_path: Path) -> None:
    # Decoded by GDAL's TopoJSON driver, an implementation independent of the encoder.
    path = tmp_path / "borders.topojson"
    path.write_text(mapassets.topology_json(areas), encoding="utf-8")
    decoded = gpd.read_file(path).set_index("id")
    source = areas.set_index("id").geometry
    for area_id in ("TUR", "NOR", "GDR", "WBER", "FRG", "ISL"):
        distance = source[area_id].hausdorff_distance(decoded.geometry[area_id])
        # Simplified to 0.02°, quantised to 0.0036°: a few hundredths of a degree at most.
        assert distance < 0.1, (area_id, distance)
        assert decoded.geometry[area_id].area == pytest.approx(source[area_id].area, rel=0.05)


def test_topology_is_much_smaller_than_the_source_geojson(areas: gpd.GeoDataFrame) -> None:
    geojson_bytes = len(areas.to_json().encode())
    assert len(mapassets.topology_json(areas).encode()) < geojson_bytes / 2


def test_publish_names_files_by_content(tmp_path: Path) -> None:
    first = mapassets.publish('{"a":1}', "map-en-screen", static_dir=tmp_path)
    again = mapassets.publish('{"a":1}', "map-en-screen", static_dir=tmp_path)
    other = mapassets.publish('{"a":2}', "map-en-screen", static_dir=tmp_path)
    assert first == again != other
    assert first.startswith(f"{mapassets.GENERATED}/map-en-screen.")
    assert (tmp_path / first).read_text(encoding="utf-8") == '{"a":1}'
    assert (tmp_path / other).read_text(encoding="utf-8") == '{"a":2}'
    # No temporary files left behind.
    assert sorted(p.name for p in (tmp_path / mapassets.GENERATED).iterdir()) == sorted(
        [Path(first).name, Path(other).name])


def test_publish_repairs_a_truncated_file(tmp_path: Path) -> None:
    name = mapassets.publish('{"complete":true}', "borders", static_dir=tmp_path)
    (tmp_path / name).write_text('{"compl', encoding="utf-8")
    assert mapassets.publish('{"complete":true}', "borders", static_dir=tmp_path) == name
    assert json.loads((tmp_path / name).read_text(encoding="utf-8")) == {"complete": True}


def test_the_frame_script_starts_the_data_fetch_then_holds_each_script(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "a.js").write_text("var a = 1;\n//# sourceMappingURL=a.js.map\n")
    (tmp_path / "lib" / "b.js").write_text("/* @preserve licence */ var b = a + 1")
    bundle = mapassets.frame_script(["lib/a.js", "lib/b.js"],
                                    ["gen/borders.1.json", "gen/map-en-screen.2.json"],
                                    static_dir=tmp_path)
    prologue = bundle.index('"gen/borders.1.json", "gen/map-en-screen.2.json"')
    assert prologue < bundle.index("var a = 1;") < bundle.index("/* @preserve licence */")
    assert "fetch(" in bundle[: bundle.index("var a = 1;")]
    assert "sourceMappingURL" not in bundle  # the copies' maps are not beside them
    assert bundle.rstrip().endswith(";")  # a file without a last semicolon ends its part


def test_the_frame_script_cannot_be_closed_by_a_name() -> None:
    bundle = mapassets.frame_script([], ["gen/</script>.json"])
    assert "</script>" not in bundle
