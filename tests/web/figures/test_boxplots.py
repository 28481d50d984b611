"""The reports' box plot drawing, made safe to inline in a page."""

from __future__ import annotations

import re

from perfml.web.figures.boxplots import draw


def test_drawing_is_a_labelled_image(figures):
    svg = draw(figures, "35001", 1)
    assert svg.startswith('<svg role="img" aria-label="Boîtes à moustaches de l\'indicateur 1')


def test_drawing_has_no_xml_prologue(figures):
    assert "<?xml" not in draw(figures, "35001", 1)


def test_ids_are_unique_across_the_drawings_of_a_page(figures):
    ids = re.findall(r'id="([^"]+)"', draw(figures, "35001", 1) + draw(figures, "35001", 2))
    assert len(ids) == len(set(ids))
