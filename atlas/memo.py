"""Process-wide results, computed once per key and shared by every session.

Streamlit's st.cache_resource would do this, but any client can empty it for everybody with
one websocket message (BackMsg.clear_cache; Streamlit 1.67 has no setting to refuse it, the
toolbar only hides the menu item), and then the next 40 students all wait for the rebuild. So
what the atlas shares lives here, out of that message's reach. Values must be immutable (see
atlas/cached.py); an exception is not kept, so a fixed facts file shows on the next visit.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def once_per_key(function: Callable[P, R]) -> Callable[P, R]:
    """Memoise `function` on its positional arguments. A lock makes the first caller compute
    while the others wait for its result: a class arriving at once costs one build, not 40."""
    results: dict[tuple[Hashable, ...], R] = {}
    lock = threading.Lock()

    @functools.wraps(function)
    def cached(*args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs:
            raise TypeError(f"{function.__name__}: pass arguments by position")
        key = tuple(args)
        try:
            return results[key]
        except KeyError:
            pass
        with lock:
            if key not in results:
                results[key] = function(*args)  # type: ignore[call-arg]  # no kwargs: checked above
            return results[key]

    return cached
