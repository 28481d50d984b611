"""Offers of service made by counsellors (`propositions`).

A youth gets propositions at the first reception, at the PACEA entry, then at random
times during the PACEA at a rate that varies between youths (some are followed
closely, some hardly at all: those feed indicator 3), twice as often during a
Garantie jeunes phase, and now and then after the exit or, for youths who never enter
a PACEA, for some months after the first reception.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from perfml.synth.calendar import Window, to_weekday
from perfml.synth.dispositifs import OPEN, Paths, has_pacea
from perfml.synth.ids import pick_text
from perfml.synth.recording import date_array, entry_dates
from perfml.synth.youths import Youths

THEMES = {
    "EMPLOI": 0.34, "FORMATION": 0.20, "PROJET_PROFESSIONNEL": 0.20, "SANTE": 0.05,
    "LOGEMENT": 0.08, "CITOYENNETE": 0.08, "LOISIRS_SPORT_CULTURE": 0.05,
}  # fmt: skip
AT_FIRST_RECEPTION = 1.0  # mean number, within three weeks
AT_ENTRY = 0.7  # share of PACEA entries with a proposition on the day
# Youths' own rate multiplier: Gamma(shape, 1/shape), mean 1; a small shape makes a
# good share of youths seldom seen.
YOUTH_RATE_SHAPE = 1.2
GJ_RATE = 2.0
DAYS_PER_MONTH = 30.44
# Contact outside a PACEA: mean length in days and propositions a month.
NO_PACEA_CONTACT, NO_PACEA_RATE = 420.0, 0.18
AFTER_EXIT_CONTACT, AFTER_EXIT_RATE = 365.0, 0.1


def _spread(rng: np.random.Generator, owners: np.ndarray, start, end, rate) -> tuple:
    """Poisson numbers of events at `rate` a month, uniform between `start` and `end`."""
    months = np.maximum(end - start, 0) / DAYS_PER_MONTH
    count = rng.poisson(rate * months)
    index = np.repeat(np.arange(len(owners)), count)
    days = start[index] + np.floor(rng.random(len(index)) * (end - start + 1)[index])
    return index, days.astype(np.int64)


def draw_propositions(
    rng: np.random.Generator, youths: Youths, paths: Paths, b, window: Window
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (youth index, ML slot, day) of every proposition, sorted by youth and day."""
    youth_parts, slot_parts, day_parts = [], [], []

    def add(youth, slot, days):
        youth_parts.append(youth)
        slot_parts.append(slot)
        day_parts.append(days)

    count = rng.poisson(AT_FIRST_RECEPTION, youths.count)
    owner = np.repeat(np.arange(youths.count), count)
    days = youths.first_reception[owner] + np.floor(rng.random(len(owner)) * 21).astype(np.int64)
    add(owner, np.zeros(len(owner), dtype=np.int64), days)

    real = np.flatnonzero(~paths.duplicate)
    youth, slot, entry = paths.youth[real], paths.slot[real], paths.entry[real]
    at_entry = rng.random(len(real)) < AT_ENTRY
    add(youth[at_entry], slot[at_entry], entry[at_entry])
    end = np.minimum(paths.exit[real], window.last_day)
    rate = b.propositions_mois * rng.gamma(YOUTH_RATE_SHAPE, 1 / YOUTH_RATE_SHAPE, len(real))
    rate = rate * np.where(paths.gj[real], GJ_RATE, 1.0)
    index, days = _spread(rng, real, entry, end, rate)
    add(youth[index], slot[index], days)

    exited = paths.exit[real] != OPEN
    after_end = np.where(exited, paths.exit[real], 0) + np.floor(
        rng.exponential(AFTER_EXIT_CONTACT, len(real))
    ).astype(np.int64)
    index, days = _spread(
        rng,
        real,
        np.where(exited, paths.exit[real], 0),
        np.where(exited, after_end, 0),
        AFTER_EXIT_RATE,
    )
    add(youth[index], slot[index], days)

    never = np.flatnonzero(~has_pacea(youths.count, paths))
    start = youths.first_reception[never]
    length = np.floor(rng.exponential(NO_PACEA_CONTACT, len(never))).astype(np.int64)
    index, days = _spread(rng, never, start, start + length, NO_PACEA_RATE)
    add(never[index], np.zeros(len(index), dtype=np.int64), days)

    youth, slot, days = (np.concatenate(parts) for parts in (youth_parts, slot_parts, day_parts))
    days = to_weekday(days)
    kept = days <= window.last_day
    youth, slot, days = youth[kept], slot[kept], days[kept]
    order = np.lexsort((days, youth))
    return youth[order], slot[order], days[order]


def propositions_table(
    rng: np.random.Generator,
    drawn: tuple[np.ndarray, np.ndarray, np.ndarray],
    youth_ids: pa.Array,
    ids: pa.Array,
    codes: np.ndarray,
    window: Window,
) -> pa.Table:
    """Return the `propositions` rows of `draw_propositions`'s result."""
    youth, slot, days = drawn
    weights = np.array(list(THEMES.values()))
    theme = rng.choice(len(THEMES), size=len(days), p=weights / weights.sum())
    entered, empty = entry_dates(rng, days, window)
    return pa.table(
        {
            "id_proposition": ids,
            "id_jeune": youth_ids.take(pa.array(youth)),
            "code_ml": pick_text(codes, slot),
            "date_proposition": date_array(days),
            "theme": pick_text(THEMES, theme),
            "date_saisie": date_array(entered, empty),
        }
    )
