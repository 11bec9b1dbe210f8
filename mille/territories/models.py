from django.db import models
from django.utils.translation import gettext_lazy as _


class Departement(models.Model):
    """A French département (101, overseas included)."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=80)

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Commune(models.Model):
    """A French commune from the offline reference (see data/SOURCES.md).

    The arrondissements municipaux of Paris, Lyon and Marseille are communes of their city
    (`parent`): public files (the Annuaire de l'éducation...) use their INSEE codes, and a group may
    work in one of them only."""

    insee = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=120)
    search_name = models.CharField(max_length=120, db_index=True)
    postal_codes = models.CharField(_("codes postaux"), max_length=400, blank=True)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    latitude = models.FloatField()
    longitude = models.FloatField()
    population = models.PositiveIntegerField(default=0)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="arrondissements",
        verbose_name=_("ville"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return self.label

    @property
    def first_postal_code(self) -> str:
        return self.postal_codes.split(" ")[0] if self.postal_codes else self.departement_id

    @property
    def label(self) -> str:
        """« Lille (59000) »: the name people recognise, told apart by a postal code."""
        return f"{self.name} ({self.first_postal_code})"
