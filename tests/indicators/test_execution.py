"""Execution strategies: PostgreSQL's shared temporary tables, statement timeout, cancel."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from indicators.cases import exits_case
from perfml.errors import UserError
from perfml.indicators import compute_indicators
from perfml.indicators.backends import (
    connect_postgres,
    copy_to_postgres,
    memory_backend,
    statement_timeout_of,
)
from perfml.indicators.catalogue import NUMBERS
from perfml.indicators.engine import indicator_expr
from perfml.indicators.execution import (
    OneStatement,
    SharedTables,
    interruptible,
    strategy_for,
)
from perfml.indicators.windows import SingleWindow

pytestmark = pytest.mark.postgres
AS_OF = dt.date(2025, 3, 1)


@pytest.fixture(scope="module")
def pg_url(postgres_cluster):
    return postgres_cluster.create_database("execution")


@pytest.fixture(scope="module")
def pg(pg_url):
    return copy_to_postgres(memory_backend(exits_case().rows), pg_url)


def _active(pg, backend_pid: int) -> bool:
    with pg.con.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = %s AND state = 'active'",
            [backend_pid],
        )
        return cursor.fetchone()[0] > 0


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_duckdb_runs_the_indicators_as_one_statement():
    assert isinstance(strategy_for(memory_backend({})), OneStatement)


def test_postgres_runs_the_indicators_on_shared_tables(pg):
    assert isinstance(strategy_for(pg), SharedTables)


def test_postgres_copies_the_dispositifs_known_on_the_as_of_date_into_an_analysed_table(pg):
    strategy = SharedTables(pg)
    try:
        table = strategy.sources(pg, AS_OF).dispositifs
        name = table.get_name()
        with pg.con.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [name])
            analysed_rows = cursor.fetchone()[0]
        assert name.startswith("perfml_dispositifs_")
        assert analysed_rows == table.count().execute() > 0
    finally:
        strategy.close()


def test_postgres_reads_the_dispositifs_in_place_without_an_as_of_date(pg):
    strategy = SharedTables(pg)
    table = strategy.sources(pg, None).dispositifs
    assert "perfml_" not in str(pg.compile(table))
    assert strategy.created == []


def test_postgres_computation_drops_its_temporary_tables(pg):
    case = exits_case()
    compute_indicators(pg, case.period, as_of=AS_OF)
    with pg.con.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'perfml\\_%'")
        assert cursor.fetchone()[0] == 0


def test_postgres_computation_runs_without_jit_then_puts_the_setting_back(pg):
    case = exits_case()
    during = []

    def show_jit(_number):
        with pg.con.cursor() as cursor:
            cursor.execute("SHOW jit")
            during.append(cursor.fetchone()[0])

    with pg.con.cursor() as cursor:
        cursor.execute("SET jit = on")
    compute_indicators(pg, case.period, as_of=AS_OF, progress=show_jit)
    with pg.con.cursor() as cursor:
        cursor.execute("SHOW jit")
        after = cursor.fetchone()[0]
    assert set(during) == {"off"} and after == "on"


def test_postgres_session_has_a_ten_minute_statement_timeout_by_default(pg_url):
    assert statement_timeout_of(connect_postgres(pg_url)) == "10min"


def test_statement_over_the_timeout_is_a_french_user_error(pg_url):
    con = connect_postgres(pg_url, statement_timeout=0.3)
    with pytest.raises(UserError, match="délai maximal"), interruptible(con):
        con.raw_sql("SELECT pg_sleep(5)")


def test_a_timeout_that_is_not_positive_is_refused(pg_url):
    with pytest.raises(UserError, match="positif"):
        connect_postgres(pg_url, statement_timeout=0)


SLEEPER = textwrap.dedent(
    """
    import sys
    from perfml.indicators.backends import connect_postgres
    from perfml.indicators.execution import Interrupted, interruptible

    con = connect_postgres(sys.argv[1], statement_timeout=float(sys.argv[2]))
    print(con.con.info.backend_pid, flush=True)
    try:
        with interruptible(con):
            con.raw_sql("SELECT pg_sleep(60)")
    except Interrupted as error:
        sys.exit(128 + error.signum)
    """
)


def _sleeper(pg, url: str, timeout: float) -> tuple[subprocess.Popen, int]:
    """A perfml process running a 60 s query on the server, once the query runs."""
    child = subprocess.Popen(
        [sys.executable, "-c", SLEEPER, url, str(timeout)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    backend = int(child.stdout.readline())
    assert _wait_for(lambda: _active(pg, backend), 20), "la requête n'a pas démarré"
    return child, backend


def test_sigterm_cancels_the_query_running_on_the_server(pg, pg_url):
    child, backend = _sleeper(pg, pg_url, 600)
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=20) == 128 + signal.SIGTERM
    assert _wait_for(lambda: not _active(pg, backend), 5)


def test_a_hard_kill_leaves_the_query_no_longer_than_the_timeout(pg, pg_url):
    child, backend = _sleeper(pg, pg_url, 3)
    child.kill()
    child.wait(timeout=20)
    assert _wait_for(lambda: not _active(pg, backend), 15)


def test_exits_and_yearly_lookups_are_computed_once_for_all_indicators(pg):
    case = exits_case()
    strategy = SharedTables(pg)
    try:
        sources = strategy.sources(pg, AS_OF)
        windows = SingleWindow(case.period, AS_OF)
        for number in NUMBERS:
            indicator_expr(sources, windows, number)
        kinds = sorted(name.rsplit("_", 1)[0] for name in strategy.created)
    finally:
        strategy.close()
    assert kinds == ["perfml_dispositifs", "perfml_icare", "perfml_neet", "perfml_sorties_pacea"]
