"""What was known on the as-of date: rows, exits and MER carried out."""

import datetime as dt

import ibis
import pandas as pd

from indicators.extract import Extract
from perfml.indicators.backends import memory_backend
from perfml.indicators.sources import Sources

D = dt.date
A = D(2024, 10, 15)


def extract() -> Extract:
    x = Extract()
    a = x.ml("13001")
    y = x.youth(a, D(2024, 1, 1))
    x.dispositif(y, a, D(2024, 2, 1), D(2024, 10, 1), "EMPLOI", exit_entered=D(2024, 10, 16))
    x.dispositif(y, a, D(2024, 2, 1), D(2024, 10, 1), "EMPLOI", exit_entered=A)
    x.dispositif(y, a, D(2024, 2, 1), D(2024, 10, 16), "EMPLOI")
    known = x.offer(a, D(2024, 9, 1))
    unknown = x.offer(a, D(2024, 9, 1), entered=D(2024, 10, 16))
    x.mer(known, a, D(2024, 9, 2), "REALISEE", D(2024, 10, 16), youth=y)
    x.mer(known, a, D(2024, 9, 2), "REALISEE", A, youth=y)
    x.mer(unknown, a, D(2024, 9, 2), "REALISEE", D(2024, 9, 3), youth=y)
    return x


def exits(con, as_of):
    frame = con.execute(Sources(con, as_of).dispositifs.order_by("id_dispositif"))
    return [None if pd.isna(d) else d.date() for d in frame.date_sortie]


def test_exit_entered_after_the_as_of_date_is_blanked_out():
    con = memory_backend(extract().rows)
    assert exits(con, A) == [None, D(2024, 10, 1), None]


def test_without_as_of_date_every_exit_counts():
    con = memory_backend(extract().rows)
    assert exits(con, None) == [D(2024, 10, 1), D(2024, 10, 1), D(2024, 10, 16)]


def test_blanked_exit_has_no_exit_situation():
    con = memory_backend(extract().rows)
    frame = con.execute(Sources(con, A).dispositifs.order_by("id_dispositif"))
    assert frame.situation_sortie.isna().tolist() == [True, False, True]


def test_mer_on_an_offer_unknown_on_the_as_of_date_does_not_count():
    con = memory_backend(extract().rows)
    assert con.execute(Sources(con, A).mises_en_relation).shape[0] == 2


def test_mer_is_carried_out_only_if_done_by_the_as_of_date():
    con = memory_backend(extract().rows)
    frame = con.execute(Sources(con, A).mises_en_relation.order_by("id_mer"))
    assert frame.realisee.tolist() == [False, True]


def test_missing_optional_entry_date_column_means_entered_on_the_event_date():
    con = ibis.duckdb.connect()
    jeunes = pd.DataFrame(
        {
            "id_jeune": ["j1", "j2"],
            "code_ml": ["13001", "13001"],
            "date_premier_accueil": pd.to_datetime(["2024-10-15", "2024-10-16"]).date,
            "neet_premier_accueil": [True, True],
        }
    )
    schema = {
        "id_jeune": "string",
        "code_ml": "string",
        "date_premier_accueil": "date",
        "neet_premier_accueil": "boolean",
    }
    con.create_table("jeunes", ibis.memtable(jeunes, schema=schema))
    assert con.execute(Sources(con, A).jeunes).id_jeune.tolist() == ["j1"]
