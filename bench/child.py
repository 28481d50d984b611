"""Run one benchmark once in this process and print its wall time and peak memory (JSON).

python -m bench.child MODULE INDEX EXTRACT_DIR WAREHOUSE WORK_DIR
"""

import importlib
import json
import resource
import sys
import time
from pathlib import Path

from bench.context import BenchContext


def main() -> None:
    module, index, extract, warehouse, work = sys.argv[1:6]
    function = importlib.import_module(f"bench.{module}").BENCHMARKS[int(index)][1]
    context = BenchContext(Path(extract), Path(warehouse), Path(work))
    started = time.perf_counter()
    figures = function(context)
    wall = time.perf_counter() - started
    # The largest resident set of this process or of any worker it started (kB on Linux).
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    # A benchmark may return its own figures (latencies…): they are reported beside.
    extra = figures if isinstance(figures, dict) else {}
    print(json.dumps({"wall": wall, "peak_kb": peak, "figures": extra}))


if __name__ == "__main__":
    main()
