"""Load test of the ML page: concurrent clients on the national extract, loopback only.

The web application is prepared as in production (`perfml web preparer`: the year's
figures and every ML's page computed once), started with `perfml web serve`'s server on
127.0.0.1 (Django's threaded server, one process),
then `clients` clients, each logged in with its own session, ask for ML pages (MLs drawn
at random, the same sequence every run) until `requests` answers have come back or
`time_limit` seconds have passed. Reports p50, p95 and the worst latency.

    python bench/bench_web.py [--entrepot var/national.duckdb] [--clients 20]
                              [--requetes 600] [--duree-max 120]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.context import BenchContext  # noqa: E402

HOST = "127.0.0.1"  # loopback only
LOGIN, PASSWORD = "bench-dgefp", "mesure-de-charge-2025"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "perfml.web.manage", *args], env=env, cwd=ROOT, check=True
    )


def _ensure_groups(warehouse: Path) -> None:
    """Build the year's groups in the (private) warehouse when they are missing."""
    from perfml.groups import build_groups, has_groups
    from perfml.warehouse import connect
    from perfml.web.figures.build import default_year

    con = connect(warehouse)
    try:
        year = default_year(con)
        missing = not has_groups(con, year)
    finally:
        con.disconnect()
    if missing:
        build_groups(warehouse, year)


def prepare_site(warehouse: Path, var_dir: Path) -> tuple[dict, list[str]]:
    """Prepare the application on `warehouse`: figures, drawings, one DGEFP account."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "perfml.web.settings",
        "PERFML_VAR": str(var_dir),
        "PERFML_ENTREPOT": str(warehouse),
        "PERFML_COOKIES_SECURISES": "0",
    }
    _manage(env, "migrate", "--verbosity", "0")
    _manage(env, "preparer")
    _manage(env, "compte", LOGIN, "--role", "DGEFP", "--mot-de-passe", PASSWORD)
    from perfml.warehouse import connect

    con = connect(warehouse)
    try:
        codes = sorted(con.table("structures").code_ml.execute())
    finally:
        con.disconnect()
    return env, codes


def start_server(env: dict, port: int) -> subprocess.Popen:
    """Start the application's server (`perfml web serve`'s) on the loopback; return once up."""
    server = subprocess.Popen(
        [sys.executable, "-m", "perfml.web.server", "--port", str(port)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("le serveur de l'application n'a pas démarré")


def _session(base: str) -> urllib.request.OpenerDirector:
    """A client logged in with its own session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/connexion/", timeout=60).read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"username": LOGIN, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{base}/connexion/", data=data, headers={"Referer": base})
    opener.open(request, timeout=60).read()
    if not any(c.name == "sessionid" for c in jar):
        raise RuntimeError("connexion refusée pour le compte de mesure")
    return opener


def run_load(base: str, codes: list[str], clients: int, requests: int, time_limit: float):
    """Latencies (seconds) of the ML pages asked by `clients` concurrent clients."""
    openers = [_session(base) for _ in range(clients)]
    rng = random.Random(1)
    plan = [rng.choice(codes) for _ in range(requests)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + time_limit
    cursor = iter(plan)

    def client(opener) -> None:
        while time.monotonic() < deadline:
            with lock:
                code = next(cursor, None)
            if code is None:
                return
            started = time.perf_counter()
            try:
                with opener.open(f"{base}/ml/{code}/", timeout=60) as response:
                    response.read()
                    status = response.status
            except OSError as error:
                status = str(error)
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors.append(f"{code}: {status}")

    threads = [threading.Thread(target=client, args=(o,)) for o in openers]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def measure(warehouse: Path, work_dir: Path, clients=20, requests=600, time_limit=120.0) -> dict:
    """Prepare, serve and load the ML page; return the latency figures (milliseconds)."""
    _ensure_groups(warehouse)
    env, codes = prepare_site(warehouse, work_dir / "web")
    port = _free_port()
    server = start_server(env, port)
    try:
        latencies, errors, wall = run_load(f"http://{HOST}:{port}", codes, clients, requests,
                                           time_limit)  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    ordered = sorted(latencies)
    quantiles = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else []
    return {
        "clients": clients,
        "reponses": len(latencies),
        "erreurs": len(errors),
        "p50_ms": round(1000 * statistics.median(ordered), 1) if ordered else None,
        "p95_ms": round(1000 * quantiles[94], 1) if quantiles else None,
        "max_ms": round(1000 * ordered[-1], 1) if ordered else None,
        "debit_par_s": round(len(latencies) / wall, 1) if wall else None,
    }


def bench_ml_page(context: BenchContext) -> dict:
    """The benchmark of `bench/run.py`: returns the latencies, which it reports."""
    return measure(context.warehouse, context.work_dir)


BENCHMARKS = [("page ML, 20 clients, p95", bench_ml_page)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entrepot", type=Path, default=ROOT / "var" / "national.duckdb")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requetes", type=int, default=600)
    parser.add_argument("--duree-max", type=float, default=120.0)
    options = parser.parse_args()
    if not options.entrepot.exists():
        raise SystemExit(f"L'entrepôt {options.entrepot} n'existe pas (make bench le prépare).")
    with tempfile.TemporaryDirectory(prefix="perfml-bench-web-") as scratch:
        # A private copy: the groups may have to be built into it.
        warehouse = Path(scratch) / "entrepot.duckdb"
        shutil.copy(options.entrepot, warehouse)
        result = measure(warehouse, Path(scratch), options.clients, options.requetes,
                         options.duree_max)  # fmt: skip
    print(
        f"Page ML, {result['clients']} clients : {result['reponses']} réponses, "
        f"{result['erreurs']} erreur(s), p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
        f"max {result['max_ms']} ms, {result['debit_par_s']} pages/s."
    )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
