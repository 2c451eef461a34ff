"""Shared by every test tier: the real facts, the hostile fixture's, and a writable copy of the
valid fixture's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from atlas.facts import Facts, load_facts

REPO_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture
def valid_facts(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/valid that a test may edit."""
    target = tmp_path / "facts"
    shutil.copytree(REPO_DIR / "tests" / "fixtures" / "valid", target)
    return target


@pytest.fixture(scope="session")
def facts() -> Facts:
    """The real facts (facts/), loaded once for the run: tests only read them."""
    return load_facts()


@pytest.fixture(scope="session")
def hostile() -> Facts:
    """tests/fixtures/hostile: quotes and a source text holding <script> and <img onerror>."""
    return load_facts(REPO_DIR / "tests" / "fixtures" / "hostile")
