"""The Timeline's geography chart: the alliance's land area and its land borders with the
USSR / Russia and with the Warsaw Pact over the years (computed in atlas/geography.py)."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from atlas.cards import member_name
from atlas.charts.base import AXIS_FONT, base_layout, plot_text
from atlas.charts.shared import YearOverlay, chart_json, with_year, year_line
from atlas.facts import Facts
from atlas.geography import YearFigures
from atlas.i18n import Translator
from atlas.palette import MEMBER_COLOURS, NATO_BLUE

AREA_COLOUR = NATO_BLUE


def build_geography_chart(figures: Mapping[int, YearFigures], facts: Facts, tr: Translator, *,
                          shared_year: int | None = None) -> go.Figure:
    """Three panels over the years: the alliance's land area (million km²), its land border
    with the USSR / Russia and with the Warsaw Pact (km, stacked by member). Every point
    carries its year (customdata) for selection, as on the membership chart."""
    figure = chart_json(geography_figure(figures, facts, tr))
    return with_year(figure, YearOverlay() if shared_year is None
                     else geography_overlay(shared_year))


def geography_overlay(shared_year: int) -> YearOverlay:
    """The year the map shows, across the geography chart's three panels."""
    return YearOverlay(shapes=tuple(
        year_line(shared_year, f"x{row if row > 1 else ''}", f"y{row if row > 1 else ''}",
                   width=3) for row in (1, 2, 3)))


def geography_figure(figures: Mapping[int, YearFigures], facts: Facts, tr: Translator
                     ) -> go.Figure:
    """The geography chart without the year the map shows (built once per language)."""
    years = sorted(figures)
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=[plot_text(tr(f"geography.chart.{k}"))
                                        for k in ("area", "russia", "pact")])
    areas = [figures[y].area_km2 / 1e6 for y in years]
    fig.add_trace(go.Scatter(
        x=years, y=areas, mode="lines", line={"shape": "hv", "width": 4, "color": AREA_COLOUR},
        customdata=[[y] for y in years], hoverinfo="text", name="area",
        hovertext=[plot_text(tr("geography.chart.hover_area", year=y,
                                value=tr.measure(a, 1)))
                   for y, a in zip(years, areas, strict=True)],
    ), row=1, col=1)
    members = sorted({m for y in years for m in (*figures[y].russia_km, *figures[y].pact_km)},
                     key=lambda m: facts.members[m].accession_date)
    colours = {m: MEMBER_COLOURS[i % len(MEMBER_COLOURS)] for i, m in enumerate(members)}
    for row, field in ((2, "russia_km"), (3, "pact_km")):
        for member in members:
            lengths = [getattr(figures[y], field).get(member, 0.0) for y in years]
            if not any(lengths):
                continue
            name = member_name(facts, member, tr)
            fig.add_trace(go.Bar(
                x=years, y=lengths, marker={"color": colours[member]}, name=plot_text(name),
                customdata=[[y] for y in years], hoverinfo="text", legendgroup=member,
                # One legend entry per member: on its first panel.
                showlegend=row == 2 or not any(figures[y].russia_km.get(member)
                                               for y in years),
                hovertext=[plot_text(tr("geography.chart.hover_border", year=y, member=name,
                                        value=tr.measure(v)))
                           for y, v in zip(years, lengths, strict=True)],
            ), row=row, col=1)
    fig.update_layout(**base_layout(820), barmode="stack", bargap=0.1,
                      margin={"l": 70, "r": 30, "t": 60, "b": 60})
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.08})
    fig.update_xaxes(tickfont=AXIS_FONT, fixedrange=True, dtick=10, tick0=1950,
                     tickvals=list(range(1950, years[-1] + 1, 10)),
                     ticktext=[plot_text(tr.number(y)) for y in range(1950, years[-1] + 1, 10)])
    fig.update_yaxes(tickfont=AXIS_FONT, fixedrange=True, rangemode="tozero")
    return fig
