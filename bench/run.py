"""Time perfml's main jobs on the national synthetic extract and write `bench/results.md`.

Each benchmark of each `bench/bench_*.py` module (`BENCHMARKS = [(name, function)]`)
runs in a fresh subprocess, several times; we keep the median wall time and the
largest peak resident memory (the child's `ru_maxrss`). The national extract and its
warehouse are built once into `var/bench/` (or reused) before any timing.

    python bench/run.py [--repetitions 3] [--seulement MOT] [--echelle national]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.context import BenchContext  # noqa: E402


def discover() -> list[tuple[str, str, int]]:
    """Return (module, benchmark name, index) for every benchmark of `bench/bench_*.py`."""
    found = []
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        for index, (name, _function) in enumerate(getattr(module, "BENCHMARKS", [])):
            found.append((path.stem, name, index))
    return found


def prepare(scale: str, seed: int, base: Path) -> tuple[Path, Path]:
    """Generate and load the extract once; reuse it when it is already there."""
    from perfml.loading import load_extract
    from perfml.synth import generate

    extract = base / f"{scale}-{seed}"
    warehouse = base / f"{scale}-{seed}.duckdb"
    if not (extract / ".complet").exists():
        shutil.rmtree(extract, ignore_errors=True)
        print(f"Génération de l'extrait {scale} (graine {seed})…", flush=True)
        generate(scale, seed, extract, progress=True)
        (extract / ".complet").touch()
        warehouse.unlink(missing_ok=True)
    if not warehouse.exists():
        print("Chargement de l'extrait dans l'entrepôt…", flush=True)
        load_extract(extract, warehouse, progress=True)
    return extract, warehouse


def run_one(module: str, index: int, context: BenchContext) -> dict:
    """Run one benchmark in a subprocess; return its wall time and peak memory."""
    args = [
        sys.executable, "-m", "bench.child", module, str(index),
        str(context.extract_dir), str(context.warehouse), str(context.work_dir),
    ]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    total = time.perf_counter() - started
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:]}
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "wall": measured["wall"],
        "process": total,
        "peak_mb": measured["peak_kb"] / 1024,
        "figures": measured.get("figures", {}),
    }


class LoadSampler:
    """The machine's mean load (1-minute load average, sampled every 5 s) while it runs:
    the machine may be shared, and a timing means little without the load it ran under."""

    def __init__(self) -> None:
        self.samples = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(5):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mean(self) -> float:
        return statistics.mean(self.samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument(
        "--seulement", default="", help="ne lancer que les mesures dont le nom contient ce mot"
    )
    parser.add_argument("--echelle", default="national")
    parser.add_argument("--graine", type=int, default=1)
    parser.add_argument("--preparer-seulement", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--tableaux-seulement",
        action="store_true",
        help="réécrire bench/results.md depuis bench/results.json, sans rien mesurer",
    )
    options = parser.parse_args()
    if options.tableaux_seulement:
        write_results([])
        return

    base = ROOT / "var" / "bench"
    base.mkdir(parents=True, exist_ok=True)
    if options.preparer_seulement:
        prepare(options.echelle, options.graine, base)
        return
    # Prepared in a child process: on Linux a process inherits its parent's peak resident
    # memory across fork and exec, so a big parent would inflate every measured peak.
    subprocess.run([sys.executable, *sys.argv, "--preparer-seulement"], check=True, cwd=ROOT)
    extract, warehouse = prepare(options.echelle, options.graine, base)
    rows = []
    for module, name, index in discover():
        if options.seulement and options.seulement.lower() not in f"{module} {name}".lower():
            continue
        results = []
        started_at = dt.datetime.now()
        with LoadSampler() as load:
            for _ in range(options.repetitions):
                results.append(run_on_private_copy(module, index, extract, warehouse))
                if "error" in results[-1]:
                    break
        row = {
            "module": module,
            "mesure": name,
            "mesure_le": f"{started_at:%Y-%m-%d %H:%M}",
            "commande": "python " + " ".join(shlex.quote(a) for a in sys.argv),
            "charge": round(load.mean, 1),
        }
        errors = [" ".join(r["error"]) for r in results if "error" in r]
        results = [r for r in results if "error" not in r]
        walls = [r["wall"] for r in results]
        row["runs"] = len(walls)
        if errors:
            row["erreur"] = errors[0]
        else:
            row["mediane_s"] = statistics.median(walls)
            row["min_s"] = min(walls)
            row["max_s"] = max(walls)
            row["pic_memoire_mb"] = max(r["peak_mb"] for r in results)
            row["autres_mesures"] = median_figures([r["figures"] for r in results])
        print(json.dumps(row, ensure_ascii=False), flush=True)
        rows.append(row)
    write_results(rows)


def run_on_private_copy(module: str, index: int, extract: Path, warehouse: Path) -> dict:
    """Run one benchmark once on a private copy of the warehouse (some jobs write results)."""
    with tempfile.TemporaryDirectory(prefix="perfml-bench-") as scratch:
        private = Path(scratch) / "entrepot.duckdb"
        shutil.copy(warehouse, private)
        return run_one(module, index, BenchContext(extract, private, Path(scratch)))


def median_figures(runs: list[dict]) -> dict:
    """The median over the runs of each number a benchmark returned."""
    keys = [k for k in runs[0] if all(isinstance(r.get(k), int | float) for r in runs)]
    return {key: statistics.median(r[key] for r in runs) for key in keys}


def merge_previous(rows: list[dict]) -> list[dict]:
    """Keep the previous results of the benchmarks that were not run this time."""
    path = ROOT / "bench" / "results.json"
    if not path.exists():
        return rows
    fresh = {(r["module"], r["mesure"]) for r in rows}
    previous = json.loads(path.read_text(encoding="utf-8"))
    kept = [r for r in previous if (r["module"], r["mesure"]) not in fresh]
    return sorted(kept + rows, key=lambda r: (r["module"], r["mesure"]))


def write_results(rows: list[dict]) -> None:
    """Write the results table (Markdown) and the raw rows (JSON), keeping the rows of the
    benchmarks not run this time."""
    rows = merge_previous(rows)
    (ROOT / "bench" / "results.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (ROOT / "bench" / "results.md").write_text("\n".join(render(rows)) + "\n", encoding="utf-8")


def render(rows: list[dict]) -> list[str]:
    """The Markdown of `bench/results.md`: every row with its date and the machine's load,
    then the engines and history-growth tables."""
    lines = [
        "# Mesures de performance",
        "",
        f"Machine : {platform.node()} ({os.cpu_count()} cœurs, Python "
        f"{platform.python_version()}) ; extrait `national` graine 1 sauf mention. Chaque "
        "passage tourne dans un processus neuf ; médiane des passages, pic mémoire : maximum "
        "du processus. Tout remesurer : `make bench` ; une partie : "
        "`python bench/run.py --seulement MOT`. La charge est la charge moyenne de la "
        "machine pendant la mesure (moyenne sur une minute, relevée toutes les 5 s) : au-delà "
        "du nombre de cœurs, d'autres travaux allongent les temps, et seuls les rapports "
        "mesurés ensemble se comparent.",
        "",
        "| mesure | passages | médiane (s) | min (s) | max (s) | pic mémoire (Mo) "
        "| mesurée le | charge | autres mesures (médianes) |",
        "|---|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for row in rows:
        when = f"{row.get('mesure_le', '—')} | {_cell(row.get('charge'), 1)}"
        if "erreur" in row:
            lines.append(f"| {row['mesure']} | {row['runs']} | erreur : {row['erreur']} "
                         f"| | | | {when} | |")  # fmt: skip
        else:
            lines.append(
                f"| {row['mesure']} | {row['runs']} | {row['mediane_s']:.2f} | "
                f"{row['min_s']:.2f} | {row['max_s']:.2f} | {row['pic_memoire_mb']:.0f} | "
                f"{when} | "
                + " ; ".join(f"{k} {v:g}" for k, v in row.get("autres_mesures", {}).items())
                + " |"
            )
    return lines + engines_table(rows) + history_table(rows)


def _provenance(rows: list[dict], module: str) -> str:
    """When, by which commands and under which load the rows of `module` were measured."""
    by_command: dict[str, list[dict]] = {}
    for row in rows:
        if row["module"] == module:
            by_command.setdefault(row.get("commande", "?"), []).append(row)
    parts = []
    for command, measured in sorted(by_command.items(), key=lambda c: _first(c[1])):
        loads = [r["charge"] for r in measured if r.get("charge") is not None]
        load = (
            f"charge moyenne {_span([f'{x:.1f}' for x in sorted(loads)])}"
            if loads
            else "charge non relevée"
        )
        parts.append(
            f"`{command}` {_when(sorted(r.get('mesure_le', '?') for r in measured))} ({load})"
        )
    return "Mesuré par " + " ; ".join(parts) + "."


def _first(rows: list[dict]) -> str:
    return min(r.get("mesure_le", "?") for r in rows)


def _when(days: list[str]) -> str:
    """'le a' or 'entre a et b' for the first and last of sorted `days`."""
    return f"le {days[0]}" if days[0] == days[-1] else f"entre {days[0]} et {days[-1]}"


def _span(values: list[str]) -> str:
    """'a' or 'a à b' for the first and last of sorted `values`."""
    return values[0] if values[0] == values[-1] else f"{values[0]} à {values[-1]}"


def _figure(rows: list[dict], module: str, start: str, key: str) -> float | None:
    """The median figure `key` of the benchmark of `module` whose name starts with `start`."""
    for row in rows:
        if row["module"] == module and row["mesure"].startswith(start):
            return row.get("autres_mesures", {}).get(key)
    return None


def _cell(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def engines_table(rows: list[dict]) -> list[str]:
    """The engines table (bench_engines): computation and preparation times by engine and
    extract, the ratio to DuckDB, whether the figures equal DuckDB's; then the default
    command against the hand-written DuckDB script."""
    from bench.bench_engines import ENGINES, SCALES

    if not any(r["module"] == "bench_engines" for r in rows):
        return []
    lines = [
        "",
        "## Moteurs : 10 indicateurs de la dernière année, à la date officielle",
        "",
        "Calcul seul (préparation à part : copie vers PostgreSQL, démarrage de Spark) ; Spark "
        "lit les fichiers Parquet de l'extrait ; cluster Spark autonome sur la boucle locale "
        "(1 exécuteur de 2 cœurs et 3 Go, via Spark Connect) ; PostgreSQL : grappe jetable "
        "sur la boucle locale, mémoire réglée par défaut (shared_buffers 128 Mo, work_mem "
        "4 Mo). Objectif : PostgreSQL national ≤ 5 × "
        "DuckDB, mêmes chiffres. « × DuckDB » : médiane des rapports au temps de DuckDB "
        "mesuré dans le même processus juste avant, sinon rapport des médianes des deux "
        "lignes. " + _provenance(rows, "bench_engines"),
        "",
        "| moteur | "
        + " | ".join(
            f"{label} : calcul (s) | {label} : préparation (s) | {label} : × DuckDB"
            for label, _ in SCALES
        )
        + " | mêmes chiffres que DuckDB |",
        "|---|" + "---:|---:|---:|" * len(SCALES) + "---|",
    ]
    for engine, _ in ENGINES:
        cells, same = [], []
        for label, _ in SCALES:
            start = f"moteur {engine}, extrait {label}"
            compute = _figure(rows, "bench_engines", start, "calcul_s")
            duckdb = _figure(rows, "bench_engines", f"moteur DuckDB, extrait {label}", "calcul_s")
            # DuckDB's time in the same process, when the benchmark measured it.
            ratio = _figure(rows, "bench_engines", start, "x_duckdb")
            if ratio is None and compute is not None and duckdb:
                ratio = compute / duckdb
            cells += [
                _cell(compute),
                _cell(_figure(rows, "bench_engines", start, "preparation_s")),
                _cell(ratio, 1),
            ]
            identical = _figure(rows, "bench_engines", start, "identique")
            if identical is not None:
                same.append("oui" if identical == 1 else "non")
        lines.append(f"| {engine} | " + " | ".join(cells) + f" | {', '.join(same) or '—'} |")
    start = "commande indicateurs"
    perfml = _figure(rows, "bench_engines", start, "perfml_s")
    if perfml is not None:
        lines += [
            "",
            "Commande par défaut sur l'entrepôt national (processus entier, imports compris) : "
            f"`perfml indicateurs --annee A` {_cell(perfml)} s, script DuckDB écrit à la main "
            f"(`bench/hand_indicators.py`, mêmes lignes ML) "
            f"{_cell(_figure(rows, 'bench_engines', start, 'script_s'))} s, rapport "
            f"{_cell(_figure(rows, 'bench_engines', start, 'rapport'))} (objectif ≤ 1,5) ; "
            "mêmes chiffres : "
            + ("oui" if _figure(rows, "bench_engines", start, "identique") == 1 else "non")
            + ".",
        ]
    return lines


def history_table(rows: list[dict]) -> list[str]:
    """The history-growth table (bench_history): 3 years of history, then 10."""
    short = "historique national sur 3 ans"
    long = "historique national sur 10 ans"
    if _figure(rows, "bench_history", short, "lignes") is None:
        return []
    lines = [
        "",
        "## Croissance de l'historique : extrait national sur 3 ans puis sur 10 ans",
        "",
        "Chaque passage charge l'extrait dans un entrepôt neuf, puis calcule sur DuckDB la "
        "dernière année complète. " + _provenance(rows, "bench_history"),
        "",
        "| mesure | 3 ans | 10 ans | rapport |",
        "|---|---:|---:|---:|",
    ]
    labels = {
        "lignes": "lignes (jeunes, dispositifs, situations, propositions, offres, MER)",
        "chargement_s": "chargement (s)",
        "indicateurs_s": "10 indicateurs à la date officielle (s)",
        "suivi_mensuel_s": "suivi mensuel, 12 mois (s)",
        "groupes_s": "20 groupes homogènes (s)",
    }
    for key, label in labels.items():
        a = _figure(rows, "bench_history", short, key)
        b = _figure(rows, "bench_history", long, key)
        digits = 0 if key == "lignes" else 2
        ratio = b / a if a and b is not None else None
        lines.append(f"| {label} | {_cell(a, digits)} | {_cell(b, digits)} | ×{_cell(ratio)} |")
    return lines


if __name__ == "__main__":
    main()
