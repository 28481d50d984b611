import pandas as pd

from perfml.contract import THEME_PROPOSITION
from perfml.synth.propositions import THEMES
from synth.helpers import months_later


def test_themes_are_the_contract_ones(mini_tables):
    assert set(THEMES) == set(THEME_PROPOSITION)
    assert set(mini_tables["propositions"]["theme"]) == set(THEME_PROPOSITION)


def test_some_pacea_youths_go_without_proposition_for_more_than_3_months(mini_tables):
    # Indicator 3 on 30 June 2024: youths with a PACEA running, latest of entry and
    # propositions before 31 March 2024.
    day = pd.Timestamp("2024-06-30").date()
    d = mini_tables["dispositifs"]
    running = d[
        (d["type"] == "PACEA")
        & (d["date_entree"] <= day)
        & (d["date_sortie"].isna() | (d["date_sortie"] > day))
    ]
    p = mini_tables["propositions"]
    latest_proposition = (
        p[p["date_proposition"] <= day].groupby("id_jeune")["date_proposition"].max()
    )
    latest = (
        pd.concat(
            [running.groupby("id_jeune")["date_entree"].max(), latest_proposition],
            axis=1,
            join="outer",
        )
        .max(axis=1)
        .reindex(running["id_jeune"].unique())
    )
    without = pd.to_datetime(latest) < months_later(pd.Series([day]), -3)[0]
    assert 0.1 < without.mean() < 0.5
