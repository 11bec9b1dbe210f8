"""The collective « n'a pas d'existence juridique » (seed 004): what it keeps is who sits where,
what was decided, when and by whom — no votes, no quorum, no proxies."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mille.groups.models import LocalGroup


class MemberAssociation(models.Model):
    """A national network (tête de réseau) that belongs to the collective."""

    name = models.CharField(_("nom"), max_length=160, unique=True)
    website = models.URLField(_("site internet"), blank=True)
    description = models.TextField(_("présentation"), max_length=2000, blank=True)
    founding = models.BooleanField(
        _("à l'origine du collectif"),
        default=False,
        help_text=_("A porté le chantier des recherches-actions « en associant les parents »."),
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="represented_associations"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("association membre")
        verbose_name_plural = _("associations membres")

    def __str__(self) -> str:
        return self.name


class BodyKind(models.TextChoices):
    """The three bodies created in 2017 (seed 004)."""

    PLENARY = "pleniere", _("Assemblée plénière")
    REFERENTS = "referents", _("Groupe des Référents")
    COMMITTEE = "comite", _("Comité de suivi et d'animation")


class Body(models.Model):
    kind = models.CharField(max_length=12, choices=BodyKind.choices, unique=True)
    mission = models.TextField(_("rôle"), max_length=1000, blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("instance")
        verbose_name_plural = _("instances")

    def __str__(self) -> str:
        return self.get_kind_display()


class SeatRole(models.TextChoices):
    MEMBER = "member", _("Membre")
    ELECTED = "elected", _("Représentant·e élu·e")
    REFERENT = "referent", _("Référent·e")
    FACILITATOR = "facilitator", _("Animation")


class Seat(models.Model):
    """A person's term in a body, for an association: from `start_on` to `end_on` (open-ended)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seats"
    )
    association = models.ForeignKey(
        MemberAssociation, null=True, blank=True, on_delete=models.SET_NULL, related_name="seats"
    )
    role = models.CharField(_("rôle"), max_length=16, choices=SeatRole.choices)
    start_on = models.DateField(_("début du mandat"))
    end_on = models.DateField(_("fin du mandat"), null=True, blank=True)

    class Meta:
        ordering = ["body", "association__name", "start_on"]
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")

    def __str__(self) -> str:
        return f"{self.user} — {self.body}"


class WorkingGroup(models.Model):
    name = models.CharField(_("nom"), max_length=160)
    purpose = models.TextField(_("objet"), max_length=2000, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    started_on = models.DateField(_("commencé le"), default=timezone.localdate)
    closed_on = models.DateField(_("terminé le"), null=True, blank=True)

    class Meta:
        ordering = ["closed_on", "name"]
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    online = models.BooleanField(_("en ligne"), default=False)
    minutes = models.TextField(_("compte rendu"), max_length=20000, blank=True)
    minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")

    def __str__(self) -> str:
        return f"{self.body} — {self.held_on:%d/%m/%Y}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("point"), max_length=200)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=150)
    file = models.FileField(upload_to="governance/%Y/%m/")
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """What a body decided, on which date, recorded by whom: the collective's memory."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    decided_on = models.DateField(_("décidé le"))
    title = models.CharField(_("intitulé"), max_length=200)
    text = models.TextField(_("texte de la décision"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # Title and text, lower-case and accent-free (core.text.normalize_search): the log's search
    # ignores accents on SQLite and PostgreSQL alike, with no database extension.
    search_key = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")

    def __str__(self) -> str:
        return self.title


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SENT = "sent", _("Envoyé")
    ANSWERED = "answered", _("Répondu")


class PeriodicReport(models.Model):
    """A local group's short report to the collective: what happened, what it needs."""

    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="reports")
    period_start = models.DateField(_("du"))
    period_end = models.DateField(_("au"))
    happened = models.TextField(_("ce qui s'est passé"), max_length=5000)
    needs = models.TextField(_("ce dont le groupe a besoin"), max_length=3000, blank=True)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("réponse du collectif"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "-pk"]
        indexes = [models.Index(fields=["status", "sent_at"])]
        verbose_name = _("bilan périodique")
        verbose_name_plural = _("bilans périodiques")

    def __str__(self) -> str:
        return f"{self.group} — {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"
