"""The Garantie jeunes follow-up as the page shows it: `perfml.gj`'s tables, scoped.

The follow-up is computed once per warehouse version (`perfml.gj.follow_gj`); the page
keeps the rows of the user's territory and writes them with the workbook's own column
definitions (`perfml.gj.report`).
"""

from __future__ import annotations

from django.conf import settings

from perfml.french import french_count, french_number, french_percent
from perfml.web.figures.snapshot import Snapshot
from perfml.web.figures.store import derived


def follow_up(snapshot: Snapshot):
    """The year's `GJFollowUp` (computed on first use)."""

    def compute(con, snap):
        from perfml.gj import follow_gj, read_config

        return follow_gj(con, snap.year, config=read_config(settings.PERFML_CONFIG_GJ))

    return derived(snapshot, "garantie_jeunes", compute)


def level_tables(snapshot: Snapshot):
    """The follow-up's region table (regions, then France) and ML table (kept once made)."""
    from perfml.gj.report import ml_table, region_table

    def make():
        follow = follow_up(snapshot)
        return region_table(follow), ml_table(follow)

    return snapshot.kept("garantie_jeunes_tables", make)


def cell(value, number_format: str) -> str:
    """A cell in the French way, by the workbook column's format."""
    if number_format == "text":
        return "" if value is None or value != value else str(value)  # NaN != NaN
    if value is None or value != value:
        return "–"
    if number_format == "pct":
        return french_percent(float(value), 1)
    if number_format == "dec1":
        return french_number(float(value), 1)
    return french_count(float(value))


def table(frame, columns) -> dict:
    """Headers (grouped as in the workbook) and formatted rows of a follow-up table."""
    shown = [c for c in columns if c.key in frame.columns]
    groups = []
    for column in shown:
        label = column.group or column.section
        if groups and groups[-1][0] == label:
            groups[-1][1] += 1
        else:
            groups.append([label, 1])
    rows = [
        {
            "niveau": row["niveau"],
            "cells": [cell(row[c.key], c.number_format) for c in shown],
        }
        for _, row in frame.iterrows()
    ]
    return {"groups": groups, "headers": [c.header for c in shown], "rows": rows}
