"""Peer-group workshops (croisement des savoirs).

People of one profile (a *peer group*: parents with a good memory of school, teachers...) first work
separately on the same questions; then the groups cross their views and build actions together.
"""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mille.groups.models import LocalGroup


class Phase(models.TextChoices):
    PREPARATION = "preparation", _("Préparation")
    PEER_WORK = "peer_work", _("Travail entre pairs")
    CROSSING = "crossing", _("Croisement")
    ACTION = "action", _("Passage à l'action")
    CLOSED = "closed", _("Atelier terminé")


PHASE_ORDER = [choice.value for choice in Phase]


class Pictogram(models.TextChoices):
    PARENT = "parent", _("Parent et enfant")
    SMILE = "smile", _("Bon souvenir")
    CLOUD = "cloud", _("Mauvais souvenir")
    TEACHER = "teacher", _("Enseignant")
    HANDS = "hands", _("Mains tendues")
    HOUSE = "house", _("Maison, quartier")
    SCHOOL = "school", _("École")
    SPEECH = "speech", _("Parole")
    TREE = "tree", _("Arbre")
    STAR = "star", _("Étoile")
    BOOK = "book", _("Livre")
    HEART = "heart", _("Cœur")


class Colour(models.TextChoices):
    # Each colour has a CSS class with a text contrast of at least 4.5:1 (see mille.css).
    BLUE = "blue", _("Bleu")
    GREEN = "green", _("Vert")
    ORANGE = "orange", _("Orange")
    PURPLE = "purple", _("Violet")
    RED = "red", _("Rouge")
    TEAL = "teal", _("Turquoise")
    BROWN = "brown", _("Brun")
    GREY = "grey", _("Gris")


class Workshop(models.Model):
    # Stable across sites: a workshop bundle (mille.workshops.bundle) names objects by it.
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("titre"), max_length=150)
    purpose = models.TextField(_("objectif"), max_length=2000, blank=True)
    blueprint = models.CharField(max_length=40, blank=True, editable=False)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.PREPARATION)
    # When the workshop was closed: the retention periods (audio, nicknames) count from here.
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_workshops", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bumped by every write to any wall, so a facilitator's poll is one query.
    wall_version = models.PositiveIntegerField(default=0, editable=False)
    # Bumped by every vote and statement change; the analysis records the version it saw.
    vote_version = models.PositiveIntegerField(default=0, editable=False)
    participants_propose = models.BooleanField(
        _("les participants peuvent proposer des énoncés"), default=False
    )
    dots_per_person = models.PositiveSmallIntegerField(_("gommettes par personne"), default=3)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # When the last bundle imported into this workshop was made: an older one is refused, so that
    # what was erased since does not come back.
    bundle_created_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)


class WorkshopSession(models.Model):
    """One meeting of the workshop (Lille-Fives had three)."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="sessions")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("titre de la séance"), max_length=150)
    starts_at = models.DateTimeField(_("date et heure"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class PeerGroup(models.Model):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="peer_groups")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("nom du groupe de pairs"), max_length=100)
    description = models.CharField(_("description courte"), max_length=300, blank=True)
    pictogram = models.CharField(
        _("pictogramme"), max_length=20, choices=Pictogram.choices, default=Pictogram.PARENT
    )
    colour = models.CharField(_("couleur"), max_length=20, choices=Colour.choices, default="blue")
    wall_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="questions")
    session = models.ForeignKey(
        WorkshopSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name=_("séance"),
    )
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=300)
    pictogram = models.CharField(
        _("pictogramme (facultatif)"), max_length=20, choices=Pictogram.choices, blank=True
    )
    audio = models.FileField(upload_to="workshops/questions/%Y/%m/", blank=True)
    audio_type = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class JoinCode(models.Model):
    """A short code (and its QR code) to join a workshop, or directly one of its peer groups."""

    code = models.CharField(max_length=12, unique=True)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="join_codes")
    peer_group = models.OneToOneField(
        PeerGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="join_code"
    )
    # The general code offers every peer group: facilitators close it during the peer phase, so
    # that only a peer group's own code opens its wall.
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.code


class Participant(models.Model):
    """Someone taking part, with or without an account: a nickname and a peer group, nothing more."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    peer_group = models.ForeignKey(PeerGroup, on_delete=models.PROTECT, related_name="participants")
    nickname = models.CharField(_("prénom ou surnom"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop_participations",
    )
    # The device keeps a signed cookie naming the participant; the person keeps a recovery code,
    # of which only a hash is stored.
    recovery_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    # When the name was replaced by « Participant n° … » (on request, or at the end of retention).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=Q(user__isnull=False),
                name="one_participation_per_account",
            ),
            models.UniqueConstraint(
                fields=["workshop", "recovery_hash"], name="unique_recovery_code"
            ),
        ]

    def __str__(self) -> str:
        return self.nickname


class Contribution(models.Model):
    """A short text, an audio recording, or both, answering one question within one peer group."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="contributions")
    peer_group = models.ForeignKey(
        PeerGroup, on_delete=models.CASCADE, related_name="contributions"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="contributions")
    participant = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    text = models.TextField(blank=True)
    audio = models.FileField(upload_to="workshops/contributions/%Y/%m/", blank=True)
    audio_type = models.CharField(max_length=40, blank=True)
    audio_seconds = models.FloatField(null=True, blank=True)
    # Made by the browser, so a contribution sent twice on a bad connection is stored once.
    client_id = models.UUIDField(default=uuid4)
    # Entered by a facilitator from paper or post-its.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    merged_count = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "client_id"], name="unique_client_id"),
        ]
        indexes = [models.Index(fields=["peer_group", "question", "created_at"])]

    def __str__(self) -> str:
        return self.text[:60] or str(_("Enregistrement audio"))

    @property
    def on_behalf(self) -> bool:
        return self.entered_by_id is not None


# --- Crossing: statements, votes and their analysis ------------------------------------------


class VoteChoice(models.IntegerChoices):
    AGREE = 1, _("D'accord")
    DISAGREE = -1, _("Pas d'accord")
    PASS = 0, _("Je ne sais pas")


class Statement(models.Model):
    """A short sentence drawn from the peer groups' contributions, on which everyone votes."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="statements")
    question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        verbose_name=_("question"),
    )
    text = models.CharField(_("énoncé"), max_length=280)
    sources = models.ManyToManyField(Contribution, related_name="statements", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    # Out of the vote: hidden by a facilitator, or merged into another statement.
    hidden = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Routing weight from the last analysis (Pol.is's priority): the next statement to vote on is
    # read from here, not from the whole stored result.
    priority = models.FloatField(default=0.0, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def in_vote(self) -> bool:
        return not self.hidden and self.merged_into_id is None


class Vote(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=VoteChoice.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "participant"], name="one_vote_each")
        ]

    def __str__(self) -> str:
        return f"{self.get_value_display()} : {self.statement_id}"


class RoomCount(models.Model):
    """Votes of a room by show of hands, for one peer group: people without a phone count too."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="room_counts")
    peer_group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="+")
    agree = models.PositiveSmallIntegerField(default=0)
    disagree = models.PositiveSmallIntegerField(default=0)
    passes = models.PositiveSmallIntegerField(default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "peer_group"], name="one_room_count")
        ]

    def __str__(self) -> str:
        return f"{self.agree}/{self.disagree}/{self.passes}"


class CrossingResult(models.Model):
    """The last analysis of a workshop's votes (mille.opinions), stored as plain figures."""

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="crossing")
    vote_version = models.PositiveIntegerField(default=0)
    figures = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.workshop_id} v{self.vote_version}"


# --- Problem tree, priorities and the action plan ---------------------------------------------


class NodeKind(models.TextChoices):
    PROBLEM = "problem", _("Problème central")
    CAUSE = "cause", _("Cause")
    CONSEQUENCE = "consequence", _("Conséquence")
    OBJECTIVE = "objective", _("Objectif")


class TreeNode(models.Model):
    """One box of the problem tree: the central problem (trunk), its causes (roots), its
    consequences (branches), and the objectives that answer them (the positive tree)."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="tree_nodes")
    kind = models.CharField(max_length=20, choices=NodeKind.choices)
    text = models.CharField(_("texte"), max_length=200)
    # A cause of a cause, a consequence of a consequence; none: attached to the central problem.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    # The cause, consequence or problem an objective answers.
    answers = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="objectives"
    )
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="tree_nodes"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop"], condition=Q(kind="problem"), name="one_central_problem"
            )
        ]

    def __str__(self) -> str:
        return self.text


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Réalisée")
    DROPPED = "dropped", _("Abandonnée")


class Action(models.Model):
    """A concrete action of a local group, born in a workshop or not."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    group = models.ForeignKey(LocalGroup, on_delete=models.CASCADE, related_name="actions")
    workshop = models.ForeignKey(
        Workshop, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    objective = models.ForeignKey(
        TreeNode,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("objectif"),
    )
    title = models.CharField(_("titre"), max_length=150)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    lead = models.CharField(_("qui porte l'action"), max_length=200, blank=True)
    partners = models.CharField(_("avec qui"), max_length=300, blank=True)
    when = models.CharField(_("quand"), max_length=150, blank=True)
    resources = models.TextField(
        _("moyens nécessaires (locaux, logistique, personnes)"), max_length=1000, blank=True
    )
    status = models.CharField(
        _("état"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Dot(models.Model):
    """One of a participant's dots (dot voting), on an objective or on an action."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="dots")
    node = models.ForeignKey(
        TreeNode, null=True, blank=True, on_delete=models.CASCADE, related_name="dots"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="dots"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(node__isnull=False, action__isnull=True)
                | Q(node__isnull=True, action__isnull=False),
                name="dot_on_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.node_id or self.action_id}"


class Pledge(models.Model):
    """A participant's own answers: « Que puis-je faire ? » and « En quoi ai-je besoin de l'autre ? »"""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="pledge")
    can_do = models.TextField(_("Que puis-je faire ?"), max_length=1000, blank=True)
    need = models.TextField(_("En quoi ai-je besoin de l'autre ?"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.can_do[:60]
