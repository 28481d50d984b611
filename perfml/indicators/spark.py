"""The Spark engine: which Spark to use, and the contract's tables it reads.

The Spark is, in this order: the URL given (`--spark`), `SPARK_REMOTE`, `MASTER`, a
`--master` in `PYSPARK_SUBMIT_ARGS`, else a local one on this machine's cores.

- `spark://hôte:port` (a standalone master), `yarn`, `k8s://…`, `local[N]`: a Spark
  driver in this process (Java needed), whose executors may run on other machines;
- `sc://hôte:port` (Spark Connect): a thin client, the driver is the server's.

Executors read the files themselves: an extract of Parquet files (`<table>.parquet`)
is read where it is (a path or a `file://`, `s3a://`, `hdfs://`… URI the cluster can
read); a DuckDB warehouse is first written as Parquet into a folder the user names,
that the cluster can read too.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shlex
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import ibis

from perfml.errors import UserError
from perfml.indicators.backends import CONTRACT_TABLES, tables_of

LOCAL = re.compile(r"local(\[(\d+|\*)(,\d+)?\])?")
STANDALONE = re.compile(r"spark://[A-Za-z0-9.\-]+:\d{1,5}(,[A-Za-z0-9.\-]+:\d{1,5})*")
CONNECT = re.compile(r"sc://[A-Za-z0-9.\-]+(:\d{1,5})?/?(;[^\s;=]+=[^\s;]*)*")
CLUSTER_MANAGERS = re.compile(r"yarn|k8s://https?://[^\s]+")
URL_HELP = (
    "spark://hôte:port (maître autonome), sc://hôte:port (Spark Connect), local[N], yarn "
    "ou k8s://https://hôte:port"
)
# Spark's own logs are English warnings a user cannot act on: errors only.
QUIET_LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %m%n
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = error
logger.pyspark.name = org.apache.spark.api.python.PythonGatewayServer
logger.pyspark.level = error
"""
# (The shells' loggers have their own level: Spark would otherwise lower the level to WARN
# for an interactive session, and say so.)


def spark_url(url: str | None = None) -> str | None:
    """The Spark to use: `url`, else `SPARK_REMOTE`, else `MASTER`; None when only
    `PYSPARK_SUBMIT_ARGS` (or nothing) names one. Raise a French `UserError` for an
    address Spark would not understand."""
    candidates = (
        ("--spark", url),
        ("SPARK_REMOTE", os.environ.get("SPARK_REMOTE")),
        ("MASTER", os.environ.get("MASTER")),
    )
    for origin, candidate in candidates:
        if candidate is not None and candidate.strip():
            text = candidate.strip()
            if not any(p.fullmatch(text) for p in (LOCAL, STANDALONE, CONNECT, CLUSTER_MANAGERS)):
                raise UserError(
                    f"Adresse Spark illisible ({origin}) : « {text} ». Écrivez {URL_HELP}."
                )
            return text
    return None


def is_connect(url: str | None) -> bool:
    """Whether `url` is a Spark Connect address."""
    return url is not None and url.startswith("sc://")


def is_local(url: str | None) -> bool:
    """Whether `url` runs Spark on this machine only (its files need not be shared)."""
    if url is None:
        return "--master" not in os.environ.get("PYSPARK_SUBMIT_ARGS", "")
    return LOCAL.fullmatch(url) is not None


def _check_reachable(url: str) -> None:
    """Raise a French `UserError` when no server answers at the first host:port of `url`."""
    first = url.split("://", 1)[1].split(",")[0].split("/")[0].split(";")[0]
    host, _, port = first.rpartition(":")
    if not host:
        host, port = first, "15002"  # Spark Connect's default port
    try:
        with socket.create_connection((host, int(port)), timeout=5):
            return
    except OSError as error:
        kind = "Le serveur Spark Connect" if is_connect(url) else "Le maître Spark"
        raise UserError(
            f"{kind} {url} ne répond pas ({_why(error)}). Vérifiez l'adresse et que le "
            "cluster est démarré."
        ) from None


def _why(error: OSError) -> str:
    """Why a connection failed, in French."""
    if isinstance(error, ConnectionRefusedError):
        return "connexion refusée"
    if isinstance(error, TimeoutError):
        return "pas de réponse en 5 secondes"
    if isinstance(error, socket.gaierror):
        return "hôte inconnu"
    return f"erreur réseau {error.errno}" if error.errno else "erreur réseau"


def spark_session(url: str | None = None, cores: str = "*"):
    """Return the Spark session to compute on (see the module's docstring): an active
    one when no address is given, else one connected to `url`/`SPARK_REMOTE`/`MASTER`,
    else a local one on `cores` cores (UTC, no web UI, errors-only logs)."""
    url = spark_url(url)
    if is_connect(url):
        return _connect_session(url)
    if shutil.which("java") is None:
        raise UserError(
            "Java est introuvable : le moteur Spark en a besoin "
            "(sudo apt-get install default-jre-headless)."
        )
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and url is None:
        return active
    if url is not None and not is_local(url) and url.startswith("spark://"):
        _check_reachable(url)
    _quiet_spark_logs(local=is_local(url) or _is_loopback(url))
    builder = SparkSession.builder.appName("perfml")
    if url is not None:
        builder = builder.master(url)
    elif is_local(None):
        builder = builder.master(f"local[{cores}]")
    builder = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "8")
    )
    try:
        with _jvm_output_to_log():
            session = builder.getOrCreate()
    except Exception as error:  # Py4J and JVM errors: English and long
        raise UserError(
            f"Spark n'a pas démarré ({url or 'local'}) : {_first_line(error)}"
        ) from None
    session.sparkContext.setLogLevel("ERROR")
    return session


@contextlib.contextmanager
def _jvm_output_to_log():
    """Start the JVM with its standard error in a log file, not on the user's console.

    The Java launcher prints notices (« WARNING: Using incubator modules… ») before any
    logging setting applies; the JVM keeps the error stream it was started with, so it
    is pointed at `PERFML_SPARK_JOURNAL` (default: a temporary file) while the gateway
    starts. Spark's failures still reach the user as Python exceptions, told in French.
    """
    target = os.environ.get("PERFML_SPARK_JOURNAL")
    if target is None:
        directory = tempfile.mkdtemp(prefix="perfml-spark-jvm-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        target = str(Path(directory) / "jvm.log")
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(target, "ab") as journal:
            os.dup2(journal.fileno(), 2)
            try:
                yield
            finally:
                sys.stderr.flush()
                os.dup2(saved, 2)
    finally:
        os.close(saved)


def _connect_session(url: str):
    """A Spark Connect session on `url`, checked with a first request."""
    try:
        from pyspark.sql import SparkSession
        from pyspark.sql.connect.utils import check_dependencies

        check_dependencies("pyspark.sql.connect")
    except ImportError as error:
        raise UserError(
            f"Spark Connect demande des paquets absents ({error}) : installez pyspark[connect]."
        ) from None
    _check_reachable(url)
    try:
        session = SparkSession.builder.remote(url).getOrCreate()
        session.conf.set("spark.sql.session.timeZone", "UTC")
    except Exception as error:  # gRPC errors: English and long
        raise UserError(f"Spark Connect ({url}) refuse la session : {_first_line(error)}") from None
    return session


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:300] if text else type(error).__name__


def _is_loopback(url: str | None) -> bool:
    host = urlsplit(url).hostname if url and "://" in url else None
    return host in {"127.0.0.1", "localhost", "::1"}


def _quiet_spark_logs(local: bool) -> None:
    """Start the JVM with a log4j configuration that keeps errors only (unless the user
    already passes options to pyspark); a local Spark also listens on loopback only."""
    if local:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    if "PYSPARK_SUBMIT_ARGS" in os.environ:
        return
    directory = tempfile.mkdtemp(prefix="perfml-spark-log-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    config = Path(directory) / "log4j2.properties"
    config.write_text(QUIET_LOG4J, encoding="utf-8")
    os.environ["PYSPARK_SUBMIT_ARGS"] = (
        f"--driver-java-options {shlex.quote(f'-Dlog4j2.configurationFile=file:{config}')} "
        "pyspark-shell"
    )


def is_uri(location: str | Path) -> bool:
    """Whether `location` is a URI (`s3a://…`, `file://…`) rather than a local path."""
    return re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", str(location)) is not None


def _location(directory: str | Path) -> str:
    """`directory` as Spark should read it: a local path becomes an absolute `file://` URI
    (what every executor of a cluster reads from its own file system)."""
    if is_uri(directory):
        return str(directory).rstrip("/")
    return Path(directory).resolve().as_uri()


def has_parquet_tables(directory: str | Path) -> bool:
    """Whether `directory` (a local folder or any URI) looks like a Parquet extract: a
    URI is trusted; a folder must hold a `<table>.parquet` of the contract."""
    if is_uri(directory):
        return not str(directory).startswith("file://") or has_parquet_tables(
            urlsplit(str(directory)).path
        )
    return any((Path(directory) / f"{name}.parquet").exists() for name in CONTRACT_TABLES)


def connect_spark(parquet_dir: str | Path | None = None, session=None) -> ibis.BaseBackend:
    """Connect Ibis to a Spark session (`spark_session()` when None), registering each
    `<table>.parquet` of `parquet_dir` (a folder or a URI the cluster can read) as a
    temporary view. Spark reads the files itself: nothing is copied."""
    session = session or spark_session()
    if parquet_dir is not None:
        location = _location(parquet_dir)
        found = [name for name in CONTRACT_TABLES if _register(session, location, name)]
        if not found:
            raise UserError(f"Aucun fichier <table>.parquet du contrat dans {parquet_dir}.")
    return ibis.pyspark.connect(session)


def _register(session, location: str, name: str) -> bool:
    """Register `location/name.parquet` as the view `name`; False when it is absent."""
    path = f"{location}/{name}.parquet"
    if path.startswith("file://") and not Path(urlsplit(path).path).exists():
        return False
    try:
        session.read.parquet(path).createOrReplaceTempView(name)
    except Exception as error:
        if "PATH_NOT_FOUND" in str(error) or "Path does not exist" in str(error):
            return False
        raise UserError(f"Spark ne peut pas lire {path} : {_first_line(error)}") from None
    return True


def copy_to_spark(
    source: ibis.BaseBackend,
    session=None,
    work_dir: str | Path | None = None,
    tables: Iterable[str] | None = None,
) -> ibis.BaseBackend:
    """Register the contract tables of `source` in a Spark session, written as Parquet
    into `work_dir` (a folder every executor can read). Only a local Spark may do
    without one: a temporary folder removed at exit."""
    session = session or spark_session()
    if work_dir is None:
        if not _runs_here(session):
            raise UserError(
                "Spark tourne sur un cluster : indiquez avec --dossier-spark un dossier "
                "partagé que ses exécuteurs peuvent lire, où écrire les tables."
            )
        work_dir = tempfile.mkdtemp(prefix="perfml-spark-")
        atexit.register(shutil.rmtree, work_dir, ignore_errors=True)
    directory = Path(work_dir)
    directory.mkdir(parents=True, exist_ok=True)
    for name in tables_of(source, tables):
        path = directory / f"{name}.parquet"
        # A staging copy read by Spark, not an output: written as DuckDB holds it.
        source.to_parquet(source.table(name), path)
        session.read.parquet(path.resolve().as_uri()).createOrReplaceTempView(name)
    return ibis.pyspark.connect(session)


def _runs_here(session) -> bool:
    """Whether `session` is a local-mode Spark in this process."""
    try:
        master = session.sparkContext.master
    except Exception:  # Spark Connect: no SparkContext on the client
        return False
    return LOCAL.fullmatch(master) is not None
