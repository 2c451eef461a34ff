"""The computed geography as the pages show it: the map's border layer (drawn by
static/atlas/border_layer.js) and the year's figures beside the map and under the Timeline's
chart (templates/map/figures.html.j2), each border with the official length a source gives.

atlas/geography.py computes what this shows (areas, border pairs, figures by year); this
module changes with the map's script, the template and the UI strings instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import shapely

from atlas import timeline
from atlas.facts import Facts
from atlas.geodata import Geodata
from atlas.geography import (
    PACT_BLOC,
    RUSSIA_BLOC,
    Borders,
    Pair,
    ReferenceLength,
    YearFigures,
    alliance_areas,
    bloc_areas,
)
from atlas.i18n import Translator
from atlas.markup import escape, render

# -- the map's border layer ----------------------------------------------------------------

# Lines are sent to the browser rounded to about 10 m: far below what a screen shows.
LINE_PRECISION = 1e-4


def area_label(geodata: Geodata, tr: Translator, area_id: str) -> str:
    """An area's name in the reader's language, as the map names it."""
    if area_id in geodata.germany_pieces:
        return tr(f"territory_name.{area_id}")
    return tr.country(area_id, geodata.area(area_id).name)


def border_layer_data(geodata: Geodata, facts: Facts, borders: Borders, pairs: Iterable[Pair],
                      tr: Translator) -> dict[str, Any]:
    """The alliance's land borders with the USSR/Russia and with the Warsaw Pact, for every
    year at once: a GeoJSON FeatureCollection, one line per (alliance area, bloc area, bloc)
    with `visible` as [[year, bool], ...] changes only, `bloc` (ussr_russia | warsaw_pact)
    for its style and `label` (escaped HTML). static/atlas/border_layer.js draws it."""
    years = list(timeline.year_range())
    members = {y: alliance_areas(geodata, facts, y) for y in years}
    in_bloc = {(bloc.id, y): bloc_areas(geodata, facts, bloc, y)
               for bloc in borders.blocs for y in years}
    features = []
    for pair in pairs:
        for bloc in borders.blocs:
            visible = {y: pair.nato_area in members[y] and pair.other_area in in_bloc[bloc.id, y]
                       for y in years}
            if not any(visible.values()):
                continue
            label = (f"{area_label(geodata, tr, pair.nato_area)} – "
                     f"{area_label(geodata, tr, pair.other_area)}: "
                     f"{tr('geography.km', km=tr.measure(pair.km))}")
            line = shapely.set_precision(pair.line, LINE_PRECISION)
            features.append({
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(line)),
                "properties": {
                    "id": f"{bloc.id}-{pair.nato_area}-{pair.other_area}",
                    "bloc": bloc.id,
                    "label": escape(label),
                    "visible": timeline.changes_only(visible),
                },
            })
    return {"type": "FeatureCollection", "features": features}


def border_layer_labels(tr: Translator) -> dict[str, str]:
    """The layer control's texts, escaped: the toggle and the key of each line style."""
    return {key: escape(tr(f"geography.layer.{key}"))
            for key in ("toggle", RUSSIA_BLOC, PACT_BLOC)}


# -- shown beside the map ------------------------------------------------------------------


def official_length(borders: Borders, area_pairs: frozenset[tuple[str, str]]
                    ) -> ReferenceLength | None:
    """The official figure for exactly the border made of `area_pairs` (same areas on both
    sides), if a source gives one."""
    for ref in borders.reference_lengths:
        if area_pairs and area_pairs == {(ref.nato, other) for other in ref.other}:
            return ref
    return None


def pact_member_name(borders: Borders, member_id: str) -> str:
    """A Warsaw Pact member's name as borders.yaml writes it, in the reader's language when
    `borders` is (cached.local_borders): the project's translation rather than the UI's
    country names, which have no entry for the Soviet Union, Czechoslovakia or East Germany."""
    return borders.bloc(PACT_BLOC).member(member_id).name


def with_official(borders: Borders, text: str, area_pairs: frozenset[tuple[str, str]],
                   tr: Translator) -> str:
    """`text`, followed by the official length of the same border and its source if known."""
    ref = official_length(borders, area_pairs)
    if ref is None:
        return text
    return text + " (" + tr("geography.figures.official", km=_number(tr, ref.km),
                            source=ref.citation.publisher) + ")"


def _number(tr: Translator, value: float) -> str:
    """A source's figure with the decimals it gives (197.7 km, 1,215 km)."""
    return tr.measure(value, 0 if float(value).is_integer() else len(str(value).split(".")[1]))


def millions(tr: Translator, km2: float) -> str:
    """An area in millions of km², one decimal: the figure a class can read aloud."""
    return tr.measure(km2 / 1e6, 1)


def figures_html(facts: Facts, borders: Borders, figures: YearFigures, tr: Translator) -> str:
    """The year's computed figures (templates/map/figures.html.j2), with the method and the
    official figure beside each border a source measures; `borders` in the reader's language
    (cached.local_borders)."""
    def item(line: str, details: list[str]) -> tuple[str, str]:
        return line, tr("caption.parts").join(details)

    year = figures.year
    united = timeline.reunification_year(facts)

    def name(member: str) -> str:
        # Germany's border before 1990 is West Germany's: say so, as the map does.
        if member == "DEU" and united is not None and year < united:
            return tr("territory_name.FRG")
        return tr.country(member, facts.members[member].name)

    def km(length: float) -> str:
        return tr("geography.km", km=tr.measure(length))

    items = [item(tr("geography.figures.area", mkm2=millions(tr, figures.area_km2)), [])]
    russia = [m for m in borders.bloc(RUSSIA_BLOC).members if m.in_force(year)]
    if russia:
        by_member = [
            with_official(borders, f"{name(m)} {km(length)}",
                           figures.russia_area_pairs[m], tr)
            for m, length in sorted(figures.russia_km.items(), key=lambda i: -i[1])]
        items.append(item(tr(f"geography.figures.border_{russia[0].id}",
                             km=tr.measure(figures.russia_total_km)), by_member))
    if any(m.in_force(year) for m in borders.bloc(PACT_BLOC).members):
        by_pair = [
            with_official(borders, f"{name(m)} – {pact_member_name(borders, p)} "
                                    f"{km(length)}", figures.pact_area_pairs[m, p], tr)
            for (m, p), length in sorted(figures.pact_pairs_km.items(), key=lambda i: -i[1])]
        items.append(item(tr("geography.figures.pact", km=tr.measure(figures.pact_total_km)),
                          by_pair))
    else:
        items.append(item(tr("geography.figures.no_pact"), []))
    return str(render("map/figures.html.j2", tr=tr, year=year, items=items))
