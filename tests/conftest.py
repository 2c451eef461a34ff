"""Shared by every test tier: a writable copy of the valid facts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture
def valid_facts(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/valid that a test may edit."""
    target = tmp_path / "facts"
    shutil.copytree(REPO_DIR / "tests" / "fixtures" / "valid", target)
    return target
