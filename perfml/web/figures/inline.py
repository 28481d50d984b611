"""The reports' SVG drawings made safe to inline in a page (box plots, funnel plots).

Matplotlib writes a standalone file: an XML prologue, metadata and ids (clip paths…)
that would clash between two drawings of one page. Here the prologue and metadata go,
every id (and every reference to one) gets the drawing's own prefix, and the drawing is
marked as one image with its text alternative.
"""

from __future__ import annotations

import re
import threading

_PROLOGUE = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<metadata>.*?</metadata>", re.S)
_ID_REFERENCES = re.compile(r'(id="|url\(#|href="#)')
# Matplotlib's rc_context changes global parameters: one drawing at a time (boxes, PDF).
DRAWING_LOCK = threading.Lock()


def inline_svg(svg: bytes, id_prefix: str, label: str) -> str:
    """Return the markup of `svg` for a page: ids prefixed, labelled as one image.

    `label` is the application's own sentence (no double quote in it): written as is.
    """
    text = _PROLOGUE.sub("", svg.decode("utf-8")).strip()
    text = _ID_REFERENCES.sub(lambda m: m.group(1) + id_prefix, text)
    return text.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)
