"""The activity of one mission locale: its youths and everything they do, as tables.

Each stage draws from its own random stream keyed by the ML's rank in the national
network (`perfml.synth.rng`), so an ML's rows do not depend on the scale or on the
other MLs generated with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from perfml.synth.calendar import Window, year_of
from perfml.synth.dispositifs import (
    OPEN,
    collective_sessions,
    dispositifs_table,
    draw_paths,
    phases_collectives_table,
)
from perfml.synth.ids import make_ids
from perfml.synth.offers import Offers, draw_putforwards, mises_en_relation_table
from perfml.synth.propositions import draw_propositions, propositions_table
from perfml.synth.rng import stage_rng
from perfml.synth.situations import draw_situations, situations_table
from perfml.synth.youths import draw_youths, jeunes_table

# Yearly counts kept for the summary (by the year of the event).
COUNTS = (
    "premiers_accueils",
    "entrees_pacea",
    "sorties_pacea",
    "entrees_gj",
    "jeunes_accompagnes",
    "propositions",
    "situations",
    "mises_en_relation",
)


@dataclass(frozen=True)
class MissionLocale:
    """What the generator knows of one ML before drawing its youths."""

    rank: int
    code_ml: str
    neighbours: tuple[str, ...]  # MLs of the extract a youth who moves may go to
    behaviour: object  # a row of `perfml.synth.behaviour.draw_behaviour`
    qpv_share: float
    zrr_share: float
    first_receptions: Mapping[int, float]  # expected, by year
    offers: Offers  # its own offers, then its neighbours' internal ones
    offer_ids: pa.Array
    own_offers: int


@dataclass(frozen=True)
class Activity:
    """The rows one ML produced and its yearly counts."""

    tables: dict[str, pa.Table]
    counts: dict[str, np.ndarray]  # one value per simulated year


def count_by_year(days: np.ndarray, window: Window) -> np.ndarray:
    """Count the days of `days` falling in each simulated year."""
    offset = year_of(days) - window.first_year
    offset = offset[(offset >= 0) & (offset < len(window.years))]
    return np.bincount(offset, minlength=len(window.years))


def accompanied(
    n_youths: int,
    first_reception: np.ndarray,
    pacea: tuple[np.ndarray, np.ndarray, np.ndarray],
    propositions: tuple[np.ndarray, np.ndarray],
    window: Window,
) -> np.ndarray:
    """Count, per year, the youths with a first reception, a PACEA running or a proposition.

    `pacea` holds (youth, entry, exit or OPEN) of the PACEA, `propositions` (youth, day).
    """
    years = np.asarray(window.years)
    seen = np.zeros((n_youths, len(years)), dtype=bool)
    seen[np.arange(n_youths), year_of(first_reception) - years[0]] = True
    youth, entry, exit_ = pacea
    first = year_of(entry) - years[0]
    last = year_of(np.minimum(exit_, window.last_day)) - years[0]
    for k in range(len(years)):
        running = (first <= k) & (last >= k)
        seen[youth[running], k] = True
    youth, days = propositions
    seen[youth, year_of(days) - years[0]] = True
    return seen.sum(axis=0)


def simulate(ml: MissionLocale, seed: int, window: Window) -> Activity:
    """Draw the youths of one ML and return their rows in every youth-level table."""
    b = ml.behaviour
    codes = np.array([ml.code_ml, *ml.neighbours])

    def rng(stage: str) -> np.random.Generator:
        return stage_rng(seed, stage, ml.rank)

    youths = draw_youths(
        rng("youths"), ml.first_receptions, b.part_neet, ml.qpv_share, ml.zrr_share
    )
    youth_ids = make_ids("jeunes", ml.code_ml, youths.count)
    paths = draw_paths(rng("pacea"), youths, b, window, len(ml.neighbours))
    situations = draw_situations(rng("situations"), youths, paths, b, window)
    propositions = draw_propositions(rng("propositions"), youths, paths, b, window)
    putforwards = draw_putforwards(rng("mer"), youths, ml.offers, ml.own_offers, b, window)

    recording = rng("recording")
    dispositif_ids = make_ids("dispositifs", ml.code_ml, paths.count + len(paths.gj_parent))
    sessions = collective_sessions(rng("collective"), paths, window)
    tables = {
        "jeunes": jeunes_table(recording, youths, youth_ids, ml.code_ml, window),
        "dispositifs": dispositifs_table(
            recording, paths, youth_ids, dispositif_ids, codes, window
        ),
        "situations": situations_table(
            recording,
            situations,
            youth_ids,
            make_ids("situations", ml.code_ml, len(situations[0])),
            window,
        ),
        "propositions": propositions_table(
            recording,
            propositions,
            youth_ids,
            make_ids("propositions", ml.code_ml, len(propositions[0])),
            codes,
            window,
        ),
        "mises_en_relation": mises_en_relation_table(
            recording,
            putforwards,
            ml.offer_ids,
            youth_ids,
            make_ids("mises_en_relation", ml.code_ml, len(putforwards.offer)),
            ml.code_ml,
            window,
        ),
        "phases_collectives": phases_collectives_table(
            dispositif_ids.slice(paths.count), *sessions
        ),
    }
    counts = {
        "premiers_accueils": count_by_year(youths.first_reception, window),
        "entrees_pacea": count_by_year(paths.entry, window),
        "sorties_pacea": count_by_year(paths.exit[paths.exit != OPEN], window),
        "entrees_gj": count_by_year(paths.gj_entry, window),
        "jeunes_accompagnes": accompanied(
            youths.count,
            youths.first_reception,
            (paths.youth, paths.entry, paths.exit),
            (propositions[0], propositions[2]),
            window,
        ),
        "propositions": count_by_year(propositions[2], window),
        "situations": count_by_year(situations[2], window),
        "mises_en_relation": count_by_year(putforwards.prescribed, window),
    }
    return Activity(tables, counts)
