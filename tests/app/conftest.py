"""AppTest fixtures: a fresh app per test, with the facts cache cleared and the facts dir
chosen by the test (ATLAS_FACTS_DIR)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from atlas.cached import FACTS_DIR_ENV

REPO_DIR = Path(__file__).resolve().parents[2]
APP_FILE = REPO_DIR / "app.py"
FIXTURES_DIR = REPO_DIR / "tests" / "fixtures"

MakeApp = Callable[..., AppTest]


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[MakeApp]:
    """make_app(facts_dir=None, **query_params) -> an AppTest not yet run.

    Caches are cleared before and after, so facts loaded from one directory never leak
    into a test that reads another."""
    monkeypatch.delenv(FACTS_DIR_ENV, raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()

    def make(facts_dir: Path | None = None, **query: str) -> AppTest:
        if facts_dir is not None:
            monkeypatch.setenv(FACTS_DIR_ENV, str(facts_dir))
        at = AppTest.from_file(str(APP_FILE), default_timeout=30)
        at.query_params.update(query)
        return at

    yield make
    st.cache_resource.clear()
    st.cache_data.clear()
