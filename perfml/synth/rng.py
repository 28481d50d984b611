"""Random generators: one `numpy.random.Generator` per stage and mission locale.

Each stage of the generator draws from its own stream derived from the seed, the
stage's name and the mission locale's rank in the national network, so that a stage
never shifts another's draws and a mission locale gets the same youths whichever
scale it is generated in.
"""

from __future__ import annotations

import zlib

import numpy as np


def stage_rng(seed: int, stage: str, index: int = 0) -> np.random.Generator:
    """Return the generator of `stage` for the mission locale of rank `index`."""
    return np.random.default_rng([seed, zlib.crc32(stage.encode()), index])
