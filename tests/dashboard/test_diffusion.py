"""External diffusion of the dashboard: small counts masked with their totals."""

from __future__ import annotations

import pandas as pd

from perfml.dashboard.diffusion import mask_counts, mask_rates
from perfml.dashboard.levels import Row

REGION_ROWS = [Row("ML", "a", "A"), Row("ML", "b", "B"), Row("REGION", "84", "R", True)]


def test_family_part_masked_in_a_row_masks_the_next_smallest_part():
    frame = pd.DataFrame(
        {"total": [20, 30, 50], "x": [3, 10, 13], "y": [17, 20, 37]}, index=["a", "b", "84"]
    )
    masked = mask_counts(frame, REGION_ROWS, [("total", ["x", "y"])], [])
    # a.x < 5; row a: a.y goes; column x: b.x goes; column y: b.y goes. The region stays.
    assert masked["x"].tolist() == ["< 5", "s", 13]
    assert masked["y"].tolist() == ["s", "s", 37]


def test_ml_level_rows_are_masked_one_by_one():
    rows = [Row("ML", "a", "A"), Row("REGION", "84", "R"), Row("NATIONAL", "FR", "F")]
    frame = pd.DataFrame({"n": [3, 40, 90]}, index=["a", "84", "FR"])
    assert mask_counts(frame, rows, [], ["n"])["n"].tolist() == ["< 5", 40, 90]


def test_rate_with_a_masked_numerator_is_masked():
    frame = pd.DataFrame({"num": ["< 5", 12], "den": [40, 50], "val": [7.5, 24.0]})
    assert mask_rates(frame, "val", ["num", "den"])["val"].tolist() == ["s", 24.0]
