"""Hostile and odd query strings, and what the atlas must make of each: the parameter its one
notice names (None: ignored without a word) and the year shown. tests/unit/test_hostile_queries.py
reads every one as Streamlit reads a browser's; tests/e2e/test_hostile_urls.py opens in Chromium
the ones whose harm or oddity lives in the browser (`in_browser`): payloads that would run if
echoed as markup, values near the server's limit on a request line, bytes that are not UTF-8,
direction marks, and what only the browser reads (the fragment)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

THIS_YEAR = dt.date.today().year
NINES = "9" * 5000


class HostileQuery(NamedTuple):
    query: str  # as it is sent
    notice_param: str | None  # the parameter the notice names, or None for silence
    year: int  # the year shown
    in_browser: bool = False


CASES: list[HostileQuery] = [
    # The cases of issue 14.
    HostileQuery(f"year={NINES}", "year", THIS_YEAR, in_browser=True),
    HostileQuery("year=1950&year=2000", "year", 1950),
    # Near the server's limit on a request line.
    HostileQuery("item=" + "a" * 12_000, "item", THIS_YEAR, in_browser=True),
    HostileQuery("year=" + "1" * 12_000, "year", THIS_YEAR),
    HostileQuery("item=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "item", THIS_YEAR, in_browser=True),
    # Years: out of range, not numbers, other scripts and invisible characters.
    HostileQuery("year=", "year", THIS_YEAR),
    HostileQuery("year=%20", "year", THIS_YEAR),
    HostileQuery("year=-1990", "year", THIS_YEAR),
    HostileQuery("year=0", "year", THIS_YEAR),
    HostileQuery("year=1948", "year", THIS_YEAR),
    HostileQuery("year=2999", "year", THIS_YEAR),
    HostileQuery("year=1e3", "year", THIS_YEAR),
    HostileQuery("year=1990.0", "year", THIS_YEAR),
    HostileQuery("year=0x7C6", "year", THIS_YEAR),
    HostileQuery("year=%2B1990", "year", THIS_YEAR),
    HostileQuery("year=NaN", "year", THIS_YEAR),
    HostileQuery("year=Infinity", "year", THIS_YEAR),
    HostileQuery("year=null", "year", THIS_YEAR),
    HostileQuery("year=%5B1990%5D", "year", THIS_YEAR),
    HostileQuery("year=1990%3BDROP%20TABLE", "year", THIS_YEAR),
    # Fullwidth digits.
    HostileQuery("year=%EF%BC%91%EF%BC%99%EF%BC%99%EF%BC%90", "year", THIS_YEAR),
    HostileQuery("year=%C2%B2%E2%81%B0%E2%81%B0%E2%81%B0", "year", THIS_YEAR),  # superscripts
    HostileQuery("year=1990%00", "year", THIS_YEAR),
    HostileQuery("year=%E2%80%8B1990", "year", THIS_YEAR),  # zero-width space
    # Right-to-left override.
    HostileQuery("year=%E2%80%AE0991", "year", THIS_YEAR, in_browser=True),
    HostileQuery("year=%FF%FE", "year", THIS_YEAR, in_browser=True),  # not UTF-8
    HostileQuery("year=%D9%A1%D9%A9%D9%A9%D9%A0", None, 1990),  # Arabic-Indic digits: a good year
    # Persian digits: a good year.
    HostileQuery("year=%DB%B1%DB%B9%DB%B6%DB%B0", None, 1960),
    # Items: half references, other kinds' ids, payloads, invisible characters.
    HostileQuery("item=site%3A", "item", THIS_YEAR),
    HostileQuery("item=%3A", "item", THIS_YEAR),
    HostileQuery("item=member%3Atur&year=1990", None, 1990),  # the id's case does not matter
    HostileQuery("item=event%3A%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "item", THIS_YEAR),
    HostileQuery("item=javascript%3Aalert(1)", "item", THIS_YEAR),
    HostileQuery("item=site%3Akurecik%E2%80%8D", "item", THIS_YEAR),  # zero-width joiner
    HostileQuery("item=%E2%80%AEkicruk", "item", THIS_YEAR),
    HostileQuery("item=..%2F..%2Fetc%2Fpasswd", "item", THIS_YEAR),
    HostileQuery("item=" + "k" * 65, "item", THIS_YEAR),
    HostileQuery("item=site%3Akurecik&item=site%3Aincirlik&year=2012", "item", 2012),
    HostileQuery("item=%22%3E%3Csvg%20onload%3Dalert(1)%3E", "item", THIS_YEAR, in_browser=True),
    # Languages.
    HostileQuery("lang=de", "lang", THIS_YEAR),
    HostileQuery("lang=EN", "lang", THIS_YEAR),
    HostileQuery("lang=en-US", "lang", THIS_YEAR),
    HostileQuery("lang=%3Cb%3Etr%3C%2Fb%3E", "lang", THIS_YEAR, in_browser=True),
    HostileQuery("lang=ar%E2%80%8F", "lang", THIS_YEAR),
    HostileQuery("lang=fa&lang=tr", "lang", THIS_YEAR),
    # Presenter mode and scenes.
    HostileQuery("present=2", "present", THIS_YEAR),
    HostileQuery("present=%3Cscript%3E", "present", THIS_YEAR),
    HostileQuery("scene=nope", "scene", THIS_YEAR),
    HostileQuery("scene=%3Csvg%20onload%3Dalert(1)%3E", "scene", THIS_YEAR, in_browser=True),
    # Parameters the atlas does not know: ignored.
    HostileQuery("foo=bar&year=1999", None, 1999),
    HostileQuery("__proto__=x&constructor=1&year=1999", None, 1999),
    HostileQuery("year%5B%5D=1990", None, THIS_YEAR),
    HostileQuery("%3Cscript%3E=1", None, THIS_YEAR),
    # The fragment is the browser's, not a parameter.
    HostileQuery("year=1999#year=1960", None, 1999, in_browser=True),
]

IN_BROWSER = [case for case in CASES if case.in_browser]


def case_id(case: HostileQuery) -> str:
    """A short name for a case in the test report."""
    query = case.query
    return query if len(query) <= 40 else f"{query[:30]}…({len(query)} chars)"
