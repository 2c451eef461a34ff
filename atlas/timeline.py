"""Pure queries over the facts: what the map shows in a given year.

Two readings of "in a year", chosen for what a class expects to see:
- membership and command status are the state at the end of the year (Sweden, which joined in
  March 2024, is a member in 2024; France, back in the command in April 2009, is in it in 2009);
- sites, missions and events are shown if active at any time during the year (Çiğli, handed to
  the Turkish Air Force in July 1970, still shows in 1970; NTM-I, ended 2011-12-31, not in 2012).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from atlas.facts import Facts
from atlas.geodata import DIVIDED_GERMANY_PIECES, Geodata
from atlas.models import FIRST_YEAR, Member, Mission, Site


def last_year() -> int:
    return dt.date.today().year


def year_range() -> range:
    return range(FIRST_YEAR, last_year() + 1)


def clamp_year(year: int) -> int:
    return min(max(year, FIRST_YEAR), last_year())


def changes_only(values_by_year: dict[int, Any]) -> list[list[Any]]:
    """[[year, value], ...] keeping only the years where the value changes: the map's scripts
    (static/atlas/map.js, border_layer.js) look up the last entry at or before a year."""
    changes: list[list[Any]] = []
    for year in sorted(values_by_year):
        if not changes or changes[-1][1] != values_by_year[year]:
            changes.append([year, values_by_year[year]])
    return changes


def members_at(facts: Facts, year: int) -> list[Member]:
    """Members at the end of `year`, in order of accession."""
    members = [m for m in facts.members.values() if m.accession_date.year <= year]
    return sorted(members, key=lambda m: (m.accession_date, m.name))


def joined_in(facts: Facts, year: int) -> list[Member]:
    return [m for m in members_at(facts, year) if m.accession_date.year == year]


def outside_integrated_command(member: Member, year: int) -> bool:
    """Whether a member stood outside NATO's integrated military command at the end of `year`."""
    return any(
        p.start.year <= year and (p.end is None or year < p.end.year)
        for p in member.outside_integrated_command
    )


def accession_waves(facts: Facts) -> list[int]:
    """The distinct accession years, oldest first: the legend's enlargement waves."""
    return sorted({m.accession_date.year for m in facts.members.values()})


def sites_at(facts: Facts, year: int) -> list[Site]:
    return [s for s in facts.sites.values() if s.active_in(year)]


def missions_at(facts: Facts, year: int) -> list[Mission]:
    return [m for m in facts.missions.values() if m.active_in(year)]


def reunification_year(facts: Facts) -> int | None:
    """The year the last piece of divided Germany joined, from the territory-change facts."""
    years = [c.date.year for c in facts.territory_changes if c.member == "DEU"]
    return max(years) if years else None


def areas_in_force(geodata: Geodata, facts: Facts, year: int) -> list[str]:
    """Ids of the areas drawn in `year`: every country, with Germany divided before 1990."""
    unified_from = reunification_year(facts)
    divided = unified_from is not None and year < unified_from
    ids = [iso for iso in geodata.countries if not (divided and iso == "DEU")]
    if divided:
        ids.extend(p for p in DIVIDED_GERMANY_PIECES if p in geodata.germany_pieces)
    return ids


def area_state(geodata: Geodata, facts: Facts, area_id: str, year: int) -> str:
    """The state an area belongs to at the end of `year` ("" for none): its own, until a
    territory change gives it to another (the Saar is West Germany's from 1957)."""
    joined = [c for c in facts.territory_changes
              if c.territory == area_id and c.date.year <= year]
    return joined[-1].member if joined else geodata.area(area_id).state_iso


def area_member(geodata: Geodata, facts: Facts, area_id: str, year: int) -> Member | None:
    """The member an area belongs to at the end of `year`, or None: the GDR is not West
    Germany's, and the Saar is West Germany's only from its territory change (1957)."""
    member = facts.members.get(area_state(geodata, facts, area_id, year))
    if member is None or member.accession_date.year > year:
        return None
    return member


@dataclass(frozen=True)
class YearChange:
    """One change in a year, for its caption: what kind, to whom, when (as precise as known)."""

    date: str
    kind: str  # joined | territory | mission_start | mission_end | site_open | site_close
    # Member ids for "joined", territory ids for "territory", else mission or site names.
    names: tuple[str, ...]
    ref: str  # the item it is about, e.g. "member:POL"


def year_changes(facts: Facts, year: int) -> list[YearChange]:
    """What changed in `year`, oldest first: accessions, border changes, missions, sites."""
    changes: list[YearChange] = []
    joined = joined_in(facts, year)
    for date in sorted({m.accession_date for m in joined}):
        same_day = sorted((m for m in joined if m.accession_date == date), key=lambda m: m.name)
        changes.append(YearChange(date.isoformat(), "joined", tuple(m.id for m in same_day),
                                  f"member:{same_day[0].id}"))
    moved = [c for c in facts.territory_changes if c.date.year == year]
    for date in sorted({c.date for c in moved}):
        pieces = [c for c in moved if c.date == date]
        changes.append(YearChange(date.isoformat(), "territory",
                                  tuple(c.territory for c in pieces), f"member:{pieces[0].member}"))
    for mission in facts.missions.values():
        ref = f"mission:{mission.id}"
        if mission.start.year == year:
            changes.append(YearChange(mission.start, "mission_start", (mission.short_name,), ref))
        if mission.end is not None and mission.end.year == year:
            changes.append(YearChange(mission.end, "mission_end", (mission.short_name,), ref))
    for site in facts.sites.values():
        # A start known only to its decade ("since the 1980s") opens in no particular year.
        if site.start_year == year and site.start_precision == "year":
            changes.append(YearChange(str(year), "site_open", (site.name,), f"site:{site.id}"))
        if site.end_year == year:
            changes.append(YearChange(str(year), "site_close", (site.name,), f"site:{site.id}"))
    # Dated changes in order; those known only to the year after them.
    changes.sort(key=lambda c: (len(c.date) == 4, c.date))
    return changes
