"""The French catalogue of Typer's own `gettext` strings, and its installation.

Typer translates part of its text through `gettext` (panel titles, "[par défaut : …]",
"Abandon"), evaluated when `typer.rich_utils` is imported: `install()` binds the French
catalogue (`locale/fr/LC_MESSAGES/messages.po`, compiled to `messages.mo` by
`scripts/compile-catalogue.py`) and re-imports that module if it was already loaded.
"""

from __future__ import annotations

import gettext
import importlib
import os
import struct
import sys
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
CATALOGUE = LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po"
COMPILED = CATALOGUE.with_suffix(".mo")


def install() -> None:
    """Make Typer's `gettext` strings French for this process (idempotent).

    `gettext` picks the language from `LANGUAGE`/`LC_ALL`/`LANG`; perfml speaks French
    whatever the machine's locale, so `LANGUAGE` is set to French for this process (it
    selects message catalogues only, not number or date formats).
    """
    if not os.environ.get("LANGUAGE", "").startswith("fr"):
        os.environ["LANGUAGE"] = "fr"
    gettext.bindtextdomain("messages", str(LOCALE_DIR))
    loaded = sys.modules.get("typer.rich_utils")
    if loaded is not None and gettext.gettext("Error") != loaded.ERRORS_PANEL_TITLE:
        importlib.reload(loaded)


def read_po(path: Path = CATALOGUE) -> dict[str, str]:
    """Return the msgid → msgstr pairs of a .po file (one-line strings, as ours are)."""
    entries: dict[str, str] = {}
    msgid: str | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("msgid "):
            msgid = _po_string(line.removeprefix("msgid "))
        elif line.startswith("msgstr ") and msgid is not None:
            entries[msgid] = _po_string(line.removeprefix("msgstr "))
            msgid = None
    return entries


def _po_string(text: str) -> str:
    if not (len(text) >= 2 and text.startswith('"') and text.endswith('"')):
        raise ValueError(f"Chaîne de catalogue mal formée : {text}")
    return text[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def compile_mo(entries: dict[str, str]) -> bytes:
    """Return the GNU .mo bytes of `entries` (the binary format `gettext` reads)."""
    keys = sorted(entries)
    ids = [key.encode("utf-8") for key in keys]
    strs = [entries[key].encode("utf-8") for key in keys]
    header_size = 7 * 4
    table_size = len(keys) * 8
    position = header_size + 2 * table_size
    id_table: list[tuple[int, int]] = []
    for data in ids:
        id_table.append((len(data), position))
        position += len(data) + 1
    str_table: list[tuple[int, int]] = []
    for data in strs:
        str_table.append((len(data), position))
        position += len(data) + 1
    header = struct.pack(
        "<7I", 0x950412DE, 0, len(keys), header_size, header_size + table_size, 0, 0
    )
    return b"".join(
        [
            header,
            *(struct.pack("<2I", *pair) for pair in id_table),
            *(struct.pack("<2I", *pair) for pair in str_table),
            *(data + b"\0" for data in ids),
            *(data + b"\0" for data in strs),
        ]
    )
