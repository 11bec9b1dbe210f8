"""Partnerships that last (seeds 002 and 003): a local group and a structure of its état des
lieux, their convention, their meetings, the actions they follow through together, and the
shared evaluation (« le bilan partagé »).

Vocabulary: « tenir le fil » is to hold the thread of a partnership (the person who keeps it
going); a partner's representative (« partenaire ») has an account that sees the partnership and
nothing else of the group.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mille.groups.models import LocalGroup
from mille.inventory.models import Resource
from mille.workshops.models import Action, Question, Workshop


class Level(models.TextChoices):
    """Seed 003: the three levels of partnership."""

    MINIMAL = "minimal", _("Minimal")
    INTERMEDIATE = "intermediate", _("Intermédiaire")
    MAXIMAL = "maximal", _("Maximal")


LEVEL_DEFINITIONS = {
    Level.MINIMAL: _("Un partenaire demande à l'autre un service ou le financement d'un projet."),
    Level.INTERMEDIATE: _("En mettant en commun, on repense ensemble la demande."),
    Level.MAXIMAL: _("On construit ensemble une solution nouvelle."),
}


class Side(models.TextChoices):
    GROUP = "group", _("Le groupe local")
    PARTNER = "partner", _("Le partenaire")


class Aspect(models.TextChoices):
    """Seed 002: « ce qu'on attend les uns des autres : disponibilité, relation, résultat »."""

    AVAILABILITY = "availability", _("Disponibilité")
    RELATION = "relation", _("Relation")
    RESULT = "result", _("Résultats pour les enfants et les familles")
    LIMIT = "limit", _("Limites : ce qu'on ne demande pas")


class ContactRole(models.TextChoices):
    HEAD = "head", _("Direction")
    TEACHER = "teacher", _("Enseignant ou enseignante")
    CPE = "cpe", _("CPE")
    REP_COORDINATOR = "rep_coordinator", _("Coordination REP / REP+")
    PSYCHOLOGIST = "psychologist", _("Psychologue scolaire")
    NURSE = "nurse", _("Infirmier ou infirmière")
    SOCIAL_WORKER = "social_worker", _("Travailleur social")
    FACILITATOR = "facilitator", _("Animateur ou animatrice")
    CAF_OFFICER = "caf_officer", _("Conseiller ou conseillère CAF")
    CITY = "city", _("Service de la ville")
    ELECTED = "elected", _("Élu ou élue")
    VOLUNTEER = "volunteer", _("Bénévole")
    OTHER = "other", _("Autre")


class Contribution(models.TextChoices):
    """What a party brings to the collective work (seed 001: « locaux, logistique, personnes »)."""

    PREMISES = "premises", _("Des locaux")
    LOGISTICS = "logistics", _("De la logistique")
    PEOPLE = "people", _("Des personnes")
    FUNDING = "funding", _("Un financement")
    TIME = "time", _("Du temps")


class AttendanceRole(models.TextChoices):
    PARENTS = "parents", _("Parents")
    SCHOOL = "school", _("École")
    SOCIAL_CENTRE = "social_centre", _("Centre social")
    ASSOCIATIONS = "associations", _("Associations")
    CAF = "caf", _("CAF")
    CITY = "city", _("Ville")
    CHILDREN = "children", _("Enfants, jeunes")
    OTHER = "other", _("Autres")


class Partnership(models.Model):
    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="partnerships")
    structure = models.ForeignKey(
        Resource,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("structure partenaire"),
    )
    level = models.CharField(
        _("niveau"), max_length=15, choices=Level.choices, default=Level.MINIMAL
    )
    schemes = models.JSONField(_("dispositifs"), default=list, blank=True)
    purpose = models.CharField(_("pour quoi faire ensemble"), max_length=300, blank=True)
    # The agreed rhythm, from the current convention: a meeting every N weeks.
    meeting_every_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["structure__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "structure"], name="one_partnership_per_pair")
        ]

    def __str__(self) -> str:
        return self.structure.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("partnerships:detail", kwargs={"slug": self.group.slug, "pk": self.pk})


class LevelChange(models.Model):
    """The level's history: every change, when, why, by whom."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="level_history"
    )
    level = models.CharField(max_length=15, choices=Level.choices)
    changed_on = models.DateField(default=timezone.localdate)
    note = models.CharField(_("pourquoi"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.changed_on:%d/%m/%Y})"


class Expectation(models.Model):
    """What one side expects of the other, aspect by aspect, and the limits."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="expectations"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    aspect = models.CharField(max_length=15, choices=Aspect.choices)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["side", "aspect"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "side", "aspect"], name="one_expectation_per_aspect"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Contact(models.Model):
    """A contact person of the partner, by role. Leaving keeps the history (seed 002: « changements
    d'interlocuteur fréquents »)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nom"), max_length=120)
    role = models.CharField(_("rôle"), max_length=20, choices=ContactRole.choices)
    reach = models.CharField(_("comment la joindre (professionnel)"), max_length=200, blank=True)
    since = models.DateField(_("depuis"), default=timezone.localdate)
    left_on = models.DateField(_("partie le"), null=True, blank=True)

    class Meta:
        ordering = ["left_on", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class ThreadHolding(models.Model):
    """Who « tient le fil », from when to when; a hand-over closes one and opens the next, with
    what the next person must know."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="thread")
    holder = models.CharField(_("qui tient le fil"), max_length=120)
    side = models.CharField(_("de quel côté"), max_length=10, choices=Side.choices)
    since = models.DateField(default=timezone.localdate)
    until = models.DateField(null=True, blank=True)
    handover_note = models.TextField(
        _("ce que la personne suivante doit savoir"), max_length=2000, blank=True
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-since", "-pk"]

    def __str__(self) -> str:
        return self.holder


class Representative(models.Model):
    """An account of the partner's side (role « partenaire »): sees this partnership only."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="representatives"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_roles"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "user"], name="one_role_per_partner")
        ]

    def __str__(self) -> str:
        return str(self.user)


class PartnerInvitation(models.Model):
    """A link that makes whoever opens it (signed in) the partner's representative."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.partnership} ({self.expires_at:%d/%m/%Y})"


# --- The convention ----------------------------------------------------------------------------


class ConventionVersion(models.Model):
    """Seed 001: « une convention précisera la part de chacun ». Never changed once written: a
    change is a new version, acknowledged again."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="conventions"
    )
    number = models.PositiveSmallIntegerField()
    objectives = models.TextField(_("nos objectifs communs"), max_length=2000)
    coordination = models.CharField(_("qui coordonne et convoque"), max_length=200, blank=True)
    rhythm_weeks = models.PositiveSmallIntegerField(
        _("une réunion toutes les … semaines"), null=True, blank=True
    )
    rhythm_note = models.CharField(
        _("le rythme, selon les contraintes de chacun"), max_length=300, blank=True
    )
    autonomy = models.TextField(
        _("l'autonomie du groupe face aux institutions"), max_length=1000, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="convention_number")
        ]

    def __str__(self) -> str:
        return f"{self.partnership} — version {self.number}"


class ConventionPart(models.Model):
    """One party's part: what it brings, and its limits."""

    version = models.ForeignKey(ConventionVersion, on_delete=models.CASCADE, related_name="parts")
    party = models.CharField(_("qui"), max_length=150)
    brings = models.JSONField(_("apporte"), default=list, blank=True)
    details = models.CharField(_("en pratique"), max_length=300, blank=True)
    limits = models.CharField(_("ses limites"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.party

    @property
    def brings_labels(self) -> list[str]:
        labels = dict(Contribution.choices)
        return [str(labels.get(code, code)) for code in self.brings]


class Acknowledgement(models.Model):
    """Who acknowledged a version of the convention, for which party, and when."""

    version = models.ForeignKey(
        ConventionVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    # The party (an organisation) stays acknowledged if the person erases their account.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    party = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "party"], name="one_acknowledgement_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.at:%d/%m/%Y})"


# --- Meetings ----------------------------------------------------------------------------------


class Meeting(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    starts_at = models.DateTimeField(_("date et heure"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=90)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    agenda = models.TextField(_("ordre du jour"), max_length=2000, blank=True)
    # Who came, by role: {"parents": 6, "school": 2, ...}. Counts, never names.
    attendance = models.JSONField(_("qui est venu"), default=dict, blank=True)
    minutes = models.TextField(_("compte rendu"), max_length=5000, blank=True)
    decisions = models.TextField(_("décisions"), max_length=2000, blank=True)
    next_actions = models.ManyToManyField(
        Action, blank=True, related_name="meetings", verbose_name=_("prochaines étapes")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.partnership} ({self.starts_at:%d/%m/%Y})"

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()


# --- Actions followed through ----------------------------------------------------------------


class ActionFollowUp(models.Model):
    """What a workshop's action (or one created directly) gains to be followed: its partners
    (structures, not free text), schemes, dates, the children and parents concerned (counts only)."""

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="follow_up")
    partnerships = models.ManyToManyField(Partnership, related_name="actions", blank=True)
    schemes = models.JSONField(default=list, blank=True)
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    children_count = models.PositiveIntegerField(_("enfants concernés"), null=True, blank=True)
    parents_count = models.PositiveIntegerField(_("parents concernés"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.action)


class ActionDocument(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=150)
    file = models.FileField(upload_to="actions/%Y/%m/")
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class IndicatorKind(models.TextChoices):
    """Seed 003 (PERSEVAL): attendance, what became of the pupils at six and twelve months; and
    the parents' own view."""

    ATTENDANCE = "attendance", _("Assiduité : combien sont venus")
    SIX_MONTHS = "six_months", _("Ce que sont devenus les enfants, 6 mois après")
    TWELVE_MONTHS = "twelve_months", _("Ce que sont devenus les enfants, 12 mois après")
    PARENTS_VIEW = "parents_view", _("L'avis des parents")
    OTHER = "other", _("Autre")


class Indicator(models.Model):
    """Agreed beforehand, then given values over time."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(_("quoi"), max_length=20, choices=IndicatorKind.choices)
    label = models.CharField(_("en mots simples"), max_length=150)
    target = models.CharField(_("ce qu'on espère"), max_length=150, blank=True)
    agreed_on = models.DateField(_("décidé le"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["agreed_on", "pk"]

    def __str__(self) -> str:
        return self.label


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("à la date du"))
    number = models.DecimalField(
        _("nombre"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    text = models.CharField(_("en quelques mots"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["measured_on", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator} ({self.measured_on:%d/%m/%Y})"


# --- The shared evaluation ---------------------------------------------------------------------


class Evaluation(models.Model):
    """A bilan partagé, run like a workshop (template « Bilan partagé »): each partner and the
    parents answer apart in their peer group, then the answers are crossed, then the collective
    decides for each action: continue, change or stop."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="evaluations"
    )
    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="evaluation")
    period = models.CharField(_("période"), max_length=40)
    actions = models.ManyToManyField(Action, related_name="evaluations")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    planned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.partnership} — {self.period}"


class EvaluationAspect(models.TextChoices):
    WORKED = "worked", _("Ce qui a marché")
    DID_NOT = "did_not", _("Ce qui n'a pas marché, ce que nous avons mal vécu")
    BROUGHT = "brought", _("Ce que ça a apporté à chacun, et aux enfants")


class EvaluationQuestion(models.Model):
    """Which workshop question asks which aspect of which action."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="questions")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    aspect = models.CharField(max_length=10, choices=EvaluationAspect.choices)
    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return str(self.question)


class Decision(models.TextChoices):
    CONTINUE = "continue", _("On continue")
    CHANGE = "change", _("On continue en changeant")
    STOP = "stop", _("On arrête")


class EvaluationDecision(models.Model):
    """« On décide ensemble de ce qu'on continue » (seed 002)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="decisions")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(_("décision"), max_length=10, choices=Decision.choices)
    why = models.CharField(_("pourquoi, et ce qu'on change"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "action"], name="one_decision_per_action")
        ]

    def __str__(self) -> str:
        return f"{self.action} : {self.get_decision_display()}"
