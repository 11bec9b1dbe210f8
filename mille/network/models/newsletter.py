"""The newsletter (« lettre d'information », seed 004: its form is « sur chacune de nos pages »).

A subscriber is a confirmed address (double opt-in), with the consent as it was given: the text
shown, its version and the date. An issue is composed from library items, events and group news,
kept as they read when composed (the web version stays what was sent). Each delivery is one line of
the per-address log: sent, to retry, failed, or bounced.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("À confirmer")
    CONFIRMED = "confirmed", _("Inscrite")
    UNSUBSCRIBED = "unsubscribed", _("Désinscrite")
    BOUNCED = "bounced", _("Adresse en erreur")


class Subscriber(models.Model):
    email = models.EmailField(unique=True)
    status = models.CharField(
        max_length=14, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING
    )
    # Part of every signed link: a new key makes old links stop working.
    key = models.CharField(max_length=32)
    consent_text = models.TextField()
    consent_version = models.CharField(max_length=20)
    consented_at = models.DateTimeField()
    source = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.masked_email

    @property
    def masked_email(self) -> str:
        """« f•••@example.org »: enough for the coordination to recognise a line of the log."""
        local, _at, domain = self.email.partition("@")
        return f"{local[:1]}•••@{domain}"


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    SENDING = "sending", _("En cours d'envoi")
    SENT = "sent", _("Envoyée")


class Issue(models.Model):
    number = models.PositiveIntegerField(unique=True)
    subject = models.CharField(_("objet"), max_length=140)
    intro = models.TextField(_("le mot de la coordination"), blank=True, max_length=3000)
    status = models.CharField(max_length=10, choices=IssueStatus.choices, default=IssueStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sending_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"n° {self.number} — {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("network:issue", kwargs={"number": self.number})


class ItemKind(models.TextChoices):
    LIBRARY = "library", _("Dans la bibliothèque")
    EVENT = "event", _("Rendez-vous")
    GROUP = "group", _("Des nouvelles des groupes")


class IssueItem(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    source_id = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    # A path on the site: e-mails add the site's address in front.
    path = models.CharField(max_length=300)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    SENT = "sent", _("Envoyée")
    RETRY = "retry", _("À réessayer")
    FAILED = "failed", _("Échec")
    BOUNCED = "bounced", _("Adresse refusée")


class Delivery(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A batch claims its deliveries before sending, so that no address is sent to twice; a claim
    # left by a worker that died is taken again after a while.
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery_per_address")
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self) -> str:
        return f"{self.issue} → {self.subscriber} ({self.get_status_display()})"
