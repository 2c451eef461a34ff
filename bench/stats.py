"""The benchmarks' statistics: one definition of the median and the p95 for every figure they
print (each module had its own, two of them rounding the p95's rank differently)."""

from __future__ import annotations

import math
import statistics


def p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank: the smallest value with at least 95 % of the
    values at or below it (with fewer than 20 values, the largest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def summary(values: list[float]) -> dict[str, float | None]:
    """Median, p95, min, max and count; None for each figure when nothing was measured."""
    if not values:
        return {"median": None, "p95": None, "min": None, "max": None, "n": 0}
    return {"median": statistics.median(values), "p95": p95(values), "min": min(values),
            "max": max(values), "n": len(values)}
