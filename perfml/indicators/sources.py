"""The contract's tables as they were known on the as-of date `A`, with the contract's defaults.

A row does not exist yet on `A` if its event date or its `date_saisie` (null = the event
date) is after `A`. A dispositif's exit exists only if `date_sortie` and
`date_saisie_sortie` (null = `date_sortie`) are both ≤ `A`; otherwise the dispositif is
still running. A MER is `REALISEE` only if `date_realisation` ≤ `A`, and does not count
at all while its offer does not exist yet. Without `A`, every row counts.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

import ibis
import ibis.expr.types as ir

from perfml import contract


def column_or_null(table: ir.Table, name: str, dtype: str) -> ir.Value:
    """Return `table[name]`, or a typed null when the optional column is absent."""
    return table[name] if name in table.columns else ibis.null(dtype)


class Sources:
    """The tables an indicator reads, filtered to what was known on `as_of`.

    Each table is built once per instance, so that the indicators of one computation share
    the same expressions (and the database the same sub-queries).
    """

    def __init__(self, con: ibis.BaseBackend, as_of: dt.date | None = None) -> None:
        self.con = con
        self.as_of = as_of

    def _visible(self, name: str) -> ir.Table:
        table = self.con.table(name)
        spec = contract.table(name)
        if self.as_of is None or spec.event_date is None:
            return table
        a = ibis.literal(self.as_of)
        event = table[spec.event_date]
        entered = column_or_null(table, "date_saisie", "date").fill_null(event)
        return table.filter(event <= a, entered <= a)

    @cached_property
    def structures(self) -> ir.Table:
        """The missions locales (code_ml, code_region)."""
        return self.con.table("structures").select("code_ml", "code_region")

    @cached_property
    def jeunes(self) -> ir.Table:
        """Youths received for the first time on or before `A`."""
        t = self._visible("jeunes")
        return t.select(
            "id_jeune",
            "code_ml",
            "date_premier_accueil",
            neet=t.neet_premier_accueil.fill_null(False),
        )

    @cached_property
    def dispositifs(self) -> ir.Table:
        """PACEA and GJ rows entered by `A`; an exit not yet known on `A` is blanked out."""
        t = self._visible("dispositifs")
        exit_day = t.date_sortie
        if self.as_of is not None:
            a = ibis.literal(self.as_of)
            exit_entered = column_or_null(t, "date_saisie_sortie", "date").fill_null(exit_day)
            is_known = exit_day.notnull() & (exit_day <= a) & (exit_entered <= a)
            exit_day = ibis.ifelse(is_known, exit_day, ibis.null("date"))
        situation = ibis.ifelse(exit_day.notnull(), t.situation_sortie, ibis.null("string"))
        return t.select(
            "id_dispositif",
            "id_jeune",
            "code_ml",
            "type",
            "date_entree",
            date_sortie=exit_day,
            situation_sortie=situation,
        )

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
        return self._visible("situations").select("id_jeune", "categorie", "date_debut", "date_fin")

    @cached_property
    def propositions(self) -> ir.Table:
        """Propositions made and entered by `A`."""
        return self._visible("propositions").select("id_jeune", "code_ml", "date_proposition")

    @cached_property
    def offres(self) -> ir.Table:
        """Offers collected and entered by `A`."""
        return self._visible("offres").select("id_offre", "code_ml", "origine", "date_collecte")

    @cached_property
    def mer(self) -> ir.Table:
        """MER prescribed and entered by `A` (whatever their offer), with `realisee`:
        carried out by `A`."""
        mer = self._visible("mises_en_relation")
        done = mer.statut == "REALISEE"
        if self.as_of is not None:
            done &= mer.date_realisation <= ibis.literal(self.as_of)
        return mer.select(
            "id_mer", "id_offre", "code_ml", "date_prescription", realisee=done.fill_null(False)
        )

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
