"""The plotly figure of Türkiye's NATO years: membership and each site as a bar, the events
as numbered markers (the numbers of the list below it, fragments.entry_list_html)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import plotly.graph_objects as go

from atlas import charts, labels, timeline
from atlas.facts import Facts
from atlas.i18n import Translator
from atlas.palette import GRID, NATO_BLUE, TURKIYE_STROKE, WHITE
from atlas.turkey import queries


def _row_of(entry: queries.Entry) -> str:
    if entry.kind == "accession":
        return "member"
    if entry.site is not None:
        return f"site:{entry.site}"
    return f"claim:{entry.claimed_by}" if entry.claimed_by else "events"

MARKER_DAYS = 800  # a marker's width on the time axis, about two years

def build_timeline(facts: Facts, entries: Sequence[queries.Entry], tr: Translator
                           ) -> go.Figure:
    """Türkiye's NATO years: membership and each site as a bar, the events as numbered
    markers (claims as orange diamonds); the numbers are those of the list below it."""
    today = dt.date(timeline.last_year(), 12, 31)
    sites = queries.hosted_sites(facts)
    member = facts.members.get(queries.TURKIYE)
    # One row per claimant, so that each claim reads as whose it is and the claims of
    # 2023-2025 do not pile up on one line.
    claimants = sorted({e.claimed_by for e in entries if e.claimed_by and e.site is None
                        and e.kind == "event"},
                       key=lambda who: min(e.date.earliest() for e in entries
                                           if e.claimed_by == who))
    rows = ["member", *[f"site:{s.id}" for s in sites], "events",
            *[f"claim:{who}" for who in claimants]]
    row_labels = {
        "member": tr("turkey.row_member", since=tr.number(member.accession_date.year))
        if member else tr("turkey.row_member_unknown"),
        "events": tr("turkey.row_events"),
        **{f"claim:{who}": tr("turkey.row_claim", who=who) for who in claimants},
        **{f"site:{s.id}": queries.site_map_label(s, tr) for s in sites},
    }
    y_of = {row: len(rows) - 1 - i for i, row in enumerate(rows)}
    fig = go.Figure()
    bars: list[tuple[str, dt.date, dt.date, str]] = []
    if member is not None:
        bars.append(("member", member.accession_date, today, TURKIYE_STROKE))
    for site in sites:
        end = dt.date(site.end_year, 12, 31) if site.end_year else today
        bars.append((f"site:{site.id}", dt.date(site.start_year, 1, 1), end, NATO_BLUE))
    for row, start, end, colour in bars:
        fig.add_trace(go.Scatter(
            x=[start, end], y=[y_of[row]] * 2, mode="lines", hoverinfo="skip",
            line={"width": 14, "color": colour}, opacity=0.35, name=row))
    numbered = list(enumerate(entries, start=1))
    for row in rows:
        in_row = [(n, e) for n, e in numbered if _row_of(e) == row]
        xs, ys, texts, hovers = [], [], [], []
        levels: dict[float, list[dt.date]] = {0.0: [], 0.34: [], -0.34: []}
        for number, entry in in_row:
            x = charts.midpoint(entry.date)
            # Markers closer than about two years would cover each other: the first level
            # (middle, above, below) with room takes it.
            lift = next((level for level, taken in levels.items()
                         if all(abs((x - other).days) > MARKER_DAYS for other in taken)),
                        min(levels, key=lambda level: len(levels[level])))
            levels[lift].append(x)
            xs.append(x)
            ys.append(y_of[row] + lift)
            texts.append(tr.number(number))
            when = f"{tr.number(number)} · {queries.entry_when(entry, tr)}"
            title = charts.wrap_html(labels.claim_title(tr, entry), charts.WRAP, tr.direction)
            basis = charts.wrap_html(queries.entry_basis(facts, entry, tr), charts.WRAP,
                                     tr.direction)
            hovers.append(f"<b>{charts.plot_text(when)}</b><br>{title}<br><i>{basis}</i>")
        if not xs:
            continue
        claims = row.startswith("claim:")
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers+text", text=texts, textposition="middle center",
            textfont={"size": 14, "color": WHITE}, hovertext=hovers, hoverinfo="text",
            name=row, marker={
                "size": 30 if claims else 27, "symbol": "diamond" if claims else "circle",
                "color": charts.CLAIM_COLOUR if claims else
                (TURKIYE_STROKE if row == "member" else charts.FACT_COLOUR),
                "line": {"width": 2, "color": WHITE}}))
    fig.update_layout(**charts.base_layout(110 + 76 * len(rows)),
                      margin={"l": 20, "r": 30, "t": 10, "b": 40})
    fig.update_layout(clickmode="event")
    fig.update_xaxes(tickfont=charts.AXIS_FONT)
    fig.update_yaxes(tickfont=charts.AXIS_FONT)
    fig.update_xaxes(type="date", range=[dt.date(1949, 1, 1), dt.date(today.year + 1, 6, 30)],
                     showgrid=True, gridcolor=GRID, fixedrange=True,
                     tickvals=[dt.date(y, 1, 1) for y in range(1950, today.year + 1, 10)],
                     ticktext=[tr.number(y) for y in range(1950, today.year + 1, 10)])
    fig.update_yaxes(range=[-0.7, len(rows) - 0.3], fixedrange=True, automargin=True,
                     tickvals=[y_of[r] for r in rows],
                     ticktext=[charts.wrap_html(row_labels[r], 30, tr.direction) for r in rows])
    return fig
