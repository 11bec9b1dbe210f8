"""The état des lieux of a local group's territory: the places, services and collectives that can
help (« les personnes et lieux ressources de votre territoire », seed 001), on a map."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mille.groups.models import LocalGroup
from mille.territories.models import Commune


class Category(models.TextChoices):
    CENTRE_SOCIAL = "centre_social", _("Centre social")
    CENTRE_LOISIRS = "centre_loisirs", _("Centre de loisirs")
    MAISON_PARENTS = "maison_parents", _("Maison des parents / des familles")
    ECOLE_MATERNELLE = "ecole_maternelle", _("École maternelle")
    ECOLE_ELEMENTAIRE = "ecole_elementaire", _("École élémentaire")
    COLLEGE = "college", _("Collège")
    LYCEE = "lycee", _("Lycée")
    PETITE_ENFANCE = "petite_enfance", _("Établissement petite enfance")
    MEDIATHEQUE = "mediatheque", _("Médiathèque")
    CCAS = "ccas", _("CCAS / CIAS")
    PMI = "pmi", _("PMI")
    LAPE = "lape", _("Lieu d'accueil enfants-parents (LAPE)")
    CAF = "caf", _("CAF")
    PIF = "pif", _("Point Information Famille")
    SERVICE_MUNICIPAL = "service_municipal", _("Service municipal")
    SERVICE_DEPARTEMENTAL = "service_departemental", _("Service départemental")
    ASSO_PARENTS = "asso_parents", _("Association de parents d'élèves")
    ASSO_CULTURE = "asso_culture", _("Association culturelle")
    ASSO_SPORT = "asso_sport", _("Association sportive")
    ASSO_LANGUE = "asso_langue", _("Association (langue, alphabétisation)")
    ASSO_AUTRE = "asso_autre", _("Autre association")
    MPT = "mpt", _("MPT / maison de quartier")
    PREVENTION = "prevention", _("Prévention spécialisée")
    BAILLEUR = "bailleur", _("Bailleur social")
    MEDIATION = "mediation", _("Police / médiation")
    AUTRE = "autre", _("Autre")


class Scheme(models.TextChoices):
    CLAS = "clas", _("CLAS (accompagnement à la scolarité)")
    REAAP = "reaap", _("REAAP (réseau des parents)")
    PRE = "pre", _("PRE (réussite éducative)")
    CLSPD = "clspd", _("CLSPD")
    CITE_EDUCATIVE = "cite_educative", _("Cité éducative")
    PEDT = "pedt", _("PEDT")
    REP = "rep", _("REP")
    REP_PLUS = "rep_plus", _("REP+")
    OEPRE = "oepre", _("Ouvrir l'école aux parents")
    ASL = "asl", _("ASL (ateliers sociolinguistiques)")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Tout le monde")
    GROUP = "group", _("Les membres du groupe seulement")


class Resource(models.Model):
    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="resources")
    # Neighbouring groups that list this entry in their own inventory, without a copy.
    shared_with = models.ManyToManyField(LocalGroup, related_name="shared_resources", blank=True)
    name = models.CharField(_("nom"), max_length=200)
    category = models.CharField(_("catégorie"), max_length=40, choices=Category.choices)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="resources", verbose_name=_("commune")
    )
    latitude = models.FloatField()
    longitude = models.FloatField()
    public_contact = models.CharField(_("contact public"), max_length=200, blank=True)
    opening_hours = models.CharField(_("horaires"), max_length=300, blank=True)
    audience = models.CharField(_("public accueilli"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    visibility = models.CharField(
        _("qui peut voir"), max_length=10, choices=Visibility.choices, default=Visibility.GROUP
    )
    uai = models.CharField(_("code UAI"), max_length=8, blank=True)
    # Lower case, without accents: « mosaique » finds « Mosaïque » on both databases.
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["group", "category"]),
            models.Index(fields=["visibility", "latitude", "longitude"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inventory:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class ResourceScheme(models.Model):
    """A scheme (dispositif) a resource takes part in; a table so that both databases filter fast."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="schemes")
    code = models.CharField(max_length=20, choices=Scheme.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "code"], name="one_scheme_each")]
        indexes = [models.Index(fields=["code", "resource"])]

    def __str__(self) -> str:
        return self.get_code_display()
