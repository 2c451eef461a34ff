"""The member colours stay apart for colour-blind students and on a washed-out projector.

Colour vision deficiency is simulated with the matrices of Machado, Oliveira and Fernandes
(2009, severity 1.0) in linear RGB; distances are CIE76 ΔE in CIELAB (D65)."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from atlas.facts import Facts
from atlas.mapview import NON_MEMBER_FILL, PRESENTER_NON_MEMBER_FILL, wave_colours

SIMULATIONS = {
    "normal vision": np.eye(3),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
}
# Adjacent waves (1999 next to 2004 on the map) must differ visibly; every wave must stand out
# from the non-member countries around it by much more.
MIN_ADJACENT_DELTA_E = 6.0
MIN_NON_MEMBER_DELTA_E = 25.0


def _linear(hex_colour: str) -> np.ndarray:
    srgb = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    rgb = np.clip(linear_rgb, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ rgb / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _seen(hex_colour: str, simulation: np.ndarray) -> np.ndarray:
    return _lab(simulation @ _linear(hex_colour))


@pytest.mark.parametrize("simulation", SIMULATIONS, ids=str)
@pytest.mark.parametrize(("presenter", "non_member"),
                         [(False, NON_MEMBER_FILL), (True, PRESENTER_NON_MEMBER_FILL)],
                         ids=["map", "presenter"])
def test_waves_stay_apart(facts: Facts, simulation: str, presenter: bool, non_member: str
                         ) -> None:
    colours = list(wave_colours(facts, presenter=presenter).values())
    seen = [_seen(c, SIMULATIONS[simulation]) for c in colours]
    adjacent = [float(np.linalg.norm(a - b)) for a, b in pairwise(seen)]
    assert min(adjacent) >= MIN_ADJACENT_DELTA_E, adjacent
    background = _seen(non_member, SIMULATIONS[simulation])
    assert min(float(np.linalg.norm(s - background)) for s in seen) >= MIN_NON_MEMBER_DELTA_E


def test_every_wave_has_its_own_colour(facts: Facts) -> None:
    colours = wave_colours(facts)
    assert len(set(colours.values())) == len(colours) == 11
