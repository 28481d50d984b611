import numpy as np
import pandas as pd
import pytest

from perfml.synth.calendar import Window, day_number, to_date
from perfml.synth.dispositifs import (
    EXIT,
    OPEN,
    Paths,
    collective_sessions,
    draw_exit_situations,
    has_pacea,
)
from synth.helpers import days, months_later


@pytest.fixture(scope="module")
def pacea(mini_tables):
    frame = mini_tables["dispositifs"]
    return frame[frame["type"] == "PACEA"]


@pytest.fixture(scope="module")
def gj(mini_tables):
    frame = mini_tables["dispositifs"]
    parents = frame.set_index("id_dispositif")
    out = frame[frame["type"] == "GJ"].merge(
        parents,
        left_on="id_dispositif_parent",
        right_index=True,
        suffixes=("", "_parent"),
    )
    return out


def test_most_but_not_all_first_receptions_enter_pacea_within_3_months(mini_tables, pacea):
    jeunes = mini_tables["jeunes"]
    first = pacea.groupby("id_jeune")["date_entree"].min()
    received = jeunes.set_index("id_jeune")["date_premier_accueil"]
    joined = pd.concat([received, first], axis=1, join="inner")
    within = pd.to_datetime(joined["date_entree"]) <= months_later(
        joined["date_premier_accueil"], 3
    )
    share = within.sum() / len(jeunes)
    assert 0.35 < share < 0.75
    assert (~within).any()


def test_some_youths_have_several_pacea(pacea):
    per_youth = pacea.groupby("id_jeune").size()
    assert 0.05 < (per_youth > 1).mean() < 0.5


def test_a_few_pacea_are_held_by_another_ml_than_the_first_reception(mini_tables, pacea):
    home = mini_tables["jeunes"].set_index("id_jeune")["code_ml"]
    elsewhere = pacea["code_ml"] != pacea["id_jeune"].map(home)
    assert 0 < elsewhere.mean() < 0.05


def test_gj_phases_belong_to_a_pacea_of_the_same_youth_and_ml(gj):
    assert (gj["type_parent"] == "PACEA").all()
    assert (gj["id_jeune"] == gj["id_jeune_parent"]).all()
    assert (gj["code_ml"] == gj["code_ml_parent"]).all()


def test_gj_phases_lie_within_their_pacea(gj):
    assert (gj["date_entree"] >= gj["date_entree_parent"]).all()
    ended = gj["date_sortie"].notna()
    assert gj.loc[~ended, "date_sortie_parent"].isna().all()
    parent_ended = gj["date_sortie_parent"].notna()
    assert (gj.loc[parent_ended, "date_sortie"] <= gj.loc[parent_ended, "date_sortie_parent"]).all()


def test_gj_phases_last_12_months_some_18_some_stop_early(gj):
    ended = gj[gj["date_sortie"].notna()]
    term = pd.to_datetime(ended["date_sortie"]) >= months_later(
        ended["date_entree"], 12
    ) - pd.Timedelta(days=1)
    renewed = pd.to_datetime(ended["date_sortie"]) >= months_later(
        ended["date_entree"], 18
    ) - pd.Timedelta(days=1)
    assert 0.5 < term.mean() < 0.9
    assert 0.05 < renewed.mean() < 0.3
    assert days(ended["date_sortie"], ended["date_entree"]).max() <= 18 * 31 + 10


def test_a_quarter_of_pacea_entries_hold_a_gj_phase(mini_tables, pacea):
    share = len(mini_tables["dispositifs"].query("type == 'GJ'")) / len(pacea)
    assert 0.12 < share < 0.35


def test_pacea_last_at_most_24_months(pacea):
    ended = pacea[pacea["date_sortie"].notna()]
    assert (pd.to_datetime(ended["date_sortie"]) <= months_later(ended["date_entree"], 24)).all()


def test_every_exit_situation_occurs(pacea):
    assert set(pacea["situation_sortie"].dropna()) == set(EXIT)


def test_some_exits_are_recorded_more_than_two_months_late(pacea):
    ended = pacea[pacea["date_saisie_sortie"].notna()]
    late = days(ended["date_saisie_sortie"], ended["date_sortie"]) > 60
    assert 0 < late.sum() / len(pacea) < 0.05


def test_collective_sessions_last_4_to_6_weeks_for_most_gj(mini_tables, gj):
    sessions = mini_tables["phases_collectives"].join(
        gj.set_index("id_dispositif"), on="id_dispositif"
    )
    length = days(sessions["date_fin"], sessions["date_debut"])
    full = sessions["date_sortie"].isna() | (sessions["date_fin"] < sessions["date_sortie"])
    assert length[full].between(25, 39).all()
    assert (sessions["date_debut"] >= sessions["date_entree"]).all()
    assert len(sessions) / len(gj) > 0.7


def test_draw_exit_situations_follows_the_positive_logit():
    rng = np.random.default_rng(0)
    positive = draw_exit_situations(rng, np.full(1000, 50.0), {"ABANDON": 1.0})
    negative = draw_exit_situations(rng, np.full(1000, -50.0), {"ABANDON": 1.0})
    assert set(positive) == {EXIT["EMPLOI"], EXIT["ALTERNANCE"]}
    assert set(negative) == {EXIT["ABANDON"]}


def _paths(gj_entry: list[int], gj_exit: list[int]) -> Paths:
    n = len(gj_entry)
    ints = np.zeros(n, dtype=np.int64)
    return Paths(
        youth=np.arange(n), slot=ints, entry=np.array(gj_entry), exit=np.array(gj_exit),
        situation=ints, duplicate=ints.astype(bool), gj=np.ones(n, dtype=bool),
        gj_parent=np.arange(n), gj_entry=np.array(gj_entry), gj_exit=np.array(gj_exit),
        gj_situation=ints,
    )  # fmt: skip


def test_collective_sessions_start_on_a_monday_and_end_on_a_friday():
    window = Window(2024, 2024, 0)
    start = day_number(pd.Timestamp("2024-03-06").date())
    _, begins, ends = collective_sessions(
        np.random.default_rng(0), _paths([start] * 200, [OPEN] * 200), window
    )
    assert {to_date(d).weekday() for d in begins} == {0}
    assert {to_date(d).weekday() for d in ends} == {4}


def test_a_session_is_cut_short_when_the_phase_stops():
    window = Window(2024, 2024, 0)
    start = day_number(pd.Timestamp("2024-03-04").date())
    _, _, ends = collective_sessions(
        np.random.default_rng(0), _paths([start] * 100, [start + 3] * 100), window
    )
    assert (ends <= start + 3).all()


def test_has_pacea_flags_youths_with_a_pacea():
    paths = _paths([1, 2], [5, 6])
    paths = Paths(**{**paths.__dict__, "youth": np.array([2, 2])})
    assert has_pacea(4, paths).tolist() == [False, False, True, False]
