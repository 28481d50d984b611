"""The youths of one mission locale: first receptions and personal traits (`jeunes`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from perfml.synth.calendar import Window, draw_days_in_year
from perfml.synth.ids import pick_text, repeat_text
from perfml.synth.recording import date_array, entry_dates

# First receptions by month: a peak after the school year starts, a trough in August.
MONTH_WEIGHTS = np.array([1.05, 0.95, 1.05, 0.95, 0.9, 0.95, 0.85, 0.6, 1.35, 1.3, 1.1, 0.85])
# Age at first reception: 16 + 10 × Beta(2, 3.2) years (mean about 20).
AGE_BETA = (2.0, 3.2)
# Days from birth that surely give an age of 16 to 25 full years at first reception.
MIN_AGE_DAYS, MAX_AGE_DAYS = 5846, 9490
SHARE_WOMEN = 0.49
SHARE_RQTH = 0.04
# Optional yes/no cells left empty when the answer is no (the contract reads it as no).
EMPTY_WHEN_NO = 0.4


@dataclass(frozen=True)
class Youths:
    """The youths first received by one ML, sorted by first reception."""

    first_reception: np.ndarray  # day numbers
    birth: np.ndarray
    female: np.ndarray
    neet: np.ndarray
    rqth: np.ndarray
    qpv: np.ndarray
    zrr: np.ndarray
    # A latent chance on the labour market: drives situations, exits and MER.
    employability: np.ndarray

    @property
    def count(self) -> int:
        return len(self.first_reception)


def draw_youths(
    rng: np.random.Generator,
    counts: Mapping[int, float],
    neet_share: float,
    qpv_share: float,
    zrr_share: float,
) -> Youths:
    """Draw the youths first received each year (Poisson around `counts[year]`)."""
    days = [
        draw_days_in_year(rng, year, rng.poisson(expected), MONTH_WEIGHTS)
        for year, expected in counts.items()
    ]
    first = np.sort(np.concatenate(days)) if days else np.zeros(0, dtype=np.int64)
    n = len(first)
    age = MIN_AGE_DAYS + rng.beta(*AGE_BETA, n) * (MAX_AGE_DAYS - MIN_AGE_DAYS)
    birth = first - np.floor(age).astype(np.int64)
    neet = rng.random(n) < neet_share
    rqth = rng.random(n) < SHARE_RQTH
    # Youths of priority districts are more often NEET: tilt the draw a little.
    qpv = rng.random(n) < np.clip(qpv_share * np.where(neet, 1.1, 0.7), 0, 1)
    zrr = rng.random(n) < zrr_share
    employability = (
        rng.normal(0.0, 1.0, n) - 0.35 * neet - 0.3 * qpv - 0.6 * rqth + 0.08 * (age / 365.25 - 20)
    )
    return Youths(first, birth, rng.random(n) < SHARE_WOMEN, neet, rqth, qpv, zrr, employability)


def _optional_flag(rng: np.random.Generator, values: np.ndarray) -> pa.Array:
    """An optional yes/no column: some "no" left empty, as i-milo exports do."""
    empty = ~values & (rng.random(len(values)) < EMPTY_WHEN_NO)
    return pa.array(values, type=pa.bool_(), mask=empty)


def jeunes_table(
    rng: np.random.Generator, youths: Youths, ids: pa.Array, code_ml: str, window: Window
) -> pa.Table:
    """Return the `jeunes` rows of these youths."""
    entered, empty = entry_dates(rng, youths.first_reception, window)
    return pa.table(
        {
            "id_jeune": ids,
            "code_ml": repeat_text(code_ml, youths.count),
            "date_naissance": date_array(youths.birth),
            "sexe": pick_text(("M", "F"), youths.female.astype(np.int64)),
            "date_premier_accueil": date_array(youths.first_reception),
            "neet_premier_accueil": pa.array(youths.neet, type=pa.bool_()),
            "rqth": _optional_flag(rng, youths.rqth),
            "qpv": _optional_flag(rng, youths.qpv),
            "zrr": _optional_flag(rng, youths.zrr),
            "date_saisie": date_array(entered, empty),
        }
    )
