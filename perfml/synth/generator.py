"""Generate a synthetic extract: the network, its context, its youths, written to disk.

The stages run in order: the national network and its territories; the context
variables; each ML's behaviour and expected first receptions; staff and offers; then
each ML's youths and their paths; last the yearly tables that depend on activity
(`structures_annee`, `contexte`). Everything is drawn from the seed: the same seed and
years give the same files, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from perfml.contract import TABLES
from perfml.errors import UserError
from perfml.synth.activity import COUNTS, MissionLocale, count_by_year, simulate
from perfml.synth.behaviour import draw_behaviour, first_reception_plan
from perfml.synth.calendar import EPOCH, Window, to_date
from perfml.synth.context import (
    contexte_table,
    is_count,
    structure_variables,
    territory_variables,
    variable_names,
)
from perfml.synth.ids import make_ids
from perfml.synth.network import STRUCTURE_COLUMNS, national_network, select
from perfml.synth.offers import Offers, draw_offers, offres_table
from perfml.synth.rng import stage_rng
from perfml.synth.scales import Scale
from perfml.synth.scales import scale as find_scale
from perfml.synth.structure import draw_staff, structures_annee
from perfml.synth.summary import SynthSummary
from perfml.synth.writer import ExtractWriter, check_format, check_output_dir, contract_schema

WARMUP_YEARS = 3  # simulated before the first reported year, so that stocks are full
YEARS_BY_DEFAULT = 3
FIRST_POSSIBLE_YEAR = 2000


def resolve_years(
    start_year: int | None, end_year: int | None, today: dt.date | None = None
) -> tuple[int, int]:
    """Return the reported years: by default the three last complete calendar years."""
    last_complete = (today or dt.date.today()).year - 1
    if end_year is None:
        end_year = last_complete if start_year is None else start_year + YEARS_BY_DEFAULT - 1
        end_year = min(end_year, last_complete)
    if start_year is None:
        start_year = end_year - YEARS_BY_DEFAULT + 1
    if end_year > last_complete:
        raise UserError(
            f"L'année de fin {end_year} n'est pas révolue : choisissez au plus {last_complete}."
        )
    if start_year > end_year:
        raise UserError(
            f"L'année de début ({start_year}) est postérieure à l'année de fin ({end_year})."
        )
    if start_year < FIRST_POSSIBLE_YEAR:
        raise UserError(f"L'année de début doit être {FIRST_POSSIBLE_YEAR} ou postérieure.")
    return start_year, end_year


def neighbours_of(mls: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Return, for each ML, the other MLs of its département (else of its region)."""
    out = {}
    by_dep = mls.groupby("code_departement")["code_ml"].apply(list).to_dict()
    by_region = mls.groupby("code_region")["code_ml"].apply(list).to_dict()
    for code, dep, region in zip(
        mls["code_ml"], mls["code_departement"], mls["code_region"], strict=True
    ):
        near = [c for c in by_dep[dep] if c != code] or [c for c in by_region[region] if c != code]
        out[code] = tuple(near)
    return out


def extract_schemas() -> dict[str, pa.Schema]:
    """Return the Arrow schema of every table the generator writes."""
    schemas = {t.name: contract_schema(t.name) for t in TABLES}
    extra = [
        (name, pa.int64() if is_count(name) else pa.float64())
        for name in variable_names()
        if name != "neet_16_25"
    ]
    schemas["contexte"] = contract_schema("contexte", extra)
    return schemas


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator:
    """Yield a function advancing a Rich progress bar (or doing nothing)."""
    if not enabled:
        yield lambda description=None: None
        return
    from perfml.progress import progress_bar

    with progress_bar(counted=True) as bar:
        task = bar.add_task("Missions locales", total=total)

        def advance(description: str | None = None) -> None:
            if description is None:
                bar.advance(task)
            else:
                bar.update(task, description=description)

        yield advance


def _newest_entry(table: pa.Table) -> int | None:
    """Return the newest `date_saisie`/`date_saisie_sortie` of a table (day number)."""
    found = [
        pc.max(table[column]).as_py()
        for column in ("date_saisie", "date_saisie_sortie")
        if column in table.column_names
    ]
    found = [(value - EPOCH).days for value in found if value is not None]
    return max(found) if found else None


@dataclass(frozen=True)
class Plan:
    """What is drawn before any youth: the MLs, their context, behaviour, staff, offers."""

    window: Window
    national: pd.DataFrame  # the whole network (draws keyed by rank)
    mls: pd.DataFrame  # the MLs of the scale
    territory: pd.DataFrame  # context variables of the national network, reported years
    behaviour: pd.DataFrame  # index code_ml, the MLs of the scale
    first_receptions: pd.DataFrame  # expected, rows code_ml, columns every simulated year
    staff: pd.DataFrame  # code_ml, annee, etp, ressources_eur (every simulated year)
    offers: dict[str, Offers]
    offer_ids: dict[str, pa.Array]
    neighbours: dict[str, tuple[str, ...]]


def plan_extract(scale: Scale, seed: int, window: Window) -> Plan:
    """Draw the network, context, behaviour, staff and offers of `scale`."""
    national = national_network(seed)
    mls = select(national, scale)
    territory = territory_variables(national, window.reported_years, seed)
    first_year = territory[territory["annee"] == window.start_year].set_index("code_ml")
    behaviour = draw_behaviour(national, first_year["neet_16_25"], seed)
    plan = first_reception_plan(behaviour, window.years, window.start_year, seed)
    plan = plan.loc[mls["code_ml"]]
    behaviour = behaviour.loc[mls["code_ml"]]
    staff = draw_staff(national, plan, seed)
    etp = staff.pivot(index="code_ml", columns="annee", values="etp")
    offers = {
        row.code_ml: draw_offers(
            stage_rng(seed, "offers", row.rang), etp.loc[row.code_ml].to_dict(), b
        )
        for row, b in zip(mls.itertuples(), behaviour.itertuples(), strict=True)
    }
    return Plan(
        window=window,
        national=national,
        mls=mls,
        territory=territory,
        behaviour=behaviour,
        first_receptions=plan,
        staff=staff,
        offers=offers,
        offer_ids={code: make_ids("offres", code, o.count) for code, o in offers.items()},
        neighbours=neighbours_of(mls),
    )


def mission_locale(plan: Plan, row, b) -> MissionLocale:
    """Gather what `simulate` needs for one ML: its offers, then its neighbours' internal ones."""
    near = plan.neighbours[row.code_ml]
    own = plan.offers[row.code_ml]
    parts = [own] + [plan.offers[c] for c in near]
    keep = [np.ones(own.count, dtype=bool)] + [p.internal for p in parts[1:]]
    candidates = Offers(
        *(
            np.concatenate([getattr(p, name)[k] for p, k in zip(parts, keep, strict=True)])
            for name in ("collected", "internal", "posts")
        )
    )
    ids = pa.concat_arrays(
        [plan.offer_ids[row.code_ml]]
        + [plan.offer_ids[c].filter(pa.array(plan.offers[c].internal)) for c in near]
    )
    return MissionLocale(
        rank=row.rang,
        code_ml=row.code_ml,
        neighbours=near,
        behaviour=b,
        qpv_share=row.part_qpv,
        zrr_share=row.part_zrr,
        first_receptions=plan.first_receptions.loc[row.code_ml].to_dict(),
        offers=candidates,
        offer_ids=ids,
        own_offers=own.count,
    )


class Tally:
    """Yearly totals, Garantie jeunes entries by ML and newest entry date, as rows go by."""

    def __init__(self, window: Window) -> None:
        self.window = window
        self.totals = {name: np.zeros(len(window.years)) for name in (*COUNTS, "offres")}
        self.gj_entries: list[pd.DataFrame] = []
        self.newest = window.first_day

    def see(self, rows: pa.Table) -> None:
        """Note the newest entry date of `rows`."""
        newest = _newest_entry(rows)
        if newest is not None:
            self.newest = max(self.newest, newest)

    def add(self, code_ml: str, counts: dict[str, np.ndarray]) -> None:
        """Add one ML's yearly counts."""
        for name, values in counts.items():
            self.totals[name] += values
        if "entrees_gj" in counts:
            self.gj_entries.append(
                pd.DataFrame(
                    {
                        "code_ml": code_ml,
                        "annee": self.window.years,
                        "entrees_gj": counts["entrees_gj"],
                    }
                )
            )

    def reported(self) -> dict[str, dict[int, float]]:
        """Return the totals of the reported years (not the warm-up)."""
        years = self.window.years
        return {
            name: {y: float(values[years.index(y)]) for y in self.window.reported_years}
            for name, values in self.totals.items()
        }


def write_activity(plan: Plan, seed: int, writer: ExtractWriter, tally: Tally, advance) -> None:
    """Draw each ML's youths and write their rows, then the offers."""
    advance("Jeunes et parcours")
    for row, b in zip(plan.mls.itertuples(), plan.behaviour.itertuples(), strict=True):
        activity = simulate(mission_locale(plan, row, b), seed, plan.window)
        for name, rows in activity.tables.items():
            writer.write(name, rows)
            tally.see(rows)
        tally.add(row.code_ml, activity.counts)
        advance()
    for row in plan.mls.itertuples():
        offers = plan.offers[row.code_ml]
        rng = stage_rng(seed, "offers-recording", row.rang)
        rows = offres_table(rng, offers, plan.offer_ids[row.code_ml], row.code_ml, plan.window)
        writer.write("offres", rows)
        tally.see(rows)
        tally.add(row.code_ml, {"offres": count_by_year(offers.collected, plan.window)})


def write_yearly(plan: Plan, seed: int, writer: ExtractWriter, tally: Tally) -> pd.DataFrame:
    """Write `structures_annee` and `contexte` for the reported years; return the former."""
    staff = plan.staff[plan.staff["annee"].isin(plan.window.reported_years)]
    yearly = structures_annee(staff, pd.concat(tally.gj_entries), plan.national, seed)
    writer.write("structures_annee", pa.Table.from_pandas(yearly, preserve_index=False))
    territory = plan.territory[plan.territory["code_ml"].isin(plan.mls["code_ml"])]
    context = contexte_table(territory, structure_variables(yearly, plan.national, seed))
    writer.write("contexte", pa.Table.from_pandas(context, preserve_index=False))
    return yearly


def check_seed(seed: object) -> int:
    """Return `seed` if it is a non-negative integer, else a French error."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise UserError(f"La graine doit être un entier positif ou nul (reçu : {seed!r}).")
    return int(seed)


def generate(
    scale: str,
    seed: int,
    out_dir: Path,
    start_year: int | None = None,
    end_year: int | None = None,
    progress: bool = False,
    fmt: str = "parquet",
) -> SynthSummary:
    """Write a synthetic extract of `scale` (`mini`, `region`, `national`) into `out_dir`.

    One file per contract table (`<table>.parquet` or `<table>.csv`); the years are
    the reported ones (default: the three last complete calendar years), preceded by
    three years of warm-up whose rows are written too. Returns the yearly totals.
    """
    began = time.perf_counter()
    chosen = find_scale(scale)
    check_format(fmt)
    seed = check_seed(seed)
    start_year, end_year = resolve_years(start_year, end_year)
    out_dir = Path(out_dir)
    check_output_dir(out_dir, fmt)
    window = Window(start_year, end_year, WARMUP_YEARS)
    plan = plan_extract(chosen, seed, window)

    writer = ExtractWriter(out_dir, fmt, extract_schemas())
    tally = Tally(window)
    try:
        writer.write("structures", pa.Table.from_pandas(plan.mls[list(STRUCTURE_COLUMNS)]))
        with _progress(progress, len(plan.mls)) as advance:
            write_activity(plan, seed, writer, tally, advance)
            advance("Tables annuelles et écriture")
            yearly = write_yearly(plan, seed, writer, tally)
            rows = writer.close()
    except BaseException:
        writer.abort()
        raise

    totals = tally.reported()
    by_year = yearly.groupby("annee")[["etp", "ressources_eur"]].sum()
    totals["etp"] = by_year["etp"].to_dict()
    totals["ressources_eur"] = by_year["ressources_eur"].to_dict()
    return SynthSummary(
        scale=chosen.name,
        seed=seed,
        start_year=start_year,
        end_year=end_year,
        out_dir=out_dir,
        fmt=fmt,
        n_ml=len(plan.mls),
        n_regions=plan.mls["code_region"].nunique(),
        extraction_date=to_date(tally.newest),
        totals=totals,
        rows=rows,
        seconds=time.perf_counter() - began,
    )
