"""What the map shows in a year, on the real facts: the edge years are the point.

Membership and command status are read at the end of the year; sites and missions count if
active at any time in it (atlas/timeline.py).
"""

from __future__ import annotations

import pytest

from atlas import timeline
from atlas.facts import Facts
from atlas.geodata import Geodata, load_geodata


@pytest.fixture(scope="module")
def geodata() -> Geodata:
    return load_geodata()


def member_ids(facts: Facts, year: int) -> set[str]:
    return {m.id for m in timeline.members_at(facts, year)}


@pytest.mark.parametrize(("year", "member"), [(1951, False), (1952, True)])
def test_turkiye_joins_in_1952(facts: Facts, year: int, member: bool) -> None:
    assert ("TUR" in member_ids(facts, year)) is member


@pytest.mark.parametrize(("year", "member"), [(2023, False), (2024, True)])
def test_sweden_joins_in_2024(facts: Facts, year: int, member: bool) -> None:
    assert ("SWE" in member_ids(facts, year)) is member


@pytest.mark.parametrize(
    ("year", "count"),
    [(1949, 12), (1952, 14), (1955, 15), (1982, 16), (1999, 19), (2004, 26), (2009, 28),
     (2017, 29), (2020, 30), (2023, 31), (2024, 32)],
)
def test_member_counts(facts: Facts, year: int, count: int) -> None:
    assert len(timeline.members_at(facts, year)) == count
    # The count holds until the next wave: the year before a wave has the earlier count.
    assert len(timeline.members_at(facts, year - 1)) < count


def test_members_in_order_of_accession(facts: Facts) -> None:
    members = timeline.members_at(facts, timeline.last_year())
    dates = [m.accession_date for m in members]
    assert dates == sorted(dates)
    assert len(members) == len(facts.members)


def test_joined_in_is_exactly_that_years_accessions(facts: Facts) -> None:
    for year in timeline.year_range():
        joined = {m.id for m in timeline.joined_in(facts, year)}
        assert joined == member_ids(facts, year) - member_ids(facts, year - 1), year


def test_divided_germany_drawn_until_1990(facts: Facts, geodata: Geodata) -> None:
    in_1989 = set(timeline.areas_in_force(geodata, facts, 1989))
    assert {"FRG", "GDR", "WBER"} <= in_1989
    assert "DEU" not in in_1989
    in_1990 = set(timeline.areas_in_force(geodata, facts, 1990))
    assert "DEU" in in_1990
    assert not {"FRG", "GDR", "WBER"} & in_1990


def test_areas_in_force_has_no_duplicates_and_known_ids(facts: Facts, geodata: Geodata) -> None:
    known = set(geodata.countries) | set(geodata.germany_pieces)
    for year in (1949, 1989, 1990, timeline.last_year()):
        ids = timeline.areas_in_force(geodata, facts, year)
        assert len(ids) == len(set(ids))
        assert set(ids) <= known


def test_area_member_of_german_pieces(facts: Facts, geodata: Geodata) -> None:
    assert timeline.area_member(geodata, facts, "GDR", 1989) is None
    assert timeline.area_member(geodata, facts, "WBER", 1989) is None
    frg_1955 = timeline.area_member(geodata, facts, "FRG", 1955)
    assert frg_1955 is not None
    assert frg_1955.id == "DEU"
    assert timeline.area_member(geodata, facts, "FRG", 1954) is None


@pytest.mark.parametrize(("year", "active"), [(2011, False), (2012, True)])
def test_kurecik_active_from_2012(facts: Facts, year: int, active: bool) -> None:
    assert ("kurecik" in {s.id for s in timeline.sites_at(facts, year)}) is active


@pytest.mark.parametrize(("year", "active"), [(1970, True), (1971, False)])
def test_cigli_active_until_1970(facts: Facts, year: int, active: bool) -> None:
    assert ("cigli" in {s.id for s in timeline.sites_at(facts, year)}) is active


@pytest.mark.parametrize(("year", "active"), [(2011, True), (2012, False)])
def test_ntm_i_ends_in_2011(facts: Facts, year: int, active: bool) -> None:
    assert ("ntm_i" in {m.id for m in timeline.missions_at(facts, year)}) is active


@pytest.mark.parametrize(("member", "first", "back"), [
    ("FRA", 1966, 2009),  # left 1966-07-01, back 2009-04-04
    ("GRC", 1974, 1980),  # left 1974-08-14, back 1980-10-20
    # Joined the integrated structure in 1999, a date the record gives as a year only.
    ("ESP", 1982, 1999),
])
def test_outside_integrated_command_to_the_year_before_return(
        facts: Facts, member: str, first: int, back: int) -> None:
    """The map shows the end of a year: a period's end year is the first year back inside,
    whatever the precision of its end date."""
    record = facts.members[member]
    end = record.outside_integrated_command[0].end
    assert end is not None and end.year == back
    assert not timeline.outside_integrated_command(record, first - 1)
    for year in range(first, back):
        assert timeline.outside_integrated_command(record, year), year
    assert not timeline.outside_integrated_command(record, back)


def test_year_changes_1999(facts: Facts) -> None:
    changes = timeline.year_changes(facts, 1999)
    joined = [c for c in changes if c.kind == "joined"]
    assert len(joined) == 1
    # Member ids; the caption turns them into names in the reader's language.
    assert {facts.members[iso].name for iso in joined[0].names} == {"Czechia", "Hungary", "Poland"}
    assert joined[0].date == "1999-03-12"
    starts = [c for c in changes if c.kind == "mission_start"]
    assert [(c.names, c.ref) for c in starts] == [(("KFOR",), "mission:kfor")]


def test_year_changes_1990_is_the_territory_change(facts: Facts) -> None:
    territory = [c for c in timeline.year_changes(facts, 1990) if c.kind == "territory"]
    assert len(territory) == 1
    assert set(territory[0].names) == {"GDR", "WBER"}
    assert territory[0].ref == "member:DEU"


def test_year_changes_dated_before_year_only(facts: Facts) -> None:
    # 2004: the accessions (29 March) and SFOR's end (2 December) are dated; NTM-I is known
    # only to the year, so it comes last although it may have started earlier.
    changes = timeline.year_changes(facts, 2004)
    assert [len(c.date) for c in changes] == [10, 10, 4]
    assert changes[-1].names == ("NTM-I",)
    for year in timeline.year_range():
        dates = [c.date for c in timeline.year_changes(facts, year)]
        dated = [d for d in dates if len(d) > 4]
        assert dates[: len(dated)] == sorted(dated), year
        assert all(len(d) == 4 for d in dates[len(dated):]), year


def test_year_changes_cover_every_change_kind(facts: Facts) -> None:
    """Every accession, mission start/end and site opening/closing shows in its year."""
    kinds: dict[str, set[str]] = {}
    joined_ids: list[str] = []
    for year in timeline.year_range():
        for change in timeline.year_changes(facts, year):
            kinds.setdefault(change.kind, set()).add(change.ref)
            if change.kind == "joined":
                joined_ids += change.names
    assert sorted(joined_ids) == sorted(facts.members)
    assert kinds["mission_start"] == {f"mission:{m}" for m in facts.missions}
    assert kinds["mission_end"] == {f"mission:{m.id}" for m in facts.missions.values()
                                    if m.end is not None}
    # A site whose start is known only to its decade (Konya, "since the 1980s") opens in
    # no particular year.
    assert kinds["site_open"] == {f"site:{s.id}" for s in facts.sites.values()
                                  if s.start_precision == "year"}
    assert kinds["site_close"] == {f"site:{s.id}" for s in facts.sites.values()
                                   if s.end_year is not None}


def test_saar_outside_nato_until_1957(facts: Facts, geodata: Geodata) -> None:
    """West Germany joined in 1955 without the Saar, which joined it on 1957-01-01."""
    assert "SAAR" in timeline.areas_in_force(geodata, facts, 1955)
    assert timeline.area_member(geodata, facts, "SAAR", 1956) is None
    assert timeline.area_member(geodata, facts, "FRG", 1956) is facts.members["DEU"]
    assert timeline.area_member(geodata, facts, "SAAR", 1957) is facts.members["DEU"]
    saar = [c for c in timeline.year_changes(facts, 1957) if c.kind == "territory"]
    assert [c.names for c in saar] == [("SAAR",)]


def test_reunification_year(facts: Facts) -> None:
    assert timeline.reunification_year(facts) == 1990


def test_clamp_year() -> None:
    first = timeline.year_range()[0]
    assert timeline.clamp_year(first - 1) == first
    assert timeline.clamp_year(timeline.last_year() + 1) == timeline.last_year()
    assert timeline.clamp_year(1990) == 1990
