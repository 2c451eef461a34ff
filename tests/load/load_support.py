"""Helpers of the load and protocol tests (the fixture is in conftest.py)."""

from __future__ import annotations

from bench.classroom import Target


def log_since(target: Target, offset: int) -> str:
    assert target.log is not None
    with target.log.open("rb") as handle:
        handle.seek(offset)
        return handle.read().decode("utf-8", errors="replace")


def log_size(target: Target) -> int:
    assert target.log is not None
    return target.log.stat().st_size
