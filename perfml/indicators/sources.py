"""The contract's tables as they were known on the as-of date `A`, with the contract's defaults.

A row does not exist yet on `A` if its event date or its `date_saisie` (null = the event
date) is after `A`. A dispositif's exit exists only if `date_sortie` and
`date_saisie_sortie` (null = `date_sortie`) are both ≤ `A`; otherwise the dispositif is
still running. A MER is `REALISEE` only if `date_realisation` ≤ `A`, and does not count
at all while its offer does not exist yet. Without `A`, every row counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from functools import cached_property

import ibis
import ibis.expr.types as ir

from perfml import contract


def column_or_null(table: ir.Table, name: str, dtype: str) -> ir.Value:
    """Return `table[name]`, or a typed null when the optional column is absent."""
    return table[name] if name in table.columns else ibis.null(dtype)


def known_rows(con: ibis.BaseBackend, name: str, as_of: dt.date | None) -> ir.Table:
    """Return the rows of contract table `name` that existed on `as_of` (all when None).

    A row exists once its event date and its `date_saisie` (null = event date) are both
    on or before `as_of`.
    """
    table = con.table(name)
    spec = contract.table(name)
    if as_of is None or spec.event_date is None:
        return table
    a = ibis.literal(as_of, type="date")
    event = table[spec.event_date]
    entered = column_or_null(table, "date_saisie", "date").fill_null(event)
    return table.filter(event <= a, entered <= a)


def known_exits(dispositifs: ir.Table, as_of: dt.date | None) -> ir.Table:
    """Blank out the exits (`date_sortie`, `situation_sortie`) not yet known on `as_of`."""
    if as_of is None:
        return dispositifs
    a = ibis.literal(as_of, type="date")
    exit_day = dispositifs.date_sortie
    entered = column_or_null(dispositifs, "date_saisie_sortie", "date").fill_null(exit_day)
    is_known = exit_day.notnull() & (exit_day <= a) & (entered <= a)
    return dispositifs.mutate(
        date_sortie=ibis.ifelse(is_known, exit_day, ibis.null("date")),
        situation_sortie=ibis.ifelse(is_known, dispositifs.situation_sortie, ibis.null("string")),
    )


def known_realisations(mer: ir.Table, as_of: dt.date | None) -> ir.Table:
    """Turn back to `PRESCRITE` the MER not yet carried out on `as_of`."""
    if as_of is None:
        return mer
    done = (mer.statut == "REALISEE") & (mer.date_realisation <= ibis.literal(as_of, type="date"))
    return mer.mutate(
        statut=ibis.ifelse((mer.statut == "REALISEE") & ~done, "PRESCRITE", mer.statut),
        date_realisation=ibis.ifelse(done, mer.date_realisation, ibis.null("date")),
    )


def visible(con: ibis.BaseBackend, name: str, as_of: dt.date | None = None) -> ir.Table:
    """Return contract table `name`, every column, as it was known on `as_of`.

    Dispositifs lose an exit not yet known, MER not yet carried out go back to
    `PRESCRITE`, and MER whose offer does not exist yet are left out.
    """
    rows = known_rows(con, name, as_of)
    if as_of is None:
        return rows
    if name == "dispositifs":
        rows = known_exits(rows, as_of)
    elif name == "mises_en_relation":
        rows = known_realisations(rows, as_of)
        rows = rows.semi_join(known_rows(con, "offres", as_of).select("id_offre"), "id_offre")
    return rows


Share = Callable[[str, ir.Table], ir.Table]


def keep(_name: str, table: ir.Table) -> ir.Table:
    """The default sharing: the expression itself (the engine shares sub-queries)."""
    return table


class Sources:
    """The tables an indicator reads, filtered to what was known on `as_of`.

    Each table is built once per instance, so that the indicators of one computation share
    the same expressions (and the database the same sub-queries). The sets several
    indicators read (the dispositifs, the exits, the yearly lookups…) go through `share`,
    the engine's execution strategy: kept as expressions, or materialised once by the
    database (`perfml.indicators.execution`).
    """

    def __init__(
        self, con: ibis.BaseBackend, as_of: dt.date | None = None, share: Share = keep
    ) -> None:
        self.con = con
        self.as_of = as_of
        self._share = share
        self._derived: dict[Hashable, ir.Table] = {}

    def _visible(self, name: str) -> ir.Table:
        return known_rows(self.con, name, self.as_of)

    def shared(self, key: Hashable, name: str, build: Callable[[], ir.Table]) -> ir.Table:
        """Return the set `build()` built once per `key` for every indicator reading it,
        and handed to the execution strategy under `name`."""
        if key not in self._derived:
            self._derived[key] = self._share(name, build())
        return self._derived[key]

    @cached_property
    def structures(self) -> ir.Table:
        """The missions locales (code_ml, code_region)."""
        return self.con.table("structures").select("code_ml", "code_region")

    @cached_property
    def jeunes(self) -> ir.Table:
        """Youths received for the first time on or before `A`."""
        t = self._visible("jeunes")
        rows = t.select(
            "id_jeune",
            "code_ml",
            "date_premier_accueil",
            neet=t.neet_premier_accueil.fill_null(False),
        )
        return self._share("jeunes", rows)

    @cached_property
    def dispositifs(self) -> ir.Table:
        """PACEA and GJ rows entered by `A`; an exit not yet known on `A` is blanked out."""
        t = known_exits(self._visible("dispositifs"), self.as_of)
        exit_day = t.date_sortie
        situation = ibis.ifelse(exit_day.notnull(), t.situation_sortie, ibis.null("string"))
        rows = t.select(
            "id_dispositif",
            "id_jeune",
            "code_ml",
            "type",
            "date_entree",
            date_sortie=exit_day,
            situation_sortie=situation,
        )
        return self._share("dispositifs", rows)

    @cached_property
    def pacea(self) -> ir.Table:
        """PACEA rows (a Garantie jeunes phase is not a PACEA row)."""
        return self.dispositifs.filter(self.dispositifs.type == "PACEA")

    @cached_property
    def gj(self) -> ir.Table:
        """Garantie jeunes phases."""
        return self.dispositifs.filter(self.dispositifs.type == "GJ")

    @cached_property
    def situations(self) -> ir.Table:
        """Situations started and entered by `A`."""
        rows = self._visible("situations").select("id_jeune", "categorie", "date_debut", "date_fin")
        return self._share("situations", rows)

    @cached_property
    def propositions(self) -> ir.Table:
        """Propositions made and entered by `A`."""
        return self._visible("propositions").select("id_jeune", "code_ml", "date_proposition")

    @cached_property
    def offres(self) -> ir.Table:
        """Offers collected and entered by `A`."""
        rows = self._visible("offres").select("id_offre", "code_ml", "origine", "date_collecte")
        return self._share("offres", rows)

    @cached_property
    def mer(self) -> ir.Table:
        """MER prescribed and entered by `A` (whatever their offer), with `realisee`:
        carried out by `A`."""
        mer = known_realisations(self._visible("mises_en_relation"), self.as_of)
        done = mer.statut == "REALISEE"
        rows = mer.select(
            "id_mer", "id_offre", "code_ml", "date_prescription", realisee=done.fill_null(False)
        )
        return self._share("mer", rows)

    @cached_property
    def mises_en_relation(self) -> ir.Table:
        """The MER of `mer` whose offer exists on `A`, with the offer's `origine`."""
        mer, offres = self.mer, self.offres
        return mer.join(offres, mer.id_offre == offres.id_offre).select(
            mer.id_mer,
            mer.id_offre,
            mer.code_ml,
            mer.date_prescription,
            offres.origine,
            mer.realisee,
        )

    @cached_property
    def contexte(self) -> ir.Table:
        """Yearly territorial context (no as-of rule: a yearly table)."""
        return self.con.table("contexte").select("code_ml", "annee", "neet_16_25")

    @cached_property
    def structures_annee(self) -> ir.Table:
        """Yearly ICARE figures (no as-of rule: a yearly table)."""
        return self.con.table("structures_annee").select(
            "code_ml", "annee", "etp", "ressources_eur"
        )
