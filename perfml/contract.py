"""The data contract (`shared/spec/data-contract.md`) held as data.

The loader validates against it, the synthetic generator writes it and the indicator
engine reads the tables it names: table and column names here are the contract's, to
the letter. Nothing in this module reads a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["text", "int", "decimal", "date", "bool", "enum"]

SITUATION_SORTIE = (
    "EMPLOI",
    "ALTERNANCE",
    "FORMATION",
    "VOLONTARIAT",
    "SCOLARITE",
    "DEMANDEUR_EMPLOI",
    "ABANDON",
    "DEMENAGEMENT",
    "AUTRE",
)
CATEGORIE_SITUATION = (
    "EMPLOI",
    "ALTERNANCE",
    "FORMATION",
    "IMMERSION",
    "VOLONTARIAT",
    "SCOLARITE",
    "DEMANDEUR_EMPLOI",
    "SNP",
)
THEME_PROPOSITION = (
    "EMPLOI",
    "FORMATION",
    "PROJET_PROFESSIONNEL",
    "SANTE",
    "LOGEMENT",
    "CITOYENNETE",
    "LOISIRS_SPORT_CULTURE",
)
STATUT_MER = ("PRESCRITE", "REALISEE", "REFUSEE", "ANNULEE")
TYPE_DISPOSITIF = ("PACEA", "GJ")
ORIGINE_OFFRE = ("INTERNE", "EXTERNE")
SEXE = ("F", "M")

# "Emploi ou alternance" in the indicator definitions.
POSITIVE_EXITS = ("EMPLOI", "ALTERNANCE")

CODE_ML_PATTERN = r"^[0-9][0-9AB][0-9]{3}$"
# 978 is Saint-Martin, which i-milo's national referential holds (region 10).
CODE_DEPARTEMENT_PATTERN = r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6]|978)$"
# INSEE region codes and names (metropolitan and overseas); 10 is Saint-Martin in
# i-milo's referential, not an INSEE code.
REGION_NAMES: dict[str, str] = {
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
    "10": "Saint-Martin",
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
}
REGION_CODES = tuple(REGION_NAMES)


@dataclass(frozen=True)
class Column:
    """One column of a contract table."""

    name: str
    type: ColumnType
    required: bool = True
    # "required" means the column must be present and the cell non-empty; an optional
    # column (`?` in the contract) may be absent from the file altogether.
    values: tuple[str, ...] = ()  # allowed values of an enum
    pattern: str | None = None  # regular expression a text must match
    minimum: float | None = None  # smallest allowed number
    references: tuple[str, str] | None = None  # (table, column) that must hold the value
    label: str = ""  # French wording for messages


@dataclass(frozen=True)
class DateOrder:
    """`later` must be on or after `earlier` when both are given."""

    earlier: str
    later: str


@dataclass(frozen=True)
class RequiredIf:
    """`column` must be filled exactly when `condition_column` is filled (or equals a value)."""

    column: str
    condition_column: str
    condition_value: str | None = None  # None: "is filled"


@dataclass(frozen=True)
class Table:
    """One table of the extract."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    source: str  # i-milo, ICARE, INSEE…
    event_date: str | None = None  # the date that makes a row exist (as-of rules)
    entry_date: str | None = None  # `date_saisie`: null means the event date
    keeps_extra_columns: bool = False  # `contexte` keeps its extra numeric columns
    optional: bool = False  # the file may be absent from the extract
    date_orders: tuple[DateOrder, ...] = ()
    required_if: tuple[RequiredIf, ...] = ()
    label: str = ""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def foreign_keys(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.references)

    @property
    def date_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.type == "date")


def _code_ml(required: bool = True) -> Column:
    return Column(
        "code_ml", "text", required, pattern=CODE_ML_PATTERN, references=("structures", "code_ml")
    )


def _id_jeune() -> Column:
    return Column("id_jeune", "text", references=("jeunes", "id_jeune"))


TABLES: tuple[Table, ...] = (
    Table(
        "structures",
        (
            Column("code_ml", "text", pattern=CODE_ML_PATTERN),
            Column("nom", "text"),
            Column("code_departement", "text", pattern=CODE_DEPARTEMENT_PATTERN),
            Column("code_region", "text", values=REGION_CODES),
        ),
        primary_key=("code_ml",),
        source="i-milo",
        label="missions locales",
    ),
    Table(
        "structures_annee",
        (
            _code_ml(),
            Column("annee", "int", minimum=1990),
            Column("etp", "decimal", minimum=0),
            Column("ressources_eur", "decimal", minimum=0),
            Column("etp_conseillers_gj", "decimal", required=False, minimum=0),
        ),
        primary_key=("code_ml", "annee"),
        source="ICARE",
        label="données annuelles des structures",
    ),
    Table(
        "contexte",
        (
            _code_ml(),
            Column("annee", "int", minimum=1990),
            Column("neet_16_25", "int", minimum=0),
        ),
        primary_key=("code_ml", "annee"),
        source="INSEE, DARES, DGFIP, CAF",
        keeps_extra_columns=True,
        label="contexte territorial",
    ),
    Table(
        "jeunes",
        (
            Column("id_jeune", "text"),
            _code_ml(),
            Column("date_naissance", "date"),
            Column("sexe", "enum", values=SEXE),
            Column("date_premier_accueil", "date"),
            Column("neet_premier_accueil", "bool"),
            Column("rqth", "bool", required=False),
            Column("qpv", "bool", required=False),
            Column("zrr", "bool", required=False),
            Column("date_saisie", "date", required=False),
        ),
        primary_key=("id_jeune",),
        source="i-milo",
        event_date="date_premier_accueil",
        entry_date="date_saisie",
        date_orders=(DateOrder("date_naissance", "date_premier_accueil"),),
        label="jeunes",
    ),
    Table(
        "dispositifs",
        (
            Column("id_dispositif", "text"),
            _id_jeune(),
            _code_ml(),
            Column("type", "enum", values=TYPE_DISPOSITIF),
            Column(
                "id_dispositif_parent",
                "text",
                required=False,
                references=("dispositifs", "id_dispositif"),
            ),
            Column("date_entree", "date"),
            Column("date_sortie", "date", required=False),
            Column("situation_sortie", "enum", required=False, values=SITUATION_SORTIE),
            Column("date_saisie", "date", required=False),
            Column("date_saisie_sortie", "date", required=False),
        ),
        primary_key=("id_dispositif",),
        source="i-milo",
        event_date="date_entree",
        entry_date="date_saisie",
        date_orders=(
            DateOrder("date_entree", "date_sortie"),
            DateOrder("date_sortie", "date_saisie_sortie"),
        ),
        required_if=(RequiredIf("situation_sortie", "date_sortie"),),
        label="dispositifs (PACEA et Garantie jeunes)",
    ),
    Table(
        "situations",
        (
            Column("id_situation", "text"),
            _id_jeune(),
            Column("categorie", "enum", values=CATEGORIE_SITUATION),
            Column("date_debut", "date"),
            Column("date_fin", "date", required=False),
            Column("date_saisie", "date", required=False),
        ),
        primary_key=("id_situation",),
        source="i-milo",
        event_date="date_debut",
        entry_date="date_saisie",
        date_orders=(DateOrder("date_debut", "date_fin"),),
        label="situations",
    ),
    Table(
        "propositions",
        (
            Column("id_proposition", "text"),
            _id_jeune(),
            _code_ml(),
            Column("date_proposition", "date"),
            Column("theme", "enum", values=THEME_PROPOSITION),
            Column("date_saisie", "date", required=False),
        ),
        primary_key=("id_proposition",),
        source="i-milo",
        event_date="date_proposition",
        entry_date="date_saisie",
        label="propositions",
    ),
    Table(
        "offres",
        (
            Column("id_offre", "text"),
            _code_ml(),
            Column("origine", "enum", values=ORIGINE_OFFRE),
            Column("date_collecte", "date"),
            Column("nb_postes", "int", required=False, minimum=1),
            Column("date_saisie", "date", required=False),
        ),
        primary_key=("id_offre",),
        source="i-milo",
        event_date="date_collecte",
        entry_date="date_saisie",
        label="offres d'emploi",
    ),
    Table(
        "mises_en_relation",
        (
            Column("id_mer", "text"),
            Column("id_offre", "text", references=("offres", "id_offre")),
            _id_jeune(),
            _code_ml(),
            Column("date_prescription", "date"),
            Column("statut", "enum", values=STATUT_MER),
            Column("date_realisation", "date", required=False),
            Column("date_saisie", "date", required=False),
        ),
        primary_key=("id_mer",),
        source="i-milo",
        event_date="date_prescription",
        entry_date="date_saisie",
        date_orders=(DateOrder("date_prescription", "date_realisation"),),
        required_if=(RequiredIf("date_realisation", "statut", "REALISEE"),),
        label="mises en relation",
    ),
    Table(
        "phases_collectives",
        (
            Column("id_dispositif", "text", references=("dispositifs", "id_dispositif")),
            Column("date_debut", "date"),
            Column("date_fin", "date"),
        ),
        primary_key=(),
        source="i-milo",
        event_date="date_debut",
        optional=True,
        date_orders=(DateOrder("date_debut", "date_fin"),),
        label="phases collectives de la Garantie jeunes",
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
# Parents before children: the order in which tables are validated and loaded.
LOAD_ORDER: tuple[str, ...] = tuple(t.name for t in TABLES)


def table(name: str) -> Table:
    """Return the contract table called `name`."""
    return TABLES_BY_NAME[name]
