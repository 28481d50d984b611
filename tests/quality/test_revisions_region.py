"""`perfml qualite --au` gives the figures of `perfml indicateurs --au`, on the regional
synthetic extract (60 MLs, late entries up to the consolidation date of 1 March 2026).

The warehouse is the session's `region_warehouse` (`perfml synth --echelle region
--graine 1`, then loaded); it is copied first.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from perfml.cli import app

AS_OF = "2026-01-01"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, region_warehouse):
    folder = tmp_path_factory.mktemp("region")
    warehouse = folder / "region.duckdb"
    shutil.copyfile(region_warehouse, warehouse)
    runner = CliRunner()

    def run(command: str, output: Path, *dates: str) -> Path:
        arguments = [command, "--entrepot", str(warehouse), "--annee", "2025", *dates]
        result = runner.invoke(app, [*arguments, "--sortie", str(output)])
        assert result.exit_code == 0, result.output
        return output

    quality = run("qualite", folder / "qualite.xlsx", "--au", AS_OF)
    indicators = run("indicateurs", folder / "indicateurs.csv", "--au", AS_OF)
    official = run("indicateurs", folder / "officiel.csv", "--officiel")

    def read(path):
        # The product's CSV dialect: « ; », decimal comma, UTF-8 with BOM.
        return pd.read_csv(
            path, sep=";", decimal=",", encoding="utf-8-sig",
            dtype={"code": str, "code_region": str},
        )  # fmt: skip

    return quality, read(indicators), read(official)


def quality_values(path: Path, offset: int = 1) -> dict[tuple[str, int], float]:
    """(code_ml, k) → the value of sheet « Effet… »: column « Consolidée au 01/03/2026 »
    (offset 0), « Au 01/01/2026 » (1) or « Écart » (2)."""
    sheet = load_workbook(path, read_only=True)["Effet sur les indicateurs"]
    rows = list(sheet.iter_rows(values_only=True))
    # The last header row holds the date labels; « Code » is merged over the rows above.
    header = next(i for i, row in enumerate(rows) if "Au 01/01/2026" in row)
    values = {}
    for row in rows[header + 1 :]:
        if not row[0]:
            continue
        for k in range(1, 11):
            column = 3 + 3 * (k - 1) + offset
            label = ("Consolidée au 01/03/2026", "Au 01/01/2026", "Écart")[offset]
            assert rows[header][column] == label
            cell = row[column]
            values[(str(row[0]), k)] = math.nan if cell is None else float(cell)
    return values


def assert_same_values(got: dict, frame: pd.DataFrame) -> None:
    expected = frame[frame["niveau"] == "ML"]
    assert len(expected) == len(got) == 600
    for row in expected.itertuples(index=False):
        value = got[(row.code, int(row.indicateur))]
        if math.isnan(row.valeur):
            assert math.isnan(value), (row.code, row.indicateur)
        else:
            assert value == pytest.approx(row.valeur, rel=1e-11), (row.code, row.indicateur)


def test_qualite_au_gives_the_values_of_indicateurs_au_for_every_ml_and_indicator(outputs):
    quality, at_date, _ = outputs
    assert_same_values(quality_values(quality, 1), at_date)


def test_consolidated_column_gives_the_values_of_indicateurs_officiel(outputs):
    quality, _, official = outputs
    assert_same_values(quality_values(quality, 0), official)


def test_gap_is_the_value_at_the_date_minus_the_consolidated_value(outputs):
    quality, at_date, official = outputs
    at_date = at_date[at_date["niveau"] == "ML"].set_index(["code", "indicateur"])["valeur"]
    official = official[official["niveau"] == "ML"].set_index(["code", "indicateur"])["valeur"]
    gaps = quality_values(quality, 2)
    moved = 0
    for key, gap in gaps.items():
        expected = at_date[key] - official[key]
        if math.isnan(expected):
            assert math.isnan(gap), key
        else:
            # Both CSV values carry 12 significant digits (the output layer's precision).
            scale = max(1.0, abs(at_date[key]), abs(official[key]))
            assert gap == pytest.approx(expected, abs=1e-10 * scale), key
            moved += gap != 0
    assert moved > 0  # late entries between 1 January and 1 March move some figures
