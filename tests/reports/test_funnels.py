"""The national funnel plots: one PDF page per rate, SVG for the web, MLs highlighted."""

import pikepdf

from perfml.reports.funnels import funnel_path, funnel_svg, write_funnel_pdf
from reports.campaign_data import campaign


def test_funnel_pdf_has_one_page_per_rate(tmp_path):
    path = write_funnel_pdf(campaign(), tmp_path / "entonnoirs.pdf")
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 8


def test_funnel_svg_names_the_highlighted_ml_only():
    svg = funnel_svg(campaign(), 1, ["01002"]).decode()
    assert ">01002<" in svg and ">01001<" not in svg


def test_funnel_svg_of_a_ratio_that_is_not_a_rate_is_none():
    assert funnel_svg(campaign(), 9) is None


def test_funnel_path_names_the_region(tmp_path):
    assert funnel_path(tmp_path, 2024, "53").name == "entonnoirs_2024_region_53.pdf"
    assert funnel_path(tmp_path, 2024).name == "entonnoirs_2024.pdf"
