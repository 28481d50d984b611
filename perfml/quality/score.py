"""The data-quality score of an ML (0–100) and the reliability of indicators 7 to 10.

**Score** = 40 × (1 − late share) + 30 × max(0, 1 − 10 × anomaly share) + 30 × completeness:
- late share: late rows / rows, all kinds of events of the year together (`late.py`); an
  ML with no row at all has nothing late;
- anomaly share: rows in anomaly / rows checked, all coherence checks together
  (`coherence.py`); 10 % of anomalies or more leaves no point;
- completeness: share of the blocking gaps of `missing.py` the ML does not have.
A region's or the nation's score applies the same formula to the sums of its MLs' counts.

**Reliability of indicators 7–10** (the instruction let them weigh on funding only once
their data entry was reliable): for an ML, indicator k is reliable when all these hold —
its value exists; its count (MER or offers for 7 and 8, PACEA exits for 9 and 10) is at
least 20; the late share of the events it is built on is at most 10 %; the anomaly share
of its checks is at most 5 %; none of its gaps (missing or older yearly data) is present;
and the entries made after the consolidation date moved it by at most 5 points (7, 8) or
10 % of its value (9, 10). The value and the counts are those known on the date asked;
the revision criterion applies only when that date is after the consolidation date
(before it, nothing has been entered after consolidation yet).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfml.french import french_number, french_share
from perfml.indicators.revisions import revision_thresholds
from perfml.quality.coherence import CHECKS
from perfml.quality.late import LATE_SOURCES
from perfml.quality.missing import GAPS, GAPS_BY_KEY
from perfml.quality.revisions import relative_gap

# Score weights (points out of 100), as data.
WEIGHTS: dict[str, float] = {"ponctualite": 40.0, "coherence": 30.0, "completude": 30.0}
# The anomaly share that leaves no coherence point.
ANOMALY_SHARE_FOR_ZERO = 0.10
BLOCKING_GAPS = tuple(g.key for g in GAPS if g.blocking)

MAX_LATE_SHARE = 0.10
MAX_ANOMALY_SHARE = 0.05
MIN_COUNT = 20


@dataclass(frozen=True)
class ReliabilityRule:
    """What indicator k's reliability is judged on."""

    indicator: int
    count: str  # "num" or "den": the count that must reach MIN_COUNT
    count_label: str
    late_sources: tuple[str, ...]
    checks: tuple[str, ...]
    gaps: tuple[str, ...]

    @property
    def relative(self) -> bool:
        """Whether the revision is measured relatively (share of the value) or in points,
        as `revisions.toml` says."""
        return revision_thresholds()[self.indicator].mesure == "relatif"

    @property
    def max_revision(self) -> float:
        """The revision threshold of `revisions.toml`: points, or a share of the value (0.10)."""
        threshold = revision_thresholds()[self.indicator]
        return threshold.valeur / 100 if self.relative else threshold.valeur


RELIABILITY_RULES: tuple[ReliabilityRule, ...] = (
    ReliabilityRule(7, "den", "mises en relation sur offres internes", ("mer", "offres"),
                    ("mer_avant_offre",), ("sans_mer_offre_interne",)),
    ReliabilityRule(8, "den", "offres internes", ("offres", "mer"), ("mer_avant_offre",),
                    ("sans_offre_interne",)),
    ReliabilityRule(9, "num", "sorties de PACEA en emploi ou alternance", ("sorties",),
                    ("sortie_sans_situation", "sortie_saisie_avant_entree"),
                    ("sans_icare", "etp_nul", "icare_ancien")),
    ReliabilityRule(10, "den", "sorties de PACEA en emploi ou alternance", ("sorties",),
                    ("sortie_sans_situation", "sortie_saisie_avant_entree"),
                    ("sans_icare", "ressources_nulles", "icare_ancien")),
)  # fmt: skip


def _share(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.Series(
            np.where(denominator > 0, numerator / denominator, 0.0), index=numerator.index
        )


def _sum(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    present = [c for c in columns if c in frame.columns]
    return frame[present].sum(axis=1) if present else pd.Series(0.0, index=frame.index)


def late_share(frame: pd.DataFrame, sources: tuple[str, ...] | None = None) -> pd.Series:
    """Return late rows / rows over the given kinds of events (all when None)."""
    keys = sources or tuple(s.key for s in LATE_SOURCES)
    late = _sum(frame, [f"tardives_{k}" for k in keys])
    return _share(late, _sum(frame, [f"lignes_{k}" for k in keys]))


def anomaly_share(frame: pd.DataFrame, checks: tuple[str, ...] | None = None) -> pd.Series:
    """Return rows in anomaly / rows checked over the given checks (all when None)."""
    keys = checks or tuple(c.key for c in CHECKS)
    return _share(_sum(frame, list(keys)), _sum(frame, [f"{k}_den" for k in keys]))


def quality_score(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the score and its three parts for each row of summed counts.

    `frame` holds the late counts, the coherence counts, `nb_ml` (MLs summed in the row)
    and one count per blocking gap (MLs of the row having it).
    """
    late = late_share(frame)
    anomalies = anomaly_share(frame)
    gaps = _sum(frame, list(BLOCKING_GAPS))
    possible = frame["nb_ml"] * len(BLOCKING_GAPS)
    completeness = 1 - _share(gaps, possible)
    parts = pd.DataFrame(index=frame.index)
    parts["part_tardives"] = late * 100
    parts["part_anomalies"] = anomalies * 100
    parts["ponctualite"] = WEIGHTS["ponctualite"] * (1 - late)
    parts["coherence"] = WEIGHTS["coherence"] * (1 - anomalies / ANOMALY_SHARE_FOR_ZERO).clip(
        lower=0
    )
    parts["completude"] = WEIGHTS["completude"] * completeness
    parts["score"] = parts[["ponctualite", "coherence", "completude"]].sum(axis=1)
    return parts


def lowercase_first(text: str) -> str:
    """Return `text` with its first letter in lower case (acronyms stay upper case)."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text  # « ETP de conseillers… », « PACEA… »
    return text[:1].lower() + text[1:]


def _percent(share: float) -> str:
    return french_share(share, 1)


def reliability(ml: pd.DataFrame, after_consolidation: bool = True) -> pd.DataFrame:
    """Return `fiable_<k>` (bool) and `motif_<k>` (why not, in French) for k = 7..10, per ML.

    `ml` holds, per ML, the late and coherence counts, the gap flags and the revision
    columns (`i<k>_num`, `i<k>_den`, `i<k>_consolide`, `i<k>_actuel`, `i<k>_ecart`);
    `after_consolidation`: the values are taken after the consolidation date, so the
    revision since consolidation is judged.
    """
    out = pd.DataFrame(index=ml.index)
    for rule in RELIABILITY_RULES:
        k = rule.indicator
        reasons: list[list[str]] = [[] for _ in range(len(ml))]
        value = ml[f"i{k}_actuel"]
        count = ml[f"i{k}_{rule.count}"].fillna(0)
        late = late_share(ml, rule.late_sources)
        anomalies = anomaly_share(ml, rule.checks)
        if not after_consolidation:
            revision = pd.Series(np.nan, index=ml.index)
        elif rule.relative:
            revision = relative_gap(ml[f"i{k}_consolide"], ml[f"i{k}_actuel"])
        else:
            revision = ml[f"i{k}_ecart"].abs()
        for i in range(len(ml)):
            if pd.isna(value.iloc[i]):
                reasons[i].append("valeur non calculable")
            if count.iloc[i] < MIN_COUNT:
                reasons[i].append(f"moins de {MIN_COUNT} {rule.count_label}")
            if late.iloc[i] > MAX_LATE_SHARE:
                reasons[i].append(f"saisies tardives : {_percent(late.iloc[i])}")
            if anomalies.iloc[i] > MAX_ANOMALY_SHARE:
                reasons[i].append(f"incohérences : {_percent(anomalies.iloc[i])}")
            for gap in rule.gaps:
                if bool(ml[gap].iloc[i]):
                    reasons[i].append(lowercase_first(GAPS_BY_KEY[gap].label))
            moved = revision.iloc[i]
            if pd.notna(moved) and moved > rule.max_revision:
                if rule.relative:
                    reasons[i].append(f"révisée de {_percent(moved)} après consolidation")
                else:
                    text = french_number(moved, 1)
                    reasons[i].append(f"révisée de {text} points après consolidation")
        out[f"fiable_{k}"] = [not r for r in reasons]
        out[f"motif_{k}"] = ["; ".join(r) for r in reasons]
    return out
