"""PACEA, Garantie jeunes phases, collective sessions (`dispositifs`, `phases_collectives`).

A youth enters a PACEA mostly within three months of the first reception (or later,
or never); a PACEA lasts up to 24 months and ends on an exit situation; a quarter of
them hold a Garantie jeunes phase of 12 months (some renewed to 18, some stopped
early) with a collective session of 4 to 6 weeks at its start. After an exit a youth
may come back for another PACEA, at another ML if they moved. A few PACEA are opened
twice by mistake while the first one runs, as happens in i-milo.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from perfml.contract import SITUATION_SORTIE
from perfml.synth.calendar import Window, add_months, to_weekday
from perfml.synth.ids import pick_text
from perfml.synth.recording import date_array, entry_dates
from perfml.synth.territory import sigmoid
from perfml.synth.youths import Youths

OPEN = 10**9  # the exit "date" of a dispositif still running: after any real date
EXIT = {name: code for code, name in enumerate(SITUATION_SORTIE)}
MAX_ROUNDS = 3  # a youth's successive PACEA
MAX_MONTHS = 24  # the PACEA's maximum length

# Delays from first reception to PACEA entry: within 3 months (days, mean 18) or later.
EARLY_MEAN_DELAY, EARLY_MAX_DELAY = 18.0, 88
LATE_MIN_DELAY, LATE_MEAN_DELAY, LATE_MAX_EXTRA = 93, 150.0, 900
# PACEA without Garantie jeunes: length in days, Gamma(shape, mean) plus a minimum.
PACEA_SHAPE, PACEA_MEAN, PACEA_MIN = 1.6, 310.0, 14
# Exits to a job or alternance: share of alternance among them.
POSITIVE_EXITS = {"EMPLOI": 0.78, "ALTERNANCE": 0.22}
OTHER_PACEA_EXITS = {
    "FORMATION": 0.20, "SCOLARITE": 0.05, "VOLONTARIAT": 0.04, "DEMANDEUR_EMPLOI": 0.24,
    "ABANDON": 0.25, "DEMENAGEMENT": 0.06, "AUTRE": 0.16,
}  # fmt: skip
OTHER_GJ_EXITS = {
    "FORMATION": 0.18, "SCOLARITE": 0.02, "VOLONTARIAT": 0.05, "DEMANDEUR_EMPLOI": 0.40,
    "ABANDON": 0.08, "DEMENAGEMENT": 0.07, "AUTRE": 0.20,
}  # fmt: skip
EARLY_GJ_EXITS = {
    "EMPLOI": 0.25, "ALTERNANCE": 0.05, "FORMATION": 0.08, "ABANDON": 0.37,
    "DEMENAGEMENT": 0.12, "DEMANDEUR_EMPLOI": 0.05, "AUTRE": 0.08,
}  # fmt: skip
# Garantie jeunes: a phase stopped early (logit, shifted by employability), renewed to
# 18 months among those that go to term, share starting on the day of the PACEA entry.
GJ_STOP_LOGIT = -1.27
GJ_RENEWED = 0.18
GJ_SAME_DAY_START, GJ_MAX_START_DELAY = 0.4, 120
# The PACEA ends with its Garantie jeunes phase, or up to 90 days later.
PACEA_ENDS_WITH_GJ = 0.6
# Coming back for another PACEA after an exit, by exit situation.
REENTRY_BASE = 0.38
REENTRY_FACTOR = {
    "EMPLOI": 0.5, "ALTERNANCE": 0.3, "FORMATION": 0.7, "VOLONTARIAT": 0.6, "SCOLARITE": 0.5,
    "DEMANDEUR_EMPLOI": 1.6, "ABANDON": 1.5, "DEMENAGEMENT": 1.2, "AUTRE": 1.0,
}  # fmt: skip
REENTRY_MIN_GAP, REENTRY_MEAN_GAP = 15, 200.0
MOVES_AFTER_DEMENAGEMENT, MOVES_OTHERWISE = 0.6, 0.02
DUPLICATE_PACEA = 0.004
# Collective sessions: for most Garantie jeunes phases, 4 to 6 weeks from a Monday.
COLLECTIVE_SHARE, COLLECTIVE_MAX_DELAY = 0.85, 35


@dataclass(frozen=True)
class Paths:
    """The PACEA and Garantie jeunes rows of one ML's youths."""

    youth: np.ndarray  # index of the youth (in `Youths`)
    slot: np.ndarray  # 0: the youth's ML; k: the k-th neighbouring ML
    entry: np.ndarray
    exit: np.ndarray  # OPEN while running
    situation: np.ndarray  # code in SITUATION_SORTIE, -1 while running
    duplicate: np.ndarray  # opened twice by mistake
    gj: np.ndarray  # True when the PACEA holds a Garantie jeunes phase
    # Garantie jeunes rows (one per PACEA with `gj`), in PACEA order.
    gj_parent: np.ndarray  # index of the PACEA row
    gj_entry: np.ndarray
    gj_exit: np.ndarray
    gj_situation: np.ndarray

    @property
    def count(self) -> int:
        return len(self.entry)


def has_pacea(n_youths: int, paths: Paths) -> np.ndarray:
    """Return, for each youth, whether they have at least one PACEA."""
    flag = np.zeros(n_youths, dtype=bool)
    flag[paths.youth] = True
    return flag


def _codes(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    names = list(shares)
    weights = np.array([shares[k] for k in names])
    picked = rng.choice(len(names), size=n, p=weights / weights.sum())
    return np.array([EXIT[k] for k in names])[picked]


def draw_exit_situations(
    rng: np.random.Generator, positive_logit: np.ndarray, others: dict[str, float]
) -> np.ndarray:
    """Draw exit situations: a job or alternance with the given logit, else `others`."""
    n = len(positive_logit)
    positive = rng.random(n) < sigmoid(positive_logit)
    return np.where(positive, _codes(rng, POSITIVE_EXITS, n), _codes(rng, others, n))


def _uniform_days(rng: np.random.Generator, low: int, high: int, n: int) -> np.ndarray:
    """Integers drawn uniformly in [low, high]."""
    return low + np.floor(rng.random(n) * (high - low + 1)).astype(np.int64)


def _one_pacea(rng, youths: Youths, youth, entry, later_round, had_gj, b, window: Window):
    """Draw one PACEA for each (youth, entry): length, Garantie jeunes phase, exit."""
    m = len(youth)
    e = youths.employability[youth]
    cap = add_months(entry, MAX_MONTHS)
    logit_gj = np.log(b.gj / (1 - b.gj)) + 0.8 * (youths.neet[youth] - 0.75) - 0.3 * e
    p_gj = sigmoid(logit_gj) * np.where(later_round, 0.5, 1.0) * ~had_gj[youth]
    length = PACEA_MIN + np.floor(rng.gamma(PACEA_SHAPE, PACEA_MEAN / PACEA_SHAPE, m))
    exit_ = np.minimum(entry + length.astype(np.int64), cap)
    situation = draw_exit_situations(
        rng, b.sortie_positive + 0.6 * e - 0.5 * (exit_ == cap), OTHER_PACEA_EXITS
    )

    gj_start = to_weekday(
        entry
        + np.where(
            rng.random(m) < GJ_SAME_DAY_START, 0, _uniform_days(rng, 1, GJ_MAX_START_DELAY, m)
        )
    )
    gj = (rng.random(m) < p_gj) & (gj_start <= window.last_day)
    stopped = rng.random(m) < sigmoid(GJ_STOP_LOGIT - 0.4 * e)
    renewed = ~stopped & (rng.random(m) < GJ_RENEWED)
    gj_end = np.where(
        stopped,
        gj_start + _uniform_days(rng, 20, 330, m),
        np.where(
            renewed,
            add_months(gj_start, 18) - 1 + _uniform_days(rng, 0, 10, m),
            add_months(gj_start, 12) - 1 + _uniform_days(rng, -3, 20, m),
        ),
    )
    gj_situation = np.where(
        stopped,
        _codes(rng, EARLY_GJ_EXITS, m),
        draw_exit_situations(rng, b.sortie_positive_gj + 0.6 * e, OTHER_GJ_EXITS),
    )
    ends_with_gj = rng.random(m) < PACEA_ENDS_WITH_GJ
    pacea_after_gj = np.minimum(
        gj_end + np.where(ends_with_gj, 0, _uniform_days(rng, 1, 90, m)), cap
    )
    exit_ = np.where(gj, np.maximum(pacea_after_gj, gj_end), exit_)
    situation = np.where(gj & ends_with_gj, gj_situation, situation)

    running = exit_ > window.last_day
    exit_ = np.where(running, OPEN, exit_)
    situation = np.where(running, -1, situation)
    gj_running = gj_end > window.last_day
    gj_end = np.where(gj_running, OPEN, gj_end)
    gj_situation = np.where(gj_running, -1, gj_situation)
    return exit_, situation, gj, gj_start, gj_end, gj_situation


def draw_paths(
    rng: np.random.Generator, youths: Youths, b, window: Window, n_neighbours: int
) -> Paths:
    """Draw every PACEA and Garantie jeunes phase of one ML's youths.

    `b` holds the ML's behaviour (`perfml.synth.behaviour`); `n_neighbours` is the
    number of nearby MLs a youth who moves may continue with.
    """
    n = youths.count
    p_early = np.clip(b.pacea_3_mois * np.where(youths.neet, 1.1, 0.75), 0, 0.97)
    early = rng.random(n) < p_early
    late = ~early & (rng.random(n) < b.pacea_tardif)
    early_delay = np.floor(rng.exponential(EARLY_MEAN_DELAY, n))
    early_delay = np.where(
        early_delay > EARLY_MAX_DELAY, _uniform_days(rng, 0, EARLY_MAX_DELAY, n), early_delay
    )
    late_delay = LATE_MIN_DELAY + np.minimum(
        np.floor(rng.exponential(LATE_MEAN_DELAY, n)), LATE_MAX_EXTRA
    )
    entry = to_weekday(
        youths.first_reception + np.where(early, early_delay, late_delay).astype(np.int64)
    )
    starts = (early | late) & (entry <= window.last_day)
    youth, entry = np.flatnonzero(starts), entry[starts]
    slot = np.zeros(len(youth), dtype=np.int64)
    had_gj = np.zeros(n, dtype=bool)
    rounds: list[tuple] = []
    for round_ in range(MAX_ROUNDS):
        if len(youth) == 0:
            break
        drawn = _one_pacea(rng, youths, youth, entry, round_ > 0, had_gj, b, window)
        exit_, situation, gj = drawn[0], drawn[1], drawn[2]
        had_gj[youth[gj]] = True
        rounds.append((youth, slot, entry, *drawn))
        factor = np.array([REENTRY_FACTOR[name] for name in SITUATION_SORTIE])
        again = (exit_ != OPEN) & (
            rng.random(len(youth)) < REENTRY_BASE * factor[np.maximum(situation, 0)]
        )
        gap = REENTRY_MIN_GAP + np.floor(rng.exponential(REENTRY_MEAN_GAP, len(youth)))
        next_entry = to_weekday(np.where(exit_ != OPEN, exit_, 0) + gap.astype(np.int64))
        again &= next_entry <= window.last_day
        p_move = np.where(
            situation == EXIT["DEMENAGEMENT"], MOVES_AFTER_DEMENAGEMENT, MOVES_OTHERWISE
        )
        moving = (rng.random(len(youth)) < p_move) & (n_neighbours > 0)
        new_slot = 1 + np.floor(rng.random(len(youth)) * max(n_neighbours, 1)).astype(np.int64)
        next_slot = np.where(moving, new_slot, slot)
        youth, entry, slot = youth[again], next_entry[again], next_slot[again]

    if not rounds:
        none = np.zeros(0, dtype=np.int64)
        rounds.append((none, none, none, none, none, none.astype(bool), none, none, none))
    columns = [np.concatenate(parts) for parts in zip(*rounds, strict=True)]
    youth, slot, entry, exit_, situation, gj, gj_start, gj_end, gj_situation = columns

    # Some PACEA opened twice: a second row while the first runs, closing with it.
    dup = np.flatnonzero(rng.random(len(youth)) < DUPLICATE_PACEA)
    dup_entry = to_weekday(entry[dup] + _uniform_days(rng, 1, 60, len(dup)))
    kept = dup_entry <= np.minimum(exit_[dup], window.last_day)
    dup, dup_entry = dup[kept], dup_entry[kept]
    return _sorted_paths(
        youth, slot, entry, exit_, situation, gj, gj_start, gj_end, gj_situation, dup, dup_entry
    )


def _sorted_paths(
    youth, slot, entry, exit_, situation, gj, gj_start, gj_end, gj_sit, dup, dup_entry
):
    """Append the duplicates, sort PACEA by entry date and index their GJ phases."""
    n = len(youth)
    all_youth = np.concatenate([youth, youth[dup]])
    all_slot = np.concatenate([slot, slot[dup]])
    all_entry = np.concatenate([entry, dup_entry])
    all_exit = np.concatenate([exit_, exit_[dup]])
    all_situation = np.concatenate([situation, situation[dup]])
    duplicate = np.concatenate([np.zeros(n, dtype=bool), np.ones(len(dup), dtype=bool)])
    all_gj = np.concatenate([gj, np.zeros(len(dup), dtype=bool)])
    order = np.lexsort((all_youth, all_entry))
    position = np.empty_like(order)
    position[order] = np.arange(len(order))
    with_gj = np.flatnonzero(gj)
    gj_order = np.argsort(position[with_gj], kind="stable")
    with_gj = with_gj[gj_order]
    return Paths(
        youth=all_youth[order],
        slot=all_slot[order],
        entry=all_entry[order],
        exit=all_exit[order],
        situation=all_situation[order],
        duplicate=duplicate[order],
        gj=all_gj[order],
        gj_parent=position[with_gj],
        gj_entry=gj_start[with_gj],
        gj_exit=gj_end[with_gj],
        gj_situation=gj_sit[with_gj],
    )


def dispositifs_table(
    rng: np.random.Generator,
    paths: Paths,
    youth_ids: pa.Array,
    ids: pa.Array,
    codes: np.ndarray,
    window: Window,
) -> pa.Table:
    """Return the `dispositifs` rows: the PACEA (ids first), then their GJ phases.

    `ids` holds one identifier per PACEA and GJ row; `codes` the ML codes by slot
    (the youth's ML first, then its neighbours).
    """
    n_pacea = paths.count
    youth = np.concatenate([paths.youth, paths.youth[paths.gj_parent]])
    slot = np.concatenate([paths.slot, paths.slot[paths.gj_parent]])
    entry = np.concatenate([paths.entry, paths.gj_entry])
    exit_ = np.concatenate([paths.exit, paths.gj_exit])
    situation = np.concatenate([paths.situation, paths.gj_situation])
    exited = exit_ != OPEN
    kinds = np.repeat([0, 1], [n_pacea, len(paths.gj_parent)])
    parent = pa.array(
        np.concatenate([np.zeros(n_pacea, dtype=np.int64), paths.gj_parent]),
        mask=np.arange(len(entry)) < n_pacea,
    )
    entered, entered_empty = entry_dates(rng, entry, window)
    exit_days = np.where(exited, exit_, entry)
    exit_entered, exit_entered_empty = entry_dates(rng, exit_days, window)
    return pa.table(
        {
            "id_dispositif": ids,
            "id_jeune": youth_ids.take(pa.array(youth)),
            "code_ml": pick_text(codes, slot),
            "type": pick_text(("PACEA", "GJ"), kinds),
            "id_dispositif_parent": ids.take(parent),
            "date_entree": date_array(entry),
            "date_sortie": date_array(exit_days, ~exited),
            "situation_sortie": pick_text(SITUATION_SORTIE, np.maximum(situation, 0), ~exited),
            "date_saisie": date_array(entered, entered_empty),
            "date_saisie_sortie": date_array(exit_entered, exit_entered_empty | ~exited),
        }
    )


def collective_sessions(rng: np.random.Generator, paths: Paths, window: Window) -> tuple:
    """Return (GJ row index, start, end) of the collective sessions.

    Sessions start on a Monday within five weeks of the phase's start and last 4 to 6
    weeks (ending on a Friday), cut short when the phase stops first; only sessions
    over by the last day of the extract are kept.
    """
    m = len(paths.gj_entry)
    chosen = rng.random(m) < COLLECTIVE_SHARE
    start = paths.gj_entry + _uniform_days(rng, 0, COLLECTIVE_MAX_DELAY, m)
    start += (7 - (start + 3) % 7) % 7  # next Monday (day 0 was a Thursday)
    end = start + 7 * _uniform_days(rng, 4, 6, m) - 3
    end = np.minimum(end, paths.gj_exit)
    kept = chosen & (end >= start) & (end <= window.last_day)
    rows = np.flatnonzero(kept)
    return rows, start[rows], end[rows]


def phases_collectives_table(
    gj_ids: pa.Array, rows: np.ndarray, start: np.ndarray, end: np.ndarray
) -> pa.Table:
    """Return the `phases_collectives` rows for the sessions of `collective_sessions`."""
    return pa.table(
        {
            "id_dispositif": gj_ids.take(pa.array(rows, type=pa.int64())),
            "date_debut": date_array(start),
            "date_fin": date_array(end),
        }
    )
