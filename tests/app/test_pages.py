"""The app as Streamlit runs it (AppTest): every page starts, the URL sets the view, bad URL
parameters and broken facts read as messages, never as tracebacks."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from atlas import cards, timeline
from atlas.facts import load_facts
from atlas.i18n import Translator
from atlas.mapassets import STATIC_DIR
from atlas_testing.html_text import without_folium_ids, words

REPO_DIR = Path(__file__).resolve().parents[2]
FIXTURES_DIR = REPO_DIR / "tests" / "fixtures"
MakeApp = Callable[..., AppTest]  # the make_app fixture of tests/app/conftest.py
EN = Translator("en")
PAGES = sorted(f"pages/{p.name}" for p in (REPO_DIR / "pages").glob("*.py"))


def shown_texts(at: AppTest) -> list[str]:
    """The text of every markdown and st.html element, as a reader sees it."""
    texts = [m.value.lstrip("#").strip() for m in at.markdown]
    texts += [words(h.value) for h in at.html]
    return texts


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def elements(node: Any) -> list[Any]:
    found = [node]
    for child in getattr(node, "children", {}).values():
        found += elements(child)
    return found


def map_component_args(at: AppTest) -> dict[str, Any]:
    """The arguments of the map component (streamlit-folium), which AppTest cannot render."""
    maps = [e for e in elements(at._tree)
            if getattr(e, "type", None) == "component_instance"
            and "json_args" in {f.name for f, _ in e.proto.ListFields()}]
    assert len(maps) == 1
    args: dict[str, Any] = json.loads(maps[0].proto.json_args)
    return args


# --- every page ----------------------------------------------------------------------------

def test_app_starts_on_the_map(make_app: MakeApp) -> None:
    at = run(make_app())
    assert at.title[0].value == EN("map.title")
    caption = cards.year_caption(load_facts(), timeline.last_year(), EN)
    assert any(text.startswith(caption) for text in shown_texts(at)), shown_texts(at)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(make_app: MakeApp, page: str) -> None:
    at = run(make_app())
    run(at.switch_page(page))
    assert at.title, page
    assert at.title[0].value.strip()


def test_map_page_caption_and_panel_from_url(make_app: MakeApp) -> None:
    at = run(make_app(year="1999", item="kurecik"))
    assert any(text.startswith(
        "1999: Czechia, Hungary and Poland joined (12 March); KFOR began (12 June)")
        for text in shown_texts(at)), shown_texts(at)
    panels = [h.value for h in at.html if "class='atlas-item'" in h.value]
    assert len(panels) == 1
    assert "Kürecik" in words(panels[0])
    # The URL is rewritten to the resolved view, so it can be shared as is.
    assert at.query_params["year"] == "1999"
    assert at.query_params["item"] == "site:kurecik"


def test_map_component_is_offline(make_app: MakeApp) -> None:
    args = map_component_args(run(make_app()))
    assert "window.natoAtlas.boot(" in args["script"]
    links = list(args["js_links"]) + list(args["css_links"])
    # One script, written into static/gen/ and holding the vendored Leaflet.
    [frame_script] = args["js_links"]
    assert frame_script.startswith("/app/static/gen/frame-map-en-screen.")
    served = STATIC_DIR / frame_script.removeprefix("/app/static/")
    assert "Leaflet 1.9.4" in served.read_text(encoding="utf-8")
    for link in links:
        assert link.startswith("/app/static/"), link
    for part in ("script", "header", "html"):
        assert "http://" not in (args.get(part) or "")
        assert "https://" not in (args.get(part) or "")


def test_map_component_is_the_same_for_every_session(make_app: MakeApp) -> None:
    """Two sessions get the same map, byte for byte once folium's element ids are set aside:
    nothing per session is built into it, so it costs no map build and leaks nothing."""
    first, second = (map_component_args(run(make_app(year="1990"))) for _ in range(2))
    for part in ("script", "header", "html"):
        assert without_folium_ids(first[part]) == without_folium_ids(second[part])
    assert len(first["script"]) < 20_000  # a shell naming its data files, not the data


def test_data_page_tables_and_search(make_app: MakeApp) -> None:
    at = run(make_app())
    run(at.switch_page("pages/data.py"))
    facts = load_facts()
    members = at.dataframe[0].value
    assert len(members) == len(facts.members)
    at.text_input(key="data_search").input("Türkiye")
    run(at)
    members = at.dataframe[0].value
    assert list(members[EN("data.col_name")]) == ["Türkiye"]


def test_persian_view_uses_persian_digits(make_app: MakeApp) -> None:
    at = run(make_app(year="1999", lang="fa"))
    assert any(text.startswith("۱۹۹۹") for text in shown_texts(at)), shown_texts(at)


# --- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("param", "value"),
    [("year", "abc"), ("year", "1948"), ("year", "²⁰⁰⁰"), ("item", "<script>alert(1)</script>"),
     ("lang", "xx")],
)
def test_bad_parameter_shows_a_warning(make_app: MakeApp, param: str, value: str) -> None:
    at = run(make_app(**{param: value}))
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1
    assert f"{param}=" in warnings[0]
    assert EN("map.title") == at.title[0].value  # the page still shows


def test_leaving_presenter_mode_by_its_button(make_app: MakeApp) -> None:
    at = run(make_app(present="1", year="1999"))
    assert not at.title and "present" in at.query_params
    at.button(key="leave_presenter").click()
    run(at)
    assert at.title[0].value == EN("map.title")  # the ordinary map, in the same run
    assert "present" not in at.query_params and at.query_params["year"] == "1999"
    assert not [b for b in at.button if b.key == "leave_presenter"]


def test_a_bad_value_is_shown_as_text_not_markdown(make_app: MakeApp) -> None:
    """A crafted address cannot put a link (or emphasis) into the notice that echoes it."""
    at = run(make_app(item="[x](http://evil) *y*"))
    (warning,) = [w.value for w in at.warning]
    assert "item=\\[x\\]\\(http://evil\\) \\*y\\*" in warning


def test_bad_year_falls_back_to_this_year(make_app: MakeApp) -> None:
    at = run(make_app(year="abc"))
    assert at.query_params["year"] == str(timeline.last_year())


def test_broken_facts_show_the_problems(make_app: MakeApp, tmp_path: Path) -> None:
    broken = tmp_path / "facts"
    shutil.copytree(FIXTURES_DIR / "valid", broken)
    quotes = broken / "quotes.yaml"
    text = quotes.read_text(encoding="utf-8")
    assert text.count("have served in KFOR") == 1
    quotes.write_text(text.replace("have served in KFOR", "have fought in KFOR"),
                      encoding="utf-8")
    at = run(make_app(facts_dir=broken))
    assert at.title[0].value == EN("errors.facts_title")
    problems = "\n".join(c.value for c in at.code)
    assert "quotes.yaml: en-kfor-service: text: " in problems
    assert "not verbatim" in problems
    assert not at.dataframe


def test_fixture_facts_load_in_the_app(make_app: MakeApp) -> None:
    """The valid fixture runs the app: the broken-facts test fails for its edit alone."""
    at = run(make_app(facts_dir=FIXTURES_DIR / "valid", item="kfor"))
    assert at.title[0].value == EN("map.title")


def test_hostile_facts_shown_as_text(make_app: MakeApp) -> None:
    at = run(make_app(facts_dir=FIXTURES_DIR / "hostile", year="1999", item="kfor"))
    panels = [h.value for h in at.html if "class='atlas-item'" in h.value]
    assert len(panels) == 1
    assert "<script>" not in panels[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in panels[0]
    args = map_component_args(at)
    assert "<script>alert" not in args["script"]
    assert "<img src=x" not in args["script"]


def test_members_table_and_downloads_follow_the_year(make_app: MakeApp) -> None:
    at = make_app(year="1999").run()
    assert not at.exception
    # Off by default, so that a year step does not send them: no table yet.
    assert not at.dataframe
    at.toggle(key="members_table").set_value(True).run()
    table = at.dataframe[0].value
    assert "Poland" in set(table.iloc[:, 0]) and "Estonia" not in set(table.iloc[:, 0])
    assert len(table) == 19
    downloads = [b for b in at.get("download_button")]
    assert len(downloads) == 3  # CSV, GeoJSON and GeoPackage


def test_computed_figures_follow_the_year(make_app: MakeApp) -> None:
    at = make_app(year="1960").run()
    assert not any("Computed from the borders" in h.value for h in at.get("html"))
    at.toggle(key="year_figures").set_value(True).run()
    assert not at.exception
    shown = "".join(h.value for h in at.get("html"))
    assert "Computed from the borders, 1960" in shown
    assert "Warsaw Pact" in shown
