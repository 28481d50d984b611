"""Statistical secrecy of external diffusion: small counts masked, and kept secret.

- `rules`: the threshold and the protection level, as data (`regles.toml`);
- `relations`: the cells one command publishes and the additive relations between them;
- `audit`: each masked cell's feasible interval, by linear programming (HiGHS);
- `suppression`: primary masking ("< 5") and secondary masking ("s") until every masked
  cell is protected;
- `levels`: the counts of every ML, region and the nation, their hierarchy's sums, and
  the masks shown in a table.

The full description is in docs/diffusion.md.
"""

from __future__ import annotations

SECONDARY = "s"
__all__ = ["SECONDARY", "is_masked"]


def is_masked(value: object) -> bool:
    """Tell whether a cell of a masked table was masked."""
    return isinstance(value, str) and (value == SECONDARY or value.startswith("< "))
