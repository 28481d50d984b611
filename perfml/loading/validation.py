"""The contract's rules as SQL over a whole table, and the French message of each.

A table goes through three steps, each one SQL statement over every row:
1. the typed view reads each cell (`brut:<col>`: the text as given, `vide:<col>`: empty,
   `<col>`: its value);
2. the warehouse table is written with two more columns, `_ligne` and `_ok`: no row rule
   broken, first occurrence of its key, every reference found among the *loaded* rows of
   the parent table (`check_sql`);
3. for the rows that are not ok only, the details: one reject per broken rule, with the
   column, the value as given and a French message (`detail_sql`); these rows are then
   deleted and the two columns dropped.
Rules are data (`RULES`, `REFERENCE_RULES`); nothing here loops over rows in Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from perfml.contract import CODE_DEPARTEMENT_PATTERN, CODE_ML_PATTERN, Column, Table
from perfml.french import french_short_date
from perfml.loading.cells import TYPE_SQL, empty_sql, raw_sql, typed_sql
from perfml.loading.formats import sql_name, sql_string
from perfml.loading.plan import TablePlan

# Every rule a row can break: code -> what it means (shown in the documentation).
RULES: dict[str, str] = {
    "encodage": "la ligne ne se lit pas dans l'encodage du fichier (ou contient un octet nul)",
    "guillemets": "guillemet non refermé ou mal placé : la ligne ne se découpe pas",
    "ligne_mal_formee": "la ligne n'a pas le nombre de champs de l'en-tête, ou elle est démesurée",
    "colonne_manquante": "une colonne obligatoire manque dans le fichier : toute la table "
    "est rejetée",
    "obligatoire": "cellule obligatoire vide",
    "type": "valeur illisible dans le type de la colonne (date, nombre, booléen)",
    "valeur_hors_liste": "valeur absente de la liste des valeurs admises",
    "format": "texte qui ne respecte pas le format du code attendu",
    "minimum": "nombre inférieur au minimum admis",
    "ordre_des_dates": "date antérieure à la date qui doit la précéder",
    "obligatoire_si": "cellule vide alors qu'une autre colonne l'exige",
    "interdit_si": "cellule remplie alors qu'une autre colonne l'exclut",
    "date_future": "date postérieure à la date d'extraction",
    "cle_en_double": "clé déjà portée par une ligne précédente (la première est gardée)",
    "reference_inconnue": "la ligne parente n'existe pas",
    "parent_rejete": "la ligne parente a été rejetée (parent rejeté)",
    "parent_type": "la ligne parente n'est pas du type attendu",
    "parent_autre_jeune": "le PACEA parent appartient à un autre jeune",
    "parent_reserve_gj": "seul un dispositif GJ peut avoir un dispositif parent",
}

TYPE_MESSAGES = {
    "int": "« {col} » n'est pas un nombre entier.",
    "decimal": "« {col} » n'est pas un nombre (virgule décimale acceptée seulement dans un "
    "CSV séparé par « ; »).",
    "date": "« {col} » n'est pas une date lisible : attendu AAAA-MM-JJ ou JJ/MM/AAAA.",
    "bool": "« {col} » n'est pas un booléen lisible : attendu 0/1, oui/non, O/N, vrai/faux "
    "ou true/false.",
}
PATTERN_MESSAGES = {
    CODE_ML_PATTERN: "« {col} » doit compter 5 caractères : un chiffre, un chiffre ou A ou B, "
    "puis trois chiffres (le code i-milo sans son suffixe S00).",
    CODE_DEPARTEMENT_PATTERN: "« {col} » doit être un code de département : 01 à 95, 2A, 2B, "
    "971 à 976 ou 978.",
}


@dataclass(frozen=True)
class Reference:
    """A column whose value must be the key of a loaded row of `parent`."""

    column: str
    parent: str
    key: str
    parent_type: str | None = None  # value the parent's `type` must hold
    same_youth: bool = False  # the parent row must have the same `id_jeune`


# Conditions on the parent row that `perfml.contract` states in words only.
REFERENCE_RULES: dict[tuple[str, str], dict[str, object]] = {
    ("dispositifs", "id_dispositif_parent"): {"parent_type": "PACEA", "same_youth": True},
    ("phases_collectives", "id_dispositif"): {"parent_type": "GJ"},
}
# Only a `GJ` row may name a parent dispositif.
PARENT_ONLY_FOR = {("dispositifs", "id_dispositif_parent"): ("type", "GJ")}


@dataclass(frozen=True)
class Check:
    """One row rule: `violation` is SQL over the typed view, true when the row breaks it."""

    rule: str
    column: str
    violation: str
    message: str  # SQL expression (a French text)
    # False when another check already catches every row this one does (the format of a
    # code that must also be found among the parent's loaded, well-formed codes): it then
    # only explains rejects, sparing one test per row.
    decides: bool = True


def stage(name: str, table: str) -> str:
    """The name of a temporary table of `table` at stage `name` (quoted)."""
    return sql_name(f"{name}:{table}")


def references(table: Table) -> list[Reference]:
    """The references of `table`, with their conditions on the parent row."""
    result = []
    for column in table.foreign_keys:
        parent, key = column.references or ("", "")
        extra = REFERENCE_RULES.get((table.name, column.name), {})
        result.append(Reference(column.name, parent, key, **extra))  # type: ignore[arg-type]
    return result


def is_self_reference(table: Table, reference: Reference) -> bool:
    """Whether `reference` points into its own table (`id_dispositif_parent`)."""
    return reference.parent == table.name


def typed_view_sql(plan: TablePlan, source_table: str) -> str:
    """SQL of the view giving, per row, `_ligne` and for each cell: the text as given
    (`brut:`), whether it is empty (`vide:`, cheaper to test than the text) and its value."""
    parts = ["_ligne"]
    for f in plan.fields:
        kind = f.column.type
        if f.source is None:
            parts.append(f"CAST(NULL AS VARCHAR) AS {sql_name('brut:' + f.name)}")
            parts.append(f"true AS {sql_name('vide:' + f.name)}")
            parts.append(f"CAST(NULL AS {TYPE_SQL[kind]}) AS {sql_name(f.name)}")
            continue
        column = sql_name(f.source)
        parts.append(f"{raw_sql(column, f.source_type)} AS {sql_name('brut:' + f.name)}")
        parts.append(f"{empty_sql(column, f.source_type)} AS {sql_name('vide:' + f.name)}")
        typed = typed_sql(kind, column, f.source_type, plan.source.decimal_comma)
        parts.append(f"{typed} AS {sql_name(f.name)}")
    return f"SELECT {', '.join(parts)} FROM {source_table}"


def row_checks(plan: TablePlan, extract_date: dt.date | None) -> list[Check]:
    """The rules a row breaks on its own (types, values, dates…), in report order."""
    checks: list[Check] = []
    table = plan.table
    for f in plan.fields:
        if f.source is None:
            continue
        checks.extend(_cell_checks(f.column))
    present = {f.name for f in plan.fields if f.source is not None}
    for order in table.date_orders:
        if {order.earlier, order.later} <= present:
            later, earlier = sql_name(order.later), sql_name(order.earlier)
            checks.append(
                Check(
                    "ordre_des_dates",
                    order.later,
                    f"{later} < {earlier}",
                    _text(f"« {order.later} » est antérieure à « {order.earlier} »."),
                )
            )
    for rule in table.required_if:
        checks.extend(_required_if_checks(rule.column, rule.condition_column, rule.condition_value))
    for (name, column), (type_column, value) in PARENT_ONLY_FOR.items():
        if name == table.name and plan.has(column):
            checks.append(
                Check(
                    "parent_reserve_gj",
                    column,
                    f"{sql_name(column)} IS NOT NULL AND {sql_name(type_column)} <> '{value}'",
                    _text(
                        f"Seul un dispositif {value} peut avoir un dispositif parent : "
                        f"« {column} » doit rester vide pour ce dispositif."
                    ),
                )
            )
    if extract_date is not None:
        shown = french_short_date(extract_date)
        for f in plan.fields:
            if f.source is not None and f.column.type == "date":
                checks.append(
                    Check(
                        "date_future",
                        f.name,
                        f"{sql_name(f.name)} > DATE '{extract_date.isoformat()}'",
                        _text(f"« {f.name} » est postérieure à la date d'extraction ({shown})."),
                    )
                )
    return checks


def _cell_checks(column: Column) -> list[Check]:
    name, empty, value = column.name, sql_name("vide:" + column.name), sql_name(column.name)
    checks = []
    if column.required:
        checks.append(Check("obligatoire", name, empty, _text(f"« {name} » est obligatoire.")))
    if column.type in TYPE_MESSAGES:
        checks.append(
            Check(
                "type",
                name,
                f"NOT {empty} AND {value} IS NULL",
                _text(TYPE_MESSAGES[column.type].format(col=name)),
            )
        )
    if column.values:
        allowed = ", ".join(column.values)
        listed = ", ".join(sql_string(v) for v in column.values)
        checks.append(
            Check(
                "valeur_hors_liste",
                name,
                f"{value} NOT IN ({listed})",
                _text(f"« {name} » doit valoir l'une des valeurs : {allowed}."),
            )
        )
    if column.pattern:
        message = PATTERN_MESSAGES.get(column.pattern, "« {col} » n'a pas le format attendu.")
        checks.append(
            Check(
                "format",
                name,
                f"NOT regexp_full_match({value}, {sql_string(column.pattern)})",
                _text(message.format(col=name)),
                decides=column.references is None,
            )
        )
    if column.minimum is not None:
        minimum = f"{column.minimum:g}"
        checks.append(
            Check(
                "minimum",
                name,
                f"{value} < {minimum}",
                _text(f"« {name} » doit être supérieur ou égal à {minimum}."),
            )
        )
    return checks


def _required_if_checks(column: str, condition: str, value: str | None) -> list[Check]:
    empty = sql_name("vide:" + column)
    if value is None:
        holds = f"NOT {sql_name('vide:' + condition)}"
        when, unless = f"« {condition} » est renseignée", f"« {condition} » est vide"
    else:
        holds = f"coalesce({sql_name(condition)} = {sql_string(value)}, false)"
        when, unless = f"« {condition} » vaut {value}", f"« {condition} » ne vaut pas {value}"
    return [
        Check(
            "obligatoire_si",
            column,
            f"{holds} AND {empty}",
            _text(f"« {column} » est obligatoire quand {when}."),
        ),
        Check(
            "interdit_si",
            column,
            f"NOT ({holds}) AND NOT {empty}",
            _text(f"« {column} » doit rester vide quand {unless}."),
        ),
    ]


def _text(message: str) -> str:
    return sql_string(message)


def key_hashes_sql(plan: TablePlan) -> str | None:
    """SQL of the key hashes held by several rows (a cheap first pass); None without PK."""
    keys = [sql_name(k) for k in plan.table.primary_key]
    if not keys:
        return None
    not_null = " AND ".join(f"{k} IS NOT NULL" for k in keys)
    return (
        f"SELECT hash({', '.join(keys)}) AS h FROM {stage('typed', plan.table.name)} "
        f"WHERE {not_null} GROUP BY h HAVING count(*) > 1"
    )


def duplicates_sql(plan: TablePlan, hashes: str) -> str:
    """SQL of the keys held by several rows, with the first row's line.

    Only rows whose key hash is in the table `hashes` (from `key_hashes_sql`) are grouped:
    hashing first keeps this step cheap when, as usual, no key is repeated.
    """
    keys = [sql_name(k) for k in plan.table.primary_key]
    not_null = " AND ".join(f"{k} IS NOT NULL" for k in keys)
    return (
        f"SELECT {', '.join(keys)}, min(_ligne) AS _premiere "
        f"FROM {stage('typed', plan.table.name)} WHERE {not_null} "
        f"AND hash({', '.join(keys)}) IN (SELECT h FROM {hashes}) "
        "GROUP BY ALL HAVING count(*) > 1"
    )


def checked(table: str) -> str:
    """The checked table: the warehouse table itself, with `_ligne` and `_ok` until cleaned."""
    return f"main.{sql_name(table)}"


def parent_rows_sql(reference: Reference) -> str:
    """SQL of the loaded parent rows a reference may point to (key, type, youth)."""
    columns = [f"{sql_name(reference.key)} AS k"]
    if reference.parent_type:
        columns.append("type AS f")
    if reference.same_youth:
        columns.append("id_jeune AS s")
    return f"SELECT {', '.join(columns)} FROM main.{sql_name(reference.parent)}"


def _reference_holds(reference: Reference, alias: str, row: str) -> str:
    """SQL: the parent row `alias` found for row `row` satisfies the reference."""
    condition = f"{alias}.k IS NOT NULL"
    if reference.parent_type:
        condition += f" AND {alias}.f = {sql_string(reference.parent_type)}"
    if reference.same_youth:
        condition += f" AND {alias}.s = {row}.id_jeune"
    return condition


def check_sql(plan: TablePlan, checks: list[Check], has_duplicates: bool) -> str:
    """SQL of every typed row with `_ok`: no rule broken (self references come after)."""
    name = plan.table.name
    columns = ", ".join(f"t.{sql_name(f.name)}" for f in plan.fields)
    deciding = [c for c in checks if c.decides]
    row_broken = " OR ".join(f"coalesce({c.violation}, false)" for c in deciding) or "false"
    broken = ["NOT t._row_ok"]
    joins = []
    for i, ref in enumerate(references(plan.table)):
        if is_self_reference(plan.table, ref) or not plan.has(ref.column):
            continue
        alias = f"p{i}"
        joins.append(
            f"LEFT JOIN ({parent_rows_sql(ref)}) AS {alias} ON t.{sql_name(ref.column)} = {alias}.k"
        )
        broken.append(
            f"(t.{sql_name(ref.column)} IS NOT NULL AND NOT coalesce("
            f"{_reference_holds(ref, alias, 't')}, false))"
        )
    if has_duplicates:
        on = " AND ".join(f"t.{sql_name(k)} = d.{sql_name(k)}" for k in plan.table.primary_key)
        joins.append(f"LEFT JOIN {stage('dups', name)} AS d ON {on}")
        broken.append("coalesce(t._ligne > d._premiere, false)")
    # Row rules are evaluated before the joins, where column names are unambiguous.
    rows = f"SELECT *, NOT ({row_broken}) AS _row_ok FROM {stage('typed', name)}"
    return (
        f"SELECT {columns}, t._ligne, NOT ({' OR '.join(broken)}) AS _ok "
        f"FROM ({rows}) AS t {' '.join(joins)}"
    )


def self_reference_sql(plan: TablePlan, reference: Reference) -> str:
    """SQL that marks not ok the rows whose parent (same table) is not a loaded, valid row."""
    chk = checked(plan.table.name)
    column, key = sql_name(reference.column), sql_name(reference.key)
    fields = [f"{key} AS k"]
    if reference.parent_type:
        fields.append("type AS f")
    if reference.same_youth:
        fields.append("id_jeune AS s")
    return (
        f"UPDATE {chk} SET _ok = false WHERE _ok AND {column} IS NOT NULL AND _ligne NOT IN ("
        f"SELECT c._ligne FROM {chk} AS c JOIN (SELECT {', '.join(fields)} FROM {chk} WHERE _ok) "
        f"AS p ON c.{column} = p.k WHERE c._ok AND {_reference_holds(reference, 'p', 'c')})"
    )


def detail_sql(
    plan: TablePlan,
    checks: list[Check],
    has_duplicates: bool,
    rejected_parents: set[str],
    wholly_rejected_parents: set[str],
) -> str:
    """SQL of the rejects (ligne, colonne, valeur, regle, message, ordre) of the bad rows."""
    name = plan.table.name
    bad = stage("bad", name)
    parts = []
    for order, check in enumerate(checks):
        parts.append(
            f"SELECT _ligne, {sql_string(check.column)}, {sql_name('brut:' + check.column)}, "
            f"{sql_string(check.rule)}, {check.message}, {order} "
            f"FROM {bad} WHERE coalesce({check.violation}, false)"
        )
    order = len(checks)
    if has_duplicates:
        keys = plan.table.primary_key
        on = " AND ".join(f"b.{sql_name(k)} = d.{sql_name(k)}" for k in keys)
        shown = " || ' / ' || ".join(f"b.{sql_name('brut:' + k)}" for k in keys)
        message = (
            f"'Clé en double ({', '.join(keys)}) : la ligne ' || d._premiere || "
            "' porte déjà cette clé ; seule la première ligne est gardée.'"
        )
        parts.append(
            f"SELECT b._ligne, {sql_string(', '.join(keys))}, {shown}, 'cle_en_double', "
            f"{message}, {order} FROM {bad} AS b JOIN {stage('dups', name)} AS d ON {on} "
            "WHERE b._ligne > d._premiere"
        )
    for i, ref in enumerate(references(plan.table)):
        if not plan.has(ref.column):
            continue
        parts.append(
            _reference_detail_sql(
                plan, ref, order + 1 + i, ref.parent in rejected_parents,
                ref.parent in wholly_rejected_parents,
            )
        )  # fmt: skip
    return " UNION ALL ".join(parts)


def _reference_detail_sql(
    plan: TablePlan, ref: Reference, order: int, has_rejects: bool, whole: bool
) -> str:
    name = plan.table.name
    column = sql_name(ref.column)
    if is_self_reference(plan.table, ref):
        chk = checked(name)
        found = f"SELECT {sql_name(ref.key)} AS k, type AS f, id_jeune AS s FROM {chk} WHERE _ok"
        rejected = f"SELECT DISTINCT {sql_name(ref.key)} AS k FROM {chk} WHERE NOT _ok"
    else:
        found = parent_rows_sql(ref)
        rejected = (
            f"SELECT k FROM {stage('rejkeys', ref.parent)}"
            if has_rejects
            else "SELECT CAST(NULL AS VARCHAR) AS k"
        )
    parent = f"la table {ref.parent}"
    messages = {
        "parent_rejete": f"La ligne de {parent} désignée par « {ref.column} » a été rejetée : "
        "parent rejeté.",
        "reference_inconnue": f"« {ref.column} » ne correspond à aucune ligne de {parent}.",
        "parent_type": f"« {ref.column} » désigne un dispositif qui n'est pas de type "
        f"{ref.parent_type}.",
        "parent_autre_jeune": f"Le {ref.parent_type} désigné par « {ref.column} » appartient "
        "à un autre jeune.",
    }
    unknown = "'parent_rejete'" if whole else "'reference_inconnue'"
    rule = (
        "CASE WHEN p.k IS NULL AND r.k IS NOT NULL THEN 'parent_rejete' "
        f"WHEN p.k IS NULL THEN {unknown} "
    )
    if ref.parent_type:
        rule += f"WHEN p.f <> {sql_string(ref.parent_type)} THEN 'parent_type' "
    rule += "ELSE 'parent_autre_jeune' END"
    message = (
        "CASE rule "
        + " ".join(f"WHEN '{k}' THEN {sql_string(v)}" for k, v in messages.items())
        + " END"
    )
    return (
        f"SELECT _ligne, {sql_string(ref.column)}, valeur, rule, {message}, {order} FROM ("
        f"SELECT b._ligne, b.{sql_name('brut:' + ref.column)} AS valeur, {rule} AS rule "
        f"FROM {stage('bad', name)} AS b LEFT JOIN ({found}) AS p ON b.{column} = p.k "
        f"LEFT JOIN ({rejected}) AS r ON b.{column} = r.k "
        f"WHERE b.{column} IS NOT NULL AND NOT coalesce({_reference_holds(ref, 'p', 'b')}, false))"
    )
