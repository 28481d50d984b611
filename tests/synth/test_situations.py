import numpy as np

from perfml.contract import CATEGORIE_SITUATION
from perfml.synth.dispositifs import OPEN
from perfml.synth.situations import CATEGORY, LENGTHS, draw_lengths


def test_every_category_occurs_and_some_are_ongoing(mini_tables):
    situations = mini_tables["situations"]
    assert set(situations["categorie"]) == set(CATEGORIE_SITUATION)
    assert situations["date_fin"].isna().any()


def test_situations_of_a_youth_overlap_sometimes(mini_tables):
    s = mini_tables["situations"].sort_values(["id_jeune", "date_debut"])
    same = s["id_jeune"].eq(s["id_jeune"].shift())
    previous_end = s["date_fin"].shift()
    overlap = same & previous_end.notna() & (s["date_debut"] <= previous_end)
    assert 0 < overlap.mean() < 0.5


def test_draw_lengths_stay_within_the_category_range():
    rng = np.random.default_rng(0)
    category = np.full(500, CATEGORY["IMMERSION"])
    lengths = draw_lengths(rng, category)
    low, high, _ = LENGTHS["IMMERSION"]
    assert lengths.min() >= low and lengths.max() <= high


def test_draw_lengths_leave_some_jobs_without_end():
    lengths = draw_lengths(np.random.default_rng(0), np.full(1000, CATEGORY["EMPLOI"]))
    assert 0.1 < (lengths == OPEN).mean() < 0.2
