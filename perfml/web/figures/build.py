"""Build a year's snapshot from the warehouse, through the core API only.

Called once per warehouse version (by `perfml web preparer` or on the first request):
the indicators of the year as of their official consolidation date, the monthly series,
the groups and their description, the distributions and the three proposals.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from perfml.errors import UserError
from perfml.web.figures.snapshot import Snapshot

STRUCTURE_COLUMNS = ["code_ml", "nom", "code_departement", "code_region"]


def open_read_only(warehouse: Path):
    """Open the warehouse for reading; a French message while another command writes it."""
    import duckdb

    from perfml.warehouse import connect

    try:
        return connect(warehouse)
    except duckdb.IOException:
        raise UserError(
            f"L'entrepôt {warehouse} est en cours d'écriture par une autre commande "
            "(chargement, groupes, synchronisation) : réessayez dans un instant."
        ) from None


def default_year(con) -> int:
    """The last calendar year the extract covers completely (31 December ≤ extract date).

    Without an extract date, the latest year of `contexte`.
    """
    from perfml.warehouse import extract_date

    extracted = extract_date(con)
    if extracted is not None:
        return (
            extracted.year if (extracted.month, extracted.day) == (12, 31) else extracted.year - 1
        )
    if "contexte" in con.list_tables():
        latest = con.table("contexte").annee.max().execute()
        if latest is not None and not pd.isna(latest):
            return int(latest)
    raise UserError(
        "Impossible de déterminer l'année à afficher : indiquez-la avec la variable "
        "PERFML_ANNEE (par exemple PERFML_ANNEE=2024)."
    )


def build_snapshot(warehouse: Path, year: int | None = None, progress: bool = False) -> Snapshot:
    """Compute the year's figures with the core API and return them as a snapshot.

    The groups are read, never built: the web application does not write into the
    warehouse (without groups, only the national and regional distributions exist).
    """
    from perfml.groups import has_groups, load_groups, load_neighbours
    from perfml.indicators import Period, compute_indicators
    from perfml.indicators.periods import coverage_warning
    from perfml.indicators.revisions import typical_revisions
    from perfml.quality.late import late_share_by_ml
    from perfml.reports.campaign import Campaign, choose_as_of
    from perfml.warehouse import extract_date

    con = open_read_only(warehouse)
    try:
        year = year or default_year(con)
        # Before any computation: a year after the extract is refused, one not over is
        # marked « provisoire » by the core, the pages only show the mark.
        extracted = extract_date(con)
        provisional = coverage_warning(Period.year(year), extracted)
        as_of, is_official = choose_as_of(year, extracted)
        with _steps(progress, 3) as done:
            indicators = compute_indicators(con, Period.year(year), as_of=as_of)
            done("Indicateurs de l'année calculés")
            structures = con.table("structures").select(*STRUCTURE_COLUMNS).execute()
            groups = load_groups(con, year) if has_groups(con, year) else pd.Series(dtype="Int64")
            structures["groupe"] = structures["code_ml"].map(groups).astype("Int64")
            structures = structures.sort_values("code_ml", ignore_index=True)
            neighbours = load_neighbours(con, year)
            monthly = _monthly(con, year)
            # Provisional figures: last year replayed at the same stage (typical revision).
            typical = None if is_official else typical_revisions(con, Period.year(year), as_of)
            late = late_share_by_ml(con, year).rename_axis("code_ml").reset_index()
            done("Suivi mensuel calculé")
            campaign = Campaign.from_frames(
                year,
                structures[["code_ml", "nom", "code_region", "groupe"]],
                indicators,
                as_of=as_of,
                is_official=is_official,
                extract_date=extracted,
                descriptions=_year_rows(con, "groupes_description", year),
                group_labels=_year_rows(con, "groupes_libelles", year),
                typical_revisions=typical,
                neighbours=neighbours,
                provisional_note=provisional,
            )
            done("Distributions et propositions calculées")
    finally:
        con.disconnect()
    return Snapshot(campaign=campaign, structures=structures, monthly=monthly, late_shares=late)


def _monthly(con, year: int) -> pd.DataFrame:
    """The year's monthly trend: the 12 rolling months at each month end, January–December.

    `monthly_series` refuses a month whose `Period.rolling12` window does not start on a
    1st (February after a leap year: 29 February → 28 February); such a month is asked
    of `compute_indicators` with its 12 whole months instead, in the same shape.
    """
    from perfml.indicators import Period, compute_indicators, monthly_series
    from perfml.indicators.periods import add_months, month_end

    months = [dt.date(year, month, 1) for month in range(1, 13)]
    parts, run = [], []
    for month in months:
        if Period.rolling12(month_end(month.year, month.month)).is_whole_months:
            run.append(month)
            continue
        if run:
            parts.append(monthly_series(con, run[0], run[-1]))
            run = []
        window = Period(add_months(month, -11), month_end(month.year, month.month))
        parts.append(compute_indicators(con, window).assign(mois=month))
    if run:
        parts.append(monthly_series(con, run[0], run[-1]))
    return pd.concat(parts, ignore_index=True)


def _year_rows(con, table: str, year: int) -> pd.DataFrame:
    """The rows of `year` of a results table; empty when the table is not there."""
    if table not in con.list_tables():
        return pd.DataFrame()
    found = con.table(table)
    return found.filter(found.annee == year).execute()


@contextmanager
def _steps(enabled: bool, total: int):
    """Yield `done(label)`, which advances a Rich progress bar (silent when not enabled)."""
    if not enabled:
        yield lambda _label: None
        return
    from perfml.progress import progress_bar

    with progress_bar(counted=True) as bar:
        task = bar.add_task("Préparation des chiffres", total=total)
        yield lambda label: bar.update(task, description=label, advance=1)
