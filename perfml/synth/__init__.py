"""The synthetic extract: a national network of missions locales and its youths.

No real youth-level data can be published; `generate` writes an extract that follows
the data contract and looks like the real network's, so that indicators, groups,
targets and funding computed on it are realistic. See `docs/extrait-synthetique.md`.
"""

from perfml.synth.generator import generate
from perfml.synth.summary import SynthSummary

__all__ = ["SynthSummary", "generate"]
