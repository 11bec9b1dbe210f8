"""The départemental level and what the national coordination answers.

- A « référent départemental » is given the role by the national coordination. It is kept here, not
  as a membership of the groups: a membership would open a group's private pages (its état des
  lieux, its members' names). The référent follows the groups of the département through this
  app's own pages.
- Requests to the national coordination (seed 001: « elle peut intervenir, à votre demande »), and
  visitors' questions for the FAQ (seed 004: « n'hésitez pas à nous transmettre vos questions »).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mille.groups.models import LocalGroup
from mille.territories.models import Departement


class Referent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referent_roles"
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="referents")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["departement_id", "granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "departement"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_referent_role",
            )
        ]
        verbose_name = _("référent départemental")

    def __str__(self) -> str:
        return f"{self.user} — {self.departement}"


class Opinion(models.TextChoices):
    FAVOURABLE = "favourable", _("Avis favorable")
    RESERVED = "reserved", _("Des points à revoir")


class RecognitionOpinion(models.Model):
    """The référent's word on a group's recognition, before the national decision."""

    group = models.ForeignKey(
        LocalGroup, on_delete=models.CASCADE, related_name="referent_opinions"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opinion = models.CharField(_("avis"), max_length=12, choices=Opinion.choices)
    comment = models.TextField(_("commentaire"), blank=True, max_length=2000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.group} — {self.get_opinion_display()}"


class RequestKind(models.TextChoices):
    HELP_TO_START = "help_to_start", _("Une aide pour démarrer")
    MOBILISATION_MEETING = "mobilisation_meeting", _("Une rencontre de mobilisation")
    TRAINING_DAY = "training_day", _("Une journée de formation")
    QUESTION = "question", _("Une question")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Envoyée")
    IN_PROGRESS = "in_progress", _("Prise en charge")
    CLOSED = "closed", _("Close")


class CoordinationRequest(models.Model):
    group = models.ForeignKey(
        LocalGroup, on_delete=models.CASCADE, related_name="coordination_requests"
    )
    kind = models.CharField(_("votre demande"), max_length=24, choices=RequestKind.choices)
    subject = models.CharField(_("en quelques mots"), max_length=140)
    status = models.CharField(
        max_length=12, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.group} — {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("network:request", kwargs={"slug": self.group.slug, "request_pk": self.pk})


class RequestMessage(models.Model):
    """One message of the exchange, from the group or from the coordination."""

    request = models.ForeignKey(
        CoordinationRequest, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_coordination = models.BooleanField(default=False)
    body = models.TextField(max_length=3000)
    status_to = models.CharField(max_length=12, choices=RequestStatus.choices, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} — {self.at:%Y-%m-%d}"


class VisitorQuestion(models.Model):
    """A visitor's question for the FAQ. The e-mail address, when given, serves only to send the
    answer, and is erased once it is sent."""

    class Status(models.TextChoices):
        NEW = "new", _("À traiter")
        ANSWERED = "answered", _("Répondue")
        SET_ASIDE = "set_aside", _("Écartée")

    question = models.TextField(_("votre question"), max_length=1500)
    name = models.CharField(_("votre prénom (facultatif)"), max_length=80, blank=True)
    email = models.EmailField(_("votre adresse e-mail (facultatif)"), blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    answer = models.TextField(_("réponse"), blank=True, max_length=5000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_sent = models.BooleanField(default=False)
    in_faq = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.question[:60]
