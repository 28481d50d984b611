"""The 10 indicator definitions of `shared/spec/indicators.md`, written once with Ibis.

Each definition takes the tables as known on the as-of date (`Sources`) and the windows
of the computation (`Windows`) and returns one row per window and ML of `structures`:
`code_ml`, `numerateur`, `denominateur` (+ `fenetre` for a series). A count with no row
is 0; a yearly amount with no row of the year of d1 nor before is null (unknown).

Flows are written as *facts*: rows with the ML a count is attributed to (`code_ml`),
the date that places it in a period (`cle`), and how much it adds to the denominator
(`den`) and to the numerator (`num`). `Windows.count` sums them per window and ML. "Has
at least one matching row" is a semi-join (anti-join for "has none"), never a join
followed by a distinct: cheaper on millions of rows, and the same on every engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ibis
import ibis.expr.types as ir

from perfml.contract import POSITIVE_EXITS
from perfml.indicators.sources import Sources
from perfml.indicators.windows import Windows

# Indicator 2: a PACEA entered within 3 months of the first reception.
PACEA_ENTRY_MONTHS = 3
# Indicator 3: situations that take a youth out of the stock.
STOCK_EXCLUDED_SITUATIONS = ("EMPLOI", "ALTERNANCE", "FORMATION", "VOLONTARIAT", "SNP")
# Indicator 4: a situation started within the first 12 months of PACEA.
FIRST_MONTHS = 12
STARTED_SITUATIONS = ("EMPLOI", "FORMATION", "ALTERNANCE")
# Indicator 6: a Garantie jeunes phase went to term at 12 months minus one day.
GJ_TERM_MONTHS = 12

Definition = Callable[[Sources, Windows], ir.Table]
# "Still running": an open end compares as this day.
OPEN_END = ibis.literal(dt.date(9999, 12, 31))


def _flag(condition: ir.BooleanValue) -> ir.IntegerValue:
    """1 when `condition` holds, 0 when it does not or is null."""
    return ibis.ifelse(condition.fill_null(False), 1, 0)


def _facts(rows: ir.Table, num: ir.IntegerValue | int, cle: str = "cle") -> ir.Table:
    """Facts of `rows`: each counts once in the denominator and `num` in the numerator."""
    return rows.select("code_ml", cle=rows[cle], den=ibis.literal(1), num=num)


def _cohort_facts(cohort: ir.Table, matched: ir.Table) -> ir.Table:
    """Facts of a cohort (denominator) and of its matched part (numerator)."""
    zero, one = ibis.literal(0), ibis.literal(1)
    return cohort.select("code_ml", "cle", den=one, num=zero).union(
        matched.select("code_ml", "cle", den=zero, num=one)
    )


def months_later(day: ir.DateValue, months: int) -> ir.DateValue:
    """`day + months` months, clamped to the month's end on every backend (a date: some
    engines return a timestamp for date + interval)."""
    return (day + ibis.interval(months=months)).cast("date")


def _ratio(
    src: Sources,
    win: Windows,
    numerator: tuple[ir.Table, str, bool],
    denominator: tuple[ir.Table, str, bool],
) -> ir.Table:
    """Join a numerator and a denominator onto every ML of every window.

    Each side is (table keyed by window and code_ml, column, is_count): a count missing
    for an ML is 0, a yearly amount missing is null.
    """
    # A view: the grid and the sides may share the windows table (Ibis self-join rule).
    grid = win.grid(src.structures).view()
    keys = win.keys("code_ml")
    (num_t, num_c, num_is_count), (den_t, den_c, den_is_count) = numerator, denominator

    def value(table: ir.Table, column: str, is_count: bool) -> ir.FloatingValue:
        v = table[column].cast("float64")
        return v.fill_null(0.0) if is_count else v

    joined = grid.left_join(num_t, [grid[k] == num_t[k] for k in keys])
    if den_t is not num_t:
        joined = joined.left_join(den_t, [grid[k] == den_t[k] for k in keys])
    result = joined.select(
        *[grid[k] for k in keys],
        numerateur=value(num_t, num_c, num_is_count),
        denominateur=value(den_t, den_c, den_is_count),
    )
    return win.with_window(result)


def _yearly(win: Windows, table: ir.Table, columns: tuple[str, ...]) -> ir.Table:
    """The yearly amounts of each ML: the row of the year of d1, or its latest year before."""
    candidates = win.expand(table, lambda t, w: t.annee <= w.w_annee)
    keys = win.keys("code_ml")
    latest = candidates.group_by(keys).aggregate(annee=candidates.annee.max())
    return latest.join(
        table, [latest.code_ml == table.code_ml, latest.annee == table.annee]
    ).select(*[latest[k] for k in keys], **{column: table[column] for column in columns})


def _neet(src: Sources, win: Windows) -> ir.Table:
    """The NEET of each ML's territory (yearly context)."""
    return src.shared(("neet", win), "neet", lambda: _yearly(win, src.contexte, ("neet_16_25",)))


def _icare(src: Sources, win: Windows) -> ir.Table:
    """The ETP and resources of each ML (yearly ICARE figures), looked up once for
    indicators 9 and 10."""
    return src.shared(
        ("icare", win),
        "icare",
        lambda: _yearly(win, src.structures_annee, ("etp", "ressources_eur")),
    )


def _pacea_exits(src: Sources, win: Windows) -> ir.Table:
    """Counts of PACEA exits in the window (`n`) and of those to a job or alternance
    (`n_num`), attributed to the dispositif's ML: counted once for indicators 5, 9, 10."""

    def build() -> ir.Table:
        exits = win.within(src.pacea, "date_sortie")
        positive = _flag(exits.situation_sortie.isin(POSITIVE_EXITS))
        return win.count(_facts(exits, positive, cle="date_sortie"))

    return src.shared(("pacea_exits", win), "sorties_pacea", build)


def neet_reached(src: Sources, win: Windows) -> ir.Table:
    """1. num: NEET youths received for the first time in P; den: NEET of the territory."""
    j = win.within(src.jeunes, "date_premier_accueil")
    counts = win.count(_facts(j, _flag(j.neet), cle="date_premier_accueil"))
    neet = _neet(src, win)
    return _ratio(src, win, (counts, "n_num", True), (neet, "neet_16_25", False))


def pacea_within_3_months(src: Sources, win: Windows) -> ir.Table:
    """2. den: first receptions whose 3-month window closes in P; num: those entered in
    PACEA within it."""
    low, high = win.span_before(PACEA_ENTRY_MONTHS)
    j = src.jeunes
    j = j.filter(j.date_premier_accueil.between(low, high))
    cohort = win.within(
        j.mutate(cle=months_later(j.date_premier_accueil, PACEA_ENTRY_MONTHS)), "cle"
    )
    # A matching entry lies between a first reception and the close of its window.
    p = src.pacea
    p = p.filter(p.date_entree.between(low, win.span[1]))
    matched = cohort.semi_join(
        p,
        [
            cohort.id_jeune == p.id_jeune,
            p.date_entree >= cohort.date_premier_accueil,
            p.date_entree <= cohort.cle,
        ],
    )
    counts = win.count(_cohort_facts(cohort, matched))
    return _ratio(src, win, (counts, "n_num", True), (counts, "n", True))


def pacea_without_proposition(src: Sources, win: Windows) -> ir.Table:
    """3. den: stock on T of PACEA youths (out of job, training… situations); num: those
    without a proposition for more than 3 months."""
    first_cutoff, first_t, last_t = win.stock_span
    pacea = src.pacea
    # Running on some stock day at all: a cheap pre-filter before the join with windows.
    pacea = pacea.filter(
        pacea.date_entree <= last_t, pacea.date_sortie.fill_null(OPEN_END) > first_t
    )
    running = win.expand(
        pacea,
        lambda p, w: (p.date_entree <= w.w_t) & (p.date_sortie.fill_null(OPEN_END) > w.w_t),
    )
    s = src.situations
    busy = s.filter(
        s.categorie.isin(STOCK_EXCLUDED_SITUATIONS),
        s.date_debut <= last_t,
        s.date_fin.fill_null(OPEN_END) >= first_t,
    )
    # Out of the stock: youths with an excluding situation running on T (tested on each
    # running PACEA row, before grouping: fewer rows to group).
    running = running.anti_join(
        busy,
        [
            running.id_jeune == busy.id_jeune,
            busy.date_debut <= running.w_t,
            busy.date_fin.fill_null(OPEN_END) >= running.w_t,
        ],
    )
    # One count per youth and ML: the latest running entry is theirs.
    stock = running.group_by(win.keys("code_ml", "id_jeune")).aggregate(
        entree=running.date_entree.max(), w_t=running.w_t.max(), w_seuil=running.w_seuil.max()
    )
    # A plain projection, so that both uses below share one sub-query.
    stock = stock.select(*stock.columns)
    # Latest of {entry, propositions ≤ T} before T − 3 months: an entry before the cut-off
    # and no proposition, at any ML, in [T − 3 months, T].
    p = src.propositions
    p = p.filter(p.date_proposition.between(first_cutoff, last_t))
    old = stock.filter(stock.entree < stock.w_seuil)
    old = old.anti_join(
        p,
        [
            old.id_jeune == p.id_jeune,
            p.date_proposition >= old.w_seuil,
            p.date_proposition <= old.w_t,
        ],
    )
    keys = win.keys("code_ml")
    zero, one = ibis.literal(0), ibis.literal(1)
    rows = stock.select(*keys, den=one, num=zero).union(old.select(*keys, den=zero, num=one))
    counts = rows.group_by(keys).aggregate(n=rows.den.sum(), n_num=rows.num.sum())
    return _ratio(src, win, (counts, "n_num", True), (counts, "n", True))


def situation_within_12_months(src: Sources, win: Windows) -> ir.Table:
    """4. den: PACEA rows whose first 12 months end in P; num: those with a job, training
    or alternance started within them."""
    low, high = win.span_before(FIRST_MONTHS)
    p = src.pacea
    p = p.filter(p.date_entree.between(low, high))
    cohort = win.within(p.mutate(cle=months_later(p.date_entree, FIRST_MONTHS)), "cle")
    # A matching situation starts between an entry and the end of its 12 months.
    s = src.situations
    s = s.filter(s.categorie.isin(STARTED_SITUATIONS), s.date_debut.between(low, win.span[1]))
    matched = cohort.semi_join(
        s,
        [
            cohort.id_jeune == s.id_jeune,
            s.date_debut >= cohort.date_entree,
            s.date_debut <= cohort.cle,
        ],
    )
    counts = win.count(_cohort_facts(cohort, matched))
    return _ratio(src, win, (counts, "n_num", True), (counts, "n", True))


def pacea_exits_to_job(src: Sources, win: Windows) -> ir.Table:
    """5. den: PACEA exits in P; num: those to a job or alternance."""
    counts = _pacea_exits(src, win)
    return _ratio(src, win, (counts, "n_num", True), (counts, "n", True))


def gj_exits_to_job(src: Sources, win: Windows) -> ir.Table:
    """6. den: Garantie jeunes exits in P that went to term (12 or 18 months); num: those
    to a job or alternance."""
    exits = win.within(src.gj, "date_sortie")
    term = (months_later(exits.date_entree, GJ_TERM_MONTHS) - ibis.interval(days=1)).cast("date")
    exits = exits.filter(exits.date_sortie >= term)
    positive = _flag(exits.situation_sortie.isin(POSITIVE_EXITS))
    counts = win.count(_facts(exits, positive, cle="date_sortie"))
    return _ratio(src, win, (counts, "n_num", True), (counts, "n", True))


def mer_carried_out(src: Sources, win: Windows) -> ir.Table:
    """7. den: MER on internal offers prescribed in P, for the MER's ML; num: those
    carried out."""
    m = src.mises_en_relation
    internal = win.within(m.filter(m.origine == "INTERNE"), "date_prescription")
    counts = win.count(_facts(internal, _flag(internal.realisee), cle="date_prescription"))
    return _ratio(src, win, (counts, "n_num", True), (counts, "n", True))


def offers_with_mer(src: Sources, win: Windows) -> ir.Table:
    """8. den: internal offers collected in P; num: those with at least one MER carried
    out."""
    o = src.offres
    internal = win.within(o.filter(o.origine == "INTERNE"), "date_collecte")
    internal = internal.rename(cle="date_collecte")
    # The offers counted exist on A, so their MER need not be joined to them again.
    m = src.mer
    done = m.filter(m.realisee)
    matched = internal.semi_join(done, internal.id_offre == done.id_offre)
    counts = win.count(_cohort_facts(internal, matched))
    return _ratio(src, win, (counts, "n_num", True), (counts, "n", True))


def exits_per_etp(src: Sources, win: Windows) -> ir.Table:
    """9. num: PACEA exits to a job or alternance in P; den: the ML's ETP."""
    counts = _pacea_exits(src, win)
    etp = _icare(src, win)
    return _ratio(src, win, (counts, "n_num", True), (etp, "etp", False))


def cost_per_exit(src: Sources, win: Windows) -> ir.Table:
    """10. num: the structure's total resources; den: its PACEA exits to a job or
    alternance in P."""
    counts = _pacea_exits(src, win)
    resources = _icare(src, win)
    return _ratio(src, win, (resources, "ressources_eur", False), (counts, "n_num", True))


DEFINITIONS: dict[int, Definition] = {
    1: neet_reached,
    2: pacea_within_3_months,
    3: pacea_without_proposition,
    4: situation_within_12_months,
    5: pacea_exits_to_job,
    6: gj_exits_to_job,
    7: mer_carried_out,
    8: offers_with_mer,
    9: exits_per_etp,
    10: cost_per_exit,
}
