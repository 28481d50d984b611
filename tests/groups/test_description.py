"""catdes' v-tests, and the French sentences and labels made of them."""

import math

import pandas as pd
import pytest

from perfml.groups.description import (
    STRONG_V_TEST,
    ContextVariable,
    catdes,
    describe_sentence,
    description_table,
    format_number,
    group_label,
    short_label,
)

CATALOGUE = {
    "revenu": ContextVariable("revenu", "revenu médian", "jeunesse", "INSEE", "euros"),
    "densite": ContextVariable("densite", "densité de population", "territoire", "", "hab./km²"),
}


def two_groups():
    data = pd.DataFrame(
        {"x": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "noise": [1.0, 2.0, 1.0, 2.0, 1.0, 2.0]},
        index=list("abcdef"),
    )
    labels = pd.Series([1, 1, 1, 2, 2, 2], index=data.index)
    return data, labels


def test_v_test_is_catdes_formula():
    # x: mean 3.5, population variance 35/12; group 1 (3 of 6 rows) has mean 2:
    # v = (2 − 3.5)/√(35/12) · √3/√((6 − 3)/(6 − 1)).
    description, _ = catdes(*two_groups())
    expected = -1.5 / math.sqrt(35 / 12) * math.sqrt(3) / math.sqrt(3 / 5)
    assert description[1].at["x", "v_test"] == pytest.approx(expected)
    assert description[2].at["x", "v_test"] == pytest.approx(-expected)
    assert description[1].at["x", "p_value"] == pytest.approx(2 * 0.024766, abs=1e-5)


def test_keeps_only_variables_with_p_at_most_the_threshold():
    description, _ = catdes(*two_groups())
    # noise: group means 4/3 and 5/3, |v| = 0.89: not significant.
    assert list(description[1].index) == ["x"]


def test_variables_are_sorted_by_v_test_decreasing():
    data = pd.DataFrame(
        {
            "low": [1.0, 1.1, 0.9, 5.0, 5.1, 4.9, 5.0, 5.2],
            "high": [9.0, 9.1, 8.9, 1.0, 1.1, 0.9, 1.0, 1.2],
        }
    )
    labels = pd.Series([1, 1, 1, 2, 2, 2, 2, 2])
    description, _ = catdes(data, labels)
    assert list(description[1].index) == ["high", "low"]
    assert description[1]["v_test"].iloc[0] > 0 > description[1]["v_test"].iloc[1]


def test_nothing_is_described_when_no_variable_is_linked_to_the_groups():
    data = pd.DataFrame({"x": [1.0, 2.0, 1.0, 2.0]})
    description, association = catdes(data, pd.Series([1, 1, 2, 2]))
    assert association.empty
    assert description[1].empty and description[2].empty


def test_association_reports_eta_squared():
    # x: between sum of squares 13.5 of a total 17.5.
    _, association = catdes(*two_groups())
    assert association.at["x", "eta2"] == pytest.approx(13.5 / 17.5)


def row(v_test, mean_group, mean_all):
    return pd.Series({"v_test": v_test, "mean_in_group": mean_group, "overall_mean": mean_all})


def test_sentence_says_nettement_from_the_threshold():
    strong = describe_sentence("revenu", row(-STRONG_V_TEST, 18200.0, 21500.0), CATALOGUE)
    assert strong == (
        "Revenu médian nettement au-dessous de la moyenne nationale "
        "(18\u202f200\u00a0euros contre 21\u202f500\u00a0euros)"
    )


def test_sentence_without_nettement_below_the_threshold():
    sentence = describe_sentence("revenu", row(2.5, 22000.0, 21500.0), CATALOGUE)
    assert sentence.startswith("Revenu médian au-dessus de la moyenne nationale")


def test_sentence_writes_a_unit_of_several_words_once():
    sentence = describe_sentence(
        "x", row(3.0, 2.5, 1.25), {"x": ContextVariable("x", "x", unite="pour 1 000 habitants")}
    )
    assert sentence.endswith("(2,50 contre 1,25\u00a0pour 1 000 habitants)")


def test_sentence_names_an_unknown_variable_by_its_column():
    sentence = describe_sentence("part_inconnue", row(3.0, 2.0, 1.0), CATALOGUE)
    assert sentence.startswith("Part_inconnue au-dessus")


def test_french_numbers():
    assert format_number(1234567.0) == "1\u202f234\u202f567"
    assert format_number(12.34, "%") == "12,3\u00a0%"
    assert format_number(-0.5) == "−0,50"


def test_label_is_made_of_the_two_strongest_variables():
    table = pd.DataFrame({"v_test": [2.5, -6.0, 3.0]}, index=["x", "revenu", "densite"])
    assert group_label(table, CATALOGUE) == "↓ revenu médian, ↑ densité de population"


def test_label_of_a_group_without_significant_variable():
    assert group_label(pd.DataFrame({"v_test": []}), CATALOGUE) == (
        "profil proche de la moyenne nationale"
    )


def test_short_label_drops_the_final_parenthesis():
    catalogue = {"n": ContextVariable("n", "jeunes NEET de 16 à 25 ans (ni en emploi)")}
    assert short_label("n", catalogue) == "jeunes NEET de 16 à 25 ans"


def test_description_table_has_the_stored_columns():
    description, _ = catdes(*two_groups())
    table = description_table(description, CATALOGUE)
    assert list(table.columns) == [
        "groupe", "variable", "libelle", "type", "moyenne_groupe", "moyenne_nationale",
        "v_test", "p_valeur", "phrase",
    ]  # fmt: skip
    assert table["groupe"].tolist() == [1, 2]
    assert table["moyenne_groupe"].tolist() == [2.0, 5.0]
