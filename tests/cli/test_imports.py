"""The command line loads heavy libraries only for the commands that need them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

HEAVY = ("pandas", "ibis", "django", "pyspark", "psycopg", "numpy")


def _loaded_after(argv: list[str]) -> set[str]:
    """Run `perfml argv` in a fresh interpreter; return the heavy packages it loaded."""
    code = textwrap.dedent(
        f"""
        import json, sys
        sys.argv = ["perfml", *{argv!r}]
        from perfml.cli import main
        try:
            main()
        except SystemExit:
            pass
        roots = {{name.split(".")[0] for name in sys.modules}}
        print(json.dumps(sorted(roots & set({HEAVY!r}))))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_loads_no_heavy_library():
    assert _loaded_after(["--help"]) == set()


def test_indicators_help_loads_no_heavy_library():
    assert _loaded_after(["indicateurs", "--help"]) == set()


def test_indicators_on_duckdb_load_neither_django_nor_spark_nor_postgres(mini_warehouse, tmp_path):
    loaded = _loaded_after(
        ["indicateurs", "--entrepot", str(mini_warehouse), "--annee", "2024",
         "--sortie", str(tmp_path / "i.csv")]
    )  # fmt: skip
    assert "ibis" in loaded
    assert not {"django", "pyspark", "psycopg"} & loaded
