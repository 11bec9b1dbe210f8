"""Set-up of a workshop (blueprints, sessions, peer groups, questions, phase) and joining it."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.groups.models import LocalGroup
from mille.workshops import codes
from mille.workshops.blueprints import BLUEPRINTS
from mille.workshops.models import (
    PHASE_ORDER,
    JoinCode,
    Participant,
    PeerGroup,
    Phase,
    Question,
    Workshop,
    WorkshopSession,
)
from mille.workshops.services.common import (
    NICKNAME_MAX,
    bump_walls,
    check_audio,
    move_in_order,
)


def _new_join_code(workshop: Workshop, peer_group: PeerGroup | None = None) -> JoinCode:
    for _attempt in range(20):
        code = codes.new_code(codes.JOIN_CODE_LENGTH)
        if not JoinCode.objects.filter(code=code).exists():
            return JoinCode.objects.create(code=code, workshop=workshop, peer_group=peer_group)
    raise RuntimeError("no free join code")  # 25^6 codes: not reached in practice


def join_code_open(*, join_code: JoinCode, actor: User, active: bool) -> JoinCode:
    """Open or close the general code (a peer group's own code stays open)."""
    check_perm(actor, "workshops.manage_workshop", join_code.workshop)
    if join_code.peer_group_id is not None and not active:
        raise ValidationError(
            _("Le code d'un groupe de pairs reste ouvert ; changez-le s'il a circulé.")
        )
    join_code.active = active
    join_code.save(update_fields=["active"])
    return join_code


@transaction.atomic
def join_code_regenerate(*, join_code: JoinCode, actor: User) -> JoinCode:
    """A new code: the old one stops working at once (phones already in keep their place)."""
    check_perm(actor, "workshops.manage_workshop", join_code.workshop)
    for _attempt in range(20):
        code = codes.new_code(codes.JOIN_CODE_LENGTH)
        if not JoinCode.objects.filter(code=code).exists():
            join_code.code = code
            join_code.save(update_fields=["code"])
            return join_code
    raise RuntimeError("no free join code")


@transaction.atomic
def participant_move(
    *, participant: Participant, actor: User, peer_group: PeerGroup
) -> Participant:
    """Put a participant who chose the wrong group into the right one, with what they wrote."""
    workshop = participant.workshop
    check_perm(actor, "workshops.manage_workshop", workshop)
    if peer_group.workshop_id != workshop.pk:
        raise ValidationError(_("Ce groupe de pairs n'est pas celui de l'atelier."))
    before = participant.peer_group_id
    if before == peer_group.pk:
        return participant
    participant.peer_group = peer_group
    participant.save(update_fields=["peer_group"])
    participant.contributions.update(peer_group=peer_group)
    bump_walls(workshop.pk, before)
    bump_walls(workshop.pk, peer_group.pk)
    return participant


# --- Set-up -------------------------------------------------------------------------------------


@transaction.atomic
def workshop_create(
    *, group: LocalGroup, actor: User, blueprint: str, title: str = "", purpose: str = ""
) -> Workshop:
    """A workshop from a blueprint; the creator facilitates it."""
    check_perm(actor, "workshops.add_workshop", group)
    plan = BLUEPRINTS.get(blueprint)
    if plan is None:
        raise ValidationError(_("Choisissez un modèle d'atelier."))
    title = (title or str(plan.title)).strip()
    if not title:
        raise ValidationError(_("Donnez un titre à l'atelier."))
    workshop = Workshop.objects.create(
        group=group,
        title=title[:150],
        purpose=purpose or str(plan.purpose),
        blueprint=plan.key,
        created_by=actor,
    )
    workshop.facilitators.add(actor)
    _new_join_code(workshop)
    for order, peer in enumerate(plan.peer_groups):
        peer_group = PeerGroup.objects.create(
            workshop=workshop,
            order=order,
            name=str(peer.name),
            description=str(peer.description),
            pictogram=peer.pictogram,
            colour=peer.colour,
        )
        _new_join_code(workshop, peer_group)
    question_order = 0
    for order, session_plan in enumerate(plan.sessions):
        session = WorkshopSession.objects.create(
            workshop=workshop, order=order, title=str(session_plan.title)
        )
        for text, pictogram in session_plan.questions:
            Question.objects.create(
                workshop=workshop,
                session=session,
                order=question_order,
                text=str(text),
                pictogram=pictogram,
            )
            question_order += 1
    return workshop


def workshop_update(
    *,
    workshop: Workshop,
    actor: User,
    title: str,
    purpose: str,
    facilitators,
    participants_propose: bool | None = None,
    dots_per_person: int | None = None,
) -> Workshop:
    check_perm(actor, "workshops.manage_workshop", workshop)
    workshop.title = title
    workshop.purpose = purpose
    fields = ["title", "purpose", "updated_at"]
    if participants_propose is not None:
        workshop.participants_propose = participants_propose
        fields.append("participants_propose")
    if dots_per_person is not None:
        if not 1 <= dots_per_person <= 10:
            raise ValidationError(_("Entre 1 et 10 gommettes par personne."))
        workshop.dots_per_person = dots_per_person
        fields.append("dots_per_person")
    with transaction.atomic():
        workshop.save(update_fields=fields)
        workshop.facilitators.set(set(facilitators) | {actor})
    return workshop


def workshop_phase_change(
    *, workshop: Workshop, actor: User, phase: str, confirmed: bool = False
) -> Workshop:
    """Move the phase forward, or back with an explicit confirmation."""
    check_perm(actor, "workshops.manage_workshop", workshop)
    if phase not in PHASE_ORDER:
        raise ValidationError(_("Cette étape n'existe pas."))
    if PHASE_ORDER.index(phase) < workshop.phase_index and not confirmed:
        raise ValidationError(
            _("Revenir à une étape précédente demande une confirmation : cochez la case.")
        )
    if phase == Phase.PEER_WORK and not (
        workshop.peer_groups.exists() and workshop.questions.exists()
    ):
        raise ValidationError(
            _("Avant le travail entre pairs, créez au moins un groupe de pairs et une question.")
        )
    workshop.phase = phase
    workshop.closed_at = timezone.now() if phase == Phase.CLOSED else None
    workshop.save(update_fields=["phase", "closed_at", "updated_at"])
    Workshop.objects.filter(pk=workshop.pk).update(wall_version=F("wall_version") + 1)
    PeerGroup.objects.filter(workshop=workshop).update(wall_version=F("wall_version") + 1)
    return workshop


def session_save(
    *, workshop: Workshop, actor: User, session: WorkshopSession | None = None, **fields
) -> WorkshopSession:
    check_perm(actor, "workshops.manage_workshop", workshop)
    session = session or WorkshopSession(workshop=workshop, order=workshop.sessions.count())
    for name, value in fields.items():
        setattr(session, name, value)
    session.save()
    return session


def session_delete(*, session: WorkshopSession, actor: User) -> None:
    """Its questions stay, without a session."""
    check_perm(actor, "workshops.manage_workshop", session.workshop)
    session.delete()


@transaction.atomic
def peer_group_save(
    *, workshop: Workshop, actor: User, peer_group: PeerGroup | None = None, **fields
) -> PeerGroup:
    check_perm(actor, "workshops.manage_workshop", workshop)
    creating = peer_group is None
    peer_group = peer_group or PeerGroup(workshop=workshop, order=workshop.peer_groups.count())
    for name, value in fields.items():
        setattr(peer_group, name, value)
    peer_group.save()
    if creating:
        _new_join_code(workshop, peer_group)
    return peer_group


def peer_group_delete(*, peer_group: PeerGroup, actor: User) -> None:
    check_perm(actor, "workshops.manage_workshop", peer_group.workshop)
    if peer_group.participants.exists() or peer_group.contributions.exists():
        raise ValidationError(
            _(
                "Ce groupe a déjà des participants ou des contributions : il ne peut plus être supprimé."
            )
        )
    peer_group.delete()


def question_save(
    *,
    workshop: Workshop,
    actor: User,
    question: Question | None = None,
    audio_bytes: bytes | None = None,
    remove_audio: bool = False,
    **fields,
) -> Question:
    check_perm(actor, "workshops.manage_workshop", workshop)
    info = check_audio(audio_bytes) if audio_bytes else None
    question = question or Question(workshop=workshop, order=workshop.questions.count())
    for name, value in fields.items():
        setattr(question, name, value)
    if remove_audio and question.audio:
        question.audio.delete(save=False)
        question.audio_type = ""
    if info:
        question.audio.save(
            f"{uuid.uuid4().hex}.{info.container}", ContentFile(audio_bytes), save=False
        )
        question.audio_type = info.content_type
    question.save()
    return question


def question_delete(*, question: Question, actor: User) -> None:
    check_perm(actor, "workshops.manage_workshop", question.workshop)
    if question.contributions.exists():
        raise ValidationError(
            _("Cette question a déjà des contributions : elle ne peut plus être supprimée.")
        )
    question.delete()


@transaction.atomic
def question_move(*, question: Question, actor: User, offset: int) -> None:
    """Move a question up (-1) or down (+1); orders are renumbered 0..n-1."""
    check_perm(actor, "workshops.manage_workshop", question.workshop)
    move_in_order(question, question.workshop.questions.order_by("order", "pk"), offset)


# --- Joining ------------------------------------------------------------------------------------


def _check_nickname(nickname: str) -> str:
    nickname = squash_spaces(nickname)
    if not nickname:
        raise ValidationError(_("Écrivez un prénom ou un surnom."))
    if len(nickname) > NICKNAME_MAX:
        raise ValidationError(_("Le prénom ou surnom est trop long (40 caractères au plus)."))
    return nickname


def participant_join(
    *, workshop: Workshop, peer_group: PeerGroup, nickname: str, user: User | None = None
) -> tuple[Participant, str]:
    """A new participant; returns it with its recovery code (shown once, stored hashed)."""
    if workshop.is_closed:
        raise ValidationError(_("Cet atelier est terminé : on ne peut plus le rejoindre."))
    if peer_group.workshop_id != workshop.pk:
        raise ValidationError(_("Choisissez un des groupes de cet atelier."))
    nickname = _check_nickname(nickname)
    if user is not None and user.is_authenticated:
        existing = Participant.objects.filter(workshop=workshop, user=user).first()
        if existing:
            raise ValidationError(_("Vous participez déjà à cet atelier."))
    else:
        user = None
    for _attempt in range(20):
        recovery = codes.new_code(codes.RECOVERY_CODE_LENGTH)
        try:
            with transaction.atomic():
                participant = Participant.objects.create(
                    workshop=workshop,
                    peer_group=peer_group,
                    nickname=nickname,
                    user=user,
                    recovery_hash=codes.digest(f"{workshop.pk}:{recovery}"),
                )
        except IntegrityError:
            continue
        return participant, recovery
    raise RuntimeError("no free recovery code")


def participant_recover(*, workshop: Workshop, recovery_code: str) -> Participant | None:
    code = codes.normalise(recovery_code)
    if not codes.looks_valid(code, codes.RECOVERY_CODE_LENGTH):
        return None
    secret = f"{workshop.pk}:{code}"
    participant = Participant.objects.filter(
        workshop=workshop, recovery_hash__in=codes.digests(secret)
    ).first()
    current = codes.digest(secret)
    if participant is not None and participant.recovery_hash != current:
        # Kept under an older form: stored again under the current key.
        Participant.objects.filter(pk=participant.pk).update(recovery_hash=current)
        participant.recovery_hash = current
    return participant
