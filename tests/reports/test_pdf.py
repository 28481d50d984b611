"""One A4 page per ML, fonts embedded, the ML's figures on it."""

import datetime as dt
import shutil
import subprocess

import pikepdf
import pytest
from conftest import require

from perfml.reports.pdf import report_path, write_reports
from reports.campaign_data import campaign

GENERATED = dt.date(2025, 4, 1)


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("rapports")
    return write_reports(campaign(), out, ["01001", "75002"], workers=1, generated=GENERATED)


def test_write_reports_writes_one_file_per_ml_named_after_it(two_reports):
    assert [p.name for p in two_reports] == ["rapport_2024_01001.pdf", "rapport_2024_75002.pdf"]


def test_each_report_is_one_a4_page(two_reports):
    with pikepdf.open(two_reports[0]) as pdf:
        box = [round(float(x)) for x in pdf.pages[0].mediabox]
        assert (len(pdf.pages), box) == (1, [0, 0, 595, 842])


def _fonts(path):
    """(name, embedded) of every font the page and its forms use."""
    found = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                embedded = any(k in obj for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found[str(obj["/FontName"])] = embedded
    return found


def test_every_font_is_embedded_dejavu_sans(two_reports):
    fonts = _fonts(two_reports[0])
    assert fonts and all(fonts.values()) and all("DejaVuSans" in name for name in fonts)


def test_pdffonts_sees_only_embedded_truetype_fonts(two_reports):
    require(shutil.which("pdffonts") is not None, "pdffonts (poppler-utils)")
    lines = subprocess.run(
        ["pdffonts", str(two_reports[0])], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert lines and all("TrueType" in line and " yes " in line for line in lines)


def _text(path):
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_report_names_the_ml_and_its_region(two_reports):
    text = _text(two_reports[0])
    assert "Mission locale d'Ambérieu" in text and "Auvergne-Rhône-Alpes (84)" in text


def test_report_shows_the_value_and_the_shared_method_note(two_reports):
    # 01001, indicator 1: 11 / 100 → 11,0 %; the note belongs to the shared layer.
    text = _text(two_reports[0])
    assert "11,0" in text and "Quartiles par interpolation linéaire" in text


def test_report_of_an_ml_without_value_says_so(two_reports):
    assert "pas de valeur" in _text(two_reports[1])


def test_report_path_is_in_the_output_folder(tmp_path):
    assert report_path(tmp_path, 2024, "01001") == tmp_path / "rapport_2024_01001.pdf"


@pytest.mark.slow
def test_write_reports_with_two_processes_writes_every_page(tmp_path):
    paths = write_reports(campaign(), tmp_path, workers=2, generated=GENERATED)
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == sorted(p.name for p in paths)
    assert len(paths) == 4


def test_report_gives_the_size_of_the_ml_group(two_reports):
    assert "Groupe homogène 1 (2 missions locales)" in _text(two_reports[0])


def provisional_campaign():
    """The campaign as known on 15 January 2025, with last year's typical revisions of 01001."""
    import pandas as pd

    typical = pd.DataFrame(
        {
            "code_ml": ["01001", "01001"],
            "indicateur": [1, 9],
            "revision": [-1.234, 0.4],
            "revision_relative": [-3.0, 8.4],
            "mesure": ["points", "relatif"],
        }
    )
    return campaign(
        as_of=dt.date(2025, 1, 15),
        is_official=False,
        extract_date=dt.date(2025, 1, 15),
        typical_revisions=typical,
    )


@pytest.fixture(scope="module")
def provisional_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("provisoires")
    return write_reports(provisional_campaign(), out, ["01001"], workers=1, generated=GENERATED)[0]


def test_provisional_report_is_marked_provisional(provisional_report):
    assert "CHIFFRES PROVISOIRES" in _text(provisional_report)


def test_provisional_report_gives_last_years_typical_revision(provisional_report):
    # Indicator 1: 1.234 points, shown with one decimal; 9: 8.4 % of the value, rounded.
    text = _text(provisional_report)
    assert "provisoire · rév. typique ±1,2 pt" in text
    assert "provisoire · rév. typique ±8\u00a0%" in text or "±8 %" in text
    assert "non mesurable" in text  # indicators without a typical revision say so


def test_consolidated_report_has_no_provisional_mark(two_reports):
    text = _text(two_reports[0])
    assert "PROVISOIRES" not in text and "révision typique" not in text


def test_report_shows_the_value_s_95_interval(two_reports):
    # 01001, indicator 1: 11 / 100 → Wilson 6,3 % – 18,6 %.
    assert "IC 95 % : 6,3 – 18,6 %" in _text(two_reports[0]).replace("\u00a0", " ")


def test_report_shows_a_fourth_box_for_the_neighbours(two_reports):
    assert _text(two_reports[0]).count("Voisins") >= 10


def test_report_says_when_atteignable_comes_from_the_nation(two_reports):
    # Region 84 has 2 MLs: atteignable from France (no neighbours: the group is kept).
    assert "att. France" in _text(two_reports[0])


def test_interval_text_leaves_an_open_upper_bound_as_infinity():
    from perfml.indicators.catalogue import indicator
    from perfml.reports.campaign import IndicatorLine
    from perfml.reports.pdf import interval_text

    line = IndicatorLine(indicator(10), None, 1000.0, 0.0, (), (), (), interval=(12.0, None))
    assert interval_text(line, "€ / sortie").endswith("∞")


def test_reference_note_names_the_neighbours_and_the_nation():
    from perfml.indicators.catalogue import indicator
    from perfml.reports.campaign import IndicatorLine
    from perfml.reports.pdf import reference_note

    line = IndicatorLine(
        indicator(1), 10.0, 10, 100, (), (), (),
        reference_groupe="voisins", n_reference=15, reference_atteignable="national",
    )  # fmt: skip
    assert reference_note(line) == "15 voisins · att. France"


def _worst_line_page(number: int):
    """A page whose row `number` shows the widest fraction and interval lines possible."""
    import dataclasses

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from perfml.reports.pdf import PageSetting, PageTemplate

    setting = PageSetting.of(campaign(), GENERATED)
    template = PageTemplate(setting)
    report = campaign().ml_reports(["01001"])[0]
    lines = list(report.lines)
    lines[number - 1] = dataclasses.replace(
        lines[number - 1],
        valeur=99.9,
        numerateur=123_456,
        denominateur=123_457,
        interval=(100.0, 100.0),
        position="au-dessous",
    )
    report = dataclasses.replace(report, lines=tuple(lines), groupe=12)
    template.fill(report)
    renderer = FigureCanvasAgg(template.figure).get_renderer()
    return template, renderer


@pytest.mark.parametrize("number", [1, 4], ids=["titre d'une ligne", "titre de trois lignes"])
def test_interval_line_stays_left_of_the_box_labels(number):
    template, renderer = _worst_line_page(number)
    row = template.rows[number - 1]
    fraction = row.fraction.get_window_extent(renderer)
    labels = row.labels.get_window_extent(renderer)
    assert fraction.x1 < labels.x0


def test_interval_line_ends_above_the_next_row_under_a_three_line_title():
    from perfml.reports.pdf import PAGE_HEIGHT, ROW_HEIGHT, ROWS_TOP

    template, renderer = _worst_line_page(4)
    fraction = template.rows[3].fraction.get_window_extent(renderer)
    next_row_top = (PAGE_HEIGHT - (ROWS_TOP + 4 * ROW_HEIGHT)) * template.figure.dpi
    assert fraction.y0 > next_row_top
