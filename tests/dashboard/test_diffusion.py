"""External diffusion of the dashboard: the masks of every level hide the same cells."""

from __future__ import annotations

import numpy as np
import pytest
from extract_outputs import chosen_warehouse, gather, sheet_cells

from perfml.activity import MEASURES
from perfml.dashboard import compute_figures, parse_period
from perfml.dashboard.diffusion import (
    dashboard_masks,
    dont_parents,
    period_cells,
    shared_counts,
)
from perfml.dashboard.levels import Level, level_rows
from perfml.dashboard.sheets import activity_table, indicators_table, write_every_dashboard
from perfml.disclosure import SECONDARY
from perfml.disclosure.audit import audit, marks_of_publication
from perfml.disclosure.relations import PublishedCells
from perfml.disclosure.rules import default_rules
from perfml.disclosure.suppression import protect
from perfml.warehouse import connect


def every_level(figures) -> list[Level]:
    """Return every level the command publishes: the nation, each region, each ML."""
    regions = sorted(set(figures.structures["code_region"]))
    mls = sorted(figures.structures["code_ml"])
    return [
        Level("national"),
        *(Level("region", r) for r in regions),
        *(Level("ml", m) for m in mls),
    ]


def previous_count_known(rate: object, value: float) -> object:
    """Return what a reader knows of a previous-period numerator or denominator.

    The tables never show them, only their rate ("Valeur" of the previous period), masked
    ("s") when either is masked. A rate shown, with its other side known elsewhere (a
    measure that is the same count), gives the count back: the reader is assumed to know
    it. A rate masked hides both: the reader is assumed to know at most what the label
    of a masked count would say ("< 5" or "s"; a zero stays known).
    """
    value = float(value)
    if rate != SECONDARY or np.isnan(value) or value == 0:
        return value
    rules = default_rules()
    return rules.label if value < rules.threshold else SECONDARY


def previous_indicator_counts(figures, rates: dict) -> dict:
    """Return {(i{k}_num|den, niveau, code): known} from the previous rates shown, given
    as {(k, niveau, code): shown}."""
    true = figures.indicators_previous.set_index(["niveau", "code"])
    known = {}
    for (k, niveau, code), rate in rates.items():
        for part in ("num", "den"):
            column = f"i{k}_{part}"
            known[(column, niveau, code)] = previous_count_known(
                rate, true.loc[(niveau, code), column]
            )
    return known


def published(figures, masks) -> tuple[dict, dict, list]:
    """Return what every level's tables show: current period, previous period, derived."""
    current, previous, derived = [], [], []
    for level in every_level(figures):
        rows = level_rows(level, figures.structures)
        activity = activity_table(figures, rows, masks)
        indicators = indicators_table(figures, rows, masks)
        now, before = {}, {}
        for row, (_i, line) in zip(rows, activity.iterrows(), strict=True):
            for m in MEASURES:
                now[(m.name, row.niveau, row.code)] = line[f"{m.name}__cur"]
                before[(m.name, row.niveau, row.code)] = line[f"{m.name}__prev"]
                parts = [line[f"{m.name}__cur"], line[f"{m.name}__prev"]]
                derived.append((line[f"{m.name}__evol"], parts))
        rates = {}
        for row, (_i, line) in zip(rows, indicators.iterrows(), strict=True):
            for k in range(1, 11):
                rates[(k, row.niveau, row.code)] = line[f"i{k}_prev"]
                for part in ("num", "den"):
                    now[(f"i{k}_{part}", row.niveau, row.code)] = line[f"i{k}_{part}"]
                derived.append((line[f"i{k}_val"], [line[f"i{k}_num"], line[f"i{k}_den"]]))
                derived.append((line[f"i{k}_evol"], [line[f"i{k}_val"], line[f"i{k}_prev"]]))
        before.update(previous_indicator_counts(figures, rates))
        current.append(now)
        previous.append(before)
    return gather(*current), gather(*previous), derived


def written(figures, out_dir, masks) -> tuple[dict, dict, list]:
    """Write every level's workbook (`--tout`, then each ML with `masks`, those of the
    command) and read back what they show."""
    from perfml.dashboard.sheets import activity_columns, indicators_columns, write_dashboard

    paths = write_every_dashboard(figures, out_dir, "externe")
    for code in sorted(figures.structures["code_ml"]):
        path = out_dir / f"ml_{code}.xlsx"
        paths.append(write_dashboard(figures, Level("ml", code), path, "externe", masks))
    entities = {
        code: (niveau, code)
        for frame in (figures.activity, figures.indicators)
        for niveau, code in zip(frame["niveau"], frame["code"], strict=True)
    }
    activity = [c.key for c in activity_columns(figures)]
    indicators = [c.key for c in indicators_columns(figures)]
    current, previous, derived = [], [], []
    for path in paths:
        sheet = sheet_cells(path, "Activité", activity, entities)
        sheet.update(sheet_cells(path, "Indicateurs", indicators, entities))
        now, before, rates = {}, {}, {}
        for (column, niveau, code), value in sheet.items():
            name, _sep, when = column.partition("__")
            if when == "cur" or (not when and column.endswith(("_num", "_den"))):
                now[(name, niveau, code)] = value
            elif when == "prev":
                before[(name, niveau, code)] = value
            elif column.startswith("i") and column.endswith("_prev"):
                rates[(int(column[1:].removesuffix("_prev")), niveau, code)] = value
        before.update(previous_indicator_counts(figures, rates))
        for (column, niveau, code), value in sheet.items():
            stem, _sep, suffix = column.rpartition("_")
            sources = {
                "evol": ["_cur", "_prev"] if stem.endswith("_") else ["_val", "_prev"],
                "val": ["_num", "_den"],
            }.get(suffix, [])
            parts = [sheet.get((f"{stem}{end}", niveau, code)) for end in sources]
            if parts:
                derived.append((value, parts))
        current.append(now)
        previous.append(before)
    return gather(*current), gather(*previous), derived


def narrowed(figures, masks, shown) -> list:
    """Return the masked counts a reader of every level's tables (`shown`) can narrow,
    except those the masking (`masks`) reported as impossible to protect fully."""
    rules = default_rules()
    current, previous, _derived = shown
    failing = []
    for shown, activity, indicators, limited, decided in (
        (current, figures.activity, figures.indicators, masks.limited_current, masks.current),
        (
            previous,
            figures.activity_previous,
            figures.indicators_previous,
            masks.limited_previous,
            masks.previous,
        ),
    ):
        cells = period_cells(activity, indicators, figures.structures)
        counts = {k: v for k, v in shown.items() if k in cells.values}
        marks = marks_of_publication(cells, counts, rules)
        # A masked count shown as a number somewhere (or a previous one whose rate is
        # shown) is given away, whatever the audit says of the others.
        assert [k for k in decided if k not in marks] == []
        intervals = audit(cells, marks, rules)
        # A previous count hidden only because its rate is masked (the other side is) was
        # not masked: it need not stay secret, it only leaves the reader knowing less.
        failing += [
            i for i in intervals if not i.is_protected and i.key not in limited and i.key in decided
        ]
    return failing


@pytest.fixture(scope="module")
def masks(figures):
    return dashboard_masks(figures)


@pytest.fixture(scope="module")
def handmade_published(figures, masks):
    return published(figures, masks)


def test_a_cell_masked_in_a_region_file_is_masked_in_its_ml_file(handmade_published):
    # The leak of issue 12: the region's table masked an ML while `--niveau ml` published it.
    current, previous, _derived = handmade_published
    for shown in (current, previous):
        for key, places in shown.items():
            masked = [isinstance(p, str) for p in places]
            assert all(masked) or not any(masked), (key, places)
    assert any(isinstance(p, str) for places in current.values() for p in places)


def test_no_evolution_or_rate_is_shown_beside_a_masked_part(handmade_published):
    _current, _previous, derived = handmade_published
    for value, parts in derived:
        if any(isinstance(p, str) for p in parts):
            assert value == "s"


def test_no_masked_count_of_the_handmade_files_can_be_narrowed_beyond_what_is_reported(
    figures, masks, tmp_path
):
    # The hand-made extract's counts are nearly all below 5: some cells cannot be fully
    # protected (the masking reports them); every other masked cell is.
    shown = written(figures, tmp_path, masks)
    assert any(isinstance(p, str) for places in shown[0].values() for p in places)
    assert narrowed(figures, masks, shown) == []
    beside_masked = [v for v, parts in shown[2] if any(isinstance(p, str) for p in parts)]
    assert beside_masked and set(beside_masked) == {"s"}


def test_masks_are_the_same_on_every_run(figures, masks):
    assert dashboard_masks(figures) == masks


def test_relations_cover_families_dont_measures_and_indicator_counts(figures):
    cells = period_cells(figures.activity, figures.indicators, figures.structures)
    names = {r.name for r in cells.relations}
    assert any(n.startswith("sorties_pacea = somme de ses parties") for n in names)
    assert ("mer_realisees", "mer_prescrites") in dont_parents().items()
    assert ("sorties_pacea", "i5_den") in shared_counts()


@pytest.mark.slow
def test_no_masked_count_of_any_written_file_of_the_extract_can_be_narrowed(
    mini_warehouse, tmp_path
):
    warehouse = chosen_warehouse(mini_warehouse)
    for period in ("2024-S1", "2024"):
        figures = compute_figures(connect(warehouse), parse_period(period))
        out = tmp_path / period
        out.mkdir()
        masks = dashboard_masks(figures)
        shown = written(figures, out, masks)
        assert narrowed(figures, masks, shown) == []
        assert [
            v for v, parts in shown[2] if any(isinstance(p, str) for p in parts) and v != "s"
        ] == []


def test_presentation_sheet_states_the_masking_rules(figures, tmp_path):
    from openpyxl import load_workbook

    from perfml.dashboard.sheets import write_dashboard

    path = write_dashboard(figures, Level("national"), tmp_path / "n.xlsx", "externe")
    sheet = load_workbook(path)["Présentation"]
    texts = [c.value for line in sheet.iter_rows() for c in line if isinstance(c.value, str)]
    assert default_rules().describe() in texts


def tiny_previous_period() -> PublishedCells:
    """Return a region R of two MLs A and B, for a measure `m` (shown) and the indicator
    denominator `d` that counts the same (never shown in the previous period, only its
    rate): A has 4, B has 57."""
    cells = PublishedCells()
    for column in ("m", "d"):
        for code, value in (("A", 4), ("B", 57), ("R", 61)):
            cells.add_cell((column, "ML" if code != "R" else "REGION", code), value)
        cells.add_sum((column, "REGION", "R"), [(column, "ML", "A"), (column, "ML", "B")], column)
    for code, niveau in (("A", "ML"), ("B", "ML"), ("R", "REGION")):
        cells.add_sum(("m", niveau, code), [("d", niveau, code)], f"m = d ({code})")
    return cells


def test_a_previous_count_hidden_behind_its_masked_rate_is_not_read_as_published():
    # The national extract's false alarm (2024-S1, previous period): the masking hides the
    # previous denominators through their rate ("s"), the audit read them as published and
    # found the masked measure exactly (m_A = d_A = 4).
    rules = default_rules()
    cells = tiny_previous_period()
    decided = protect(cells, rules)
    assert decided == {
        ("m", "ML", "A"): "primaire",
        ("d", "ML", "A"): "primaire",
        ("m", "ML", "B"): "secondaire",
        ("d", "ML", "B"): "secondaire",
    }
    rates = {code: "s" if ("d", "ML", code) in decided else 10.0 for code in ("A", "B")}
    shown = {key: [rules.label if status == "primaire" else "s"] for key, status in decided.items()}
    shown[("m", "REGION", "R")] = [61.0]
    read_as_published = dict(shown)
    for code in ("A", "B"):
        value = cells.values[("d", "ML", code)]
        shown[("d", "ML", code)] = [previous_count_known(rates[code], value)]
        read_as_published[("d", "ML", code)] = [value]
    shown[("d", "REGION", "R")] = read_as_published[("d", "REGION", "R")] = [61.0]

    wrong = audit(cells, marks_of_publication(cells, read_as_published, rules), rules)
    assert (("m", "ML", "A"), 4.0, 4.0) in [(i.key, i.low, i.high) for i in wrong]
    right = audit(cells, marks_of_publication(cells, shown, rules), rules)
    assert all(i.is_protected for i in right)


def test_previous_count_is_known_when_its_rate_is_shown_and_labelled_when_masked():
    assert previous_count_known(12.5, 8.0) == 8.0
    assert previous_count_known("s", 3.0) == "< 5"
    assert previous_count_known("s", 40.0) == "s"
    assert previous_count_known("s", 0.0) == 0.0


def test_every_previous_indicator_count_the_masking_hides_has_its_rate_masked(
    masks, handmade_published
):
    # What makes a hidden previous count secret: its rate, the only place it shows, is "s".
    _current, previous, _derived = handmade_published
    hidden = [k for k in masks.previous if k[0].startswith("i")]
    assert hidden
    for key in hidden:
        assert all(isinstance(p, str) for p in previous[key]), (key, previous[key])
