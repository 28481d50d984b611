"""A throwaway standalone Spark cluster on loopback, for tests and benchmarks.

A master and one worker (small memory), started with the `pyspark` package's own
`bin/spark-class`, and optionally a Spark Connect server running its applications on
that cluster. Every process listens on 127.0.0.1 only, writes its logs in a temporary
folder, and stops with `stop()` — or by itself when the process that started it dies.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from perfml.testing.loopback import free_port

MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"
SUBMIT_CLASS = "org.apache.spark.deploy.SparkSubmit"
CONNECT_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"
PR_SET_PDEATHSIG = 1


def spark_home() -> Path | None:
    """The Spark distribution bundled in the `pyspark` package, or None."""
    try:
        import pyspark
    except ImportError:
        return None
    home = Path(pyspark.__file__).resolve().parent
    return home if (home / "bin" / "spark-class").exists() else None


def has_connect_server() -> bool:
    """Whether the bundled Spark can run a Spark Connect server (its jar is there)."""
    home = spark_home()
    return home is not None and any((home / "jars").glob("spark-connect_*.jar"))


def _die_with_parent() -> None:
    """In the child, before exec: receive SIGTERM when the starting process dies."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class SparkCluster:
    """A running standalone cluster (and its Spark Connect server, if started)."""

    directory: Path
    master_port: int
    master_ui_port: int
    connect_port: int | None = None
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def master_url(self) -> str:
        return f"spark://127.0.0.1:{self.master_port}"

    @property
    def connect_url(self) -> str | None:
        return f"sc://127.0.0.1:{self.connect_port}" if self.connect_port else None

    def alive_workers(self) -> int:
        """The number of workers registered with the master (its JSON status page)."""
        url = f"http://127.0.0.1:{self.master_ui_port}/json/"
        with urllib.request.urlopen(url, timeout=2) as answer:  # loopback only
            return int(json.load(answer).get("aliveworkers", 0))

    def log(self) -> str:
        """The end of every process's log, for a failure message."""
        parts = []
        for path in sorted(self.directory.glob("*.log")):
            text = path.read_text(encoding="utf-8", errors="replace")
            parts.append(f"--- {path.name}\n{text[-3000:]}")
        return "\n".join(parts)

    def stop(self) -> None:
        """Stop every process (connect server, worker and its executors, master)."""
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.processes.clear()
        shutil.rmtree(self.directory, ignore_errors=True)


def _spawn(cluster: SparkCluster, name: str, args: list[str], env: dict) -> subprocess.Popen:
    home = spark_home()
    log = open(cluster.directory / f"{name}.log", "wb")  # noqa: SIM115 (kept by the child)
    process = subprocess.Popen(
        [str(home / "bin" / "spark-class"), *args],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=cluster.directory,
        preexec_fn=_die_with_parent,  # only prctl: no lock taken
    )
    log.close()
    cluster.processes.append(process)
    return process


def _wait(cluster: SparkCluster, what: str, ready, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in cluster.processes):
            break
        with contextlib.suppress(OSError, ValueError):
            if ready():
                return
        time.sleep(0.3)
    message = f"{what} n'a pas démarré\n{cluster.log()}"
    cluster.stop()
    raise RuntimeError(message)


def _port_open(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


def start_spark_cluster(
    worker_memory: str = "2g",
    worker_cores: int = 2,
    connect: bool = False,
    timeout: float = 120,
    connect_alone: bool = False,
) -> SparkCluster:
    """Start a master and one worker on loopback (and a Spark Connect server running on
    them when `connect`); raise RuntimeError when Java or Spark is missing or a process
    does not start within `timeout` seconds.

    The Spark Connect server is an application that keeps its executor: it gets half the
    worker's cores and memory, so that another application (a `spark://` driver) can
    run beside it; all of them with `connect_alone`."""
    home = spark_home()
    if home is None or shutil.which("java") is None:
        raise RuntimeError("Java et le paquet pyspark sont nécessaires pour Spark")
    directory = Path(tempfile.mkdtemp(prefix="perfml-spark-cluster-"))
    cluster = SparkCluster(directory, free_port(), free_port())
    env = {
        **os.environ,
        "SPARK_HOME": str(home),
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_LOCAL_HOSTNAME": "127.0.0.1",
        "SPARK_LOG_DIR": str(directory),
        "SPARK_WORKER_DIR": str(directory / "work"),
        "SPARK_LOCAL_DIRS": str(directory / "local"),
        # The daemons themselves need little memory; executors get `worker_memory`.
        "SPARK_DAEMON_MEMORY": "256m",
    }
    for variable in ("SPARK_REMOTE", "MASTER", "PYSPARK_SUBMIT_ARGS", "SPARK_CONNECT_MODE_ENABLED"):
        env.pop(variable, None)
    _spawn(
        cluster,
        "master",
        [MASTER_CLASS, "--host", "127.0.0.1", "--port", str(cluster.master_port),
         "--webui-port", str(cluster.master_ui_port)],
        env,
    )  # fmt: skip
    _wait(cluster, "Le maître Spark", lambda: _port_open(cluster.master_port), timeout)
    _spawn(
        cluster,
        "worker",
        [WORKER_CLASS, cluster.master_url, "--host", "127.0.0.1",
         "--webui-port", str(free_port()), "--cores", str(worker_cores),
         "--memory", worker_memory, "--work-dir", str(directory / "work")],
        env,
    )  # fmt: skip
    _wait(cluster, "L'exécuteur Spark", lambda: cluster.alive_workers() >= 1, timeout)
    if connect:
        cluster.connect_port = free_port()
        cores = worker_cores if connect_alone else max(worker_cores // 2, 1)
        memory = _executor_memory(worker_memory, connect_alone)
        _spawn(
            cluster,
            "connect",
            [SUBMIT_CLASS, "--class", CONNECT_CLASS, "--master", cluster.master_url,
             "--name", "perfml-connect",
             "--conf", f"spark.cores.max={cores}",
             "--conf", f"spark.executor.memory={memory}",
             "--conf", "spark.driver.host=127.0.0.1",
             "--conf", "spark.driver.bindAddress=127.0.0.1",
             "--conf", "spark.ui.enabled=false",
             "--conf", "spark.sql.session.timeZone=UTC",
             "--conf", "spark.sql.shuffle.partitions=4",
             "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
             "--conf", f"spark.connect.grpc.binding.port={cluster.connect_port}"],
            {**{k: v for k, v in env.items() if k != "SPARK_DAEMON_MEMORY"},
             "SPARK_DRIVER_MEMORY": "768m"},
        )  # fmt: skip
        _wait(
            cluster, "Le serveur Spark Connect", lambda: _port_open(cluster.connect_port), timeout
        )
    return cluster


def _executor_memory(worker_memory: str, alone: bool) -> str:
    """The executor memory of the Spark Connect server: the worker's, or at most half of
    it when what is left must hold another application's executor of 1 GB (Spark's
    default)."""
    amount, unit = int(worker_memory[:-1]), worker_memory[-1].lower()
    megabytes = amount * 1024 if unit == "g" else amount
    share = megabytes if alone else min(megabytes - 1024, megabytes // 2)
    return f"{max(share, 384)}m"
