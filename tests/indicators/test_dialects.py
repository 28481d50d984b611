"""Only the SQL dialect an engine uses is loaded; the others stay available on demand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap


def _modules_after(code: str) -> dict:
    """Run `code` in a fresh interpreter; return what it printed as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_computing_on_duckdb_loads_no_other_sql_compiler():
    loaded = _modules_after(
        """
        import json, sys
        from perfml.indicators import Period, compute_indicators
        from perfml.indicators.backends import memory_backend
        compute_indicators(memory_backend({}), Period.year(2024))
        print(json.dumps(sorted(m for m in sys.modules if ".sql.compilers." in m)))
        """
    )
    assert "ibis.backends.sql.compilers.duckdb" in loaded
    assert not {"ibis.backends.sql.compilers.trino", "ibis.backends.sql.compilers.athena"} & set(
        loaded
    )


def test_another_dialect_is_still_compiled_on_demand():
    sql = _modules_after(
        """
        import json
        import ibis
        import perfml.indicators
        t = ibis.table({"a": "int64"}, name="t")
        print(json.dumps([ibis.to_sql(t.a.sum(), dialect=d) for d in ("postgres", "trino")]))
        """
    )
    assert all('"t"' in text for text in sql)


def test_reading_the_catalogue_loads_neither_ibis_nor_pandas():
    loaded = _modules_after(
        """
        import json, sys
        from perfml.indicators import CATALOGUE
        assert CATALOGUE
        # (the lazy compilers package stands in sys.modules, Ibis itself is not imported)
        print(json.dumps([m for m in ("ibis", "pandas") if m in sys.modules]))
        """
    )
    assert loaded == []
