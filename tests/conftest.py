"""Shared by every test tier: the package on sys.path and a writable copy of the valid facts."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[1]
# pytest puts tests/ on sys.path, not the repository root that holds the atlas package;
# drop this once the project config sets pytest's `pythonpath`.
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))


@pytest.fixture
def valid_facts(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/valid that a test may edit."""
    target = tmp_path / "facts"
    shutil.copytree(REPO_DIR / "tests" / "fixtures" / "valid", target)
    return target
