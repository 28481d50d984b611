"""A campaign's figures from plain frames: values, boxes, proposals, one report per ML."""

import datetime as dt

import pandas as pd
import pytest

from perfml.errors import UserError
from perfml.reports.campaign import choose_as_of, ml_values
from reports.campaign_data import campaign, indicators


def test_ml_values_keeps_only_the_ml_rows():
    assert set(ml_values(indicators())["code_ml"]) == {"01001", "01002", "75001", "75002"}


def test_from_frames_adds_the_label_and_direction_of_each_indicator():
    row = campaign().proposals.set_index(["code_ml", "indicateur"]).loc[("01001", 3)]
    label = "Jeunes en PACEA sans proposition depuis plus de 3 mois"
    assert (row.libelle, row.sens) == (label, "lower")


def test_target_year_is_the_next_year():
    assert campaign().target_year == 2025


def test_codes_of_a_region_are_its_mls_sorted():
    assert campaign().codes(code_region="11") == ["75001", "75002"]


def test_codes_of_an_unknown_ml_is_a_user_error():
    with pytest.raises(UserError, match="99999"):
        campaign().codes(code_ml="99999")


def test_report_of_an_ml_carries_its_three_boxes_and_no_neighbours_box_without_neighbours():
    line = campaign().ml_reports(["01001"])[0].lines[0]
    # indicator 1: nation 11, 21, 31, 41 → median 26; region 84: 11, 21 → 16; group 1: 11, 31 → 21.
    assert [box.median if box else None for box in line.boxes] == [26.0, 16.0, 21.0, None]


def test_report_of_an_ml_carries_its_proposals():
    line = campaign().ml_reports(["01001"])[0].lines[0]
    # 11 is below every Q1: légitime = group median 21, raisonnable = group Q1 16 (no
    # neighbours: the group whatever its size); the region has 2 MLs, so atteignable =
    # national Q1 of 11, 21, 31, 41 = 18.5.
    assert line.proposals == (21.0, 16.0, 18.5)
    assert (line.reference_atteignable, line.n_reference_atteignable) == ("national", 4)


def test_report_of_an_ml_with_neighbours_carries_its_neighbours_box():
    neighbours = pd.DataFrame(
        {
            "code_ml": ["01001"] * 3,
            "rang": [1, 2, 3],
            "code_ml_voisin": ["75001", "01002", "75002"],
            "distance": [1.0, 2.0, 3.0],
        }
    )
    report = campaign(neighbours=neighbours).ml_reports(["01001"])[0]
    # indicator 1 of the three neighbours: 31, 21, 41 → median 31.
    assert report.lines[0].boxes[3].median == 31.0
    assert report.neighbours == ("75001", "01002", "75002")
    # Group 1 has 2 MLs and the neighbours only 3: no légitime nor raisonnable.
    assert report.lines[0].proposals[:2] == (None, None)
    assert (report.lines[0].reference_groupe, report.lines[0].n_reference) == ("voisins", 3)


def test_report_of_an_ml_carries_its_value_interval():
    line = campaign().ml_reports(["01001"])[0].lines[0]
    # 11 / 100: Wilson 6.25 % – 18.63 %.
    assert line.interval[0] == pytest.approx(6.2542, abs=1e-3)
    assert line.interval[1] == pytest.approx(18.6313, abs=1e-3)


def test_report_of_an_ml_without_value_has_no_quartile():
    line = campaign().ml_reports(["75002"])[0].lines[5]
    assert (line.valeur, line.quartiles) == (None, (None, None, None, None))


def test_report_names_the_group_size_and_strongest_trait_first():
    report = campaign().ml_reports(["01001"])[0]
    assert (report.group_size, report.group_traits[0]) == (
        2,
        "Revenu médian nettement au-dessus de la moyenne nationale",
    )


def test_limits_of_a_rate_are_0_to_100():
    assert campaign().limits()[1] == (0.0, 100.0)


def test_limits_of_cost_per_exit_cover_the_national_maximum():
    # indicator 10: 1 000 to 4 000 € → a round ceiling above 4 000 × 1.04.
    assert campaign().limits()[10] == (0.0, 5000.0)


def test_choose_as_of_is_1_march_when_the_extract_reaches_it():
    assert choose_as_of(2024, dt.date(2025, 3, 1)) == (dt.date(2025, 3, 1), True)


def test_choose_as_of_is_the_extract_date_before_1_march():
    assert choose_as_of(2024, dt.date(2025, 2, 10)) == (dt.date(2025, 2, 10), False)


def test_campaign_before_1_march_is_provisional():
    early = campaign(as_of=dt.date(2025, 2, 28), is_official=False)
    assert early.is_provisional and not campaign().is_provisional


def test_report_line_carries_the_typical_revision_of_its_ml():
    import pandas as pd

    typical = pd.DataFrame(
        {"code_ml": ["01001"], "indicateur": [3], "revision": [2.5],
         "revision_relative": [10.0], "mesure": ["points"]}
    )  # fmt: skip
    early = campaign(as_of=dt.date(2025, 2, 1), is_official=False, typical_revisions=typical)
    lines = {r.code_ml: r.lines for r in early.ml_reports(["01001", "01002"])}
    assert lines["01001"][2].typical_revision == {
        "revision": 2.5,
        "revision_relative": 10.0,
        "mesure": "points",
    }
    assert lines["01001"][0].typical_revision is None
    assert lines["01002"][2].typical_revision is None
