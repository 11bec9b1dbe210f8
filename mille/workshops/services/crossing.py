"""The crossing: statements drawn from the contributions, votes (by phone or by show of hands),
and the stored analysis. Votes never wait for the analysis: it runs after commit, in a task."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.workshops.crossing import CrossingFigures
from mille.workshops.models import (
    Contribution,
    CrossingResult,
    Participant,
    PeerGroup,
    Phase,
    Question,
    RoomCount,
    Statement,
    Vote,
    VoteChoice,
    Workshop,
)

STATEMENT_MAX = 280
ROOM_MAX = 500
CROSSING_PHASES = {Phase.CROSSING, Phase.ACTION}


def _check_crossing(workshop: Workshop) -> None:
    if workshop.phase not in CROSSING_PHASES:
        raise ValidationError(_("Le croisement n'est pas ouvert."))


def _votes_changed(workshop_id: int) -> None:
    """Bump the version and ask for a fresh analysis once the change is committed."""
    Workshop.objects.filter(pk=workshop_id).update(vote_version=F("vote_version") + 1)
    transaction.on_commit(lambda: _enqueue_analysis(workshop_id))


def _enqueue_analysis(workshop_id: int) -> None:
    """One task at a time per workshop: a vote arriving while one waits is analysed by it. The
    task runs a moment later (CROSSING_ANALYSIS_BATCH_SECONDS), so that a room voting at once is
    analysed about once a second, not once per vote."""
    from mille.workshops import tasks

    if not cache.add(tasks.pending_key(workshop_id), 1, timeout=tasks.PENDING_SECONDS):
        return
    task = tasks.analyse_crossing
    delay = settings.CROSSING_ANALYSIS_BATCH_SECONDS
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    task.enqueue(workshop_id)


def _clean_statement(text: str) -> str:
    text = squash_spaces(text)
    if not text:
        raise ValidationError(_("Écrivez l'énoncé : une phrase courte."))
    if len(text) > STATEMENT_MAX:
        raise ValidationError(
            _("L'énoncé est trop long : %(max)d caractères au plus.") % {"max": STATEMENT_MAX}
        )
    return text


@transaction.atomic
def statement_create(
    *,
    workshop: Workshop,
    text: str,
    actor: User | None = None,
    participant: Participant | None = None,
    question: Question | None = None,
    sources: list[Contribution] = (),
) -> Statement:
    """A statement written by a facilitator, or proposed by a participant where allowed."""
    if participant is not None:
        if participant.workshop_id != workshop.pk or not workshop.participants_propose:
            raise PermissionDenied
    else:
        check_perm(actor, "workshops.manage_workshop", workshop)
    _check_crossing(workshop)
    text = _clean_statement(text)
    if question is not None and question.workshop_id != workshop.pk:
        raise ValidationError(_("Cette question n'appartient pas à l'atelier."))
    if any(source.workshop_id != workshop.pk for source in sources):
        raise ValidationError(_("Ces contributions n'appartiennent pas à l'atelier."))
    statement = Statement.objects.create(
        workshop=workshop,
        question=question,
        text=text,
        written_by=actor if participant is None else None,
        proposed_by=participant,
    )
    statement.sources.set(sources)
    _votes_changed(workshop.pk)
    return statement


GROUPED_MAX = 60


@transaction.atomic
def statements_from_groups(
    *, workshop: Workshop, actor: User, drafts: list[tuple[str, list[int]]]
) -> list[Statement]:
    """Statements written from groups of similar contributions: each draft is (text, ids of its
    contributions). All of them or none: a refused text changes nothing."""
    check_perm(actor, "workshops.manage_workshop", workshop)
    _check_crossing(workshop)
    if not drafts:
        raise ValidationError(_("Cochez au moins un groupe à ajouter au vote."))
    if len(drafts) > GROUPED_MAX:
        raise ValidationError(
            _("Trop de phrases à la fois : %(max)d au plus.") % {"max": GROUPED_MAX}
        )
    wanted = {pk for _text, pks in drafts for pk in pks}
    found = {c.pk: c for c in Contribution.objects.filter(pk__in=wanted, workshop=workshop)}
    if len(found) != len(wanted):
        raise ValidationError(_("Ces contributions n'appartiennent pas à l'atelier."))
    created = []
    for text, pks in drafts:
        statement = Statement.objects.create(
            workshop=workshop, text=_clean_statement(text), written_by=actor
        )
        statement.sources.set([found[pk] for pk in pks])
        created.append(statement)
    _votes_changed(workshop.pk)
    return created


def statement_update(*, statement: Statement, actor: User, text: str) -> Statement:
    check_perm(actor, "workshops.manage_workshop", statement.workshop)
    statement.text = _clean_statement(text)
    statement.save(update_fields=["text"])
    return statement


@transaction.atomic
def statement_hide(*, statement: Statement, actor: User, hidden: bool = True) -> Statement:
    check_perm(actor, "workshops.manage_workshop", statement.workshop)
    statement.hidden = hidden
    statement.save(update_fields=["hidden"])
    _votes_changed(statement.workshop_id)
    return statement


@transaction.atomic
def statements_merge(*, actor: User, keep: Statement, others: list[Statement]) -> Statement:
    """Others leave the vote and point to the one kept; their sources join it. Their votes are
    kept apart (not added: a person may have voted on both)."""
    check_perm(actor, "workshops.manage_workshop", keep.workshop)
    others = [item for item in others if item.pk != keep.pk]
    if not others:
        raise ValidationError(_("Choisissez au moins deux énoncés à fusionner."))
    if any(item.workshop_id != keep.workshop_id for item in others):
        raise PermissionDenied
    for item in others:
        keep.sources.add(*item.sources.all())
        item.merged_into = keep
        item.save(update_fields=["merged_into"])
    _votes_changed(keep.workshop_id)
    return keep


@transaction.atomic
def statement_split(*, statement: Statement, actor: User, first: str, second: str) -> Statement:
    """One statement said two things: it keeps the first, a new one takes the second, with the
    same sources. Votes stay on the first (they were cast on the old wording)."""
    check_perm(actor, "workshops.manage_workshop", statement.workshop)
    _check_crossing(statement.workshop)
    statement.text = _clean_statement(first)
    statement.save(update_fields=["text"])
    created = Statement.objects.create(
        workshop=statement.workshop,
        question=statement.question,
        text=_clean_statement(second),
        written_by=actor,
    )
    created.sources.set(statement.sources.all())
    _votes_changed(statement.workshop_id)
    return created


@transaction.atomic
def vote_cast(*, participant: Participant, statement: Statement, value: int) -> Vote:
    """A participant's vote; voting again changes it."""
    if statement.workshop_id != participant.workshop_id:
        raise PermissionDenied
    _check_crossing(participant.workshop)
    if not statement.in_vote:
        raise ValidationError(_("Cet énoncé n'est plus soumis au vote."))
    if value not in VoteChoice.values:
        raise ValidationError(_("Choisissez : d'accord, pas d'accord, ou je ne sais pas."))
    # One write transaction per vote (the vote and the version): on SQLite, every transaction
    # waits for the single writer.
    with transaction.atomic():
        vote, _created = Vote.objects.update_or_create(
            statement=statement,
            participant=participant,
            defaults={"value": value, "updated_at": timezone.now()},
        )
        _votes_changed(statement.workshop_id)
    return vote


@transaction.atomic
def room_count_set(
    *,
    actor: User,
    statement: Statement,
    peer_group: PeerGroup,
    agree: int,
    disagree: int,
    passes: int,
) -> RoomCount:
    """The hands raised in one peer group, entered by a facilitator (replaces the last count)."""
    check_perm(actor, "workshops.manage_workshop", statement.workshop)
    if peer_group.workshop_id != statement.workshop_id:
        raise ValidationError(_("Ce groupe n'appartient pas à l'atelier."))
    _check_crossing(statement.workshop)
    for number in (agree, disagree, passes):
        if not isinstance(number, int) or number < 0 or number > ROOM_MAX:
            raise ValidationError(
                _("Indiquez un nombre de mains levées entre 0 et %(max)d.") % {"max": ROOM_MAX}
            )
    count, _created = RoomCount.objects.update_or_create(
        statement=statement,
        peer_group=peer_group,
        defaults={
            "agree": agree,
            "disagree": disagree,
            "passes": passes,
            "entered_by": actor,
            "updated_at": timezone.now(),
        },
    )
    _votes_changed(statement.workshop_id)
    return count


def crossing_store(*, workshop_id: int, figures: CrossingFigures, version: int) -> None:
    """Keep the analysis unless a newer one is already stored; each statement keeps its routing
    weight, so that choosing the next statement to vote reads one column."""
    with transaction.atomic():
        result, created = CrossingResult.objects.select_for_update().get_or_create(
            workshop_id=workshop_id,
            defaults={"figures": figures.to_json(), "vote_version": version},
        )
        if not created:
            if result.vote_version > version and CrossingFigures.from_json(result.figures):
                return
            result.figures, result.vote_version = figures.to_json(), version
            result.computed_at = timezone.now()
            result.save(update_fields=["figures", "vote_version", "computed_at"])
        priorities = figures.priorities()
        statements = list(Statement.objects.filter(workshop_id=workshop_id).only("pk", "priority"))
        changed = []
        for statement in statements:
            weight = priorities.get(statement.pk, 0.0)
            if statement.priority != weight:
                statement.priority = weight
                changed.append(statement)
        Statement.objects.bulk_update(changed, ["priority"], batch_size=500)


def analysis_requested(workshop: Workshop) -> None:
    """Ask for an analysis when the stored one is behind the votes (a lost task, figures of an
    older format): a page that finds them stale calls this."""
    _enqueue_analysis(workshop.pk)
