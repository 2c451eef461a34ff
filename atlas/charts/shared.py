"""A chart shared by every reader of a language, and the year the map shows on it.

Building a chart is plotly validating every trace, annotation and axis: about 0.2 s of CPU
for the membership chart and 0.45 s for the Timeline's three, on every visit and every year
step. Everything but the year the map shows is the same for every reader of a language, so
each chart is built once (atlas/cached.py) and kept as its JSON text, immutable and safe to
share between sessions; a run adds its year (a YearOverlay: plain plotly JSON) to a fresh
copy of it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import plotly.io

from atlas.charts.base import SHARED_YEAR_COLOUR


@dataclass(frozen=True)
class YearOverlay:
    """What marks the year the map shows on a chart, as plotly JSON: shapes, annotations
    and traces added on top of the shared figure."""

    shapes: tuple[dict[str, Any], ...] = ()
    annotations: tuple[dict[str, Any], ...] = ()
    traces: tuple[dict[str, Any], ...] = ()


def chart_json(fig: go.Figure) -> str:
    """A built figure as JSON text: what is kept and shared (a Figure is not: it changes)."""
    return str(plotly.io.to_json(fig, validate=False))


def with_year(figure_json: str, overlay: YearOverlay) -> go.Figure:
    """A fresh figure of the shared `figure_json` with `overlay` on top. Both were validated
    by plotly when they were built (the overlay's fields are those plotly's add_vline and
    add_annotation write), so the copy is not validated again: that is the cost saved."""
    figure = json.loads(figure_json)
    layout = figure.setdefault("layout", {})
    for part, added in (("shapes", overlay.shapes), ("annotations", overlay.annotations)):
        if added:
            layout[part] = [*layout.get(part, ()), *added]
    figure["data"] = [*figure.get("data", ()), *overlay.traces]
    return go.Figure(figure, _validate=False)


def year_line(x: object, xref: str, yref: str, *, width: float) -> dict[str, Any]:
    """A dashed vertical line across one panel, as plotly's add_vline draws it."""
    return {"type": "line", "x0": x, "x1": x, "xref": xref, "y0": 0, "y1": 1,
            "yref": f"{yref} domain",
            "line": {"color": SHARED_YEAR_COLOUR, "width": width, "dash": "dash"}}
