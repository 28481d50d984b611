"""Campaigns, targets and the audit log: the system of record of the dialogue de gestion.

The application's database holds the workflow; `perfml web synchroniser` copies the
targets of validated and locked campaigns into the warehouse table `cibles_fixees`,
where `perfml allocation` reads them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from perfml.targets import SOURCE_LABELS, SOURCES


class Status(models.TextChoices):
    """A campaign's status: draft → validated by the DREETS → locked."""

    DRAFT = "brouillon", "Brouillon"
    VALIDATED = "validee", "Validée par la DREETS"
    LOCKED = "verrouillee", "Verrouillée"


SOURCE_CHOICES = [(source, SOURCE_LABELS[source]) for source in SOURCES]


class Campaign(models.Model):
    """The dialogue of one ML for one target year."""

    year = models.PositiveIntegerField("année des cibles")
    code_ml = models.CharField("code mission locale", max_length=5)
    status = models.CharField("statut", max_length=16, choices=Status, default=Status.DRAFT)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    class Meta:
        verbose_name = "campagne"
        constraints = (
            models.UniqueConstraint(
                fields=["year", "code_ml"], name="une_campagne_par_ml_et_annee"
            ),
        )
        ordering = ("year", "code_ml")

    def __str__(self) -> str:
        return f"Campagne {self.year} de {self.code_ml} ({self.get_status_display()})"


class Target(models.Model):
    """The target set for one indicator in a campaign, with its source and justification."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    indicator = models.PositiveSmallIntegerField("indicateur")
    value = models.FloatField("cible")
    source = models.CharField("origine", max_length=16, choices=SOURCE_CHOICES)
    justification = models.TextField("justification", blank=True, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField("auteur", max_length=150)
    set_at = models.DateTimeField("fixée le")

    class Meta:
        verbose_name = "cible"
        constraints = (
            models.UniqueConstraint(
                fields=["campaign", "indicator"], name="une_cible_par_indicateur"
            ),
        )
        ordering = ("campaign", "indicator")


class AuditEntry(models.Model):
    """One change: a target set or changed, or a campaign's status moved. Never edited."""

    TARGET = "cible"
    STATUS = "statut"
    KINDS = ((TARGET, "cible"), (STATUS, "statut"))

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="audit")
    kind = models.CharField("nature", max_length=8, choices=KINDS)
    indicator = models.PositiveSmallIntegerField("indicateur", null=True)
    old_value = models.FloatField("ancienne cible", null=True)
    new_value = models.FloatField("nouvelle cible", null=True)
    old_source = models.CharField("ancienne origine", max_length=16, blank=True, default="")
    new_source = models.CharField("nouvelle origine", max_length=16, blank=True, default="")
    old_status = models.CharField("ancien statut", max_length=16, blank=True, default="")
    new_status = models.CharField("nouveau statut", max_length=16, blank=True, default="")
    justification = models.TextField("justification", blank=True, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField("auteur", max_length=150)
    at = models.DateTimeField("date", db_index=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal des modifications"
        ordering = ("-at", "-id")
