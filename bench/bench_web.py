"""Load test of the national overview and the ML page on the production server, loopback only.

The web application runs as in production: `perfml web serve --production` (gunicorn,
WhiteNoise, figures and pages prepared before the first request) with its tables on a
throwaway PostgreSQL cluster, on 127.0.0.1. The first request after the start is timed
alone; then `clients` clients, each logged in with its own session, ask for the national
overview (`/pilotage/`), then for ML pages (MLs drawn at random, the same sequence every
run), until `requests` answers have come back or `time_limit` seconds have passed.
Reports p50, p95 and the worst latency of each page.

    python bench/bench_web.py [--entrepot var/national.duckdb] [--clients 20]
                              [--requetes 600] [--duree-max 120]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import random
import shutil
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
from perfml.testing.production import ProductionServer, production_server  # noqa: E402

LOGIN, PASSWORD = "bench-dgefp", "mesure-de-charge-2025"


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


def create_account(site: ProductionServer) -> None:
    """Create the bench's DGEFP account in the running site's database."""
    subprocess.run(
        [sys.executable, "-m", "perfml.web.manage", "compte", LOGIN, "--role", "DGEFP",
         "--mot-de-passe", PASSWORD],
        env=site.env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def ml_codes(warehouse: Path) -> list[str]:
    """The codes of the warehouse's MLs, sorted."""
    from perfml.warehouse import connect

    con = connect(warehouse, read_only=True)
    try:
        return sorted(con.table("structures").code_ml.execute())
    finally:
        con.disconnect()


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


def run_load(base: str, paths: list[str], clients: int, requests: int, time_limit: float):
    """Latencies (seconds) of pages drawn from `paths`, asked by `clients` concurrent clients."""
    openers = [_session(base) for _ in range(clients)]
    rng = random.Random(1)
    plan = [rng.choice(paths) for _ in range(requests)]
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
                with opener.open(f"{base}{code}", timeout=60) as response:
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


def _figures(latencies: list[float], errors: list[str], wall: float, clients: int) -> dict:
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


def measure(warehouse: Path, work_dir: Path, clients=20, requests=600, time_limit=120.0) -> dict:
    """Prepare, serve and load both pages; return the latency figures (milliseconds)."""
    from perfml.testing.postgres import start_cluster

    _ensure_groups(warehouse)
    codes = ml_codes(warehouse)
    cluster = start_cluster()
    try:
        database = cluster.create_database("perfml_bench")
        # The production default of gunicorn processes (2 per core + 1), as deployed.
        with production_server(warehouse, work_dir / "web", database, processes=0) as site:
            create_account(site)
            base = site.url
            # The first request after a start: a fresh session, login, then the overview.
            opener = _session(base)
            started = time.perf_counter()
            with opener.open(f"{base}/pilotage/", timeout=60) as response:
                response.read()
            first = time.perf_counter() - started
            overview = _figures(*run_load(base, ["/pilotage/"], clients, requests, time_limit),
                                clients)  # fmt: skip
            ml_pages = [f"/ml/{code}/" for code in codes]
            ml = _figures(*run_load(base, ml_pages, clients, requests, time_limit), clients)
    finally:
        cluster.stop()
    # Flat, as bench/run.py reports its figures: « vue_… » the overview, « ml_… » the ML page.
    result = {"premiere_requete_ms": round(1000 * first, 1)}
    result.update({f"vue_{key}": value for key, value in overview.items()})
    result.update({f"ml_{key}": value for key, value in ml.items()})
    return result


def bench_web_pages(context: BenchContext) -> dict:
    """The benchmark of `bench/run.py`: returns the latencies, which it reports."""
    return measure(context.warehouse, context.work_dir)


BENCHMARKS = [("vue d'ensemble nationale et page ML, 20 clients, p95", bench_web_pages)]


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
    print(f"Première requête après le démarrage : {result['premiere_requete_ms']} ms.")
    for label, prefix in (("Vue d'ensemble nationale", "vue_"), ("Page ML", "ml_")):
        page = {k.removeprefix(prefix): v for k, v in result.items() if k.startswith(prefix)}
        print(
            f"{label}, {page['clients']} clients : {page['reponses']} réponses, "
            f"{page['erreurs']} erreur(s), p50 {page['p50_ms']} ms, p95 {page['p95_ms']} ms, "
            f"max {page['max_ms']} ms, {page['debit_par_s']} pages/s."
        )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
