"""The atlas's colours and map symbols, one home for the folium maps (the main map, the
Türkiye map) and the plotly charts.

A colour means the same thing wherever it appears: the alliance's blue, the missions'
orange (also "the year on the map" on a chart), Türkiye's brown. The stylesheets in
`atlas/web/` and `static/atlas/` repeat some of these values (CSS cannot import Python);
each such rule names the constant it follows.
"""

from __future__ import annotations

# The alliance: headquarters, the membership step chart, stated facts on a chart.
NATO_BLUE = "#1f4e79"
# NATO's missions on both maps; on a chart, a claim and "this is the year on the map".
MISSION_ORANGE = "#d95f02"
WHITE = "#ffffff"
GRID = "#e5e5e5"  # a chart's grid lines
TEXT = "#111"

# -- the main map (atlas/mapview.py, static/atlas/map.css) --------------------------------
# Sequential and colour-blind safe (viridis), oldest wave darkest.
WAVE_SCALE = "Viridis"
NON_MEMBER_FILL = "#ecebe4"
NON_MEMBER_STROKE = "#8c8c8c"
# Presenter mode, for a washed-out projector: inferno without its near-black and palest ends
# keeps every wave far from white non-members and adjacent waves apart under deuteranopia and
# protanopia (tests/unit/test_palette.py measures both), with black borders.
PRESENTER_SCALE = "Inferno"
PRESENTER_RANGE = (0.05, 0.85)
PRESENTER_NON_MEMBER_FILL = WHITE
PRESENTER_NON_MEMBER_STROKE = "#555555"
PRESENTER_BORDER = "#000000"
HIGHLIGHT_STROKE = "#111111"

# -- the Türkiye map (atlas/turkey/map.py) -------------------------------------------------
SEA = "#cfe0ea"  # the main map's sea (static/atlas/map.css)
TURKIYE_FILL = "#f7d9a6"
TURKIYE_STROKE = "#7a2e00"
MEMBER_FILL = "#d5dcea"
MEMBER_STROKE = "#6d7a91"
MISSION_FILL = "#f6dccb"

# -- charts (atlas/charts/) ----------------------------------------------------------------
# Colour-blind safe and distinct from the map's wave colours: one per member on the borders.
MEMBER_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
                  "#a6761d", "#666666")

# -- symbols: one per kind of site, shapes that read without colour ------------------------
SITE_SYMBOLS = {
    "hq": '<svg viewBox="0 0 20 20" width="20" height="20"><rect x="2" y="2" width="16" '
          f'height="16" fill="{NATO_BLUE}" stroke="#fff" stroke-width="2"/></svg>',
    "air_base": '<svg viewBox="0 0 20 20" width="20" height="20"><polygon points="10,1 19,18 1,18"'
                ' fill="#8e0152" stroke="#fff" stroke-width="2"/></svg>',
    "radar": '<svg viewBox="0 0 20 20" width="20" height="20"><circle cx="10" cy="10" r="8" '
             'fill="#fff" stroke="#00441b" stroke-width="3"/><circle cx="10" cy="10" r="3.5" '
             'fill="#00441b"/></svg>',
}
STRAIT_SYMBOL = ('<svg viewBox="0 0 20 20" width="20" height="20"><circle cx="10" cy="10" r="8" '
                 'fill="#0b5c8a" stroke="#fff" stroke-width="2.5"/><path d="M5 10.5 q2.5 -3 5 0 '
                 't5 0" fill="none" stroke="#fff" stroke-width="2"/></svg>')
