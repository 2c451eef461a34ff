"""Helpers of the load and protocol tests (the fixture is in conftest.py)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from atlas_testing.servers import read_log_since
from bench.classroom import Target

T = TypeVar("T")


def run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to its end in a thread of its own: in one pytest process with the
    end-to-end tests, Playwright's sync API keeps an event loop running in the main thread,
    where asyncio.run() refuses to start."""
    result: list[T] = []
    failure: list[BaseException] = []

    def main() -> None:
        try:
            result.append(asyncio.run(make()))
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)

    thread = threading.Thread(target=main)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


def log_since(target: Target, offset: int) -> str:
    assert target.log is not None
    return read_log_since(target.log, offset)


def log_size(target: Target) -> int:
    assert target.log is not None
    return target.log.stat().st_size
