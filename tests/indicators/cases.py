"""Hand-made extracts, one per indicator (plus as-of and pooling cases), with expected
figures worked out by hand in the comments.

Every case uses its own ML codes and identifiers, so that cases sharing a period and an
as-of date can be merged into one extract (the PostgreSQL and Spark tests run them
together). `expected` maps (code, indicateur) to (numerateur, denominateur, valeur), None
standing for an unknown (null) figure; codes are ML codes unless `level` says otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace

from indicators.extract import Case, Extract
from perfml.indicators import Period

D = dt.date
NULL = None


def neet_case() -> Case:
    """1. NEET reached, P = 2024: period bounds, the yearly rule, unknown and zero NEET."""
    x = Extract()
    a, b, c = x.ml("01001"), x.ml("01002"), x.ml("01003")
    z = x.ml("01004", region="11")
    for day in (D(2024, 1, 1), D(2024, 12, 31)):  # both bounds are in P
        x.youth(a, day)
    x.youth(a, D(2023, 12, 31))  # before P
    x.youth(a, D(2025, 1, 1))  # after P
    x.youth(a, D(2024, 6, 15), neet=False)  # not NEET: not counted
    x.context(a, 2023, 50)
    x.context(a, 2024, 200)  # the year of d1
    x.context(a, 2025, 999)
    x.youth(b, D(2024, 3, 1))
    x.context(b, 2022, 100)  # no 2024 row: its latest year before
    x.context(b, 2025, 999)
    x.youth(c, D(2024, 3, 1))
    x.context(c, 2025, 999)  # nothing up to 2024: unknown
    x.youth(z, D(2024, 3, 1))
    x.context(z, 2024, 0)  # zero NEET on the territory: no value
    expected = {
        (a, 1): (2, 200, 1.0),
        (b, 1): (1, 100, 1.0),
        (c, 1): (1, NULL, NULL),
        (z, 1): (1, 0, NULL),
    }
    return Case("1 jeunes NEET", x, Period.year(2024), None, expected)


def neet_pooled_case(case: Case) -> Case:
    """The region's and nation's values of `neet_case`: 01003 (unknown NEET) left out."""
    expected = {
        ("REGION:84", 1): (3, 300, 1.0),  # 01001 2/200 + 01002 1/100
        ("REGION:11", 1): (1, 0, NULL),  # 01004 1/0
        ("NATIONAL:FR", 1): (4, 300, 4 / 3),
    }
    return replace(case, name="1 jeunes NEET, région et nation", expected=expected, level="POOL")


def pacea_3_months_case() -> Case:
    """2. P = 2024: the cohort is dpa + 3 months in 2024, i.e. dpa in 2023-10-01..2024-09-30."""
    x = Extract()
    a, b = x.ml("02001"), x.ml("02002")
    y = x.youth(a, D(2023, 10, 1))  # window closes 2024-01-01: in the cohort
    x.dispositif(y, a, D(2024, 1, 1))  # exactly 3 months: counts
    y = x.youth(a, D(2023, 9, 30))  # closes 2023-12-30: not in the cohort
    x.dispositif(y, a, D(2023, 10, 15))
    y = x.youth(a, D(2024, 9, 30))  # closes 2024-12-30: in the cohort
    x.dispositif(y, a, D(2024, 12, 31))  # 3 months and one day: too late
    y = x.youth(a, D(2024, 10, 1))  # closes 2025-01-01: not in the cohort
    x.dispositif(y, a, D(2024, 10, 2))
    y = x.youth(a, D(2023, 11, 30))  # + 3 months = 2024-02-29 (clamped, leap day)
    x.dispositif(y, a, D(2024, 2, 29))  # counts
    y = x.youth(a, D(2024, 5, 31))
    x.dispositif(y, b, D(2024, 6, 1))  # a PACEA at another ML counts, for the youth's ML
    y = x.youth(a, D(2024, 3, 15))
    x.dispositif(y, a, D(2024, 4, 1), kind="GJ")  # a GJ row is not a PACEA
    y = x.youth(a, D(2024, 3, 15))
    x.dispositif(y, a, D(2024, 3, 14))  # the day before the first reception
    y = x.youth(a, D(2024, 3, 15))
    x.dispositif(y, a, D(2024, 3, 15))  # the same day: counts
    y = x.youth(a, D(2024, 2, 10))
    x.dispositif(y, a, D(2024, 2, 11))  # two PACEA in the window: counted once
    x.dispositif(y, a, D(2024, 4, 1), exit=D(2024, 8, 1))
    y = x.youth(a, D(2023, 12, 31))  # + 3 months = 2024-03-31
    x.dispositif(y, a, D(2024, 3, 31))  # counts
    # Cohort of 02001: 2023-10-01, 2024-09-30, 2023-11-30, 2024-05-31, three 2024-03-15,
    # 2024-02-10, 2023-12-31 = 9; entered in time: 2023-10-01, 2023-11-30, 2024-05-31,
    # one 2024-03-15, 2024-02-10, 2023-12-31 = 6.
    expected = {(a, 2): (6, 9, 100 * 6 / 9), (b, 2): (0, 0, NULL)}
    return Case("2 PACEA dans les 3 mois", x, Period.year(2024), None, expected)


def stock_case() -> Case:
    """3. P = 2024, no as-of: T = 2024-12-31, T − 3 months = 2024-09-30."""
    x = Extract()
    a, b = x.ml("03001"), x.ml("03002")
    early = D(2024, 1, 10)

    def pacea(code: str = a, entry: dt.date = early, **kwargs) -> str:
        youth = x.youth(code, D(2024, 1, 2))
        x.dispositif(youth, code, entry, **kwargs)
        return youth

    pacea()  # running since January, no proposition: num
    pacea(exit=D(2024, 12, 31), situation="EMPLOI")  # exit on T ends the PACEA: out
    pacea(exit=D(2025, 1, 1), situation="EMPLOI")  # exits after T: running, num
    pacea(entry=D(2024, 9, 30))  # entry on T − 3 months: not strictly before, den only
    pacea(entry=D(2024, 9, 29))  # num
    y = pacea()
    x.proposition(y, a, D(2024, 9, 30))  # proposition on T − 3 months: den only
    y = pacea()
    x.proposition(y, a, D(2024, 9, 29))  # older proposition: num
    y = pacea()
    x.proposition(y, a, D(2025, 1, 5))  # proposition after T is ignored: num
    y = pacea()
    x.proposition(y, b, D(2024, 11, 1))  # a proposition at any ML counts: den only
    y = pacea()
    x.situation(y, "EMPLOI", D(2024, 6, 1), D(2024, 12, 31))  # job ending on T: excluded
    y = pacea()
    x.situation(y, "EMPLOI", D(2024, 6, 1), D(2024, 12, 30))  # job over before T: num
    y = pacea()
    x.situation(y, "IMMERSION", D(2024, 6, 1))  # not an excluding situation: num
    y = pacea()
    x.situation(y, "SNP", D(2024, 12, 31))  # starts on T, ongoing: excluded
    y = pacea()
    x.situation(y, "FORMATION", D(2025, 1, 1))  # starts after T: num
    y = pacea()
    x.dispositif(y, a, D(2024, 11, 1))  # two running PACEA at one ML: the latest, den only
    y = pacea()
    x.dispositif(y, b, D(2024, 2, 1))  # also running at 03002: counted there too, num
    y = x.youth(a, D(2024, 1, 2))
    x.dispositif(y, a, early, kind="GJ")  # a GJ row is not a PACEA
    pacea(entry=D(2025, 1, 2))  # enters after T
    # 03001 den: running, exits after T, 09-30, 09-29, three propositions (09-30, 09-29,
    # 2025), other ML's proposition, job over, immersion, training after T, two PACEA,
    # also at 03002 = 13; num: running, exits after T, 09-29, 09-29 proposition, 2025
    # proposition, job over, immersion, training after T, also at 03002 = 9.
    expected = {(a, 3): (9, 13, 100 * 9 / 13), (b, 3): (1, 1, 100.0)}
    return Case("3 sans proposition depuis plus de 3 mois", x, Period.year(2024), None, expected)


def stock_clamped_case() -> Case:
    """3. P = [2024-01-01, 2024-05-31]: T = 2024-05-31 and T − 3 months = 2024-02-29."""
    x = Extract()
    a = x.ml("03101")
    y = x.youth(a, D(2024, 1, 2))
    x.dispositif(y, a, D(2024, 2, 28))  # before 2024-02-29: num
    y = x.youth(a, D(2024, 1, 2))
    x.dispositif(y, a, D(2024, 2, 29))  # on the cut-off: den only
    expected = {(a, 3): (1, 2, 50.0)}
    return Case("3 fin de mois", x, Period(D(2024, 1, 1), D(2024, 5, 31)), None, expected)


def first_year_case() -> Case:
    """4. P = 2025: the cohort is date_entree + 12 months in 2025 (entry during 2024)."""
    x = Extract()
    a, b = x.ml("04001"), x.ml("04002")

    def pacea(entry: dt.date, situation: tuple | None = None, code: str = a, **kwargs) -> str:
        youth = x.youth(a, D(2023, 12, 1))
        x.dispositif(youth, code, entry, **kwargs)
        if situation:
            x.situation(youth, *situation)
        return youth

    pacea(D(2024, 2, 29), ("EMPLOI", D(2025, 2, 28)))  # + 12 months = 2025-02-28: num
    pacea(D(2024, 3, 1), ("ALTERNANCE", D(2025, 3, 2)))  # 12 months and one day: den only
    pacea(D(2024, 1, 1), ("FORMATION", D(2024, 1, 1)))  # the entry day: num
    pacea(D(2024, 6, 1), ("EMPLOI", D(2024, 5, 31)))  # started before the entry: den only
    pacea(D(2024, 6, 1), ("IMMERSION", D(2024, 7, 1)))  # not a job, training…: den only
    pacea(D(2023, 12, 31), ("EMPLOI", D(2024, 1, 5)))  # window ends 2024-12-31: not in P
    pacea(D(2025, 1, 1), ("EMPLOI", D(2025, 1, 5)))  # window ends in 2026: not in P
    pacea(D(2024, 12, 31))  # window ends 2025-12-31, no situation: den only
    y = pacea(D(2024, 4, 1), ("EMPLOI", D(2025, 5, 1)))  # too late for this PACEA: den only
    x.dispositif(y, a, D(2024, 9, 1))  # …but within this one's 12 months: num
    pacea(D(2024, 5, 1), ("EMPLOI", D(2024, 6, 1)), kind="GJ")  # a GJ row is not a PACEA
    pacea(D(2024, 5, 1), ("EMPLOI", D(2024, 7, 1)), exit=D(2024, 6, 1))  # exited: still num
    pacea(D(2024, 5, 1), ("EMPLOI", D(2024, 6, 1)), code=b)  # counted at the PACEA's ML
    # 04001 den: 02-29, 03-01, 01-01, two 06-01, 12-31, 04-01, 09-01, exited = 9;
    # num: 02-29, 01-01, 09-01, exited = 4.
    expected = {(a, 4): (4, 9, 100 * 4 / 9), (b, 4): (1, 1, 100.0)}
    return Case("4 situation dans les 12 premiers mois", x, Period.year(2025), None, expected)


def exits_case() -> Case:
    """5, 9 and 10. P = 2024: PACEA exits, ETP and resources (yearly rule)."""
    x = Extract()
    a, b, c = x.ml("05001"), x.ml("05002"), x.ml("05003")

    def exit(code: str, day: dt.date, situation: str, kind: str = "PACEA") -> None:
        youth = x.youth(code, D(2023, 1, 1))
        x.dispositif(youth, code, D(2023, 2, 1), exit=day, situation=situation, kind=kind)

    exit(a, D(2024, 1, 1), "EMPLOI")  # first day of P: num
    exit(a, D(2024, 12, 31), "ALTERNANCE")  # last day: num
    exit(a, D(2023, 12, 31), "EMPLOI")  # before P
    exit(a, D(2025, 1, 1), "EMPLOI")  # after P
    exit(a, D(2024, 6, 1), "FORMATION")  # den only
    exit(a, D(2024, 6, 1), "DEMANDEUR_EMPLOI")  # den only
    exit(a, D(2024, 6, 1), "EMPLOI", kind="GJ")  # not a PACEA
    youth = x.youth(a, D(2023, 1, 1))
    x.dispositif(youth, a, D(2023, 2, 1))  # still running
    x.dispositif(youth, a, D(2024, 2, 1), D(2024, 3, 1), "EMPLOI")  # two rows of one
    x.dispositif(youth, a, D(2024, 4, 1), D(2024, 5, 1), "EMPLOI")  # youth: both count
    exit(c, D(2024, 6, 1), "EMPLOI")
    x.yearly(a, 2023, 99, 9_999_999)
    x.yearly(a, 2024, 2, 200_000)  # the year of d1
    x.yearly(b, 2022, 3, 100_000)  # latest year before
    # 05003 has no yearly row: ETP and resources unknown.
    expected = {
        (a, 5): (4, 6, 100 * 4 / 6),
        (b, 5): (0, 0, NULL),
        (c, 5): (1, 1, 100.0),
        (a, 9): (4, 2, 2.0),
        (b, 9): (0, 3, 0.0),  # no exit but known ETP: a value of 0
        (c, 9): (1, NULL, NULL),
        (a, 10): (200_000, 4, 50_000.0),
        (b, 10): (100_000, 0, NULL),
        (c, 10): (NULL, 1, NULL),
    }
    return Case("5, 9, 10 sorties de PACEA", x, Period.year(2024), None, expected)


def exits_pooled_case(case: Case) -> Case:
    """The pooled values of `exits_case`: 05003 (no yearly row) is left out of 9 and 10."""
    expected = {
        ("REGION:84", 5): (5, 7, 100 * 5 / 7),
        ("REGION:84", 9): (4, 5, 0.8),  # (4 + 0) / (2 + 3)
        ("REGION:84", 10): (300_000, 4, 75_000.0),  # (200 000 + 100 000) / (4 + 0)
        ("NATIONAL:FR", 9): (4, 5, 0.8),
    }
    return replace(case, name="5, 9, 10 région et nation", expected=expected, level="POOL")


def gj_case() -> Case:
    """6. P = 2024: Garantie jeunes exits at term (date_entree + 12 months − 1 day)."""
    x = Extract()
    a, b = x.ml("06001"), x.ml("06002")

    def gj(code: str, entry: dt.date, exit: dt.date, situation: str, kind: str = "GJ") -> None:
        youth = x.youth(code, D(2022, 1, 1))
        x.dispositif(youth, code, entry, exit, situation, kind=kind)

    gj(a, D(2023, 1, 31), D(2024, 1, 30), "EMPLOI")  # 2023-01-31 + 12 months − 1 day: num
    gj(a, D(2023, 1, 31), D(2024, 1, 29), "EMPLOI")  # one day short: not at term
    gj(a, D(2023, 3, 31), D(2024, 3, 30), "DEMANDEUR_EMPLOI")  # at term: den only
    gj(a, D(2022, 9, 1), D(2024, 2, 29), "ALTERNANCE")  # renewed, 18 months: num
    gj(a, D(2023, 6, 1), D(2024, 5, 31), "ABANDON")  # at term: den only
    gj(a, D(2023, 1, 1), D(2024, 6, 1), "EMPLOI", kind="PACEA")  # not a GJ row
    gj(a, D(2024, 1, 6), D(2025, 1, 5), "EMPLOI")  # exit after P
    gj(a, D(2023, 1, 1), D(2023, 12, 31), "EMPLOI")  # exit before P
    gj(b, D(2023, 9, 1), D(2024, 3, 1), "EMPLOI")  # early exit: not at term
    expected = {(a, 6): (2, 4, 50.0), (b, 6): (0, 0, NULL)}
    return Case("6 sorties de Garantie jeunes", x, Period.year(2024), None, expected)


def mer_case() -> Case:
    """7. P = 2024: MER on internal offers, for the MER's ML."""
    x = Extract()
    a, b = x.ml("07001"), x.ml("07002")
    own = x.offer(a, D(2023, 5, 1))
    external = x.offer(a, D(2023, 5, 1), origin="EXTERNE")
    theirs = x.offer(b, D(2023, 5, 1))  # internal offer collected by another ML
    x.mer(own, a, D(2024, 1, 1), "REALISEE", D(2024, 1, 10))  # num
    x.mer(own, a, D(2024, 12, 31))  # prescribed, pending: den only
    x.mer(own, a, D(2023, 12, 31), "REALISEE", D(2024, 1, 3))  # before P
    x.mer(own, a, D(2025, 1, 1))  # after P
    x.mer(external, a, D(2024, 3, 1), "REALISEE", D(2024, 3, 5))  # external offer
    x.mer(theirs, a, D(2024, 3, 1), "REALISEE", D(2024, 3, 5))  # counts for 07001: num
    x.mer(own, a, D(2024, 4, 1), "REFUSEE")  # den only
    x.mer(own, a, D(2024, 4, 2), "ANNULEE")  # den only
    x.mer(own, a, D(2024, 12, 20), "REALISEE", D(2025, 1, 10))  # carried out after P: num
    expected = {(a, 7): (3, 6, 50.0), (b, 7): (0, 0, NULL)}
    return Case("7 mises en relation réalisées", x, Period.year(2024), None, expected)


def offers_case() -> Case:
    """8. P = 2024: internal offers collected, with at least one MER carried out."""
    x = Extract()
    a, b = x.ml("08001"), x.ml("08002")
    o = x.offer(a, D(2024, 1, 1))
    x.mer(o, b, D(2024, 2, 1), "REALISEE", D(2024, 2, 5))  # by another ML: num
    o = x.offer(a, D(2024, 12, 31))
    x.mer(o, a, D(2025, 1, 15), "REALISEE", D(2025, 1, 20))  # carried out after P: num
    o = x.offer(a, D(2024, 5, 1))
    x.mer(o, a, D(2024, 5, 2))  # pending only: den only
    o = x.offer(a, D(2024, 5, 1))
    x.mer(o, a, D(2024, 5, 2), "REALISEE", D(2024, 5, 3))  # two MER carried out:
    x.mer(o, a, D(2024, 5, 4), "REALISEE", D(2024, 5, 6))  # the offer counts once
    o = x.offer(a, D(2024, 5, 1), origin="EXTERNE")
    x.mer(o, a, D(2024, 5, 2), "REALISEE", D(2024, 5, 3))  # external: out
    x.offer(a, D(2023, 12, 31))  # before P
    x.offer(a, D(2025, 1, 1))  # after P
    x.offer(a, D(2024, 6, 1), posts=5)  # offers are counted, not posts: den only
    expected = {(a, 8): (3, 5, 60.0), (b, 8): (0, 0, NULL)}
    return Case("8 offres avec une MER réalisée", x, Period.year(2024), None, expected)


def official_case() -> Case:
    """1 and 5, P = 2024 as of 2025-03-01 (official): late entries before and after A."""
    x = Extract()
    a = x.ml("09001")
    x.context(a, 2024, 100)
    x.youth(a, D(2024, 12, 15), entered=D(2025, 2, 15))  # late but before A: counts
    x.youth(a, D(2024, 12, 20), entered=D(2025, 3, 1))  # entered on A: counts
    x.youth(a, D(2024, 12, 15), entered=D(2025, 3, 2))  # entered after A: not yet known
    x.youth(a, D(2024, 6, 1))  # no date_saisie: entered on the day
    y = x.youth(a, D(2023, 1, 1), neet=False)
    x.dispositif(y, a, D(2023, 2, 1), D(2024, 12, 20), "EMPLOI", exit_entered=D(2025, 2, 1))
    x.dispositif(y, a, D(2023, 2, 1), D(2024, 12, 20), "EMPLOI", exit_entered=D(2025, 3, 5))
    x.dispositif(y, a, D(2023, 2, 1), D(2024, 10, 1), "AUTRE")  # exit entered on its day
    x.dispositif(y, a, D(2024, 12, 1), D(2024, 12, 10), "EMPLOI", entered=D(2025, 3, 2))
    # 5: the exit entered on 2025-03-05 and the PACEA entered on 2025-03-02 are unknown.
    expected = {(a, 1): (3, 100, 3.0), (a, 5): (1, 2, 50.0)}
    return Case("1 et 5 au 1er mars (officiel)", x, Period.year(2024), D(2025, 3, 1), expected)


def as_of_case() -> Case:
    """2, 3, 4, 6, 7, 8, P = 2024 as of 2024-10-15: T = 2024-10-15, T − 3 months =
    2024-07-15; later entries are hidden, cohorts and flows still use the whole year."""
    x = Extract()
    a = x.ml("10001")
    A = D(2024, 10, 15)
    late = D(2024, 10, 20)
    # 2. Cohort: dpa + 3 months in 2024.
    y = x.youth(a, D(2024, 7, 1))
    x.dispositif(y, a, D(2024, 9, 1), entered=late)  # PACEA entered after A: den only
    y = x.youth(a, D(2024, 7, 1))
    x.dispositif(y, a, D(2024, 9, 1), entered=D(2024, 10, 10))  # entered before A: num
    x.youth(a, D(2024, 8, 1), entered=late)  # youth entered after A: not in the cohort
    y = x.youth(a, D(2024, 9, 20))  # window closes 2024-12-20, after A: still in the cohort
    x.dispositif(y, a, D(2024, 10, 1))  # num

    # 3. Stock on T = A (these youths are received in 2023: out of the 2024 cohort of 2).
    def pacea(**kwargs) -> str:
        youth = x.youth(a, D(2022, 1, 1))
        x.dispositif(youth, a, kwargs.pop("entry", D(2024, 1, 10)), **kwargs)
        return youth

    pacea(exit=D(2024, 10, 1), situation="EMPLOI", exit_entered=late)  # exit unknown: num
    pacea(exit=D(2024, 10, 1), situation="EMPLOI")  # exit known: out
    pacea(entry=D(2024, 7, 15))  # entry on the cut-off: den only
    y = pacea()
    x.proposition(y, a, D(2024, 8, 1), entered=late)  # proposition unknown on A: num
    y = pacea()
    x.proposition(y, a, D(2024, 8, 1), entered=A)  # known on A: den only
    pacea(entered=D(2024, 10, 16))  # PACEA entered after A: out
    pacea(entry=D(2024, 11, 1))  # enters after A: out
    y = pacea()
    x.situation(y, "EMPLOI", D(2024, 9, 1), entered=D(2024, 10, 16))  # job unknown: num
    # 4. PACEA of 2023 whose 12 months end in 2024.
    y = x.youth(a, D(2022, 1, 1))
    x.dispositif(y, a, D(2023, 3, 1), D(2023, 12, 1), "AUTRE")
    x.situation(y, "EMPLOI", D(2023, 6, 1), entered=late)  # entered after A: den only
    y = x.youth(a, D(2022, 1, 1))
    x.dispositif(y, a, D(2023, 3, 1), D(2023, 12, 1), "AUTRE")
    x.situation(y, "EMPLOI", D(2023, 6, 1), D(2023, 7, 1))  # num
    # 6. A GJ exit at term whose exit is entered after A does not exist yet.
    y = x.youth(a, D(2022, 1, 1))
    x.dispositif(y, a, D(2023, 10, 2), D(2024, 10, 1), "EMPLOI", kind="GJ", exit_entered=late)
    x.dispositif(y, a, D(2023, 9, 2), D(2024, 9, 1), "EMPLOI", kind="GJ")  # num
    # 7 and 8.
    o = x.offer(a, D(2024, 9, 1))
    x.mer(o, a, D(2024, 9, 2), "REALISEE", late)  # carried out after A: den only (7, 8)
    o = x.offer(a, D(2024, 9, 1))
    x.mer(o, a, D(2024, 9, 2), "REALISEE", D(2024, 10, 10))  # num (7, 8)
    o = x.offer(a, D(2024, 9, 1), entered=late)  # offer unknown on A: out of 8…
    x.mer(o, a, D(2024, 9, 2), "REALISEE", D(2024, 10, 1))  # …and its MER out of 7
    o = x.offer(a, D(2024, 9, 1))
    x.mer(o, a, D(2024, 9, 2), "PRESCRITE", entered=late)  # MER unknown: den of 8 only
    x.offer(a, D(2024, 10, 16))  # collected after A
    expected = {
        (a, 2): (2, 3, 100 * 2 / 3),
        # 3 den: exit unknown, cut-off, proposition unknown, proposition known, job unknown,
        # and the PACEA of 2.'s youths entered on 2024-09-01 (known) and 2024-10-01 = 7;
        # num: exit unknown, proposition unknown, job unknown = 3.
        (a, 3): (3, 7, 300 / 7),
        (a, 4): (1, 2, 50.0),
        (a, 6): (1, 1, 100.0),
        (a, 7): (1, 2, 50.0),
        (a, 8): (1, 3, 100 / 3),
    }
    return Case("2, 3, 4, 6, 7, 8 au 15 octobre", x, Period.year(2024), A, expected)


def pooled_case() -> Case:
    """5 at the three levels: pooled ratios are sums, not means of ML ratios."""
    x = Extract()
    a, b, c = x.ml("11001"), x.ml("11002"), x.ml("11003", region="11")
    for code, situations in ((a, ["EMPLOI"]), (b, ["EMPLOI", "AUTRE", "AUTRE"])):
        for situation in situations:
            y = x.youth(code, D(2023, 1, 1))
            x.dispositif(y, code, D(2023, 2, 1), D(2024, 5, 1), situation)
    del c  # no exit at 11003
    expected = {
        ("REGION:84", 5): (2, 4, 50.0),  # a mean of 100 % and 33 % would give 66.7 %
        ("REGION:11", 5): (0, 0, NULL),
        ("NATIONAL:FR", 5): (2, 4, 50.0),
    }
    return Case("5 région et nation", x, Period.year(2024), None, expected, level="POOL")


def all_cases() -> list[Case]:
    """Every hand-made case (the pooled variants share their ML case's extract)."""
    neet, exits = neet_case(), exits_case()
    return [
        neet,
        neet_pooled_case(neet),
        pacea_3_months_case(),
        stock_case(),
        stock_clamped_case(),
        first_year_case(),
        exits,
        exits_pooled_case(exits),
        gj_case(),
        mer_case(),
        offers_case(),
        official_case(),
        as_of_case(),
        pooled_case(),
    ]


def merged_by_run() -> dict[tuple[Period, dt.date | None], dict[str, list[dict]]]:
    """Every extract merged into one per (period, as-of date)."""
    runs: dict[tuple[Period, dt.date | None], dict[str, list[dict]]] = {}
    seen: set[int] = set()
    for case in all_cases():
        if id(case.extract) in seen:
            continue
        seen.add(id(case.extract))
        rows = runs.setdefault((case.period, case.as_of), defaultdict(list))
        for table, table_rows in case.rows.items():
            rows[table].extend(table_rows)
    return runs
