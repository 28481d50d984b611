"""What every benchmark receives: the national extract, its warehouse, a scratch folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BenchContext:
    """Paths shared by the benchmarks; the extract and warehouse are read-only."""

    extract_dir: Path
    warehouse: Path
    work_dir: Path
