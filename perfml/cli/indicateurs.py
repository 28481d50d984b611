"""`perfml indicateurs` and `perfml suivi-mensuel`: the 10 national indicators.

Both read a loaded warehouse (`--entrepot`) or load an extract directory into a temporary
one (`--donnees`), and compute on DuckDB (default), PostgreSQL or Spark (`--moteur`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from pathlib import Path

import typer

from perfml.cli.app import DEFAULT_WAREHOUSE, UserError, app, console, warn
from perfml.cli.options import csv_option
from perfml.french import plural
from perfml.progress import progress_bar, progress_console

ENGINE_HELP = (
    "Moteur de calcul : duckdb (défaut, l'entrepôt lui-même), postgres (--url ; avec "
    "--entrepot ou --donnees, les tables y sont d'abord copiées) ou spark (local, ou le "
    "cluster de --spark ; un extrait Parquet de --donnees y est lu sans copie)."
)


def parse_day(text: str, option: str) -> dt.date:
    """Read a date written AAAA-MM-JJ or JJ/MM/AAAA."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        with contextlib.suppress(ValueError):
            return dt.datetime.strptime(text, pattern).date()
    raise UserError(
        f"{option} : date illisible « {text} » (écrivez AAAA-MM-JJ, par exemple 2024-12-31)."
    )


def choose_period(annee: int | None, semestre: str | None, debut: str | None, fin: str | None):
    """The period named by exactly one of --annee, --semestre, --debut/--fin."""
    from perfml.indicators import Period

    given = [annee is not None, semestre is not None, debut is not None or fin is not None]
    if sum(given) != 1:
        raise UserError(
            "Indiquez la période : --annee AAAA, --semestre AAAA-S1 ou --debut et --fin."
        )
    if annee is not None:
        return Period.year(annee)
    if semestre is not None:
        return Period.parse_semester(semestre)
    if debut is None or fin is None:
        raise UserError("--debut et --fin vont ensemble : indiquez les deux dates.")
    return Period(parse_day(debut, "--debut"), parse_day(fin, "--fin"))


@contextlib.contextmanager
def open_engine(
    donnees: str | Path | None,
    entrepot: Path | None,
    moteur: str,
    url: str | None,
    schema: str,
    delai: float | None = None,
    spark: str | None = None,
    dossier_spark: Path | None = None,
):
    """Yield an Ibis connection holding the contract's tables on the chosen engine."""
    import tempfile

    from perfml.indicators import spark as spark_engine
    from perfml.indicators.backends import (
        DEFAULT_STATEMENT_TIMEOUT,
        ENGINES,
        connect_duckdb,
        connect_postgres,
        copy_to_postgres,
    )

    moteur = moteur.strip().lower()
    if moteur not in ENGINES:
        raise UserError(f"Moteur inconnu « {moteur} » : choisissez duckdb, postgres ou spark.")
    if donnees is not None and entrepot is not None:
        raise UserError("Choisissez --donnees (un extrait à charger) ou --entrepot, pas les deux.")
    if moteur == "postgres" and not url:
        raise UserError(
            "Le moteur postgres demande --url (postgresql://utilisateur@hôte:port/base)."
        )
    if moteur != "postgres" and url:
        raise UserError("--url ne sert qu'avec --moteur postgres.")
    if delai is not None and moteur != "postgres":
        raise UserError("--delai-requete ne sert qu'avec --moteur postgres.")
    if moteur != "spark" and (spark or dossier_spark):
        raise UserError("--spark et --dossier-spark ne servent qu'avec --moteur spark.")
    if donnees is not None and spark_engine.is_uri(donnees) and moteur != "spark":
        raise UserError(
            f"--donnees : une adresse (« {donnees} ») n'est lue que par le moteur spark ; "
            "donnez un dossier local."
        )
    timeout = DEFAULT_STATEMENT_TIMEOUT if delai is None else delai
    with contextlib.ExitStack() as stack:
        if moteur == "postgres" and donnees is None and entrepot is None:
            yield connect_postgres(url, schema=schema, statement_timeout=timeout)
            return
        session = None
        if moteur == "spark":
            with progress_console().status("Connexion à Spark…"):
                session = spark_engine.spark_session(spark)
            if donnees is not None and spark_engine.has_parquet_tables(donnees):
                # The cluster reads the extract's files itself: no copy through DuckDB.
                yield spark_engine.connect_spark(donnees, session)
                return
            if donnees is not None and spark_engine.is_uri(donnees):
                raise UserError(
                    f"--donnees : Spark ne lit directement que des fichiers <table>.parquet "
                    f"({donnees})."
                )
        if donnees is not None:
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="perfml-")))
            entrepot = load_into(Path(donnees), scratch / "entrepot.duckdb")
        warehouse = connect_duckdb(entrepot or DEFAULT_WAREHOUSE)
        stack.callback(warehouse.disconnect)
        # DuckDB's own progress bar would print over ours.
        warehouse.raw_sql("SET enable_progress_bar = false")
        if moteur == "duckdb":
            yield warehouse
        elif moteur == "postgres":
            with progress_console().status(f"Copie des tables vers PostgreSQL (schéma {schema})…"):
                target = copy_to_postgres(warehouse, url, schema=schema, statement_timeout=timeout)
            yield target
        else:
            with progress_console().status("Copie des tables en Parquet pour Spark…"):
                if dossier_spark is None and spark_engine.is_local(spark_engine.spark_url(spark)):
                    dossier_spark = Path(
                        stack.enter_context(tempfile.TemporaryDirectory(prefix="perfml-"))
                    )
                target = spark_engine.copy_to_spark(warehouse, session, work_dir=dossier_spark)
            yield target


def load_into(donnees: Path, warehouse: Path) -> Path:
    """Load the extract directory `donnees` into `warehouse` and say what was loaded."""
    from perfml.loading import load_extract

    report = load_extract(donnees, warehouse, progress=True)
    from perfml.french import french_integer

    message = (
        f"Extrait chargé : {french_integer(report.read)} lignes lues, "
        f"{french_integer(report.loaded)} chargées, {french_integer(report.rejected)} rejetées."
    )
    console.print(message)
    if report.rejected:
        warn(
            "des lignes ont été rejetées ; chargez l'extrait avec "
            "perfml charger pour voir le détail des rejets."
        )
    return warehouse


@contextlib.contextmanager
def computing(label: str):
    """A Rich bar, pulsing with the elapsed time while the database computes."""
    with progress_bar(transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield
        bar.update(task, total=1, completed=1)


def format_number(value: float, decimals: int = 1) -> str:
    """French number: narrow no-break space between thousands, decimal comma."""
    from perfml.french import french_number

    return french_number(value, decimals, empty="—")


def format_value(value: float, unit: str) -> str:
    """The value with its unit, the French way; "non calculable" when missing."""
    if value is None or math.isnan(value):
        return "non calculable"
    from perfml.french import NBSP, french_percent

    if unit == "%":
        return french_percent(value, 1)
    if unit.startswith("€"):
        return f"{format_number(value, 0)}{NBSP}{unit}"
    return f"{format_number(value, 2)}{NBSP}{unit}"


def print_summary(frame, title: str) -> None:
    """The national value of each indicator, with its French label."""
    from rich.table import Table

    from perfml.indicators import indicator

    table = Table(title=title)
    table.add_column("N°", justify="right")
    table.add_column("Indicateur")
    table.add_column("Numérateur", justify="right")
    table.add_column("Dénominateur", justify="right")
    table.add_column("Valeur", justify="right")
    nation = frame[frame["niveau"] == "NATIONAL"].sort_values("indicateur")
    for row in nation.itertuples(index=False):
        meta = indicator(row.indicateur)
        decimals = 0 if meta.number != 9 else 1
        table.add_row(
            str(meta.number),
            meta.short_label,
            format_number(row.numerateur, 0),
            format_number(row.denominateur, decimals),
            format_value(row.valeur, meta.unit),
        )
    console.print(table)


# French headers and number formats of the .xlsx output of every indicator table
# (indicators, monthly series, revisions); the CSV and Parquet keep the contract's names.
SHEET_COLUMNS = {
    "mois": ("Mois", "text"),
    "niveau": ("Niveau", "text"),
    "code": ("Code", "text"),
    "code_region": ("Code région", "text"),
    "indicateur": ("N°", "int"),
    "libelle": ("Indicateur", "text"),
    "unite": ("Unité", "text"),
    "numerateur": ("Numérateur", "number"),
    "denominateur": ("Dénominateur", "number"),
    "valeur": ("Valeur", "number"),
    "statut": ("Statut", "text"),
    "date_a": ("Date A", "date"),
    "date_b": ("Date B", "date"),
    "numerateur_a": ("Numérateur à A", "number"),
    "denominateur_a": ("Dénominateur à A", "number"),
    "valeur_a": ("Valeur à A", "number"),
    "numerateur_b": ("Numérateur à B", "number"),
    "denominateur_b": ("Dénominateur à B", "number"),
    "valeur_b": ("Valeur à B", "number"),
    "revision": ("Révision", "number"),
    "revision_relative": ("Révision relative (%)", "number"),
    "mesure": ("Mesure de la révision", "text"),
    "seuil": ("Seuil", "number"),
    "au_dela_du_seuil": ("Au-delà du seuil", "text"),
    "valeur_premiere_publication": ("Valeur à la première publication", "number"),
    "date_premiere_publication": ("Date de première publication", "date"),
}


def write_table(frame, sortie: Path, dialect: str | None = None, sheet: str = "Indicateurs"):
    """Write an indicator table as CSV (in `dialect`), Parquet or XLSX: the workbook adds
    each indicator's label and unit and heads columns from `SHEET_COLUMNS` (a column not
    there keeps its name)."""
    from perfml import outputs

    suffix = sortie.suffix.lower()
    if suffix == ".csv":
        outputs.write_csv(frame, sortie, dialect)
        return
    if suffix == ".parquet":
        outputs.write_parquet(frame, sortie)
        return
    from perfml.indicators import indicator

    out = frame.copy()
    position = out.columns.get_loc("indicateur") + 1
    out.insert(position, "libelle", [indicator(n).short_label for n in out["indicateur"]])
    out.insert(position + 1, "unite", [indicator(n).unit for n in out["indicateur"]])
    columns = [
        outputs.SheetColumn(key, *SHEET_COLUMNS.get(key, (key, "text"))) for key in out.columns
    ]
    book = outputs.open_workbook(sortie)
    outputs.write_table_sheet(book, sheet, out, columns)
    outputs.close_workbook(book, sortie)


def check_output(sortie: Path | None) -> Path:
    """The output file, which must be a .csv, .xlsx or .parquet."""
    if sortie is None:
        raise UserError("Indiquez le fichier de sortie : --sortie FICHIER.csv.")
    if sortie.suffix.lower() not in {".csv", ".xlsx", ".parquet"}:
        raise UserError(f"--sortie doit finir par .csv, .xlsx ou .parquet ({sortie}).")
    return sortie


def warn_if_after_extract(con, as_of: dt.date | None) -> None:
    """Warn when the as-of date is after the extract date (late entries not all known)."""
    from perfml.indicators.periods import format_date
    from perfml.warehouse import extract_date

    if as_of is None or con.name != "duckdb":
        return
    with contextlib.suppress(Exception):
        known = extract_date(con)
        if known is not None and known < as_of:
            warn(
                f"l'extrait s'arrête au {format_date(known)}, avant la "
                f"date d'observation du {format_date(as_of)} : les saisies jusqu'à cette date "
                "ne sont pas toutes connues."
            )


def check_period_covered(con, period, as_of: dt.date | None) -> str | None:
    """Refuse a period after the extract; warn (and return the warning) when provisional."""
    from perfml.indicators.periods import coverage_of

    warning = coverage_of(con, period, as_of)
    if warning:
        warn(warning)
    return warning


DONNEES = typer.Option(
    None,
    "--donnees",
    metavar="DOSSIER",
    help="Dossier d'un extrait à charger (CSV ou Parquet) ; avec --moteur spark, un extrait "
    "Parquet est lu par Spark là où il est (dossier, ou adresse file://, s3a://, hdfs://).",
)
ENTREPOT = typer.Option(
    None,
    "--entrepot",
    metavar="FICHIER",
    help=f"Entrepôt DuckDB déjà chargé (défaut : {DEFAULT_WAREHOUSE}).",
)
MOTEUR = typer.Option("duckdb", "--moteur", metavar="MOTEUR", help=ENGINE_HELP)
URL = typer.Option(
    None,
    "--url",
    metavar="URL",
    help="Adresse PostgreSQL (postgresql://utilisateur@hôte:port/base).",
)
SCHEMA = typer.Option(
    "public", "--schema", metavar="SCHÉMA", help="Schéma PostgreSQL des tables du contrat."
)
SPARK = typer.Option(
    None,
    "--spark",
    metavar="URL",
    help="Spark à utiliser : spark://hôte:port (maître autonome), sc://hôte:port (Spark "
    "Connect), local[N]… (défaut : SPARK_REMOTE, MASTER, sinon Spark local).",
)
DOSSIER_SPARK = typer.Option(
    None,
    "--dossier-spark",
    metavar="DOSSIER",
    help="Spark sur un cluster : dossier partagé, lisible par ses exécuteurs, où écrire les "
    "tables de l'entrepôt en Parquet.",
)
DELAI = typer.Option(
    None,
    "--delai-requete",
    metavar="SECONDES",
    min=1,
    help="PostgreSQL : durée maximale d'une requête, appliquée par le serveur même si "
    "perfml est arrêté brutalement (défaut : 600 s).",
)


@app.command("indicateurs")
def indicateurs(
    donnees: str | None = DONNEES,
    entrepot: Path | None = ENTREPOT,
    annee: int | None = typer.Option(None, "--annee", metavar="AAAA", help="Année civile."),
    semestre: str | None = typer.Option(
        None, "--semestre", metavar="AAAA-SN", help="Semestre : AAAA-S1 ou AAAA-S2."
    ),
    debut: str | None = typer.Option(
        None, "--debut", metavar="AAAA-MM-JJ", help="Premier jour de la période (ou JJ/MM/AAAA)."
    ),
    fin: str | None = typer.Option(
        None, "--fin", metavar="AAAA-MM-JJ", help="Dernier jour de la période (ou JJ/MM/AAAA)."
    ),
    au: str | None = typer.Option(
        None,
        "--au",
        metavar="AAAA-MM-JJ",
        help="Date d'observation : ne compter que ce qui était saisi ce jour-là.",
    ),
    officiel: bool = typer.Option(
        False,
        "--officiel",
        help="Date d'observation officielle : 1er septembre pour un 1er semestre, 1er mars "
        "de l'année suivante pour une année (deux mois de saisie tardive).",
    ),
    comparer_au: str | None = typer.Option(
        None,
        "--comparer-au",
        metavar="AAAA-MM-JJ",
        help="Vue des révisions : valeurs à --au (ou --officiel) et à cette date, révision "
        "et missions locales au-delà du seuil (docs/indicateurs.md).",
    ),
    sortie: Path | None = typer.Option(
        None,
        "--sortie",
        metavar="FICHIER",
        help="Fichier de résultats (.csv, .xlsx ou .parquet) : niveau × code × indicateur.",
    ),
    csv: str = csv_option(),
    moteur: str = MOTEUR,
    url: str | None = URL,
    schema: str = SCHEMA,
    delai_requete: float | None = DELAI,
    spark: str | None = SPARK,
    dossier_spark: Path | None = DOSSIER_SPARK,
    sql: int | None = typer.Option(
        None,
        "--sql",
        metavar="N",
        help="Afficher la requête SQL de l'indicateur N (1 à 10) sans calculer.",
    ),
) -> None:
    """Calculer les 10 indicateurs nationaux par mission locale, région et pour la France."""
    from perfml.indicators import compute_indicators, indicator, indicator_sql, official_as_of
    from perfml.indicators.periods import format_date

    period = choose_period(annee, semestre, debut, fin)
    if au is not None and officiel:
        raise UserError("Choisissez --au ou --officiel, pas les deux.")
    as_of = parse_day(au, "--au") if au is not None else None
    if officiel:
        as_of = official_as_of(period)
    compared = parse_day(comparer_au, "--comparer-au") if comparer_au is not None else None
    if compared is not None and (as_of is None or sql is not None):
        raise UserError(
            "--comparer-au compare deux dates : indiquez la première avec --au ou --officiel "
            "(et pas --sql)."
        )
    if sql is not None:
        indicator(sql)
    else:
        sortie = check_output(sortie)

    with open_engine(
        donnees, entrepot, moteur, url, schema, delai_requete, spark, dossier_spark
    ) as con:
        if sql is not None:
            console.print(
                indicator_sql(con, sql, period, as_of),
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
            return
        warn_if_after_extract(con, max(as_of, compared) if compared else as_of)
        provisional = check_period_covered(con, period, as_of)
        if compared is not None:
            from perfml.cli._revisions import print_revisions, write_revisions
            from perfml.indicators.revisions import compare_as_of

            with computing(f"Calcul des 10 indicateurs à deux dates ({period.label})"):
                frame = compare_as_of(con, period, as_of, compared)
            write_revisions(frame, sortie, csv)
            print_revisions(
                frame,
                f"Révisions — {period.label} : A = {format_date(as_of)}, "
                f"B = {format_date(compared)}",
            )
            console.print(f"{plural(len(frame), 'ligne écrite', 'lignes écrites')} dans {sortie}.")
            return
        with computing(f"Calcul des 10 indicateurs ({period.label})"):
            frame = compute_indicators(con, period, as_of=as_of)

    if provisional:
        frame["statut"] = "provisoire"
    write_table(frame, sortie, csv)
    seen = f"données connues au {format_date(as_of)}" if as_of else "toutes les données"
    seen += ", provisoire" if provisional else ""
    print_summary(frame, f"Indicateurs nationaux — {period.label} ({seen})")
    n_ml = int((frame["niveau"] == "ML").sum() / 10)
    console.print(
        f"{plural(len(frame), 'ligne', 'lignes')} "
        f"({plural(n_ml, 'mission locale', 'missions locales')}) écrites dans {sortie}."
    )


def parse_month_option(text: str, option: str) -> dt.date:
    """Read a month written AAAA-MM."""
    if not re.fullmatch(r"\s*\d{4}-\d{1,2}\s*", text):
        raise UserError(
            f"{option} : mois illisible « {text} » (écrivez AAAA-MM, par exemple 2024-03)."
        )
    from perfml.indicators.series import parse_month

    return parse_month(text)


@app.command("suivi-mensuel")
def suivi_mensuel(
    donnees: str | None = DONNEES,
    entrepot: Path | None = ENTREPOT,
    debut: str = typer.Option(..., "--debut", metavar="AAAA-MM", help="Premier mois suivi."),
    fin: str = typer.Option(..., "--fin", metavar="AAAA-MM", help="Dernier mois suivi."),
    au: str | None = typer.Option(
        None,
        "--au",
        metavar="AAAA-MM-JJ",
        help="Date d'observation : ne compter que ce qui était saisi ce jour-là.",
    ),
    sortie: Path = typer.Option(
        ...,
        "--sortie",
        metavar="FICHIER",
        help="Fichier de résultats (.csv, .xlsx ou .parquet).",
    ),
    csv: str = csv_option(),
    moteur: str = MOTEUR,
    url: str | None = URL,
    schema: str = SCHEMA,
    premiere_publication: bool = typer.Option(
        False,
        "--premiere-publication",
        help="Ajouter pour chaque mois la valeur publiée la première fois (connue le dernier "
        "jour du mois) et la révision depuis.",
    ),
    delai_requete: float | None = DELAI,
    spark: str | None = SPARK,
    dossier_spark: Path | None = DOSSIER_SPARK,
) -> None:
    """Suivre chaque mois les indicateurs sur les 12 derniers mois glissants."""
    from perfml.indicators import monthly_series
    from perfml.indicators.periods import format_date
    from perfml.indicators.series import monthly_coverage

    first, last = parse_month_option(debut, "--debut"), parse_month_option(fin, "--fin")
    as_of = parse_day(au, "--au") if au is not None else None
    sortie = check_output(sortie)
    with open_engine(
        donnees, entrepot, moteur, url, schema, delai_requete, spark, dossier_spark
    ) as con:
        warn_if_after_extract(con, as_of)
        provisional, warning = monthly_coverage(con, first, last, as_of)
        if warning:
            warn(warning)
        with computing("Calcul des 10 indicateurs mois par mois"):
            if premiere_publication:
                from perfml.indicators.series import first_published_series

                frame = first_published_series(con, first, last, as_of=as_of)
            else:
                frame = monthly_series(con, first, last, as_of=as_of)

    out = frame.assign(mois=[m.strftime("%Y-%m") for m in frame["mois"]])
    if provisional:
        # One status per row: only the months not over when the data is known may change.
        out["statut"] = ["provisoire" if m in provisional else "définitif" for m in frame["mois"]]
    if premiere_publication:
        from perfml.cli._revisions import write_revisions

        write_revisions(out, sortie, csv)
    else:
        write_table(out, sortie, csv, sheet="Suivi mensuel")
    last_month = frame[frame["mois"] == frame["mois"].max()]
    seen = f", données connues au {format_date(as_of)}" if as_of else ""
    seen += ", provisoire" if provisional else ""
    print_summary(last_month, f"Indicateurs nationaux — 12 mois glissants à fin {last:%m/%Y}{seen}")
    n_months = frame["mois"].nunique()
    console.print(
        f"{plural(len(frame), 'ligne', 'lignes')} ({plural(n_months, 'mois', 'mois')}) "
        f"écrites dans {sortie}."
    )
