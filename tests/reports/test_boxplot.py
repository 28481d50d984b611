"""The box-plot drawing: scales, artists and the SVG for the web."""

import matplotlib
import pytest
from matplotlib.figure import Figure

from perfml.distributions import Box
from perfml.reports.boxplot import (
    BoxPlotDrawing,
    axis_limits,
    axis_ticks,
    boxplot_svg,
    nice_ceiling,
)

BOXES = [Box(440, 2, 18, 25, 33, 61), Box(30, 5, 20, 27, 35, 55), Box(20, 10, 24, 32, 38, 50)]


@pytest.mark.parametrize(("value", "ceiling"), [(0.7, 0.8), (37.0, 40.0), (4160.0, 5000.0)])
def test_nice_ceiling_rounds_up_to_a_round_number(value, ceiling):
    assert nice_ceiling(value) == pytest.approx(ceiling)


def test_axis_limits_of_a_rate_are_0_to_100_whatever_the_values():
    assert axis_limits("%", Box(3, 1, 2, 3, 4, 5)) == (0.0, 100.0)


def test_axis_limits_of_exits_per_etp_cover_the_national_maximum():
    assert axis_limits("sorties / ETP", Box(3, 1, 2, 3, 4, 27.0)) == (0.0, 30.0)


def test_axis_ticks_of_0_100_are_every_20():
    assert axis_ticks(0, 100) == [0, 20, 40, 60, 80, 100]


def _drawing():
    figure = Figure()
    drawing = BoxPlotDrawing(figure.add_axes((0.1, 0.1, 0.8, 0.8)))
    drawing.set_scale((0, 100), "%", "higher")
    return drawing


def test_update_spans_each_box_from_q1_to_q3():
    drawing = _drawing()
    drawing.update(BOXES, ["N", "R", "G"], 20.0)
    box = drawing.boxes[2]
    assert (box.get_x(), box.get_x() + box.get_width()) == (24, 38)


def test_update_puts_the_red_line_at_the_ml_value():
    drawing = _drawing()
    drawing.update(BOXES, ["N", "R", "G"], 20.0)
    assert list(drawing.value_line.get_xdata()) == [20.0, 20.0]


def test_update_marks_a_missing_distribution():
    drawing = _drawing()
    drawing.update([BOXES[0], BOXES[1], None], ["N", "R", "G"], 20.0)
    assert (drawing.boxes[2].get_visible(), drawing.empty_texts[2].get_text()) == (
        False,
        "aucune valeur",
    )


def test_update_hides_the_red_line_without_value():
    drawing = _drawing()
    drawing.update(BOXES, ["N", "R", "G"], None)
    assert not drawing.value_line.get_visible()


def test_boxplot_svg_is_an_svg_with_the_labels_as_text():
    svg = boxplot_svg(BOXES, ["National", "Région", "Groupe 7"], 20.0, "%", "lower").decode()
    assert svg.lstrip().startswith("<?xml") and "Groupe 7" in svg and "← meilleur" in svg


def test_boxplot_svg_draws_the_red_line():
    svg = boxplot_svg(BOXES, ["National", "Région", "Groupe 7"], 20.0, "%", "higher").decode()
    assert "#d40000" in svg


def test_boxplot_svg_leaves_global_matplotlib_settings_alone():
    before = matplotlib.rcParams["svg.fonttype"]
    boxplot_svg(BOXES, ["N", "R", "G"], 20.0, "%", "higher")
    assert matplotlib.rcParams["svg.fonttype"] == before
