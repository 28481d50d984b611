import numpy as np

from perfml.synth.names import draw_names, ml_name


def test_names_elide_de_before_a_vowel():
    rng = np.random.default_rng(0)
    names = {ml_name("Avac", rural=False, rng=rng) for _ in range(50)}
    assert all("d'Avac" in name for name in names)


def test_draw_names_gives_distinct_mission_locale_names():
    names = draw_names(np.random.default_rng(3), np.array([True, False] * 100))
    assert len(set(names)) == 200
    assert all(name.startswith("Mission locale ") for name in names)
