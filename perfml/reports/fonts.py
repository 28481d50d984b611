"""The report font: DejaVu Sans cut down to the Latin script, made once per machine.

Why: matplotlib embeds a TrueType subset of each font in every PDF, and cutting that
subset out of the full DejaVu Sans (6 000 glyphs, large OpenType layout tables) costs
about 0.3 s per font and page — most of a page's time. Cut out of a Latin-only copy
without layout tables, it costs 0.02 s. The copy keeps DejaVu's outlines, metrics and
PostScript name, under the family name `DejaVu Sans perfml`; it covers every Latin
alphabet (no fallback font: a font list doubles matplotlib's font look-ups).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import matplotlib
from matplotlib import font_manager

FAMILY = "DejaVu Sans perfml"
FALLBACK = "DejaVu Sans"
STYLES = {
    "": "DejaVuSans.ttf",
    "-Bold": "DejaVuSans-Bold.ttf",
    "-Oblique": "DejaVuSans-Oblique.ttf",
}
# Latin (Basic, Latin-1, Extended-A and -B), general punctuation (narrow no-break space,
# ellipsis, dashes), tau and phi, the euro sign, arrows, minus, infinity, "almost equal" and
# comparison signs, triangles.
SIGNS = (
    0x03C4, 0x03C6, 0x20AC, 0x2190, 0x2191, 0x2192, 0x2193, 0x2212, 0x221E, 0x2248, 0x2264, 0x2265,
    0x25B2, 0x25BC,
)  # fmt: skip
CODE_POINTS: frozenset[int] = frozenset(
    (*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2000, 0x2070), *SIGNS)
)
# The files are named after the glyph set: a font cut for another set is never reused.
VERSION = hashlib.sha256(",".join(map(str, sorted(CODE_POINTS))).encode()).hexdigest()[:10]

_registered = False


def font_dir() -> Path:
    """Return where the cut-down fonts are kept (matplotlib's cache folder)."""
    return Path(matplotlib.get_cachedir()) / f"perfml-fonts-{VERSION}"


def font_families() -> list[str]:
    """Return the font family list of the reports, making the fonts when needed."""
    register_fonts()
    return [FAMILY] if _registered else [FALLBACK]


def register_fonts() -> None:
    """Make the Latin copies of DejaVu Sans (once per machine) and register them."""
    global _registered
    if _registered:
        return
    try:
        paths = [_make_font(style, name) for style, name in STYLES.items()]
    except (OSError, ImportError):  # read-only cache, no fontTools: the full font works
        return
    for path in paths:
        font_manager.fontManager.addfont(str(path))
    _registered = True


def _make_font(style: str, file_name: str) -> Path:
    target = font_dir() / f"DejaVuSansPerfml{style}.ttf"
    if target.exists():
        return target
    from fontTools import subset
    from fontTools.ttLib import TTFont

    source = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / file_name
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "MATH", "FFTM"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=CODE_POINTS)
    subsetter.subset(font)
    names = font["name"]
    subfamily = names.getDebugName(2) or "Book"
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 4:
            names.setName(
                f"{FAMILY} {subfamily}".strip(),
                4,
                record.platformID,
                record.platEncID,
                record.langID,
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed: two processes may make it at once.
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".ttf")
    os.close(handle)
    font.save(temporary)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)
    return target
