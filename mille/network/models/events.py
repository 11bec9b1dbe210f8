"""Gatherings: an event, its sessions (the Journée's forum, round tables and workshops), the people
registered (a name and one way to reach them, no account needed) and their place in each session.

A place (« Seat ») is confirmed, waiting, or offered: when a confirmed place is freed, the next
person waiting is offered it and has `Event.offer_hours` to accept (by e-mail); a person with no
e-mail is called and confirmed by the organiser. The list of names is erased after the event;
each session keeps its counts.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mille.groups.models import LocalGroup
from mille.territories.models import Commune, Departement


class EventLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    DEPARTEMENTAL = "departemental", _("Départemental")
    LOCAL = "local", _("Local")
    TRAINING = "training", _("Journée de formation")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    PUBLISHED = "published", _("Publié")
    CANCELLED = "cancelled", _("Annulé")


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plénière")
    FORUM = "forum", _("Forum")
    ROUND_TABLE = "round_table", _("Table ronde")
    WORKSHOP = "workshop", _("Atelier")
    MEETING = "meeting", _("Rencontre")
    TRAINING = "training", _("Formation")


class Access(models.TextChoices):
    """What a place offers, and what a person may ask for to be able to come."""

    WHEELCHAIR = "wheelchair", _("Accès en fauteuil roulant")
    SIGN_LANGUAGE = "sign_language", _("Interprète en langue des signes (LSF)")
    HEARING_LOOP = "hearing_loop", _("Boucle magnétique pour les appareils auditifs")
    EASY_READ = "easy_read", _("Documents faciles à lire, en gros caractères")
    INTERPRETING = "interpreting", _("Traduction dans une autre langue")
    CHILDCARE = "childcare", _("Garde des enfants sur place")
    TRANSPORT = "transport", _("Aide pour venir (transport)")


class Event(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=140)
    level = models.CharField(_("niveau"), max_length=16, choices=EventLevel.choices)
    status = models.CharField(max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT)
    summary = models.CharField(_("en une phrase"), max_length=300)
    description = models.TextField(_("présentation"), blank=True, max_length=5000)
    audience = models.CharField(_("pour qui"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    # Where: a place on the map, or a link for an online event.
    departement = models.ForeignKey(
        Departement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("département"),
    )
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place_name = models.CharField(_("lieu"), max_length=140, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    online_url = models.URLField(_("lien pour suivre en ligne"), blank=True)
    access = models.JSONField(_("accessibilité"), default=list, blank=True)
    access_note = models.CharField(_("accessibilité : précisions"), max_length=500, blank=True)
    # A group's own occasion (a café des parents, a school event) is organised by the group.
    group = models.ForeignKey(
        LocalGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    registration_open = models.BooleanField(_("inscriptions ouvertes"), default=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("délai pour accepter une place libérée (heures)"), default=48
    )
    testimony_call = models.TextField(_("appel à témoignages"), blank=True, max_length=1000)
    # Calendars update an event they already hold when its SEQUENCE grows.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    attendance_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["departement", "starts_at"]),
        ]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:event", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status != EventStatus.DRAFT

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def takes_registrations(self) -> bool:
        return (
            self.status == EventStatus.PUBLISHED
            and self.registration_open
            and self.starts_at > timezone.now()
        )

    @property
    def where(self) -> str:
        """One line for a calendar or a badge: place, address, commune."""
        parts = [self.place_name, self.address, self.commune.label if self.commune_id else ""]
        return ", ".join(part for part in parts if part) or self.online_url


class Session(models.Model):
    """A part of the programme with its own places: the forum, a round table, a workshop. An event
    with no programme has one session, its own time."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("titre"), max_length=140)
    kind = models.CharField(
        _("type"), max_length=16, choices=SessionKind.choices, default=SessionKind.MEETING
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    room = models.CharField(_("salle"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Laissez vide s'il n'y a pas de limite.")
    )
    description = models.CharField(_("en quelques mots"), max_length=600, blank=True)
    # What is left once the list of names is erased.
    kept_registered = models.PositiveIntegerField(null=True, blank=True, editable=False)
    kept_attended = models.PositiveIntegerField(null=True, blank=True, editable=False)
    kept_waiting = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("séance")

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """A person registered for an event: a name and one way to be reached, nothing more. The token
    is the person's key to their registration (the links of the e-mails); the check-in code is
    what the badge's QR code carries."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("nom ou prénom"), max_length=80)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    needs = models.JSONField(default=list, blank=True)
    needs_note = models.CharField(max_length=200, blank=True)
    token = models.CharField(max_length=64, unique=True)
    checkin_code = models.CharField(max_length=16, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(email="") & models.Q(cancelled_at__isnull=True),
                name="one_registration_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "phone"],
                condition=~models.Q(phone="") & models.Q(cancelled_at__isnull=True),
                name="one_registration_per_phone",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(user__isnull=False) & models.Q(cancelled_at__isnull=True),
                name="one_registration_per_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("network:registration", kwargs={"token": self.token})

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def reach(self) -> str:
        """How the person is reached, without showing the address: « e-mail » or the phone."""
        return self.phone or ("e-mail" if self.email else "")


class SeatStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Place confirmée")
    WAITING = "waiting", _("Sur la liste d'attente")
    OFFERED = "offered", _("Place proposée, à accepter")
    CANCELLED = "cancelled", _("Annulée")
    DECLINED = "declined", _("Place refusée")
    EXPIRED = "expired", _("Délai passé")


HOLDING = (SeatStatus.CONFIRMED, SeatStatus.OFFERED)


class Seat(models.Model):
    """A person's place in one session; `created_at` orders the waiting list."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="seats")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="seats")
    status = models.CharField(max_length=12, choices=SeatStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session__starts_at", "session_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="one_seat_per_session")
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.registration.name} — {self.session} ({self.get_status_display()})"

    @property
    def offer_is_open(self) -> bool:
        return self.status == SeatStatus.OFFERED and (
            self.offer_expires_at is None or self.offer_expires_at > timezone.now()
        )


class Convocation(models.Model):
    """A local group convened to a départemental gathering by its référent."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="convocations")
    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "group"], name="one_convocation_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.event}"
