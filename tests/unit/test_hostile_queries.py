"""Hostile and odd query strings, parsed as Streamlit parses a browser's (its own
query-string reader) and read by the atlas: each bad parameter gives one notice naming it, or
is ignored without a word, and the view falls back to a good year. The browser's side of a
few of them (a page, a map, no payload run) is tests/e2e/test_hostile_urls.py; the cases are
atlas_testing/hostile_queries.py."""

from __future__ import annotations

import pytest
from streamlit.runtime.state.query_params import _parse_query_string

from atlas.facts import Facts
from atlas.urlstate import parse_view
from atlas_testing.hostile_queries import CASES, HostileQuery, case_id


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_hostile_query(facts: Facts, case: HostileQuery) -> None:
    # What reaches the server: the browser keeps the fragment (#...) to itself.
    params = _parse_query_string(case.query.partition("#")[0])
    view = parse_view(params, facts)
    assert view.year == case.year
    assert [notice.param for notice in view.notices] == (
        [case.notice_param] if case.notice_param else [])
    for notice in view.notices:
        # A notice quotes at most a short piece of what was typed.
        assert len(notice.value) < 200
