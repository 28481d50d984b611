"""Job offers known to the MLs and the youths put forward for them (`offres`, `mises_en_relation`).

Each ML collects offers in proportion to its staff and its labour market, part of
them from employers it works with (`INTERNE`). Each offer gets a few put-forwards
(MER) of youths the ML follows, within days of its collection; a MER is carried out,
refused, cancelled or still pending. Now and then a youth is put forward for an
internal offer of a neighbouring ML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from perfml.contract import STATUT_MER
from perfml.synth.calendar import Window, draw_days_in_year, to_weekday
from perfml.synth.ids import pick_text, repeat_text
from perfml.synth.recording import date_array, entry_dates
from perfml.synth.territory import sigmoid
from perfml.synth.youths import Youths

POSTS = (1, 2, 3, 4, 5)
POST_SHARES = (0.72, 0.15, 0.06, 0.04, 0.03)
EMPTY_POSTS = 0.08  # `nb_postes` left empty (read as 1)
EXTERNAL_MER = 0.6  # fewer MER on external offers than on internal ones
EXTERNAL_REALISED_LOGIT = -0.6
MER_SHAPE = 1.0  # Gamma heterogeneity of offers: some get many MER, some none
MEAN_DELAY, MEAN_REALISATION = 10.0, 7.0  # days from collection, from prescription
RECENT_YOUTHS = 540  # a MER goes to a youth first received within 18 months
NEIGHBOUR_MER = 0.04  # chance that a neighbour's internal offer gets a MER from this ML
# Statut of a MER not carried out.
NOT_REALISED = {"REFUSEE": 0.55, "ANNULEE": 0.20, "PRESCRITE": 0.25}
STATUT = {name: code for code, name in enumerate(STATUT_MER)}


@dataclass(frozen=True)
class Offers:
    """The offers one ML collected, sorted by collection date."""

    collected: np.ndarray
    internal: np.ndarray
    posts: np.ndarray  # 0 when `nb_postes` is left empty

    @property
    def count(self) -> int:
        return len(self.collected)


def draw_offers(rng: np.random.Generator, etp: Mapping[int, float], b) -> Offers:
    """Draw the offers one ML collects each year (Poisson, from its ETP of the year)."""
    days = [
        draw_days_in_year(rng, year, rng.poisson(b.offres_par_etp * staff))
        for year, staff in etp.items()
    ]
    collected = np.sort(np.concatenate(days)) if days else np.zeros(0, dtype=np.int64)
    n = len(collected)
    internal = rng.random(n) < b.part_offres_internes
    posts = np.array(POSTS)[rng.choice(len(POSTS), size=n, p=POST_SHARES)]
    posts = np.where(rng.random(n) < EMPTY_POSTS, 0, posts)
    return Offers(collected, internal, posts)


def offres_table(
    rng: np.random.Generator, offers: Offers, ids: pa.Array, code_ml: str, window: Window
) -> pa.Table:
    """Return the `offres` rows of one ML."""
    entered, empty = entry_dates(rng, offers.collected, window)
    return pa.table(
        {
            "id_offre": ids,
            "code_ml": repeat_text(code_ml, offers.count),
            "origine": pick_text(("EXTERNE", "INTERNE"), offers.internal.astype(np.int64)),
            "date_collecte": date_array(offers.collected),
            "nb_postes": pa.array(offers.posts, type=pa.int64(), mask=offers.posts == 0),
            "date_saisie": date_array(entered, empty),
        }
    )


@dataclass(frozen=True)
class Putforwards:
    """The MER of one ML: offer (index among the candidates), youth, dates, statut."""

    offer: np.ndarray
    youth: np.ndarray
    prescribed: np.ndarray
    statut: np.ndarray
    realised: np.ndarray  # equals `prescribed` where not carried out (masked when written)


def draw_putforwards(
    rng: np.random.Generator,
    youths: Youths,
    offers: Offers,
    n_own: int,
    b,
    window: Window,
) -> Putforwards:
    """Draw the MER of one ML on `offers` (its own `n_own` first, then neighbours' internal)."""
    n = offers.count
    own = np.arange(n) < n_own
    expected = b.mer_par_offre * np.where(offers.internal, 1.0, EXTERNAL_MER)
    count = np.where(
        own,
        rng.poisson(expected * rng.gamma(MER_SHAPE, 1 / MER_SHAPE, n)),
        (rng.random(n) < NEIGHBOUR_MER).astype(np.int64),
    )
    offer = np.repeat(np.arange(n), count)
    prescribed = to_weekday(
        offers.collected[offer] + np.floor(rng.exponential(MEAN_DELAY, len(offer))).astype(np.int64)
    )
    prescribed = np.maximum(prescribed, offers.collected[offer])
    lo = np.searchsorted(youths.first_reception, prescribed - RECENT_YOUTHS, side="left")
    hi = np.searchsorted(youths.first_reception, prescribed, side="right")
    kept = (prescribed <= window.last_day) & (hi > lo)
    offer, prescribed, lo, hi = offer[kept], prescribed[kept], lo[kept], hi[kept]
    youth = lo + np.floor(rng.random(len(offer)) * (hi - lo)).astype(np.int64)

    logit = (
        b.mer_realisee
        + np.where(offers.internal[offer], 0.0, EXTERNAL_REALISED_LOGIT)
        + 0.3 * youths.employability[youth]
    )
    realised_day = prescribed + 1 + np.floor(rng.exponential(MEAN_REALISATION, len(offer)))
    realised = (rng.random(len(offer)) < sigmoid(logit)) & (realised_day <= window.last_day)
    names = list(NOT_REALISED)
    other = rng.choice(len(names), size=len(offer), p=list(NOT_REALISED.values()))
    statut = np.where(realised, STATUT["REALISEE"], np.array([STATUT[k] for k in names])[other])
    order = np.lexsort((youth, prescribed))
    return Putforwards(
        offer=offer[order],
        youth=youth[order],
        prescribed=prescribed[order],
        statut=statut[order],
        realised=np.where(realised, realised_day, prescribed).astype(np.int64)[order],
    )


def mises_en_relation_table(
    rng: np.random.Generator,
    drawn: Putforwards,
    offer_ids: pa.Array,
    youth_ids: pa.Array,
    ids: pa.Array,
    code_ml: str,
    window: Window,
) -> pa.Table:
    """Return the `mises_en_relation` rows of one ML."""
    carried_out = drawn.statut == STATUT["REALISEE"]
    entered, empty = entry_dates(rng, drawn.prescribed, window)
    return pa.table(
        {
            "id_mer": ids,
            "id_offre": offer_ids.take(pa.array(drawn.offer, type=pa.int64())),
            "id_jeune": youth_ids.take(pa.array(drawn.youth, type=pa.int64())),
            "code_ml": repeat_text(code_ml, len(drawn.offer)),
            "date_prescription": date_array(drawn.prescribed),
            "statut": pick_text(STATUT_MER, drawn.statut),
            "date_realisation": date_array(drawn.realised, ~carried_out),
            "date_saisie": date_array(entered, empty),
        }
    )
