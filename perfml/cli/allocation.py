"""`perfml allocation` and `perfml allocation-nationale`: performance funding."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import typer

from perfml.cli.app import DEFAULT_WAREHOUSE, UserError, app, console, say, warn
from perfml.cli.options import csv_option
from perfml.french import plural
from perfml.progress import progress_bar

WAREHOUSE_HELP = "Entrepôt DuckDB chargé (perfml charger)."
YEAR_HELP = (
    "Année des résultats évalués (AAAA) : cibles et valeurs de cette année, pour les crédits "
    "de l'année suivante. Par défaut, « annee » de la configuration."
)


def _year(option: int | None, *configs) -> int:
    years = {c.year for c in configs if c is not None and c.year is not None}
    for config in configs:
        if config is not None and config.year is not None and option not in (None, config.year):
            raise UserError(
                f"--annee {option} ne correspond pas à « annee = {config.year} » de "
                f"{config.source} : retirez l'un des deux."
            )
    if option is not None:
        return option
    if len(years) > 1:
        raise UserError(
            "Les deux configurations ne donnent pas la même « annee » : précisez --annee."
        )
    if not years:
        raise UserError(
            "Indiquez l'année des résultats : --annee AAAA, ou « annee » dans la configuration."
        )
    return years.pop()


def _check_output(sortie: Path) -> None:
    if sortie.exists() and not sortie.is_dir():
        raise UserError(f"--sortie doit être un dossier : {sortie} est un fichier.")


@contextmanager
def _progress(title: str, steps: int):
    """A Rich progress bar whose `report(message)` advances one step."""
    with progress_bar(spinner=True, transient=True) as progress:
        task = progress.add_task(title, total=steps)

        def report(message: str) -> None:
            progress.update(task, advance=1, description=f"{message}…")

        yield report
        progress.update(task, completed=steps)


def _euros(value: float) -> str:
    from perfml.funding.formats import format_euros

    return format_euros(value)


def _amount(value: float) -> str:
    """Whole euros without the sign (the header says « (€) »)."""
    from perfml.french import french_integer

    return french_integer(value)


def _percent(share: float) -> str:
    from perfml.french import french_share

    return french_share(share, 1)


def _summary_table(result):
    from rich.table import Table

    summary = result.summary()
    year = result.inputs.year
    table = Table(title=f"Allocation de la part performance : résultats {year}, crédits {year + 1}")
    amounts = ("enveloppe_eur", "base_eur", "bonus_eur", "reserve_eur")
    rows = [
        (row["code_region"], *(_amount(row[c]) for c in amounts), str(row["nb_ml"]))
        for _, row in summary.iterrows()
    ]
    total = ("Total", *(_amount(summary[c].sum()) for c in amounts), str(summary["nb_ml"].sum()))
    headers = ("Région", "Enveloppe (€)", "Base (€)", "Majoration (€)", "Réserve (€)", "ML")
    for i, header in enumerate(headers):
        width = max(len(r[i]) for r in [*rows, total])
        table.add_column(header, justify="left" if i == 0 else "right", min_width=width)
    for row in rows:
        table.add_row(*row)
    table.add_section()
    table.add_row(*total, style="bold")
    return table


def _signed_percent(value: float) -> str:
    from perfml.french import NBSP, french_signed

    return f"{french_signed(value, 1)}{NBSP}%"


def _signed(value: int) -> str:
    return ("+" if value > 0 else "") + _amount(value)


def _print_comparison(result, other) -> None:
    from rich.table import Table

    from perfml.funding.whatif import compare_ml, compare_regions, count_directions

    comparison = compare_ml(result, other)
    counts = count_directions(comparison)
    regions = compare_regions(result, other)
    paid_a, paid_b = int(regions["verse_eur_a"].sum()), int(regions["verse_eur_b"].sum())
    console.print(f"Comparaison : A = {result.config.source}, B = {other.config.source}.")
    console.print(
        f"Sur {plural(len(comparison), 'mission locale', 'missions locales')}, "
        f"{plural(counts['gagne'], 'gagne', 'gagnent')} avec B, "
        f"{plural(counts['perd'], 'perd', 'perdent')} et "
        f"{plural(counts['inchangé'], 'garde', 'gardent')} le même montant."
    )
    console.print(
        f"Versé aux ML : {_euros(paid_a)} (A), {_euros(paid_b)} (B), "
        f"écart {_signed(paid_b - paid_a)} €."
    )
    moved = comparison[comparison["ecart_eur"] != 0]
    if moved.empty:
        return
    shown = moved if len(moved) <= 10 else moved.iloc[[*range(5), *range(-5, 0)]]
    rows = [
        (
            row.code_ml,
            str(row.code_region),
            "" if pd_isna(row.total_a_eur) else _amount(row.total_a_eur),
            "" if pd_isna(row.total_b_eur) else _amount(row.total_b_eur),
            _signed(row.ecart_eur),
            "" if pd_isna(row.ecart_pct) else _signed_percent(row.ecart_pct),
        )
        for row in shown.itertuples(index=False)
    ]
    table = Table(title="Plus fortes baisses et hausses (B − A)")
    headers = ("Code ML", "Région", "Total A (€)", "Total B (€)", "Écart (€)", "Écart (%)")
    for i, header in enumerate(headers):
        width = max(len(r[i]) for r in rows)
        table.add_column(header, justify="left" if i < 2 else "right", min_width=width)
    for row in rows:
        table.add_row(*row)
    console.print(table)


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def _ensure_previous_groups(entrepot: Path, year: int) -> None:
    """Build the groups of N − 1 when missing: the « raisonnable » proposals need them."""
    from perfml.groups.store import ensure_groups

    if not entrepot.exists():
        return  # `open_warehouse` says it in French
    try:
        ensure_groups(entrepot, year - 1, report=lambda message: say(f"{message}."))
    except UserError as error:
        # Without the context of N − 1 they cannot be built; they are needed only if some
        # target of N was not fixed, and the allocation then says so itself.
        warn(f"groupes homogènes {year - 1} non calculables : {error}")


@app.command("allocation")
def allocation(
    entrepot: Path = typer.Option(DEFAULT_WAREHOUSE, "--entrepot", help=WAREHOUSE_HELP),
    annee: int | None = typer.Option(None, "--annee", help=YEAR_HELP),
    config: Path = typer.Option(
        ..., "--config", help="Configuration de l'allocation (TOML, voir docs/allocation.md)."
    ),
    sortie: Path = typer.Option(
        ..., "--sortie", help="Dossier des résultats (allocation_AAAA.xlsx et fichiers CSV)."
    ),
    comparer: Path | None = typer.Option(
        None,
        "--comparer",
        help="Seconde configuration à comparer à la première : qui gagne, qui perd, combien.",
    ),
    csv: str = csv_option(),
) -> None:
    """Répartir les enveloppes régionales entre missions locales : base, majoration, réserve."""
    from perfml.funding.campaign import allocate, prepare
    from perfml.funding.config import load_config
    from perfml.funding.export import write_allocation
    from perfml.funding.inputs import check_warehouse_year, open_warehouse

    reference = load_config(config, "regionale")
    alternative = load_config(comparer, "regionale") if comparer is not None else None
    year = _year(annee, reference, alternative)
    _check_output(sortie)
    check_warehouse_year(entrepot, year)
    _ensure_previous_groups(entrepot, year)
    con = open_warehouse(entrepot)
    try:
        with _progress(f"Allocation {year}", steps=7) as report:
            configs = [c for c in (reference, alternative) if c is not None]
            inputs = prepare(con, year, configs, report)
            report("Répartition des enveloppes")
            result = allocate(reference, inputs)
            other = allocate(alternative, inputs) if alternative is not None else None
            report("Écriture des résultats")
            written = write_allocation(result, sortie, other, dialect=csv)
    finally:
        con.disconnect()

    console.print(_summary_table(result))
    if other is not None:
        _print_comparison(result, other)
    for note in result.notes:
        warn(note)
    for path in written:
        console.print(f"Écrit : {path}")


@app.command("allocation-nationale")
def allocation_nationale(
    entrepot: Path = typer.Option(DEFAULT_WAREHOUSE, "--entrepot", help=WAREHOUSE_HELP),
    annee: int | None = typer.Option(None, "--annee", help=YEAR_HELP),
    config: Path = typer.Option(
        ..., "--config", help="Configuration contenant une section [nationale] (TOML)."
    ),
    sortie: Path = typer.Option(
        ..., "--sortie", help="Dossier des résultats (repartition_nationale_AAAA.xlsx et CSV)."
    ),
    csv: str = csv_option(),
) -> None:
    """Répartir le crédit national entre régions : activité et progression des résultats."""
    from rich.table import Table

    from perfml.funding.campaign import national_split, prepare
    from perfml.funding.config import load_config
    from perfml.funding.export import write_national
    from perfml.funding.inputs import open_warehouse

    rules = load_config(config, "nationale")
    year = _year(annee, rules)
    _check_output(sortie)
    con = open_warehouse(entrepot)
    try:
        with _progress(f"Répartition nationale {year}", steps=4) as report:
            inputs = prepare(con, year, [rules], report)
            report("Répartition entre régions")
            split = national_split(rules, inputs)
            written = write_national(split, rules, inputs.labels, year, sortie, dialect=csv)
    finally:
        con.disconnect()

    table = Table(
        title=f"Répartition nationale : résultats {year} comparés à {year - 1}, crédits {year + 1}"
    )
    rows = [
        (
            row.code_region,
            _percent(row.part_activite),
            _percent(row.score_progression),
            _amount(row.activite_eur),
            _amount(row.performance_eur),
            _amount(row.total_eur),
        )
        for row in split.regions.itertuples(index=False)
    ]
    total = (
        "Total",
        "",
        "",
        *(
            _amount(split.regions[c].sum())
            for c in ("activite_eur", "performance_eur", "total_eur")
        ),
    )
    headers = ("Région", "Part d'activité", "Progression", "Activité (€)", "Performance (€)")
    for i, header in enumerate((*headers, "Total (€)")):
        # Figures never wrap; long headers do.
        width = max(len(r[i]) for r in [*rows, total])
        table.add_column(header, justify="left" if i == 0 else "right", min_width=width)
    for row in rows:
        table.add_row(*row)
    table.add_section()
    table.add_row(*total, style="bold")
    console.print(table)
    if split.performance_by_activity:
        warn(
            "aucune région n'a progressé : la part performance est "
            "répartie comme la part d'activité."
        )
    for note in inputs.notes:
        warn(note)
    for path in written:
        console.print(f"Écrit : {path}")
