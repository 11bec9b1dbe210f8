"""The national survey (seed 004: « une enquête nationale en ligne », which also invites people
« à rejoindre la mobilisation »).

Answers are anonymous by default: a `Response` then holds no person; who has already answered (for
the one-answer rules) is kept apart in `Participation`, with no link to the response and no time.
A response keeps only its day. Once a survey is open its questions no longer change, so an answer
can keep a choice's position.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mille.accounts.models import Category
from mille.groups.models import LocalGroup
from mille.territories.models import Departement


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Tout le monde, sans compte")
    MEMBERS = "members", _("Les membres des groupes locaux (une réponse par personne)")
    ONE_PER_GROUP = "one_per_group", _("Une réponse par groupe local")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    OPEN = "open", _("Ouverte")
    CLOSED = "closed", _("Close")


class Survey(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=140)
    intro = models.TextField(_("présentation"), blank=True, max_length=3000)
    audience = models.CharField(
        _("qui peut répondre"), max_length=16, choices=Audience.choices, default=Audience.EVERYONE
    )
    anonymous = models.BooleanField(
        _("réponses anonymes"),
        default=True,
        help_text=_("Personne, même la coordination, ne sait qui a répondu quoi."),
    )
    results_public = models.BooleanField(_("résultats visibles par tous"), default=True)
    status = models.CharField(
        max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("enquête")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:survey", kwargs={"slug": self.slug})

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Un seul choix")
    MULTIPLE = "multiple", _("Plusieurs choix possibles")
    SCALE = "scale", _("Une échelle (de 1 à 5…)")
    TEXT = "text", _("Une réponse libre")


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("type de réponse"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("la question"), max_length=300)
    help = models.CharField(_("une aide (facultatif)"), max_length=300, blank=True)
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    choices = models.JSONField(default=list, blank=True)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=5)
    scale_min_label = models.CharField(max_length=60, blank=True)
    scale_max_label = models.CharField(max_length=60, blank=True)
    # Shown only when the answer to an earlier question is one of `condition_values`.
    condition_question = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="dependents"
    )
    condition_values = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    def value_labels(self) -> list[tuple[int, str]]:
        """(value, label) of every possible answer of a choice or a scale."""
        if self.kind == QuestionKind.SCALE:
            return [(n, str(n)) for n in range(self.scale_min, self.scale_max + 1)]
        return list(enumerate(self.choices))


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField(default=timezone.localdate)
    departement = models.ForeignKey(
        Departement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.CharField(max_length=32, choices=Category.choices, blank=True)
    # A group's answer (one per group) is the group's; a person's, only if not anonymous.
    group = models.ForeignKey(
        LocalGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.survey} — {self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=3000)

    class Meta:
        indexes = [models.Index(fields=["question", "value"])]

    def __str__(self) -> str:
        return f"{self.question} — {self.value if self.value is not None else self.text[:30]}"


class Participation(models.Model):
    """Who has answered: a person or a group. No time, no link to the response."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    group = models.ForeignKey(
        LocalGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=models.Q(user__isnull=False),
                name="one_answer_per_person",
            ),
            models.UniqueConstraint(
                fields=["survey", "group"],
                condition=models.Q(group__isnull=False),
                name="one_answer_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} — {self.group or self.user}"
