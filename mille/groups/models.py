from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mille.accounts.models import Category
from mille.territories.models import Commune, Departement


class Recognition(models.TextChoices):
    NOT_REQUESTED = "not_requested", _("Reconnaissance non demandée")
    SUBMITTED = "submitted", _("Reconnaissance en examen")
    RETURNED = "returned", _("Reconnaissance à revoir")
    RECOGNISED = "recognised", _("Groupe reconnu")


class LocalGroup(models.Model):
    """A local group « Mille et un territoires »: a core of partners on a territory."""

    name = models.CharField(_("nom du groupe"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    communes = models.ManyToManyField(
        Commune, related_name="local_groups", verbose_name=_("communes")
    )
    # Denormalised from the communes, for the directory filter and the map.
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="local_groups"
    )
    latitude = models.FloatField()
    longitude = models.FloatField()
    territory_label = models.CharField(max_length=300)
    neighbourhood = models.CharField(_("quartier (facultatif)"), max_length=120, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    public_contact = models.CharField(_("contact public"), max_length=200, blank=True)
    search_text = models.TextField(editable=False, default="")
    # Kept by the membership services, so the directory never counts members per row.
    member_count = models.PositiveIntegerField(default=0, editable=False)

    charter_committed_at = models.DateTimeField(null=True, blank=True)
    charter_committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recognition = models.CharField(
        max_length=20, choices=Recognition.choices, default=Recognition.NOT_REQUESTED
    )
    recognition_comment = models.TextField(blank=True)
    recognised_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("groupe local")
        verbose_name_plural = _("groupes locaux")
        indexes = [
            models.Index(fields=["departement", "name"]),
            models.Index(fields=["recognition"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", kwargs={"slug": self.slug})

    @property
    def is_recognised(self) -> bool:
        return self.recognition == Recognition.RECOGNISED


class AnchorKind(models.TextChoices):
    ECOLE_MATERNELLE = "ecole_maternelle", _("École maternelle")
    ECOLE_ELEMENTAIRE = "ecole_elementaire", _("École élémentaire")
    COLLEGE = "college", _("Collège")
    LYCEE = "lycee", _("Lycée")
    CENTRE_SOCIAL = "centre_social", _("Centre social")
    CENTRE_LOISIRS = "centre_loisirs", _("Centre de loisirs")
    MAISON_QUARTIER = "maison_quartier", _("Maison de quartier / MPT")
    PETITE_ENFANCE = "petite_enfance", _("Établissement petite enfance")
    MEDIATHEQUE = "mediatheque", _("Médiathèque")
    ASSOCIATION = "association", _("Association")
    OTHER = "other", _("Autre lieu")


class AnchorPlace(models.Model):
    """A place the group is built around: a school, a collège, a social centre..."""

    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="anchors")
    kind = models.CharField(_("type de lieu"), max_length=32, choices=AnchorKind.choices)
    name = models.CharField(_("nom du lieu"), max_length=160)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordination")
    FACILITATOR = "facilitator", _("Animation")
    MEMBER = "member", _("Membre")


class Membership(models.Model):
    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    category = models.CharField(_("catégorie"), max_length=32, choices=Category.choices, blank=True)
    shown_publicly = models.BooleanField(
        _("afficher mon nom sur la page publique du groupe"), default=False
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_unique_per_group")
        ]
        indexes = [models.Index(fields=["group", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.group} ({self.get_role_display()})"


class Invitation(models.Model):
    """A link that lets anyone who holds it join the group, until it expires or is revoked."""

    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.group} — {self.created_at:%Y-%m-%d}"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        ACCEPTED = "accepted", _("Acceptée")
        REFUSED = "refused", _("Refusée")

    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message (facultatif)"), blank=True, max_length=1000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.group} ({self.get_status_display()})"


class Criterion(models.IntegerChoices):
    """The 7 criteria by which a local group is recognised (FAQ of the collective)."""

    INEQUALITY = (
        1,
        _("Une volonté de combattre la reconduction des inégalités éducatives entre générations"),
    )
    FROM_START = (
        2,
        _("Une démarche pour associer les parents et les enfants concernés dès le début du projet"),
    )
    TERRITORY = (
        3,
        _("Un territoire mobilisé par des parents, des enfants, des acteurs éducatifs et sociaux"),
    )
    COMMUNITY = 4, _("Une motivation pour rejoindre l'ensemble de la communauté éducative")
    COOPERATION = (
        5,
        _(
            "Un climat de coopération bienveillante où chacun s'exprime à égalité et cherche à agir ensemble"
        ),
    )
    RESOURCES = (
        6,
        _(
            "Une action réfléchie en fonction des ressources et des besoins, envisagés conjointement"
        ),
    )
    POOLING = (
        7,
        _(
            "Une mutualisation des expériences : rencontres, témoignages, partage des outils et formations"
        ),
    )


class CriterionStatus(models.TextChoices):
    NOT_YET = "not_yet", _("Pas encore")
    IN_PROGRESS = "in_progress", _("En cours")
    MET = "met", _("Atteint")


class CriterionAssessment(models.Model):
    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.PositiveSmallIntegerField(choices=Criterion.choices)
    status = models.CharField(
        max_length=20, choices=CriterionStatus.choices, default=CriterionStatus.NOT_YET
    )
    evidence = models.TextField(_("ce qui le montre"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "criterion"], name="one_assessment_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} — {self.criterion}: {self.get_status_display()}"


class RecognitionEvent(models.Model):
    """The history of a group's recognition: each request and each decision."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Demande envoyée")
        RECOGNISED = "recognised", _("Groupe reconnu")
        RETURNED = "returned", _("Demande renvoyée au groupe")

    group = models.ForeignKey(
        LocalGroup, on_delete=models.CASCADE, related_name="recognition_events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.group} — {self.get_kind_display()}"


class AuditEntry(models.Model):
    """Append-only journal of who viewed, changed, erased or exported a group's sensitive records
    (resource persons, difficulties, outings, exports). It names the record's kind and number,
    never its content. Visible to the group's coordination and the national coordination."""

    class Action(models.TextChoices):
        VIEW = "view", _("Consultation")
        CREATE = "create", _("Ajout")
        CHANGE = "change", _("Modification")
        DELETE = "delete", _("Effacement")
        EXPORT = "export", _("Export")
        PURGE = "purge", _("Effacement automatique (durée de conservation)")

    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="audit_entries")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    record = models.CharField(max_length=60)
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["group", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} : {self.record}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("The audit journal is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("The audit journal is append-only.")
