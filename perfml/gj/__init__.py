"""Garantie jeunes steering (Fiche 2 of the instruction): monthly entries by ML, region and
nation against the yearly targets, projected to the year's end with alerts, and the
quality criteria the extract allows.

`follow_gj(con, year, as_of=None, config=None)` computes it; `write_gj_report` writes the
workbook and its CSV files; `read_config` reads the TOML configuration.
"""

from perfml.gj.config import GJConfig, read_config
from perfml.gj.followup import GJFollowUp, follow_gj
from perfml.gj.report import write_gj_report

__all__ = ["GJConfig", "GJFollowUp", "follow_gj", "read_config", "write_gj_report"]
