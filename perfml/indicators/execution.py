"""How each engine runs the indicators of one computation: its execution strategy.

The indicator definitions are written once; what the database is sent depends on how it
plans a large statement:

- DuckDB and Spark plan the 10 indicators as one statement (`UNION ALL`) well, sharing
  the common sub-queries: `OneStatement`.
- PostgreSQL materialises a common table expression referenced several times and has no
  statistics on it: with an as-of date the "dispositifs known on that date" are
  referenced by 7 indicators, estimated at 4 rows instead of 90,000, and a nested loop
  runs for hours. `SharedTables` materialises each set that several indicators read
  (as-of sets, PACEA exits, yearly lookups) once as a temporary table, `ANALYZE`s it,
  then sends one statement per indicator: every statement is planned on real figures.
  Just-in-time compilation is turned off for the computation: PostgreSQL decides it on
  the estimated cost, and on the national extract compiling indicator 3 took 1.9 to
  2.4 s of its 4.2 to 6.4 s (`EXPLAIN ANALYZE`), for statements that run in seconds.
  The server's statement timeout bounds each statement; an interruption (Ctrl-C,
  SIGTERM) cancels the one running on the server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import signal
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping

import ibis
import ibis.expr.types as ir
import pandas as pd

from perfml.errors import UserError
from perfml.indicators.sources import Sources

# Called with the key of each expression once its figures are in.
Progress = Callable[[Hashable], None]
# The sets read straight from a contract table under an as-of rule. Without an as-of
# date they are projections of analysed tables: never copied.
AS_OF_SETS = frozenset({"jeunes", "dispositifs", "situations", "offres", "mer"})
# Those copied into a temporary table with an as-of date: the dispositifs, read by 7
# indicators. The others are read by one or two indicators, each in its own statement
# where PostgreSQL estimates the as-of filter on the table's statistics; on the regional
# extract, copying them all took about as long as the 10 statements themselves.
MATERIALISED_AS_OF_SETS = frozenset({"dispositifs"})
_names = itertools.count()


class Interrupted(UserError):
    """The computation was interrupted by a signal; the server's query was cancelled."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(
            "Calcul interrompu : la requête en cours sur le serveur PostgreSQL a été annulée."
        )


class OneStatement:
    """Every indicator in one statement (`UNION ALL`): the engine plans it once."""

    def sources(self, con: ibis.BaseBackend, as_of: dt.date | None) -> Sources:
        """The tables the indicators read, as plain expressions."""
        return Sources(con, as_of)

    def run(
        self,
        con: ibis.BaseBackend,
        exprs: Mapping[Hashable, ir.Table],
        progress: Progress | None = None,
    ) -> pd.DataFrame:
        """Run the indicators' expressions; `progress(key)` once the figures are in."""
        tables = list(exprs.values())
        frame = con.execute(ibis.union(*tables) if len(tables) > 1 else tables[0])
        if progress:
            for key in exprs:
                progress(key)
        return frame

    def close(self) -> None:
        """Nothing to clean up."""


class SharedTables:
    """Shared sets as analysed temporary tables, then one statement per indicator."""

    def __init__(
        self, con: ibis.BaseBackend, as_of_sets: frozenset[str] = MATERIALISED_AS_OF_SETS
    ) -> None:
        self.con = con
        self.as_of_sets = as_of_sets
        self.created: list[str] = []
        # The session's setting, put back by `close` (the connection may serve again).
        self.jit = _set_config(con, "jit", "off")

    def sources(self, con: ibis.BaseBackend, as_of: dt.date | None) -> Sources:
        """The tables the indicators read; shared sets are materialised when first read."""
        return Sources(con, as_of, share=lambda name, table: self.share(name, table, as_of))

    def share(self, name: str, table: ir.Table, as_of: dt.date | None) -> ir.Table:
        """Materialise `table` as an analysed temporary table (a derived set, or a
        materialised as-of set when there is an as-of date); return it unchanged
        otherwise."""
        if name in AS_OF_SETS and (as_of is None or name not in self.as_of_sets):
            return table
        temp = f"perfml_{name}_{next(_names)}"
        with interruptible(self.con):
            self.con.create_table(temp, table, temp=True)
            self.created.append(temp)
            _raw(self.con, f'ANALYZE "{temp}"')
        return self.con.table(temp)

    def run(
        self,
        con: ibis.BaseBackend,
        exprs: Mapping[Hashable, ir.Table],
        progress: Progress | None = None,
    ) -> pd.DataFrame:
        """Run each indicator's statement in turn."""
        frames = []
        with interruptible(con):
            for key, expr in exprs.items():
                frames.append(con.execute(expr))
                if progress:
                    progress(key)
        return pd.concat(frames, ignore_index=True)

    def close(self) -> None:
        """Drop the temporary tables (the session would drop them at its end anyway) and
        put the session's JIT setting back."""
        while self.created:
            name = self.created.pop()
            with contextlib.suppress(Exception):
                _raw(self.con, f'DROP TABLE IF EXISTS "{name}"')
        with contextlib.suppress(Exception):
            _set_config(self.con, "jit", self.jit)


def strategy_for(con: ibis.BaseBackend) -> OneStatement | SharedTables:
    """The execution strategy of `con`'s engine."""
    return SharedTables(con) if con.name == "postgres" else OneStatement()


def _timeout_of(con: ibis.BaseBackend) -> str:
    from perfml.indicators.backends import statement_timeout_of

    try:
        return f"statement_timeout = {statement_timeout_of(con)}"
    except Exception:
        return "statement_timeout"


def _set_config(con: ibis.BaseBackend, name: str, value: str) -> str:
    """Set `name` to `value` for `con`'s session; return its previous value."""
    with con.con.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s), set_config(%s, %s, false)", [name, name, value])
        return cursor.fetchone()[0]


def _raw(con: ibis.BaseBackend, sql: str) -> None:
    cursor = con.raw_sql(sql)
    with contextlib.suppress(Exception):
        cursor.close()


@contextlib.contextmanager
def interruptible(con: ibis.BaseBackend) -> Iterator[None]:
    """While the block runs, SIGINT and SIGTERM cancel the statement running on the
    PostgreSQL server of `con` and raise `Interrupted`; a statement stopped by the
    server's timeout raises a French `UserError`.

    Without it, killing perfml leaves the query running on the server. A hard kill
    (SIGKILL) cannot be caught: the server's statement timeout bounds it.
    """
    raw = getattr(con, "con", None)
    if not hasattr(raw, "cancel_safe"):  # not a psycopg connection
        yield
        return
    import psycopg

    received: list[int] = []

    def cancel(signum, _frame):
        # psycopg answers a KeyboardInterrupt raised while it waits for the server by
        # cancelling the statement there and reading the cancellation back, which
        # leaves the connection usable.
        received.append(signum)
        raise KeyboardInterrupt

    # Signal handlers can only be set from the main thread (not in a web worker's).
    signals = (signal.SIGINT, signal.SIGTERM)
    in_main = threading.current_thread() is threading.main_thread()
    previous = {sig: signal.signal(sig, cancel) for sig in signals} if in_main else {}
    try:
        yield
    except KeyboardInterrupt:
        if received:
            raise Interrupted(received[0]) from None
        raise
    except psycopg.errors.QueryCanceled:
        raise UserError(
            "Une requête a dépassé le délai maximal accordé par le serveur PostgreSQL "
            f"({_timeout_of(con)}) et a été arrêtée. Relancez avec un délai plus long "
            "(--delai-requete SECONDES) si le calcul est attendu aussi long."
        ) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
