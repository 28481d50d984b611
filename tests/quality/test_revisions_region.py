"""`perfml qualite --au` gives the figures of `perfml indicateurs --au`, on the regional
synthetic extract (60 MLs, late entries up to the consolidation date of 1 March 2026).

The warehouse is `/work/data/region.duckdb` (`perfml synth --echelle region --graine 1`,
then `perfml charger`), or the file named by `PERFML_REGION_WAREHOUSE`; it is copied first.
"""

from __future__ import annotations

import math
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from perfml.cli import app

SOURCE = Path(os.environ.get("PERFML_REGION_WAREHOUSE", "/work/data/region.duckdb"))
AS_OF = "2026-01-01"

pytestmark = pytest.mark.skipif(not SOURCE.exists(), reason=f"entrepôt régional absent ({SOURCE})")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("region")
    warehouse = folder / "region.duckdb"
    shutil.copyfile(SOURCE, warehouse)
    runner = CliRunner()
    quality = folder / "qualite.xlsx"
    result = runner.invoke(
        app,
        ["qualite", "--entrepot", str(warehouse), "--annee", "2025", "--au", AS_OF,
         "--sortie", str(quality)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    indicators = folder / "indicateurs.csv"
    result = runner.invoke(
        app,
        ["indicateurs", "--entrepot", str(warehouse), "--annee", "2025", "--au", AS_OF,
         "--sortie", str(indicators)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return quality, pd.read_csv(indicators, dtype={"code": str, "code_region": str})


def quality_values(path: Path) -> dict[tuple[str, int], float]:
    """(code_ml, k) → the value of column « Au 01/01/2026 » of sheet « Effet… »."""
    sheet = load_workbook(path, read_only=True)["Effet sur les indicateurs"]
    rows = list(sheet.iter_rows(values_only=True))
    # The last header row holds the date labels; « Code » is merged over the rows above.
    header = next(i for i, row in enumerate(rows) if "Au 01/01/2026" in row)
    values = {}
    for row in rows[header + 1 :]:
        if not row[0]:
            continue
        for k in range(1, 11):
            column = 3 + 3 * (k - 1) + 1
            assert rows[header][column] == "Au 01/01/2026"
            cell = row[column]
            values[(str(row[0]), k)] = math.nan if cell is None else float(cell)
    return values


def test_qualite_au_gives_the_values_of_indicateurs_au_for_every_ml_and_indicator(outputs):
    quality, indicators = outputs
    got = quality_values(quality)
    expected = indicators[indicators["niveau"] == "ML"]
    assert len(expected) == len(got) == 600
    for row in expected.itertuples(index=False):
        value = got[(row.code, int(row.indicateur))]
        if math.isnan(row.valeur):
            assert math.isnan(value), (row.code, row.indicateur)
        else:
            assert value == pytest.approx(row.valeur, rel=1e-12), (row.code, row.indicateur)
