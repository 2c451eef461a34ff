"""atlas.memo: one computation per key however many sessions ask at once, and no kept
failures."""

from __future__ import annotations

import threading
import time

import pytest

from atlas.memo import once_per_key


def test_concurrent_callers_share_one_computation() -> None:
    calls: list[str] = []

    @once_per_key
    def build(language: str) -> tuple[str, int]:
        calls.append(language)
        time.sleep(0.05)  # long enough for every thread to arrive while it runs
        return (language, len(calls))

    results: list[tuple[str, int]] = []
    threads = [threading.Thread(target=lambda: results.append(build("tr"))) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["tr"]
    assert results == [("tr", 1)] * 20
    assert build("fa") == ("fa", 2)
    assert calls == ["tr", "fa"]


def test_a_failure_is_not_kept() -> None:
    attempts: list[int] = []

    @once_per_key
    def load() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("facts broken")
        return "facts fixed"

    with pytest.raises(ValueError, match="facts broken"):
        load()
    assert load() == "facts fixed"
    assert load() == "facts fixed"
    assert len(attempts) == 2


def test_keyword_arguments_are_refused() -> None:
    @once_per_key
    def build(language: str) -> str:
        return language

    with pytest.raises(TypeError, match="by position"):
        build(language="en")


def test_streamlits_clear_cache_leaves_the_shared_facts_alone() -> None:
    """Any client can send Streamlit's clear_cache message, which empties st.cache_data and
    st.cache_resource for every session; what the atlas shares is not kept there."""
    import streamlit as st

    from atlas import cached

    facts, borders = cached.facts(), cached.map_borders()
    st.cache_resource.clear()
    st.cache_data.clear()
    assert cached.facts() is facts
    assert cached.map_borders() is borders
