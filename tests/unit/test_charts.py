"""The Timeline page's figures: member counts, wave labels, hover text, the source filter."""

from __future__ import annotations

from atlas import cached, charts, timeline
from atlas.facts import Facts
from atlas.i18n import translator
from atlas_testing.html_text import shown_text

t = translator("en")


def _steps(fig):  # the first trace is the step line over every year
    trace = fig.data[0]
    return list(trace.x), list(trace.y)


def test_step_chart_counts_members_at_every_wave(facts: Facts) -> None:
    fig = charts.build_membership_chart(facts, t)
    xs, ys = _steps(fig)
    assert xs == list(timeline.year_range())
    assert fig.data[0].line.shape == "hv"
    for wave in timeline.accession_waves(facts):
        assert ys[xs.index(wave)] == len(timeline.members_at(facts, wave))
    assert ys[xs.index(1999)] == 19
    assert ys[xs.index(2024)] == 32


def test_every_wave_is_annotated_with_its_year_and_count(facts: Facts) -> None:
    fig = charts.build_membership_chart(facts, t)
    labels = {a.name: a for a in fig.layout.annotations if (a.name or "").startswith("wave-")}
    waves = timeline.accession_waves(facts)
    assert set(labels) == {f"wave-{w}" for w in waves}
    for wave in waves:
        label = labels[f"wave-{wave}"]
        assert (label.x, label.y) == (wave, len(timeline.members_at(facts, wave)))
        assert str(wave) in label.text
        assert str(len(timeline.members_at(facts, wave))) in label.text
    assert "19 (+3)" in labels["wave-1999"].text


def test_wave_labels_do_not_cover_each_other(facts: Facts) -> None:
    fig = charts.build_membership_chart(facts, t)
    boxes = [(a.ax, a.ay) for a in fig.layout.annotations if (a.name or "").startswith("wave-")]
    for i, (x1, y1) in enumerate(boxes):
        for x2, y2 in boxes[i + 1:]:
            assert abs(x1 - x2) >= charts.LABEL_WIDTH or abs(y1 - y2) >= charts.LABEL_HEIGHT


def test_hover_of_1999_lists_who_joined(facts: Facts) -> None:
    fig = charts.build_membership_chart(facts, t)
    xs, _ = _steps(fig)
    hover = fig.data[0].hovertext[xs.index(1999)]
    assert "Joined: Czechia, Hungary and Poland" in hover
    assert "19 members" in hover
    assert "Joined" not in fig.data[0].hovertext[xs.index(2000)]


def test_points_carry_their_year_for_selection(facts: Facts) -> None:
    fig = charts.build_membership_chart(facts, t)
    assert [c[0] for c in fig.data[0].customdata] == list(timeline.year_range())
    assert charts.year_from_points([{"x": 1999, "customdata": [1999]}]) == 1999
    assert charts.year_from_points([{"x": 1952}]) == 1952
    assert charts.year_from_points([{"x": "2018-10-16", "customdata": [2018]}]) == 2018
    assert charts.year_from_points([]) is None
    assert charts.year_from_points(None) is None


def test_shared_year_is_marked(facts: Facts) -> None:
    fig = charts.build_membership_chart(facts, t, shared_year=1990)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert [s.x0 for s in lines] == [1990]
    assert any(a.name == "shared-year" and "1990" in a.text for a in fig.layout.annotations)
    assert not charts.build_membership_chart(facts, t).layout.shapes


def test_event_filter_keeps_only_that_sources_events(facts: Facts) -> None:
    for source in charts.sources_with_events(facts):
        kept = charts.filter_events(facts, [source.id])
        assert kept, source.id
        assert all(source.id in e.sources for e in kept)
        expected = {e.id for e in facts.events.values() if source.id in e.sources}
        assert {e.id for e in kept} == expected
        assert [e.date.sort_key() for e in kept] == sorted(e.date.sort_key() for e in kept)
    assert charts.filter_events(facts, []) == []
    everything = charts.filter_events(facts, [s.id for s in charts.sources_with_events(facts)])
    assert len(everything) == len(facts.events)


def test_events_chart_has_one_row_per_chosen_source(facts: Facts) -> None:
    chosen = ["en-tkp-turkey-must-leave-nato", "fa-turkey-73-years-in-nato"]
    events = charts.filter_events(facts, chosen)
    fig = charts.build_events_chart(facts, events, t, source_ids=chosen, shared_year=2000)
    assert len(fig.layout.yaxis.tickvals) == 2
    points = sum(len(trace.x) for trace in fig.data)
    assert points == sum(len(set(e.sources) & set(chosen)) for e in events)
    claims = next(trace for trace in fig.data if trace.name == "claims")
    assert claims.marker.symbol == "diamond"
    assert any("Claim by Communist Party of Turkey (TKP)" in h for h in claims.hovertext)


def test_event_list_frames_claims_and_escapes(facts: Facts, hostile: Facts) -> None:
    events = charts.filter_events(facts, ["en-tkp-turkey-must-leave-nato"])
    html = charts.event_list_html(facts, events, t)
    assert "Claim by Communist Party of Turkey (TKP)" in shown_text(html)
    assert "<bdi>Communist Party of Turkey (TKP)</bdi>" in html
    assert "2 July 2025" in html
    assert "No source chosen" in charts.event_list_html(facts, [], t)
    hostile_html = charts.event_list_html(hostile, list(hostile.events.values()), t)
    assert "<script" not in hostile_html


def test_plot_text_is_escaped_but_keeps_quotes(facts: Facts) -> None:
    assert charts.plot_text('a <b> & "c"') == 'a &lt;b&gt; &amp; "c"'
    assert "<script" not in charts.wrap_html("<script>alert(1)</script>")


def test_hostile_source_names_stay_text(hostile: Facts) -> None:
    events = charts.filter_events(hostile, list(hostile.sources))
    fig = charts.build_events_chart(hostile, events, t, source_ids=list(hostile.sources))
    text = str(fig.to_plotly_json())
    assert "<script" not in text


def test_right_to_left_labels_are_isolated_lines() -> None:
    wrapped = charts.wrap_html("ادعا: Communist Party of Turkey (TKP)", 20, "rtl")
    lines = wrapped.split("<br>")
    assert len(lines) == 3
    assert all(line.startswith(charts.RLI) and line.endswith(charts.PDI) for line in lines)
    assert charts.RLI not in charts.wrap_html("Claim: TKP", 20)


# --- Shared charts: built once per language, the year the map shows added per run ----------

def test_the_year_overlay_is_what_plotly_itself_draws(facts: Facts) -> None:
    """The overlay skips plotly's validation, so it must be what add_vline would write."""
    members = charts.membership_figure(facts, t)
    members.add_vline(x=1990, line={"color": charts.SHARED_YEAR_COLOUR, "width": 3,
                                    "dash": "dash"})
    overlay = charts.membership_overlay(facts, t, 1990)
    assert [s.to_plotly_json() for s in members.layout.shapes] == list(overlay.shapes)

    geography = charts.geography_figure(cached.year_figures(), facts, t)
    geography.add_vline(x=2004, line={"color": charts.SHARED_YEAR_COLOUR, "width": 3,
                                      "dash": "dash"})
    assert [s.to_plotly_json() for s in geography.layout.shapes] == list(
        charts.geography_overlay(2004).shapes)


def test_a_shared_chart_takes_each_runs_year_and_stays_as_it_was(facts: Facts) -> None:
    shared = charts.chart_json(charts.membership_figure(facts, t))
    before = shared[:]
    in_1990 = charts.with_year(shared, charts.membership_overlay(facts, t, 1990))
    in_2004 = charts.with_year(shared, charts.membership_overlay(facts, t, 2004))
    assert [s.x0 for s in in_1990.layout.shapes] == [1990]
    assert [s.x0 for s in in_2004.layout.shapes] == [2004]
    marked = [trace for trace in in_2004.data if trace.name == "shared"]
    assert [list(trace.x) for trace in marked] == [[2004]]
    assert list(marked[0].y) == [len(timeline.members_at(facts, 2004))]
    assert shared == before and '"shared-year"' not in shared  # the year is never in it
    # Everything else is the chart as plotly built it.
    assert in_1990.data[: len(in_1990.data) - 1] == charts.membership_figure(facts, t).data


def test_the_timeline_charts_are_built_once_per_language(facts: Facts) -> None:
    assert cached.membership_chart("en") is cached.membership_chart("en")
    assert cached.membership_chart("fa") is not cached.membership_chart("en")
    first, second = (s.id for s in charts.sources_with_events(facts)[:2])
    assert cached.events_chart("en", (first, second)) is cached.events_chart("en", (second, first))
    assert cached.geography_chart("en") is cached.geography_chart("en")
