"""What every chart of the atlas shares: fonts, the layout, colours, and text that plotly
renders as HTML (escaped here: plotly's text accepts a subset of HTML, so a fact containing "<"
must not become markup); a date's place on a time axis and the year a selected point stands for.
Used by the Timeline's charts (this package) and the Türkiye page's (atlas/turkey/chart.py).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from atlas.markup import stylesheet
from atlas.models import PartialDate
from atlas.palette import MISSION_ORANGE, NATO_BLUE, TEXT, WHITE

# Readable from the back of a classroom: plotly's default 12 px is not.
FONT_SIZE = 18
HOVER_FONT_SIZE = 17
FONT_FAMILY = "system-ui, 'Noto Sans', 'Vazirmatn', sans-serif"
SHARED_YEAR_COLOUR = MISSION_ORANGE  # the map's mission orange: "this is the year on the map"
CLAIM_COLOUR = MISSION_ORANGE
FACT_COLOUR = NATO_BLUE
WRAP = 56  # characters per hover line

# customdata carries the year so that a selected point says which year it stands for.
YEAR_FIELD = 0

AXIS_FONT = {"size": FONT_SIZE - 2}


def base_layout(height: int) -> dict[str, Any]:
    return {
        "height": height,
        "font": {"size": FONT_SIZE, "family": FONT_FAMILY, "color": TEXT},
        "hoverlabel": {"font": {"size": HOVER_FONT_SIZE, "family": FONT_FAMILY},
                       "bgcolor": WHITE, "align": "left"},
        "plot_bgcolor": WHITE,
        "paper_bgcolor": WHITE,
        "showlegend": False,
        "hovermode": "closest",
        "clickmode": "event+select",
    }


def plot_text(text: object) -> str:
    """Text for plotly's labels, which read a subset of HTML: "<" and "&" escaped. Quotes are
    left alone: plotly shows "&quot;" literally, and its labels have no attributes."""
    return escape(str(text), quote=False)


# Charts read left to right in every language (atlas/web/charts.css says why).
LTR_CHARTS_CSS = stylesheet("charts")


RLI, PDI = "\u2067", "\u2069"  # right-to-left isolate and its end (Unicode bidi controls)


def wrap_html(text: str, width: int = WRAP, direction: str = "ltr") -> str:
    """Escaped text broken into lines with <br>, for plotly labels. In a right-to-left
    language each line is a right-to-left run: the charts themselves stay left to right."""
    lines = [plot_text(line) for line in textwrap.wrap(text, width) or [""]]
    if direction == "rtl":
        lines = [f"{RLI}{line}{PDI}" for line in lines]
    return "<br>".join(lines)



def midpoint(date: PartialDate) -> dt.date:
    """Where a date known to the month or year sits on a time axis: the middle of its span."""
    first, last = date.earliest(), date.latest()
    return first + (last - first) / 2



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
