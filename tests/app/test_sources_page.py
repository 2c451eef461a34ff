"""The Sources page under AppTest: every quote marked, deep links, bad parameters, hostile text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from atlas.cached import FACTS_DIR_ENV
from atlas.facts import load_facts

REPO_DIR = Path(__file__).resolve().parents[2]
HOSTILE_DIR = REPO_DIR / "tests" / "fixtures" / "hostile"


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    # AppTest runs in this process: cached facts would leak between tests with other facts.
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def _run(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/sources.py")
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _html(at: AppTest) -> str:
    return "".join(element.proto.body for element in at.get("html"))


def test_page_marks_every_quote() -> None:
    at = _run()
    html = _html(at)
    facts = load_facts()
    marked = {i for ids in re.findall(r'<mark [^>]*data-quote="([^"]+)"', html)
              for i in ids.split()}
    assert marked == set(facts.quotes)
    for quote_id in facts.quotes:
        assert f'id="quote-{quote_id}"' in html
    assert at.title[0].value == "The five sources, in their own words"
    assert len(at.expander) == len(facts.sources)
    assert not any(e.proto.expanded for e in at.expander)


def test_every_source_shows_its_metadata() -> None:
    html = _html(_run())
    for source in load_facts().sources.values():
        assert f"lang='{source.language}'" in html
        assert source.kind in html
    assert "date not established" in html
    assert html.count("dir='rtl' lang='fa'") >= 1 and html.count("dir='rtl' lang='ar'") >= 2


def test_disagreements_are_listed() -> None:
    at = _run()
    assert at.header[0].value == "Where the sources differ"
    html = _html(at)
    assert "data-kind='member_count'" in html and "data-kind='run_together'" in html


def test_deep_link_opens_its_source() -> None:
    at = _run({"source": "en-tkp-turkey-must-leave-nato"})
    expanded = [e.label for e in at.expander if e.proto.expanded]
    assert len(expanded) == 1 and expanded[0].startswith("Peoples Dispatch")


def test_quote_link_opens_its_source_and_outlines_it() -> None:
    at = _run({"quote": "fa-kfor-command-2023-2024"})
    expanded = [e for e in at.expander if e.proto.expanded]
    assert len(expanded) == 1 and "Persian" in expanded[0].label
    assert 'class="atlas-quote focus"' in _html(at)
    assert "href='#quote-fa-kfor-command-2023-2024'" in _html(at)


def test_unknown_source_is_a_notice_not_an_error() -> None:
    at = _run({"source": "<b>nope</b>"})
    assert not any(e.proto.expanded for e in at.expander)
    (warning,) = at.warning
    assert "source" in warning.value and "nope" in warning.value


def test_hostile_facts_are_shown_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FACTS_DIR_ENV, str(HOSTILE_DIR))
    at = _run({"source": "en-sample-report"})
    html = _html(at)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'data-quote="en-hostile-markup"' in html and 'data-quote="fa-kurecik-radar"' in html
