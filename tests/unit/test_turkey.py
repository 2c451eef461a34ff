"""The Türkiye page's queries and builders: sites and years, the timeline, perspectives, map."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from atlas import geography, labels, mapview
from atlas.fact_strings import source_hash
from atlas.facts import FACT_LANGUAGES, Facts, load_facts
from atlas.geodata import Geodata, load_geodata
from atlas.i18n import translator
from atlas.turkey import chart, fragments, queries
from atlas.turkey import map as turkey_map
from atlas_testing.html_text import FOLIUM_ID, shown_text

HOSTILE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
t = translator("en")
TKP = "Communist Party of Turkey (TKP)"


@pytest.fixture(scope="module")
def geodata() -> Geodata:
    return load_geodata()


def test_turkiye_sites_and_their_years(facts: Facts) -> None:
    sites = queries.hosted_sites(facts)
    assert [s.id for s in sites] == ["incirlik", "cigli", "konya", "kurecik", "landcom_izmir"] \
        or [s.id for s in sites] == ["incirlik", "cigli", "konya", "landcom_izmir", "kurecik"]
    labels = {s.id: queries.site_map_label(s, t) for s in sites}
    assert labels == {
        "incirlik": "İncirlik 1955–", "cigli": "Çiğli 1961–1970", "konya": "Konya the 1980s–",
        "kurecik": "Kürecik 2012–", "landcom_izmir": "LANDCOM 2012–",
    }
    assert all(s.host == "TUR" for s in sites)


def test_timeline_has_the_accession_with_its_sources(facts: Facts) -> None:
    entries = queries.timeline_entries(facts, t)
    first = entries[0]
    assert (first.kind, first.date, first.claimed_by) == ("accession", "1952-02-18", None)
    assert "fa-turkey-73-years-in-nato" in first.sources
    assert first.citations  # the member record's reference comes with it


def test_timeline_has_the_tkp_demand_as_a_claim(facts: Facts) -> None:
    entries = queries.timeline_entries(facts, t)
    demand = next(e for e in entries if e.ref == "event:tkp-withdrawal-demand-2025")
    assert demand.claimed_by == TKP
    assert demand.sources == ("en-tkp-turkey-must-leave-nato",)
    assert labels.claim_title(t, demand).startswith(f"Claim by {TKP}: ")
    html = fragments.entry_list_html(facts, entries, t)
    assert f"Claim by {TKP}" in shown_text(html)


def test_timeline_covers_sites_missions_and_the_israel_block(facts: Facts) -> None:
    entries = queries.timeline_entries(facts, t)
    opened = {e.site: e for e in entries if e.site}
    assert set(opened) == {s.id for s in queries.hosted_sites(facts)}
    assert {site: e.year for site, e in opened.items()} == {
        "incirlik": 1955, "cigli": 1961, "konya": 1980, "kurecik": 2012, "landcom_izmir": 2012}
    assert opened["cigli"].end == "1970" and "Jupiter" in opened["cigli"].title
    # The Kürecik event of the TKP report dates the site: one entry with source and references.
    assert opened["kurecik"].ref == "event:kurecik-radar-installed-2012"
    assert opened["kurecik"].sources and opened["kurecik"].citations
    refs = {e.ref for e in entries}
    assert {"event:turkiye-nmi-contributor-2018", "event:turkiye-kfor-command-2023",
            "event:turkiye-blocks-nato-israel-2023"} <= refs
    kfor = next(e for e in entries if e.ref == "event:turkiye-kfor-command-2023")
    assert queries.entry_when(kfor, t) == "2023–2024"
    assert [e.date.earliest() for e in entries] == sorted(e.date.earliest() for e in entries)
    assert all(e.sources or e.citations for e in entries)


def test_timeline_chart_numbers_every_entry_and_rows_claims_per_party(facts: Facts) -> None:
    entries = queries.timeline_entries(facts, t)
    fig = chart.build_timeline(facts, entries, t)
    numbers = [n for trace in fig.data if trace.text for n in trace.text]
    assert sorted(int(n) for n in numbers) == list(range(1, len(entries) + 1))
    labels = " ".join(fig.layout.yaxis.ticktext)
    assert f"Claim: {TKP}" in labels.replace("<br>", " ")
    assert "Kürecik 2012–" in labels
    claims = [trace for trace in fig.data if trace.name.startswith("claim:")]
    assert claims and all(trace.marker.symbol == "diamond" for trace in claims)


def test_montreux_quote_is_the_persian_passage(facts: Facts) -> None:
    quote = queries.montreux_quote(facts)
    assert quote is not None
    assert quote.source == "fa-turkey-73-years-in-nato"
    assert "مونترو" in quote.text
    assert "Montreux" in quote.translations["en"]
    assert "مونترو" in fragments.straits_note_html(facts, t)


def test_perspectives_group_quotes_per_source(facts: Facts) -> None:
    views = queries.perspectives(facts)
    ids = [v.source.id for v in views]
    assert {"fa-turkey-73-years-in-nato", "en-tkp-turkey-must-leave-nato",
            "en-turkey-blocks-nato-israel-cooperation"} <= set(ids)
    assert len(ids) == len(set(ids))
    for view in views:
        assert view.quotes
        assert all(q.source == view.source.id for q in view.quotes)
        assert all(queries.is_about_turkiye(facts, q) for q in view.quotes)
    shown = {q.id for v in views for q in v.quotes}
    about = {q.id for q in facts.quotes.values() if queries.is_about_turkiye(facts, q)}
    assert shown == about
    assert "isr-lead-blocked" in shown and "tkp-final-demand" in shown
    assert "arh-spain-1982" not in shown
    assert [len(v.quotes) for v in views] == sorted((len(v.quotes) for v in views), reverse=True)


def test_perspective_header_escapes_and_keeps_directions(facts: Facts, hostile: Facts) -> None:
    html = fragments.perspective_header_html(facts.sources["fa-turkey-73-years-in-nato"], t)
    assert "<bdi dir='rtl' lang='fa'>ناتو و نقش ترکیه</bdi>" in html
    assert "(NATO and Türkiye&#x27;s role)" in html
    assert "Perspective:" in html and "news feature" in shown_text(html)
    hostile_html = fragments.perspective_header_html(hostile.sources["en-sample-report"], t)
    assert "<script" not in hostile_html and "&lt;script&gt;" in hostile_html


def _rendered(facts: Facts, geodata: Geodata) -> str:
    """The map's HTML as the browser reads it: folium writes the icons' and popups' HTML
    into JSON strings, where "–" is "\\u2013" and "<" could be "\\u003c"."""
    html = turkey_map.build_map(facts, geodata, t).get_root().render()
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), html)


def test_map_is_offline_labelled_and_escaped(facts: Facts, geodata: Geodata) -> None:
    html = _rendered(facts, geodata)
    loaded = re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"([^\"]+)\"", html)
    assert loaded and all(url.startswith("/app/static/") for url in loaded)
    for label in ("Kürecik", "2012–", "Çiğli", "1961–1970", "LANDCOM", "İncirlik", "Konya",
                  "Bosphorus", "Dardanelles", "KFOR", "NATO Mission Iraq", "2023–2024"):
        assert label in html, label
    assert "مونترو" in html


def test_hostile_facts_stay_text_on_the_map(hostile: Facts, geodata: Geodata) -> None:
    html = _rendered(hostile, geodata)
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)" in html  # the passage is there, as text


def test_popups_cannot_break_out_of_folium_template_strings(tmp_path: Path,
                                                           geodata: Geodata) -> None:
    # folium writes popup and tooltip HTML between backticks: "${...}" would run there.
    facts_dir = tmp_path / "facts"
    shutil.copytree(HOSTILE_DIR, facts_dir)
    sites_file = facts_dir / "sites.yaml"
    sites = yaml.safe_load(sites_file.read_text(encoding="utf-8"))
    sites[0]["name"] = "Kürecik ${alert(1)} `x` \\u0041"
    sites[0]["role"] = "Radar ${alert(2)}`"
    sites_file.write_text(yaml.safe_dump(sites, allow_unicode=True), encoding="utf-8")
    for language in FACT_LANGUAGES:  # the translations, checked, made from the new English
        path = facts_dir / "translations" / f"{language}.yaml"
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name in ("name", "role"):
            tree["site"][sites[0]["id"]][name]["from_en"] = source_hash(sites[0][name])
        path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    html = turkey_map.build_map(load_facts(facts_dir), geodata, t).get_root().render()
    assert "${alert" not in html and "`x`" not in html
    assert "Kürecik &#36;{alert(1)} &#96;x&#96;" in html


def test_frame_holds_turkiye_and_the_mission_ends(facts: Facts, geodata: Geodata) -> None:
    (south, west), (north, east) = turkey_map.FRAME
    assert south <= 36 and north >= 42 and west <= 26 and east >= 44.8
    for mission_id, _, _ in turkey_map.MISSION_LINKS:
        mission = facts.missions[mission_id]
        assert south <= mission.lat <= north and west <= mission.lon <= east
    areas = turkey_map.areas_in_frame(geodata)
    assert {"TUR", "GRC", "BGR", "SYR", "IRQ", "XKX"} <= set(areas)
    assert "USA" not in areas  # Alaska crosses 180°: boxes are per polygon


def test_arrows_run_from_origin_to_the_mission() -> None:
    points = turkey_map.arc_points(turkey_map.ORIGIN, (42.6, 20.87), -0.15)
    assert points[0] == turkey_map.ORIGIN and points[-1] == pytest.approx((42.6, 20.87))
    head = turkey_map.arrow_head(points[-1], points[-4])
    assert head[0] == points[-1] and len(head) == 3


def test_izmir_labels_do_not_share_a_side(facts: Facts) -> None:
    sides = turkey_map.label_sides(queries.hosted_sites(facts))
    assert {sides["cigli"], sides["landcom_izmir"]} == {"nw", "sw"}
    assert sides["kurecik"] == "e"


def test_border_periods_and_distances_html(facts: Facts) -> None:
    geodata, borders = load_geodata(), geography.load_borders()
    figures = geography.all_year_figures(geodata, facts, borders,
                                         geography.border_pairs(geodata, facts, borders))
    en = translator("en")
    periods = fragments.border_periods_html(facts, borders, figures, en)
    joined = facts.members["TUR"].accession_date.year
    assert periods.startswith(f"<ul class='atlas-geo-periods'><li><strong>{joined}–")
    assert "with Warsaw Pact Bulgaria" in periods
    assert "(official figure 240 km, Library of Congress Country Study" in periods
    # The references of the official lengths and of the blocs' dates, each once.
    assert periods.count("<bdi>Warsaw Pact</bdi>") == 1
    assert "Land boundaries: Bulgaria 240 km." in periods
    distances = fragments.distances_html(facts, borders, en)
    listed = distances[:distances.index("</ul>")]
    assert listed.count("<li>") == len(fragments.DISTANCE_SITES) * len(borders.places)
    assert "İncirlik → Baghdad: 911 km" in listed
    # Each place's reference once, with the atlas's note on it.
    assert distances.count("<bdi>Baghdad</bdi>") == 1 and "44°21′58″E" in distances


def test_the_map_document_is_the_same_bytes_each_time(facts: Facts, geodata: Geodata) -> None:
    """The document static/gen/ holds is named by its content: two processes (or two starts)
    must render the same bytes, or each would write its own and no browser cache would hold."""
    first, second = (mapview.document_html(turkey_map.build_map(facts, geodata, t, height="100%"))
                     for _ in range(2))
    assert first == second
    assert not FOLIUM_ID.search(first)  # none of folium's random ids is left
    # Every popup's content is the variable its script defines (a child renamed with its id).
    contents = re.findall(r"\.setContent\((\w+)\)", first)
    assert contents and all(f"var {name} = " in first for name in contents)
    assert "height: 100.0%" in first
