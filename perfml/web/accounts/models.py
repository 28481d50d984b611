"""A user's membership (role and territory)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from perfml.web.accounts.roles import ROLE_CHOICES, ROLES, TERRITORY_FIELDS


class RoleTerritory(models.Model):
    """One role over one territory: the fields a membership and a ProConnect access share."""

    role = models.CharField("rôle", max_length=16, choices=ROLE_CHOICES)
    code_region = models.CharField("code région", max_length=2, blank=True, default="")
    code_departement = models.CharField("code département", max_length=3, blank=True, default="")
    code_ml = models.CharField("code mission locale", max_length=5, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def role_spec(self):
        return ROLES[self.role]

    @property
    def territory_code(self) -> str:
        """The code of the territory (empty for the nation)."""
        name = TERRITORY_FIELDS[self.role_spec.territory]
        return getattr(self, name) if name else ""

    def description(self) -> str:
        """« DREETS, unité régionale, territoire 53 »: the role and its territory's code."""
        code = self.territory_code
        return self.role_spec.label + (f", territoire {code}" if code else "")

    def territory(self) -> dict[str, str]:
        """The role and territory fields, as a membership takes them."""
        return {
            "role": self.role,
            "code_region": self.code_region,
            "code_departement": self.code_departement,
            "code_ml": self.code_ml,
        }


class Membership(RoleTerritory):
    """What a user is: one role over one territory (the nation, a region, a département, an ML).

    The territory of every page comes from here, never from the URL.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )

    class Meta:
        verbose_name = "rattachement"
        verbose_name_plural = "rattachements"

    def __str__(self) -> str:
        return f"{self.user.get_username()} : {self.role_spec.label} {self.territory_code}"

    def clean(self) -> None:
        field = TERRITORY_FIELDS[ROLES[self.role].territory]
        if field and not getattr(self, field):
            raise ValidationError({field: "Ce rôle demande ce territoire."})


class AgentAccess(RoleTerritory):
    """Who may sign in through ProConnect, and as what: an agent's e-mail address, or the
    SIRET of the agent's organisation (every agent of it), gives a role and a territory.

    An entry for the e-mail wins over one for the SIRET. Administered with
    `perfml web gerer agent` (see docs/application-web.md).
    """

    email = models.EmailField("adresse électronique", blank=True, default="", db_index=True)
    siret = models.CharField("SIRET de l'organisation", max_length=14, blank=True, default="")

    class Meta:
        verbose_name = "accès ProConnect"
        verbose_name_plural = "accès ProConnect"
        constraints = [  # noqa: RUF012  (Django's convention)
            models.CheckConstraint(
                condition=(models.Q(email="") & ~models.Q(siret=""))
                | (~models.Q(email="") & models.Q(siret="")),
                name="acces_par_email_ou_siret",
            ),
            models.UniqueConstraint(
                fields=["email"], condition=~models.Q(email=""), name="acces_email_unique"
            ),
            models.UniqueConstraint(
                fields=["siret"], condition=~models.Q(siret=""), name="acces_siret_unique"
            ),
        ]

    def __str__(self) -> str:
        who = self.email or f"SIRET {self.siret}"
        return f"{who} : {self.role_spec.label}"
