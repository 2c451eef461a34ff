"""The atlas's plotly figures: the Timeline page's charts, and what every chart shares.

- base.py        fonts, layout, colours, escaped plotly text (plot_text, wrap_html), a date's
                 midpoint on a time axis, the year a selected point stands for; also used by
                 the Türkiye page's chart (atlas/turkey/chart.py)
- shared.py      a chart built once per language and kept as JSON (chart_json), and the year
                 the map shows added on a copy of it (YearOverlay, with_year)
- membership.py  members by year, each enlargement wave labelled
- events.py      the events the sources mention: the chart, the source filter and the list
- geography.py   the alliance's area and land borders over the years (atlas/geography.py
                 computes them)

Pure: figures are built from the facts and a Translator and tested directly (the step chart's
values, its wave annotations, the hover text, the source filter). The names below are the
package's public ones, so pages and tests read `charts.X` whichever module X lives in.
"""

from atlas.charts.base import (
    AXIS_FONT,
    CLAIM_COLOUR,
    FACT_COLOUR,
    FONT_SIZE,
    LTR_CHARTS_CSS,
    PDI,
    RLI,
    SHARED_YEAR_COLOUR,
    WRAP,
    base_layout,
    midpoint,
    plot_text,
    wrap_html,
    year_from_points,
)
from atlas.charts.events import (
    EVENT_LIST_CSS,
    build_events_chart,
    event_list_html,
    events_figure,
    events_overlay,
    filter_events,
    source_label,
    sources_with_events,
)
from atlas.charts.geography import build_geography_chart, geography_figure, geography_overlay
from atlas.charts.membership import (
    LABEL_HEIGHT,
    LABEL_WIDTH,
    MembershipYear,
    build_membership_chart,
    membership_by_year,
    membership_figure,
    membership_hover,
    membership_overlay,
    place_label,
    wave_label,
)
from atlas.charts.shared import YearOverlay, chart_json, with_year

__all__ = [
    "AXIS_FONT",
    "CLAIM_COLOUR",
    "EVENT_LIST_CSS",
    "FACT_COLOUR",
    "FONT_SIZE",
    "LABEL_HEIGHT",
    "LABEL_WIDTH",
    "LTR_CHARTS_CSS",
    "PDI",
    "RLI",
    "SHARED_YEAR_COLOUR",
    "WRAP",
    "MembershipYear",
    "YearOverlay",
    "base_layout",
    "build_events_chart",
    "build_geography_chart",
    "build_membership_chart",
    "chart_json",
    "event_list_html",
    "events_figure",
    "events_overlay",
    "filter_events",
    "geography_figure",
    "geography_overlay",
    "membership_by_year",
    "membership_figure",
    "membership_hover",
    "membership_overlay",
    "midpoint",
    "place_label",
    "plot_text",
    "source_label",
    "sources_with_events",
    "wave_label",
    "with_year",
    "wrap_html",
    "year_from_points",
]
