"""The Timeline's membership chart: members by year as a step line, each enlargement wave
annotated (its label placed clear of the others), and the year the map shows on it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from atlas import timeline
from atlas.cards import member_name
from atlas.charts.base import (
    AXIS_FONT,
    FONT_SIZE,
    SHARED_YEAR_COLOUR,
    base_layout,
    plot_text,
    wrap_html,
)
from atlas.charts.shared import YearOverlay, chart_json, with_year, year_line
from atlas.facts import Facts
from atlas.i18n import Translator
from atlas.palette import GRID, NATO_BLUE, WHITE

STEP_COLOUR = NATO_BLUE


@dataclass(frozen=True)
class MembershipYear:
    year: int
    count: int
    joined: tuple[str, ...]  # member names (in the reader's language) who joined that year


def membership_by_year(facts: Facts, tr: Translator, years: Iterable[int] | None = None
                       ) -> list[MembershipYear]:
    """Member count at the end of every year, and who joined in it."""
    rows = []
    for year in years if years is not None else timeline.year_range():
        joined = sorted(member_name(facts, m.id, tr) for m in timeline.joined_in(facts, year))
        rows.append(MembershipYear(year, len(timeline.members_at(facts, year)), tuple(joined)))
    return rows


def membership_hover(row: MembershipYear, tr: Translator) -> str:
    members = tr("year.members", count=row.count)
    text = f"<b>{plot_text(tr.number(row.year))}</b>: {plot_text(members)}"
    if row.joined:
        joined = tr("timeline.hover_joined", names=tr.join(list(row.joined)))
        text += "<br>" + wrap_html(joined, 40, tr.direction)
    return text + "<br><i>" + plot_text(tr("timeline.hover_pick")) + "</i>"


def wave_label(row: MembershipYear, added: int, tr: Translator) -> str:
    """"<b>1999</b><br>19 (+3)": the wave's year and the count it brought the alliance to."""
    return (f"<b>{plot_text(tr.number(row.year))}</b><br>"
            f"{plot_text(tr('timeline.wave_count', count=row.count, added=added))}")


def build_membership_chart(facts: Facts, tr: Translator, *, shared_year: int | None = None
                           ) -> go.Figure:
    """Members by year as a step line, each enlargement wave annotated, the year the map
    shows marked by a vertical line. Every point carries its year (customdata) for selection.
    """
    figure = chart_json(membership_figure(facts, tr))
    if shared_year is None:
        return with_year(figure, YearOverlay())
    return with_year(figure, membership_overlay(facts, tr, shared_year))


def membership_figure(facts: Facts, tr: Translator) -> go.Figure:
    """The membership chart without the year the map shows: the same for every reader of a
    language, so it is built once (atlas/cached.py) and each run adds its year."""
    rows = membership_by_year(facts, tr)
    years = [r.year for r in rows]
    counts = [r.count for r in rows]
    hovers = [membership_hover(r, tr) for r in rows]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=years, y=counts, mode="lines+markers", line={"shape": "hv", "width": 4,
                                                       "color": STEP_COLOUR},
        marker={"size": 9, "color": STEP_COLOUR}, customdata=[[y] for y in years],
        hovertext=hovers, hoverinfo="text", name="members",
        # The shared year's own marker shows the choice: a lingering selection must not.
        selected={"marker": {"opacity": 1}}, unselected={"marker": {"opacity": 1}},
    ))
    waves = [r for r in rows if r.joined]
    by_year = {r.year: r for r in rows}
    fig.add_trace(go.Scatter(
        x=[w.year for w in waves], y=[w.count for w in waves], mode="markers",
        marker={"size": 17, "color": WHITE, "line": {"width": 4, "color": STEP_COLOUR}},
        customdata=[[w.year] for w in waves], hovertext=[membership_hover(w, tr) for w in waves],
        hoverinfo="text", name="waves",
        selected={"marker": {"opacity": 1}}, unselected={"marker": {"opacity": 1}},
    ))
    top = max(counts)
    placed: list[tuple[float, float]] = []
    for wave in reversed(waves):  # the crowded recent end first
        before = by_year.get(wave.year - 1)
        added = wave.count - (before.count if before else 0)
        label_x, label_y = place_label(wave.year, wave.count, placed,
                                       x_min=years[0] - 1.5, x_max=years[-1] + 1.5,
                                       y_max=top + 18)
        placed.append((label_x, label_y))
        fig.add_annotation(
            x=wave.year, y=wave.count, ax=label_x, ay=label_y, axref="x", ayref="y",
            text=wave_label(wave, added, tr), showarrow=True, arrowhead=0, arrowwidth=1.5,
            arrowcolor="#777", standoff=9, font={"size": FONT_SIZE - 1},
            bgcolor="rgba(255,255,255,0.92)", borderpad=1, name=f"wave-{wave.year}",
        )
    fig.update_layout(**base_layout(560), margin={"l": 70, "r": 30, "t": 60, "b": 60})
    fig.update_xaxes(tickfont=AXIS_FONT, title_font=AXIS_FONT)
    fig.update_yaxes(tickfont=AXIS_FONT, title_font=AXIS_FONT)
    fig.update_xaxes(range=[years[0] - 1.5, years[-1] + 1.5], dtick=10, tick0=1950,
                     showgrid=True, gridcolor=GRID, fixedrange=True,
                     title={"text": plot_text(tr("timeline.axis_year"))},
                     tickvals=list(range(1950, years[-1] + 1, 10)),
                     ticktext=[plot_text(tr.number(y)) for y in range(1950, years[-1] + 1, 10)])
    fig.update_yaxes(range=[0, top + 19], showgrid=True, gridcolor=GRID, fixedrange=True,
                     title={"text": plot_text(tr("timeline.axis_members"))},
                     tickvals=list(range(0, top + 1, 5)),
                     ticktext=[plot_text(tr.number(v)) for v in range(0, top + 1, 5)])
    return fig


def membership_overlay(facts: Facts, tr: Translator, shared_year: int) -> YearOverlay:
    """The year the map shows, on the membership chart: a dashed line, its label, and the
    year's own point (its count and who joined)."""
    years = list(timeline.year_range())
    line = year_line(shared_year, "x", "y", width=3)
    label = {
        "x": shared_year, "y": 1, "yref": "paper", "yanchor": "bottom", "showarrow": False,
        # Written away from the nearer edge so it is never cut off.
        "xanchor": "right" if shared_year > (years[0] + years[-1]) / 2 else "left",
        "text": plot_text(tr("timeline.on_map", year=shared_year)),
        "font": {"size": FONT_SIZE, "color": SHARED_YEAR_COLOUR}, "name": "shared-year",
    }
    if shared_year not in years:
        return YearOverlay(shapes=(line,), annotations=(label,))
    (shared,) = membership_by_year(facts, tr, [shared_year])
    point = {
        "type": "scatter", "x": [shared_year], "y": [shared.count], "mode": "markers",
        "marker": {"size": 20, "color": SHARED_YEAR_COLOUR, "symbol": "circle",
                   "line": {"width": 3, "color": "#ffffff"}},
        "customdata": [[shared_year]], "hovertext": [membership_hover(shared, tr)],
        "hoverinfo": "text", "name": "shared",
    }
    return YearOverlay(shapes=(line,), annotations=(label,), traces=(point,))


# A wave label's size in data units on a chart about 1,000 px wide: 4.8 years by 5 members.
LABEL_WIDTH = 6.2
LABEL_HEIGHT = 5.2
# Above the point first, then to the left, then to the right, then below the line (the
# space under a step is empty).
_LABEL_OFFSETS = ((0, 6), (0, 11.5), (-6.5, 6), (-6.5, 11.5), (0, 17), (-6.5, 17),
                  (6.5, 6), (6.5, 11.5), (-13, 11.5), (6.5, -6), (0, -6.5))


def place_label(x: float, y: float, placed: Sequence[tuple[float, float]], *,
                x_min: float, x_max: float, y_max: float) -> tuple[float, float]:
    """Where a wave's label goes (its centre, in data units): the first spot above or left
    of the point that overlaps no label already placed; its arrow points back at the wave."""
    candidates = []
    for dx, dy in _LABEL_OFFSETS:
        cx = max(min(x + dx, x_max - LABEL_WIDTH / 2), x_min + LABEL_WIDTH / 2)
        cy = max(min(y + dy, y_max - LABEL_HEIGHT / 2), LABEL_HEIGHT / 2)
        candidates.append((cx, cy))
        clear = all(abs(cx - px) >= LABEL_WIDTH or abs(cy - py) >= LABEL_HEIGHT
                    for px, py in placed)
        if clear:
            return cx, cy
    return candidates[0]
