"""Plotly figures for the Timeline page, and the event list that goes with them.

Pure: figures are built from the facts and a Translator and tested directly (the step chart's
values, its wave annotations, the hover text, the source filter). Every string that plotly
renders as HTML (hover text, annotations, tick labels) is escaped here: plotly's text
accepts a subset of HTML, so a fact containing "<" must not become markup.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from atlas import timeline
from atlas.cards import facts_translation_mark, member_name
from atlas.facts import Facts
from atlas.geography import YearFigures
from atlas.i18n import Translator
from atlas.models import Event, PartialDate, Source

# Readable from the back of a classroom: plotly's default 12 px is not.
FONT_SIZE = 18
HOVER_FONT_SIZE = 17
FONT_FAMILY = "system-ui, 'Noto Sans', 'Vazirmatn', sans-serif"
STEP_COLOUR = "#1f4e79"
SHARED_YEAR_COLOUR = "#d95f02"  # the map's mission orange: "this is the year on the map"
CLAIM_COLOUR = "#d95f02"
FACT_COLOUR = "#1f4e79"
WRAP = 56  # characters per hover line

# customdata carries the year so that a selected point says which year it stands for.
YEAR_FIELD = 0


AXIS_FONT = {"size": FONT_SIZE - 2}


def _base_layout(height: int) -> dict[str, Any]:
    return {
        "height": height,
        "font": {"size": FONT_SIZE, "family": FONT_FAMILY, "color": "#111"},
        "hoverlabel": {"font": {"size": HOVER_FONT_SIZE, "family": FONT_FAMILY},
                       "bgcolor": "#ffffff", "align": "left"},
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "showlegend": False,
        "hovermode": "closest",
        "clickmode": "event+select",
    }


def plot_text(text: object) -> str:
    """Text for plotly's labels, which read a subset of HTML: "<" and "&" escaped. Quotes are
    left alone: plotly shows "&quot;" literally, and its labels have no attributes."""
    return escape(str(text), quote=False)


def isolate(text: str) -> str:
    """Escaped text in its own bidi run: an English fact inside a Persian sentence keeps its
    words and full stop in order."""
    return f"<bdi>{escape(text)}</bdi>"


def tr_html(tr: Translator, key: str, **values: str) -> str:
    """A UI string as HTML, each value escaped and isolated (see `isolate`)."""
    marks = {name: f"\x00{i}\x00" for i, name in enumerate(values)}
    text = escape(tr(key, **marks))
    for name, mark in marks.items():
        text = text.replace(mark, isolate(values[name]))
    return text


# Charts read left to right in every language (time runs left to right); on a right-to-left
# page they would inherit its direction and their SVG labels would be cut off. The pages put
# each chart in a container keyed "ltr-..." (Streamlit gives it the class st-key-ltr-...).
# Plotly measures labels in its own hidden <svg id="js-plotly-tester"> under <body>: it must
# measure left to right too, or the margins it computes leave the labels outside the chart.
LTR_CHARTS_CSS = ("<style>[class*='st-key-ltr-'], #js-plotly-tester { direction: ltr; }"
                  "</style>")


RLI, PDI = "\u2067", "\u2069"  # right-to-left isolate and its end (Unicode bidi controls)


def wrap_html(text: str, width: int = WRAP, direction: str = "ltr") -> str:
    """Escaped text broken into lines with <br>, for plotly labels. In a right-to-left
    language each line is a right-to-left run: the charts themselves stay left to right."""
    lines = [plot_text(line) for line in textwrap.wrap(text, width) or [""]]
    if direction == "rtl":
        lines = [f"{RLI}{line}{PDI}" for line in lines]
    return "<br>".join(lines)


# -- membership step chart ------------------------------------------------------------------


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
        marker={"size": 17, "color": "#ffffff", "line": {"width": 4, "color": STEP_COLOUR}},
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
    if shared_year is not None:
        shared = by_year.get(shared_year)
        fig.add_vline(x=shared_year, line={"color": SHARED_YEAR_COLOUR, "width": 3,
                                           "dash": "dash"})
        fig.add_annotation(
            x=shared_year, y=1, yref="paper", yanchor="bottom", showarrow=False,
            # Written away from the nearer edge so it is never cut off.
            xanchor="right" if shared_year > (years[0] + years[-1]) / 2 else "left",
            text=plot_text(tr("timeline.on_map", year=shared_year)),
            font={"size": FONT_SIZE, "color": SHARED_YEAR_COLOUR}, name="shared-year",
        )
        if shared is not None:
            fig.add_trace(go.Scatter(
                x=[shared_year], y=[shared.count], mode="markers",
                marker={"size": 20, "color": SHARED_YEAR_COLOUR, "symbol": "circle",
                        "line": {"width": 3, "color": "#ffffff"}},
                customdata=[[shared_year]], hovertext=[membership_hover(shared, tr)],
                hoverinfo="text", name="shared",
            ))
    fig.update_layout(**_base_layout(560), margin={"l": 70, "r": 30, "t": 60, "b": 60})
    fig.update_xaxes(tickfont=AXIS_FONT, title_font=AXIS_FONT)
    fig.update_yaxes(tickfont=AXIS_FONT, title_font=AXIS_FONT)
    fig.update_xaxes(range=[years[0] - 1.5, years[-1] + 1.5], dtick=10, tick0=1950,
                     showgrid=True, gridcolor="#e5e5e5", fixedrange=True,
                     title={"text": plot_text(tr("timeline.axis_year"))},
                     tickvals=list(range(1950, years[-1] + 1, 10)),
                     ticktext=[plot_text(tr.number(y)) for y in range(1950, years[-1] + 1, 10)])
    fig.update_yaxes(range=[0, top + 19], showgrid=True, gridcolor="#e5e5e5", fixedrange=True,
                     title={"text": plot_text(tr("timeline.axis_members"))},
                     tickvals=list(range(0, top + 1, 5)),
                     ticktext=[plot_text(tr.number(v)) for v in range(0, top + 1, 5)])
    return fig


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


def year_from_points(points: Sequence[Mapping[str, Any]] | None) -> int | None:
    """The year a chart selection stands for: the last selected point's year, if any."""
    for point in reversed(list(points or [])):
        custom = point.get("customdata")
        if isinstance(custom, (list, tuple)) and custom:
            custom = custom[YEAR_FIELD]
        value = custom if custom is not None else point.get("x")
        if isinstance(value, str) and value[:4].isdigit():
            return int(value[:4])
        if isinstance(value, (int, float)):
            return int(value)
    return None


# -- events in the sources ------------------------------------------------------------------


def sources_with_events(facts: Facts) -> list[Source]:
    """The sources that mention at least one event, in the order of sources.yaml."""
    used = {sid for e in facts.events.values() for sid in e.sources}
    return [s for s in facts.sources.values() if s.id in used]


def source_label(source: Source, tr: Translator) -> str:
    published = tr.date(source.published) if source.published else tr("date.unknown")
    return tr("timeline.source_option", publisher=source.publisher, date=published)


def filter_events(facts: Facts, source_ids: Iterable[str]) -> list[Event]:
    """The events that at least one of the chosen sources mentions, oldest first."""
    chosen = set(source_ids)
    events = [e for e in facts.events.values() if chosen.intersection(e.sources)]
    return sorted(events, key=lambda e: (e.date.sort_key(), e.id))


def event_when(event: Event, tr: Translator) -> str:
    if event.end is None:
        return tr.date(event.date)
    return tr("map.years", start=tr.date(event.date), end=tr.date(event.end))


def event_title(event: Event, tr: Translator) -> str:
    """The title, framed as a claim when a party claims it."""
    if event.claimed_by:
        return tr("timeline.claim_title", who=event.claimed_by, title=event.title)
    return event.title


def midpoint(date: PartialDate) -> dt.date:
    """Where a date known to the month or year sits on a time axis: the middle of its span."""
    first, last = date.earliest(), date.latest()
    return first + (last - first) / 2


def build_events_chart(facts: Facts, events: Sequence[Event], tr: Translator, *,
                       source_ids: Sequence[str] | None = None,
                       shared_year: int | None = None) -> go.Figure:
    """Events in time, one row per source that mentions them (an event two sources mention
    shows in both rows); claims are orange diamonds. Points carry their year for selection."""
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
                    f"<b>{plot_text(event_when(event, tr))}</b><br>"
                    + wrap_html(event_title(event, tr), WRAP, tr.direction)
                    + "<br><i>" + wrap_html(tr("timeline.mentioned_by", sources=publishers),
                                            WRAP, tr.direction)
                    + "</i>")
                custom.append([event.date.year])
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers", hovertext=hovers, hoverinfo="text", customdata=custom,
            name="claims" if claimed else "events",
            marker={"size": 16 if claimed else 14, "symbol": "diamond" if claimed else "circle",
                    "color": CLAIM_COLOUR if claimed else FACT_COLOUR, "opacity": 0.85,
                    "line": {"width": 1.5, "color": "#ffffff"}},
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
    if shared_year is not None:
        fig.add_vline(x=dt.date(shared_year, 7, 1).isoformat(),
                      line={"color": SHARED_YEAR_COLOUR, "width": 2, "dash": "dash"})
    first = dt.date(1946, 1, 1)
    last = dt.date(timeline.last_year() + 1, 1, 1)
    fig.update_layout(**_base_layout(max(260, 110 + 80 * len(lanes))),
                      margin={"l": 20, "r": 30, "t": 20, "b": 50})
    fig.update_xaxes(tickfont=AXIS_FONT)
    fig.update_yaxes(tickfont={"size": FONT_SIZE - 3})
    fig.update_xaxes(type="date", range=[first.isoformat(), last.isoformat()],
                     showgrid=True, gridcolor="#e5e5e5", fixedrange=True,
                     tickvals=[dt.date(y, 1, 1).isoformat() for y in range(1950, last.year, 10)],
                     ticktext=[plot_text(tr.number(y)) for y in range(1950, last.year, 10)])
    fig.update_yaxes(range=[-0.6, len(lanes) - 0.4], fixedrange=True, automargin=True,
                     tickvals=list(range(len(lanes))),
                     ticktext=[wrap_html(source_label(s, tr), 26, tr.direction)
                               for s in reversed(lanes)])
    return fig


def event_list_html(facts: Facts, events: Sequence[Event], tr: Translator) -> str:
    """The filtered events as a readable list: date, title (claims framed), sources."""
    if not events:
        return f"<p class='atlas-events-empty'>{escape(tr('timeline.no_events'))}</p>"
    items = []
    for event in events:
        publishers = ", ".join(facts.sources[s].publisher for s in event.sources)
        claim = (f"<span class='atlas-claim-tag'>"
                 f"{tr_html(tr, 'timeline.claim_tag', who=event.claimed_by)}</span> "
                 if event.claimed_by else "")
        items.append(
            f"<li data-event='{escape(event.id)}'><span class='atlas-when'>"
            f"{escape(event_when(event, tr))}</span> {claim}"
            f"<span class='atlas-what'>{isolate(event.title)}</span>"
            f"<div class='atlas-who'>{tr_html(tr, 'timeline.mentioned_by', sources=publishers)}"
            "</div></li>")
    return (f"{EVENT_LIST_CSS}{facts_translation_mark(tr)}"
            f"<ol class='atlas-events' dir='{tr.direction}'>{''.join(items)}</ol>")


EVENT_LIST_CSS = """<style>
.atlas-events { list-style: none; padding: 0; margin: 0; font-size: 1.15rem; line-height: 1.45; }
.atlas-events li { padding: .55em .2em; border-bottom: 1px solid #ddd; }
.atlas-events .atlas-when { font-weight: 700; margin-inline-end: .4em; }
.atlas-events .atlas-who { font-size: .95rem; color: #444; }
.atlas-claim-tag { display: inline-block; font-size: .85rem; font-weight: 700; color: #fff;
  background: #a34400; border-radius: .3em; padding: 0 .4em; }
.atlas-events-empty { font-size: 1.1rem; }
</style>"""


# -- computed geography (atlas.geography) ---------------------------------------------------

# Colour-blind safe and distinct from the map's wave colours: one per member on the borders.
MEMBER_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
                  "#a6761d", "#666666")
AREA_COLOUR = "#1f4e79"


def build_geography_chart(figures: Mapping[int, YearFigures], facts: Facts, tr: Translator, *,
                          shared_year: int | None = None) -> go.Figure:
    """Three panels over the years: the alliance's land area (million km²), its land border
    with the USSR / Russia and with the Warsaw Pact (km, stacked by member). Every point
    carries its year (customdata) for selection, as on the membership chart."""
    years = sorted(figures)
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=[plot_text(tr(f"geography.chart.{k}"))
                                        for k in ("area", "russia", "pact")])
    areas = [figures[y].area_km2 / 1e6 for y in years]
    fig.add_trace(go.Scatter(
        x=years, y=areas, mode="lines", line={"shape": "hv", "width": 4, "color": AREA_COLOUR},
        customdata=[[y] for y in years], hoverinfo="text", name="area",
        hovertext=[plot_text(tr("geography.chart.hover_area", year=y,
                                value=tr.number(f"{a:.1f}")))
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
                                        value=tr.number(round(v))))
                           for y, v in zip(years, lengths, strict=True)],
            ), row=row, col=1)
    if shared_year is not None:
        fig.add_vline(x=shared_year, line={"color": SHARED_YEAR_COLOUR, "width": 3,
                                           "dash": "dash"})
    fig.update_layout(**_base_layout(820), barmode="stack", bargap=0.1,
                      margin={"l": 70, "r": 30, "t": 60, "b": 60})
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.08})
    fig.update_xaxes(tickfont=AXIS_FONT, fixedrange=True, dtick=10, tick0=1950,
                     tickvals=list(range(1950, years[-1] + 1, 10)),
                     ticktext=[plot_text(tr.number(y)) for y in range(1950, years[-1] + 1, 10)])
    fig.update_yaxes(tickfont=AXIS_FONT, fixedrange=True, rangemode="tozero")
    return fig
