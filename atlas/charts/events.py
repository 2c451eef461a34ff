"""The Timeline's events: which sources mention events, the events a choice of sources
mentions, their chart (one row per source, claims as orange diamonds) and their list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import plotly.graph_objects as go

from atlas import labels, timeline
from atlas.charts.base import (
    AXIS_FONT,
    CLAIM_COLOUR,
    FACT_COLOUR,
    FONT_SIZE,
    WRAP,
    base_layout,
    midpoint,
    plot_text,
    wrap_html,
)
from atlas.charts.shared import YearOverlay, chart_json, with_year, year_line
from atlas.facts import Facts
from atlas.i18n import Translator
from atlas.markup import render, stylesheet
from atlas.models import Event, Source
from atlas.palette import GRID, WHITE


def sources_with_events(facts: Facts) -> list[Source]:
    """The sources that mention at least one event, in the order of sources.yaml."""
    used = {sid for e in facts.events.values() for sid in e.sources}
    return [s for s in facts.sources.values() if s.id in used]


def source_label(source: Source, tr: Translator) -> str:
    published = labels.published(tr, source.published)
    return tr("timeline.source_option", publisher=source.publisher, date=published)


def filter_events(facts: Facts, source_ids: Iterable[str]) -> list[Event]:
    """The events that at least one of the chosen sources mentions, oldest first."""
    chosen = set(source_ids)
    events = [e for e in facts.events.values() if chosen.intersection(e.sources)]
    return sorted(events, key=lambda e: (e.date.sort_key(), e.id))



def build_events_chart(facts: Facts, events: Sequence[Event], tr: Translator, *,
                       source_ids: Sequence[str] | None = None,
                       shared_year: int | None = None) -> go.Figure:
    """Events in time, one row per source that mentions them (an event two sources mention
    shows in both rows); claims are orange diamonds. Points carry their year for selection."""
    figure = chart_json(events_figure(facts, events, tr, source_ids=source_ids))
    return with_year(figure, YearOverlay() if shared_year is None else events_overlay(shared_year))


def events_overlay(shared_year: int) -> YearOverlay:
    """The year the map shows, on the events chart: a dashed line in the middle of the year."""
    return YearOverlay(shapes=(year_line(dt.date(shared_year, 7, 1).isoformat(), "x", "y",
                                          width=2),))


def events_figure(facts: Facts, events: Sequence[Event], tr: Translator, *,
                  source_ids: Sequence[str] | None = None) -> go.Figure:
    """The events chart without the year the map shows (built once per language and choice
    of sources, atlas/cached.py)."""
    lanes = [s for s in sources_with_events(facts)
             if source_ids is None or s.id in set(source_ids)]
    lane_of = {s.id: i for i, s in enumerate(reversed(lanes))}
    fig = go.Figure()
    for claimed in (False, True):
        xs: list[dt.date] = []
        ys: list[int] = []
        hovers: list[str] = []
        custom: list[list[int]] = []
        for event in events:
            if bool(event.claimed_by) != claimed:
                continue
            for sid in event.sources:
                if sid not in lane_of:
                    continue
                xs.append(midpoint(event.date))
                ys.append(lane_of[sid])
                publishers = ", ".join(facts.sources[s].publisher for s in event.sources)
                hovers.append(
                    f"<b>{plot_text(labels.when(tr, event.date, event.end))}</b><br>"
                    + wrap_html(labels.claim_title(tr, event), WRAP, tr.direction)
                    + "<br><i>" + wrap_html(tr("timeline.mentioned_by", sources=publishers),
                                            WRAP, tr.direction)
                    + "</i>")
                custom.append([event.date.year])
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers", hovertext=hovers, hoverinfo="text", customdata=custom,
            name="claims" if claimed else "events",
            marker={"size": 16 if claimed else 14, "symbol": "diamond" if claimed else "circle",
                    "color": CLAIM_COLOUR if claimed else FACT_COLOUR, "opacity": 0.85,
                    "line": {"width": 1.5, "color": WHITE}},
        ))
    # Spans ("1989–1991") as a bar behind their first marker.
    for event in events:
        if event.end is None:
            continue
        for sid in event.sources:
            if sid in lane_of:
                fig.add_shape(type="line", x0=event.date.earliest(), x1=event.end.latest(),
                              y0=lane_of[sid], y1=lane_of[sid], layer="below",
                              line={"width": 8, "color": "rgba(31,78,121,0.35)"})
    first = dt.date(1946, 1, 1)
    last = dt.date(timeline.last_year() + 1, 1, 1)
    fig.update_layout(**base_layout(max(260, 110 + 80 * len(lanes))),
                      margin={"l": 20, "r": 30, "t": 20, "b": 50})
    fig.update_xaxes(tickfont=AXIS_FONT)
    fig.update_yaxes(tickfont={"size": FONT_SIZE - 3})
    fig.update_xaxes(type="date", range=[first.isoformat(), last.isoformat()],
                     showgrid=True, gridcolor=GRID, fixedrange=True,
                     tickvals=[dt.date(y, 1, 1).isoformat() for y in range(1950, last.year, 10)],
                     ticktext=[plot_text(tr.number(y)) for y in range(1950, last.year, 10)])
    fig.update_yaxes(range=[-0.6, len(lanes) - 0.4], fixedrange=True, automargin=True,
                     tickvals=list(range(len(lanes))),
                     ticktext=[wrap_html(source_label(s, tr), 26, tr.direction)
                               for s in reversed(lanes)])
    return fig


def event_list_html(facts: Facts, events: Sequence[Event], tr: Translator) -> str:
    """The filtered events as a readable list: date, title (claims framed), sources, and for
    a title that states the record, what it was checked against."""
    publishers = {e.id: ", ".join(facts.sources[s].publisher for s in e.sources)
                  for e in events}
    return str(render("timeline/event_list.html.j2", tr=tr, events=events,
                      publishers=publishers))


EVENT_LIST_CSS = stylesheet("events")
