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
    EREA = "erea", _("EREA (enseignement adapté)")
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
    # Denormalised from the commune, for the départemental map at national scale.
    departement = models.ForeignKey(
        "territories.Departement", on_delete=models.PROTECT, related_name="resources"
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
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    website = models.URLField(_("site web"), max_length=300, blank=True)
    siret = models.CharField(_("numéro SIRET"), max_length=14, blank=True)
    # Provenance of an imported entry: the record's producer and its identifier there
    # (data·inclusion `source` and `id`; the Annuaire de l'éducation and the UAI). Re-importing
    # the same record finds the entry again.
    source = models.CharField(_("source"), max_length=100, blank=True)
    source_id = models.CharField(_("identifiant à la source"), max_length=300, blank=True)
    # When the information was last changed: by the group, or at its source for an import
    # (data·inclusion's `date_maj`).
    data_updated_on = models.DateField(_("informations mises à jour le"), null=True, blank=True)
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
            models.Index(fields=["departement", "visibility"]),
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


# --- Resource persons, difficulties, and the way to the parents furthest from school ----------


class ConsentMeans(models.TextChoices):
    ORAL = "oral", _("À l'oral, devant un membre du groupe")
    WRITTEN = "written", _("Par écrit (papier signé)")
    MESSAGE = "message", _("Par message (e-mail, SMS)")


class ResourcePerson(models.Model):
    """Someone who can help, with the consent they gave to be listed. Members only; erasable."""

    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="resource_persons")
    name_or_role = models.CharField(_("nom ou rôle"), max_length=150)
    structure = models.CharField(_("structure"), max_length=200, blank=True)
    can_help_with = models.TextField(_("peut aider pour"), max_length=1000)
    how_to_reach = models.TextField(
        _("la meilleure façon et le meilleur moment pour la joindre"), max_length=1000, blank=True
    )
    consent_on = models.DateField(_("date du consentement"))
    # Consent is asked again by this date; past it (and a grace period), the entry is erased.
    consent_review_on = models.DateField(_("accord à redemander avant le"), null=True, blank=True)
    consent_means = models.CharField(
        _("comment le consentement a été donné"), max_length=20, choices=ConsentMeans.choices
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name_or_role", "pk"]

    def __str__(self) -> str:
        return self.name_or_role


class Theme(models.TextChoices):
    SLEEP = "sleep", _("Sommeil")
    FOOD = "food", _("Alimentation")
    SCHOOL_ACCESS = "school_access", _("Accès à l'école")
    VIOLENCE = "violence", _("Violence")
    LANGUAGE = "language", _("Langue")
    DIGITAL = "digital", _("Numérique")
    TRANSPORT = "transport", _("Transport")
    HOUSING = "housing", _("Logement")
    HEALTH = "health", _("Santé")
    MONEY = "money", _("Argent")
    OTHER = "other", _("Autre")


class Difficulty(models.Model):
    """A difficulty lived by children and parents; who raised it is a category, never a person."""

    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="difficulties")
    text = models.CharField(_("la difficulté"), max_length=300)
    themes = models.JSONField(_("thèmes"), default=list)
    raised_by = models.JSONField(_("soulevée par"), default=list)
    statements = models.ManyToManyField(
        "workshops.Statement", related_name="difficulties", blank=True
    )
    resources = models.ManyToManyField(Resource, related_name="difficulties", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class PlaceKind(models.TextChoices):
    SCHOOL_GATE = "school_gate", _("Sortie d'école")
    MARKET = "market", _("Marché")
    PMI = "pmi", _("PMI")
    LAUNDRETTE = "laundrette", _("Laverie")
    SOCIAL_CENTRE = "social_centre", _("Centre social")
    PARK = "park", _("Parc, square")
    OTHER = "other", _("Autre lieu")


class RelayKind(models.TextChoices):
    PARENT_RELAY = "parent_relay", _("Parent relais")
    MEDIATOR = "mediator", _("Médiateur, médiatrice")
    COMMUNITY = "community", _("Association communautaire")
    INTERPRETER = "interpreter", _("Interprète")
    OTHER = "other", _("Autre relais")


class OutreachPlace(models.Model):
    """Where and when to meet parents far from school — places and moments, never people."""

    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="outreach_places")
    kind = models.CharField(_("type de lieu"), max_length=20, choices=PlaceKind.choices)
    label = models.CharField(_("lieu"), max_length=150)
    moment = models.CharField(_("moment"), max_length=150, blank=True)

    def __str__(self) -> str:
        return self.label


class OutreachRelay(models.Model):
    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="outreach_relays")
    kind = models.CharField(_("type de relais"), max_length=20, choices=RelayKind.choices)
    label = models.CharField(_("relais"), max_length=150)

    def __str__(self) -> str:
        return self.label


class Outing(models.Model):
    """One outing to meet parents: how many people were met and what they said, anonymously."""

    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="outings")
    on = models.DateField(_("date"))
    place = models.ForeignKey(
        OutreachPlace,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outings",
        verbose_name=_("lieu"),
    )
    people_met = models.PositiveSmallIntegerField(_("personnes rencontrées"))
    what_was_said = models.TextField(_("ce qui a été dit (sans nom)"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.on} ({self.people_met})"
