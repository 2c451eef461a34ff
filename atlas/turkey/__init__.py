"""The Türkiye in NATO page (pages/turkey.py), layer by layer.

- queries.py  what the facts hold on Türkiye: its sites, its events, its timeline's entries
  and what each rests on, the sources' perspectives
- chart.py    the plotly figure of Türkiye's NATO years
- map.py      the folium map: sites, the Straits, arrows to missions (its CSS is
  atlas/web/turkiye_map.css); atlas/cached.py renders it once per language into a document
  of static/gen/, which the page shows in a frame
- fragments.py  the page's fragments, drawn by atlas/templates/turkey/

Nothing is written about Türkiye that the facts do not hold: the timeline is the events whose
items concern Türkiye (member:TUR or a site it hosts) and the years its sites came into use,
each with its source or citation; a party's claim stays that party's claim.
"""
