"""The static export (atlas/siteexport.py): complete, within 5 MB, byte-identical twice,
nothing from outside the folder, and hostile facts shown as text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlas import geography, geoview, siteexport
from atlas.__main__ import EXIT_OK, EXIT_USAGE, main
from atlas.facts import Facts
from atlas.geodata import Geodata, load_geodata
from atlas.i18n import LANGUAGES, translator
from atlas.mapassets import STATIC_DIR
from atlas.mapview import map_data_json
from atlas_testing.html_text import loaded_urls

REPO_DIR = Path(__file__).resolve().parents[2]
MAX_BYTES = 5_000_000
HOSTILE_MARKUP = ("<script>alert", "<img src=x")


@pytest.fixture(scope="module")
def geodata() -> Geodata:
    return load_geodata()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, facts: Facts, geodata: Geodata) -> Path:
    outdir = tmp_path_factory.mktemp("export") / "atlas"
    siteexport.export_site(outdir, facts, geodata)
    return outdir


def files_of(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes()
            for p in sorted(outdir.rglob("*")) if p.is_file()}


def test_the_folder_has_every_page_frame_and_data_file(exported: Path) -> None:
    names = set(files_of(exported))
    for language in LANGUAGES:
        assert siteexport.page_name(language) in names
        assert f"data/page-{language}.js" in names
        for mode in siteexport.MODES:
            assert siteexport.frame_name(language, mode) in names
            assert f"data/map-{language}-{mode}.js" in names
    assert {"about.html", "data/borders.js", "assets/atlas/map.js",
            "assets/atlas/year_control.classic.js", "assets/leaflet/LICENSE",
            "assets/topojson-client/LICENSE", "assets/export/page.js"} <= names


def test_the_folder_is_at_most_5_mb(exported: Path) -> None:
    assert siteexport.folder_size(exported) <= MAX_BYTES


def test_two_exports_are_byte_identical(tmp_path: Path, exported: Path, facts: Facts,
                                        geodata: Geodata) -> None:
    again = tmp_path / "again"
    siteexport.export_site(again, facts, geodata)
    first, second = files_of(exported), files_of(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_pages_load_only_files_of_the_folder(exported: Path) -> None:
    for path in sorted(exported.glob("*.html")):
        urls = loaded_urls(path.read_text(encoding="utf-8"))
        assert urls, path.name
        for url in urls:
            assert "://" not in url and not url.startswith(("/", "//")), (path.name, url)
            local = (exported / url.split("?")[0]).resolve()
            assert local.is_file() and exported.resolve() in local.parents, (path.name, url)


def test_no_address_of_the_live_app_remains(exported: Path) -> None:
    for name, data in files_of(exported).items():
        if name.endswith((".html", ".js", ".css")):
            assert b"/app/static" not in data or name.startswith("assets/"), name


def test_data_is_the_live_apps(exported: Path, facts: Facts, geodata: Geodata) -> None:
    """The map data is map_data_json's with the border layer, as atlas/cached.py builds it:
    one source of truth."""
    borders = geography.load_borders()
    tr = translator("tr")
    layer = geoview.border_layer_data(geodata, facts, borders,
                                        geography.border_pairs(geodata, facts, borders), tr)
    expected = map_data_json(facts, geodata, tr, presenter=True, border_layer=layer)
    text = (exported / "data" / "map-tr-presenter.js").read_text(encoding="utf-8")
    assert text.split("] = ", 1)[1] == expected + ";\n"
    page = (exported / "data" / "page-ar.js").read_text(encoding="utf-8")
    assert '"direction":"rtl"' in page and "member:TUR" in page


def test_rtl_pages_declare_their_direction(exported: Path) -> None:
    for language, direction in (("en", "ltr"), ("tr", "ltr"), ("ar", "rtl"), ("fa", "rtl")):
        head = (exported / siteexport.page_name(language)).read_text(encoding="utf-8")[:300]
        assert f'<html lang="{language}" dir="{direction}">' in head


def test_about_page_carries_provenance_and_licences(exported: Path) -> None:
    about = (exported / "about.html").read_text(encoding="utf-8")
    assert "countries.geojson.provenance.yaml" in about
    assert "Natural Earth" in about
    for licence in ("leaflet/LICENSE", "topojson-client/LICENSE", "fonts/LICENSE-Vazirmatn.txt"):
        assert licence in about
        assert (exported / "assets" / licence).is_file()


def test_year_control_becomes_a_classic_script() -> None:
    source = (STATIC_DIR / "atlas" / "year_control.js").read_text(encoding="utf-8")
    classic = siteexport.classic_year_control(source)
    assert "export default" not in classic and "import.meta" not in classic
    assert "window.natoAtlas.yearControl = function" in classic
    with pytest.raises(siteexport.ExportError):
        siteexport.classic_year_control(source.replace("import.meta.url", "x"))


def test_export_refuses_a_folder_that_is_not_an_export(tmp_path: Path) -> None:
    (tmp_path / "homework.txt").write_text("mine", encoding="utf-8")
    assert main(["export", str(tmp_path)]) == EXIT_USAGE
    assert (tmp_path / "homework.txt").exists()


def test_hostile_facts_show_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outdir = tmp_path / "hostile"
    code = main(["export", str(outdir), "--facts", str(REPO_DIR / "tests/fixtures/hostile")])
    assert code == EXIT_OK, capsys.readouterr().out
    seen_escaped = False
    for name, data in files_of(outdir).items():
        if name.startswith("assets/") or not name.endswith((".html", ".js")):
            continue
        text = data.decode("utf-8")
        for markup in HOSTILE_MARKUP:
            assert markup not in text, (name, markup)
        seen_escaped |= "&lt;script&gt;alert" in text
        # No value can close a <script> element of a page.
        if name.endswith(".html"):
            scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", text, flags=re.S)
            assert all("alert" not in script for script in scripts), name
    assert seen_escaped, "the hostile text should be there, as text"
