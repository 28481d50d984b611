"""The quality criteria of the Garantie jeunes (Fiche 2) that the extract allows.

Every criterion is a ratio numerator / denominator computed per ML (the ML that runs the
GJ phase); a region's or the nation's value is the ratio of the summed numerators and
denominators. "Entries of the year" are the GJ phases whose `date_entree` is in the year,
known on the as-of date A; T is A or the year's last day if earlier.

1. `mineurs`: entries of the year whose youth was under 18 on the entry day (%).
2. `rqth`: entries of the year whose youth has a recognised disability (`rqth`, null =
   false) (%).
3. `femmes`: entries of the year of young women (%).
4. `jeunes_par_conseiller`: youths with a GJ phase running on T (entry ≤ T, no exit known
   on or before T) per ETP of dedicated counsellor (`structures_annee.etp_conseillers_gj`
   of the year, or the latest before); norm ≤ 50. An ML without that figure is left out
   of the region's and the nation's sums.
5. `phase_collective`: entries of the year whose 6 weeks (42 days) are over on T (the
   cohort); numerator: those whose collective sessions (`phases_collectives`, counted day
   by day up to T) add up to at least 4 weeks (28 days) (%). Also `duree_collective`:
   mean collective weeks per GJ of the cohort. Not computable without the table.
6. `situation_precoce`: entries of the year whose first 3 months are over on T (the
   cohort); numerator: those with a situation IMMERSION, EMPLOI or ALTERNANCE of the same
   youth starting between the entry day and 3 months after ("early": within 3 months) (%).
7. `sorties_positives`: indicator 6 of the year as of A: GJ exits at 12 or 18 months to a
   job or alternance (%).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import ibis
import numpy as np
import pandas as pd

from perfml.activity import aggregate_levels, has_table
from perfml.dashboard.context import latest_yearly_rows
from perfml.gj.config import GJConfig
from perfml.gj.entries import observation_day
from perfml.indicators.periods import Period
from perfml.indicators.sources import visible

EARLY_SITUATIONS = ("IMMERSION", "EMPLOI", "ALTERNANCE")


@dataclass(frozen=True)
class Criterion:
    """One quality criterion: its key, French label, unit and norm."""

    key: str
    label: str
    unit: str  # "%", "jeunes/ETP", "semaines"
    numerator: str
    denominator: str


CRITERIA: tuple[Criterion, ...] = (
    Criterion("mineurs", "Part des mineurs à l'entrée", "%", "Entrées de jeunes de moins de 18 ans",
              "Entrées de l'année"),
    Criterion("rqth", "Part des jeunes en situation de handicap (RQTH)", "%",
              "Entrées de jeunes ayant une RQTH", "Entrées de l'année"),
    Criterion("femmes", "Part des jeunes femmes", "%", "Entrées de jeunes femmes",
              "Entrées de l'année"),
    Criterion("jeunes_par_conseiller", "Jeunes en Garantie jeunes par conseiller dédié",
              "jeunes/ETP", "Jeunes en Garantie jeunes le jour T",
              "ETP de conseillers dédiés à la Garantie jeunes"),
    Criterion("phase_collective", "Phase collective d'au moins 4 semaines", "%",
              "Jeunes de la cohorte ayant au moins 4 semaines de phase collective",
              "Entrées de l'année dont les 6 premières semaines sont écoulées"),
    Criterion("duree_collective", "Durée moyenne de la phase collective", "semaines",
              "Semaines de phase collective de la cohorte",
              "Entrées de l'année dont les 6 premières semaines sont écoulées"),
    Criterion("situation_precoce",
              "Première situation professionnelle dans les 3 mois (immersion, emploi, alternance)",
              "%", "Jeunes de la cohorte ayant commencé une immersion, un emploi ou une alternance "
              "dans les 3 mois", "Entrées de l'année dont les 3 premiers mois sont écoulés"),
    Criterion("sorties_positives", "Sorties en emploi ou alternance à 12 ou 18 mois (indicateur 6)",
              "%", "Sorties de la phase GJ allées à leur terme en emploi ou alternance",
              "Sorties de la phase GJ allées à leur terme dans l'année"),
)  # fmt: skip
CRITERIA_BY_KEY = {c.key: c for c in CRITERIA}


def _date(value: dt.date) -> ibis.Expr:
    return ibis.literal(value, type="date")


def _entries(con: ibis.BaseBackend, year: int, as_of: dt.date) -> ibis.Table:
    rows = visible(con, "dispositifs", as_of)
    return rows.filter((rows.type == "GJ") & (rows.date_entree.year() == year))


def _profile_counts(con, year, as_of) -> ibis.Table:
    entries = _entries(con, year, as_of)
    youths = con.table("jeunes")
    rqth = youths.rqth.fill_null(False) if "rqth" in youths.columns else ibis.literal(False)
    youths = youths.select("id_jeune", "date_naissance", "sexe", rqth=rqth)
    joined = entries.join(youths, "id_jeune")
    minor = joined.date_entree < joined.date_naissance + ibis.interval(years=18)
    return joined.group_by("code_ml").aggregate(
        entrees=joined.count(),
        mineurs=ibis.ifelse(minor, 1, 0).sum(),
        rqth=ibis.ifelse(joined.rqth, 1, 0).sum(),
        femmes=ibis.ifelse(joined.sexe == "F", 1, 0).sum(),
    )


def _running(con, day, as_of) -> ibis.Table:
    rows = visible(con, "dispositifs", as_of)
    t = _date(day)
    running = (
        (rows.type == "GJ")
        & (rows.date_entree <= t)
        & (rows.date_sortie.isnull() | (rows.date_sortie > t))
    )
    rows = rows.filter(running)
    return rows.group_by("code_ml").aggregate(jeunes_en_gj=rows.id_jeune.nunique())


def _collective(con, year, day, as_of, config: GJConfig) -> ibis.Table:
    entries = _entries(con, year, as_of)
    t = _date(day)
    cohort = entries.filter(
        entries.date_entree + ibis.interval(days=7 * config.collective_weeks_max) <= t
    )
    phases = con.table("phases_collectives")
    phases = phases.filter(phases.date_debut <= t)
    end = ibis.ifelse(phases.date_fin > t, t, phases.date_fin)
    days = phases.mutate(jours=end.delta(phases.date_debut, unit="day") + 1)
    per_gj = days.group_by("id_dispositif").aggregate(jours=days.jours.sum())
    joined = cohort.left_join(per_gj, "id_dispositif")
    total = joined.jours.fill_null(0)
    return joined.group_by("code_ml").aggregate(
        cohorte_collective=joined.count(),
        phase_4_semaines=ibis.ifelse(total >= 7 * config.collective_weeks_min, 1, 0).sum(),
        jours_collectifs=total.sum(),
    )


def _early_situation(con, year, day, as_of, config: GJConfig) -> ibis.Table:
    entries = _entries(con, year, as_of)
    window = ibis.interval(months=config.first_situation_months)
    cohort = entries.filter(entries.date_entree + window <= _date(day))
    situations = visible(con, "situations", as_of)
    situations = situations.filter(situations.categorie.isin(EARLY_SITUATIONS)).select(
        "id_jeune", debut="date_debut"
    )
    pairs = cohort.join(situations, "id_jeune").filter(
        lambda r: (r.debut >= r.date_entree) & (r.debut <= r.date_entree + window)
    )
    reached = pairs.select("id_dispositif").distinct()
    flagged = cohort.left_join(reached.mutate(ok=ibis.literal(1)), "id_dispositif")
    return flagged.group_by("code_ml").aggregate(
        cohorte_situation=flagged.count(), situation_precoce=flagged.ok.fill_null(0).sum()
    )


def criteria_counts(
    con: ibis.BaseBackend,
    year: int,
    as_of: dt.date,
    config: GJConfig,
    indicators_fn=None,
) -> pd.DataFrame:
    """Return every ML's numerators and denominators of the criteria (index code_ml)."""
    if indicators_fn is None:
        from perfml.indicators import compute_indicators as indicators_fn
    day = observation_day(year, as_of)
    codes = sorted(con.table("structures").select("code_ml").execute()["code_ml"])
    frame = pd.DataFrame(index=pd.Index(codes, name="code_ml"))
    parts = [
        _profile_counts(con, year, as_of),
        _running(con, day, as_of),
        _early_situation(con, year, day, as_of, config),
    ]
    if has_table(con, "phases_collectives"):
        parts.append(_collective(con, year, day, as_of, config))
    for part in parts:
        frame = frame.join(part.execute().set_index("code_ml"))
    count_columns = [c for c in frame.columns]
    frame[count_columns] = frame[count_columns].fillna(0)
    if not has_table(con, "phases_collectives"):
        for column in ("cohorte_collective", "phase_4_semaines", "jours_collectifs"):
            frame[column] = np.nan
    counsellors = pd.Series(np.nan, index=frame.index)
    if has_table(con, "structures_annee"):
        yearly = latest_yearly_rows(con, "structures_annee", year)
        if "etp_conseillers_gj" in yearly.columns:
            counsellors = yearly["etp_conseillers_gj"].astype(float).reindex(frame.index)
    frame["etp_conseillers_gj"] = counsellors
    six = indicators_fn(con, Period.year(year), as_of=as_of, numbers=[6])
    six = six[(six["niveau"] == "ML") & (six["indicateur"] == 6)].set_index("code")
    frame["sorties_positives_num"] = six["numerateur"].reindex(frame.index)
    frame["sorties_positives_den"] = six["denominateur"].reindex(frame.index)
    return frame


# criterion → (numerator column, denominator column, scale)
RATIOS: dict[str, tuple[str, str, float]] = {
    "mineurs": ("mineurs", "entrees", 100.0),
    "rqth": ("rqth", "entrees", 100.0),
    "femmes": ("femmes", "entrees", 100.0),
    "jeunes_par_conseiller": ("jeunes_en_gj", "etp_conseillers_gj", 1.0),
    "phase_collective": ("phase_4_semaines", "cohorte_collective", 100.0),
    "duree_collective": ("jours_collectifs", "cohorte_collective", 1 / 7),
    "situation_precoce": ("situation_precoce", "cohorte_situation", 100.0),
    "sorties_positives": ("sorties_positives_num", "sorties_positives_den", 100.0),
}


def criteria_by_level(counts: pd.DataFrame, structures: pd.DataFrame) -> pd.DataFrame:
    """Return the criteria of every ML, region and the nation: `<key>_num`, `_den`, `_val`.

    A region's or the nation's numerator and denominator are the sums over its MLs whose
    both are known; the value is their ratio (NaN when the denominator is 0 or unknown).
    """
    raw = pd.DataFrame(index=counts.index)
    summable = pd.DataFrame(index=counts.index)
    for key, (num, den, _scale) in RATIOS.items():
        n, d = counts[num].astype(float), counts[den].astype(float)
        both = n.notna() & d.notna()
        raw[f"{key}_num"], raw[f"{key}_den"] = n, d
        summable[f"{key}_num"], summable[f"{key}_den"] = n.where(both), d.where(both)
    frame = aggregate_levels(summable, structures)
    is_ml = (frame["niveau"] == "ML").to_numpy()
    frame.loc[is_ml, raw.columns] = raw.reindex(frame.loc[is_ml, "code"]).to_numpy()
    for key, (_num, _den, scale) in RATIOS.items():
        n, d = frame[f"{key}_num"].astype(float), frame[f"{key}_den"].astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            frame[f"{key}_val"] = np.where(d > 0, n / d * scale, np.nan)
    columns = [f"{key}_{part}" for key in RATIOS for part in ("num", "den", "val")]
    return frame[["niveau", "code", *columns]]
