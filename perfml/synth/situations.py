"""What the youths do, with dates (`situations`).

Three sources of situations, which may overlap as real ones do:
- during a PACEA, a first job, training or alternance within 12 months for part of the
  youths (more for employable youths in tense labour markets and good MLs);
- other situations at any time of the PACEA (immersions, registered job seeking,
  short jobs, non-professional situations…);
- the situation the PACEA exits to, starting around the exit;
and a few situations around the first reception for youths who never enter a PACEA.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from perfml.contract import CATEGORIE_SITUATION, SITUATION_SORTIE
from perfml.synth.calendar import Window
from perfml.synth.dispositifs import OPEN, Paths, has_pacea
from perfml.synth.ids import pick_text
from perfml.synth.recording import date_array, entry_dates
from perfml.synth.territory import sigmoid
from perfml.synth.youths import Youths

CATEGORY = {name: code for code, name in enumerate(CATEGORIE_SITUATION)}
# Length in days: (shortest, longest, share still running without an end date).
# Lengths are skewed towards the shortest (uniform to the power 1.5).
LENGTHS = {
    "EMPLOI": (5, 365, 0.15),
    "ALTERNANCE": (180, 730, 0.0),
    "FORMATION": (20, 300, 0.0),
    "IMMERSION": (3, 21, 0.0),
    "VOLONTARIAT": (180, 300, 0.0),
    "SCOLARITE": (120, 300, 0.0),
    "DEMANDEUR_EMPLOI": (30, 400, 0.25),
    "SNP": (15, 200, 0.1),
}
FIRST_SITUATIONS = {"EMPLOI": 0.55, "FORMATION": 0.33, "ALTERNANCE": 0.12}
OTHER_SITUATIONS = {
    "EMPLOI": 0.22, "ALTERNANCE": 0.04, "FORMATION": 0.10, "IMMERSION": 0.18,
    "VOLONTARIAT": 0.03, "SCOLARITE": 0.03, "DEMANDEUR_EMPLOI": 0.28, "SNP": 0.12,
}  # fmt: skip
OTHER_PER_YEAR = 1.4  # other situations a year of PACEA, on average
OUTSIDE_PACEA = 0.8  # mean number of situations of a youth who never enters a PACEA
# Exit situations that are also situations (ABANDON, DEMENAGEMENT, AUTRE are not).
EXIT_AS_SITUATION = {
    SITUATION_SORTIE.index(name): CATEGORY[name]
    for name in (
        "EMPLOI",
        "ALTERNANCE",
        "FORMATION",
        "VOLONTARIAT",
        "SCOLARITE",
        "DEMANDEUR_EMPLOI",
    )
}


def _categories(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    names = list(shares)
    weights = np.array([shares[k] for k in names])
    picked = rng.choice(len(names), size=n, p=weights / weights.sum())
    return np.array([CATEGORY[k] for k in names])[picked]


def draw_lengths(rng: np.random.Generator, category: np.ndarray) -> np.ndarray:
    """Draw each situation's length in days, OPEN when it has no end date."""
    table = np.array([LENGTHS[name] for name in CATEGORIE_SITUATION], dtype=float)
    low, high, open_share = table[category].T
    length = low + np.floor((high - low) * rng.random(len(category)) ** 1.5)
    return np.where(rng.random(len(category)) < open_share, OPEN, length.astype(np.int64))


def draw_situations(
    rng: np.random.Generator, youths: Youths, paths: Paths, b, window: Window
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return (youth index, category code, start, end or OPEN) of every situation."""
    real = np.flatnonzero(~paths.duplicate)
    youth = paths.youth[real]
    entry = paths.entry[real]
    observed_end = np.minimum(paths.exit[real], window.last_day)
    e = youths.employability[youth]
    parts = []

    first = rng.random(len(real)) < sigmoid(b.situation_12_mois + 0.5 * e)
    first_start = entry + np.floor(365 * rng.beta(1.0, 1.6, len(real))).astype(np.int64)
    parts.append(
        (youth[first], _categories(rng, FIRST_SITUATIONS, int(first.sum())), first_start[first])
    )

    # A rate per observed day: running PACEA get no more situations than ended ones.
    span = observed_end - entry + 60
    count = rng.poisson(OTHER_PER_YEAR * np.exp(0.2 * e) * span / 365.25)
    owner = np.repeat(np.arange(len(real)), count)
    span = span[owner]
    other_start = entry[owner] - 30 + np.floor(rng.random(len(owner)) * span).astype(np.int64)
    parts.append((youth[owner], _categories(rng, OTHER_SITUATIONS, len(owner)), other_start))

    exit_code = paths.situation[real]
    mapping = np.full(len(SITUATION_SORTIE) + 1, -1)
    for exit_situation, category in EXIT_AS_SITUATION.items():
        mapping[exit_situation] = category
    category = mapping[exit_code]  # -1 (running) maps to the last slot: -1
    linked = category >= 0
    exit_start = np.maximum(
        entry, paths.exit[real] - np.floor(rng.random(len(real)) * 21).astype(np.int64)
    )
    parts.append((youth[linked], category[linked], exit_start[linked]))

    never = np.flatnonzero(~has_pacea(youths.count, paths))
    count = rng.poisson(OUTSIDE_PACEA, len(never))
    owner = np.repeat(never, count)
    start = youths.first_reception[owner] - 30 + np.floor(rng.random(len(owner)) * 395)
    parts.append((owner, _categories(rng, OTHER_SITUATIONS, len(owner)), start.astype(np.int64)))

    youth, category, start = (np.concatenate(column) for column in zip(*parts, strict=True))
    kept = start <= window.last_day
    youth, category, start = youth[kept], category[kept], start[kept]
    length = draw_lengths(rng, category)
    end = np.where(length == OPEN, OPEN, start + length)
    end = np.where(end > window.last_day, OPEN, end)
    order = np.lexsort((start, youth))
    return youth[order], category[order], start[order], end[order]


def situations_table(
    rng: np.random.Generator,
    drawn: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    youth_ids: pa.Array,
    ids: pa.Array,
    window: Window,
) -> pa.Table:
    """Return the `situations` rows of `draw_situations`'s result."""
    youth, category, start, end = drawn
    entered, empty = entry_dates(rng, start, window)
    running = end == OPEN
    return pa.table(
        {
            "id_situation": ids,
            "id_jeune": youth_ids.take(pa.array(youth)),
            "categorie": pick_text(CATEGORIE_SITUATION, category),
            "date_debut": date_array(start),
            "date_fin": date_array(np.where(running, start, end), running),
            "date_saisie": date_array(entered, empty),
        }
    )
