"""The overview's GET parameters: filters, sort and page, checked against the user's scope.

A filter naming a territory outside the user's scope is an out-of-scope request (404);
a malformed value is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404

from perfml.indicators.catalogue import NUMBERS
from perfml.web.figures.snapshot import POPULATIONS

PAGE_SIZE = 100
SORT_KEYS = ("code", "nom", "departement", "groupe", "tardives", *(f"i{n}" for n in NUMBERS))


@dataclass
class OverviewQuery:
    """What the overview shows: filters, reference of the quartiles, sort and page."""

    region: str = ""
    departement: str = ""
    groupe: int | None = None
    recherche: str = ""
    indicateur: int | None = None  # with `quartile`: keep the MLs in that quartile
    quartile: int | None = None
    reference: str = "NATIONAL"
    tri: str = "code"
    ordre: str = "asc"
    page: int = 1

    @classmethod
    def parse(cls, get, regions: list[str], departements: list[str], default_reference: str):
        """Read the GET parameters; a territory outside `regions`/`departements` is a 404."""
        query = cls(reference=default_reference)
        region = get.get("region", "").strip()
        if region:
            if region not in regions:
                raise Http404("région hors du territoire")
            query.region = region
        departement = get.get("departement", "").strip()
        if departement:
            if departement not in departements:
                raise Http404("département hors du territoire")
            query.departement = departement
        query.groupe = _int(get.get("groupe"))
        query.recherche = get.get("recherche", "").strip()[:100]
        indicateur = _int(get.get("indicateur"))
        query.indicateur = indicateur if indicateur in NUMBERS else None
        quartile = _int(get.get("quartile"))
        query.quartile = quartile if quartile in (1, 2, 3, 4) else None
        if get.get("reference") in POPULATIONS:
            query.reference = get["reference"]
        if get.get("tri") in SORT_KEYS:
            query.tri = get["tri"]
        query.ordre = "desc" if get.get("ordre") == "desc" else "asc"
        query.page = max(1, _int(get.get("page")) or 1)
        return query

    def keeps(self, row) -> bool:
        """Whether an overview row passes the filters."""
        ml = row.ml
        if self.region and ml.code_region != self.region:
            return False
        if self.departement and ml.code_departement != self.departement:
            return False
        if self.groupe is not None and ml.groupe != self.groupe:
            return False
        if self.recherche:
            needle = self.recherche.casefold()
            if needle not in ml.nom.casefold() and needle not in ml.code_ml.casefold():
                return False
        if self.indicateur is not None and self.quartile is not None:
            return row.cells[self.indicateur - 1].quartile == self.quartile
        return True

    def sort(self, rows: list) -> list:
        """Sort the rows; MLs without a value come last whatever the order."""
        reverse = self.ordre == "desc"
        value = self._sorted_value()
        if value is not None:
            known = [r for r in rows if value(r) is not None]
            unknown = [r for r in rows if value(r) is None]
            known.sort(key=lambda r: (value(r), r.ml.code_ml), reverse=reverse)
            return known + unknown
        keys = {
            "code": lambda r: r.ml.code_ml,
            "nom": lambda r: r.ml.nom.casefold(),
            "departement": lambda r: (r.ml.code_departement, r.ml.code_ml),
            "groupe": lambda r: (r.ml.groupe is None, r.ml.groupe or 0, r.ml.code_ml),
        }
        return sorted(rows, key=keys[self.tri], reverse=reverse)

    def _sorted_value(self):
        """The number a figure column sorts by (None: the column is no figure)."""
        if self.tri == "tardives":
            return lambda row: row.late.raw if row.late is not None else None
        if self.tri.startswith("i"):
            index = int(self.tri[1:]) - 1
            return lambda row: row.cells[index].raw
        return None

    def url(self, **changes) -> str:
        """The query string of this query with some parameters changed (page back to 1)."""
        values = {
            "region": self.region,
            "departement": self.departement,
            "groupe": self.groupe,
            "recherche": self.recherche,
            "indicateur": self.indicateur,
            "quartile": self.quartile,
            "reference": self.reference,
            "tri": self.tri,
            "ordre": self.ordre,
            "page": 1,
        }
        values.update(changes)
        kept = {
            k: v for k, v in values.items() if v not in (None, "") and not (k == "page" and v == 1)
        }
        return "?" + urlencode(kept)

    def sort_url(self, key: str) -> str:
        """The link of a column header: sort by it, or flip the order if it is the sort."""
        order = "desc" if self.tri == key and self.ordre == "asc" else "asc"
        return self.url(tri=key, ordre=order)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
