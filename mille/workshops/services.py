"""Writes on workshops. Each service checks the workshop's phase and the actor's right to act;
bad input raises ValidationError with a French message and writes nothing."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mille.accounts.models import User
from mille.groups.models import LocalGroup
from mille.workshops import audio, codes
from mille.workshops.blueprints import BLUEPRINTS
from mille.workshops.models import (
    PHASE_ORDER,
    Contribution,
    JoinCode,
    Participant,
    PeerGroup,
    Phase,
    Question,
    Workshop,
    WorkshopSession,
)
from mille.workshops.rules import is_workshop_facilitator

TEXT_MAX = 1000
NICKNAME_MAX = 40
PASTE_MAX_LINES = 200
AUDIO_MESSAGES = {
    "empty": gettext_lazy("L'enregistrement est vide. Enregistrez à nouveau."),
    "size": gettext_lazy("L'enregistrement est trop lourd (3 Mo au plus)."),
    "type": gettext_lazy(
        "Ce fichier n'est pas un enregistrement audio accepté (WebM, Ogg ou MP4)."
    ),
    "length": gettext_lazy("L'enregistrement est trop long : 2 minutes au plus."),
}


def _require_facilitator(actor: User, workshop: Workshop) -> None:
    if not is_workshop_facilitator(actor, workshop):
        raise PermissionDenied


def _bump_walls(workshop_id: int, peer_group_id: int) -> None:
    Workshop.objects.filter(pk=workshop_id).update(wall_version=F("wall_version") + 1)
    PeerGroup.objects.filter(pk=peer_group_id).update(wall_version=F("wall_version") + 1)


def _new_join_code(workshop: Workshop, peer_group: PeerGroup | None = None) -> JoinCode:
    for _attempt in range(20):
        code = codes.new_code(codes.JOIN_CODE_LENGTH)
        if not JoinCode.objects.filter(code=code).exists():
            return JoinCode.objects.create(code=code, workshop=workshop, peer_group=peer_group)
    raise RuntimeError("no free join code")  # 25^6 codes: not reached in practice


# --- Set-up -------------------------------------------------------------------------------------


@transaction.atomic
def workshop_create(
    *, group: LocalGroup, actor: User, blueprint: str, title: str = "", purpose: str = ""
) -> Workshop:
    """A workshop from a blueprint; the creator facilitates it."""
    if not actor.has_perm("workshops.add_workshop", group):
        raise PermissionDenied
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
    *, workshop: Workshop, actor: User, title: str, purpose: str, facilitators
) -> Workshop:
    _require_facilitator(actor, workshop)
    workshop.title = title
    workshop.purpose = purpose
    with transaction.atomic():
        workshop.save(update_fields=["title", "purpose", "updated_at"])
        chosen = set(facilitators) | {actor}
        workshop.facilitators.set(chosen)
    return workshop


def workshop_phase_change(
    *, workshop: Workshop, actor: User, phase: str, confirmed: bool = False
) -> Workshop:
    """Move the phase forward, or back with an explicit confirmation."""
    _require_facilitator(actor, workshop)
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
    workshop.save(update_fields=["phase", "updated_at"])
    Workshop.objects.filter(pk=workshop.pk).update(wall_version=F("wall_version") + 1)
    PeerGroup.objects.filter(workshop=workshop).update(wall_version=F("wall_version") + 1)
    return workshop


def session_save(
    *, workshop: Workshop, actor: User, session: WorkshopSession | None = None, **fields
) -> WorkshopSession:
    _require_facilitator(actor, workshop)
    session = session or WorkshopSession(workshop=workshop, order=workshop.sessions.count())
    for name, value in fields.items():
        setattr(session, name, value)
    session.save()
    return session


def session_delete(*, session: WorkshopSession, actor: User) -> None:
    """Its questions stay, without a session."""
    _require_facilitator(actor, session.workshop)
    session.delete()


@transaction.atomic
def peer_group_save(
    *, workshop: Workshop, actor: User, peer_group: PeerGroup | None = None, **fields
) -> PeerGroup:
    _require_facilitator(actor, workshop)
    creating = peer_group is None
    peer_group = peer_group or PeerGroup(workshop=workshop, order=workshop.peer_groups.count())
    for name, value in fields.items():
        setattr(peer_group, name, value)
    peer_group.save()
    if creating:
        _new_join_code(workshop, peer_group)
    return peer_group


def peer_group_delete(*, peer_group: PeerGroup, actor: User) -> None:
    _require_facilitator(actor, peer_group.workshop)
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
    _require_facilitator(actor, workshop)
    info = _check_audio(audio_bytes) if audio_bytes else None
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
    _require_facilitator(actor, question.workshop)
    if question.contributions.exists():
        raise ValidationError(
            _("Cette question a déjà des contributions : elle ne peut plus être supprimée.")
        )
    question.delete()


@transaction.atomic
def question_move(*, question: Question, actor: User, offset: int) -> None:
    """Move a question up (-1) or down (+1); orders are renumbered 0..n-1."""
    _require_facilitator(actor, question.workshop)
    ordered = list(question.workshop.questions.order_by("order", "pk"))
    index = ordered.index(question)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    for order, item in enumerate(ordered):
        if item.order != order:
            Question.objects.filter(pk=item.pk).update(order=order)


# --- Joining ------------------------------------------------------------------------------------


def _check_nickname(nickname: str) -> str:
    nickname = " ".join(nickname.split())
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
    return Participant.objects.filter(
        workshop=workshop, recovery_hash=codes.digest(f"{workshop.pk}:{code}")
    ).first()


# --- Contributions ------------------------------------------------------------------------------


def _check_audio(data: bytes) -> audio.AudioInfo:
    try:
        return audio.inspect(data)
    except audio.AudioError as error:
        raise ValidationError(str(AUDIO_MESSAGES[error.code])) from error


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise ValidationError(
            _("Le texte est trop long : %(max)d caractères au plus (vous en avez %(count)d).")
            % {"max": TEXT_MAX, "count": len(text)}
        )
    return text


def _check_open_for(workshop: Workshop, *, facilitator: bool) -> None:
    allowed = {Phase.PEER_WORK, Phase.CROSSING} if facilitator else {Phase.PEER_WORK}
    if workshop.phase not in allowed:
        raise ValidationError(
            _(
                "Le travail entre pairs n'est pas ouvert : on ne peut pas ajouter ou changer de contribution."
            )
        )


def _store_audio(contribution: Contribution, data: bytes, info: audio.AudioInfo) -> None:
    contribution.audio.save(f"{uuid.uuid4().hex}.{info.container}", ContentFile(data), save=False)
    contribution.audio_type = info.content_type
    contribution.audio_seconds = info.seconds


def _create(
    *,
    workshop: Workshop,
    peer_group: PeerGroup,
    question: Question,
    text: str,
    audio_bytes: bytes | None,
    client_id: uuid.UUID | None,
    participant: Participant | None = None,
    entered_by: User | None = None,
) -> tuple[Contribution, bool]:
    if question.workshop_id != workshop.pk or peer_group.workshop_id != workshop.pk:
        raise ValidationError(_("Cette question ou ce groupe n'appartient pas à l'atelier."))
    text = _clean_text(text)
    info = _check_audio(audio_bytes) if audio_bytes else None
    if not text and not info:
        raise ValidationError(_("Écrivez quelques mots ou enregistrez votre voix."))
    client_id = client_id or uuid.uuid4()
    existing = Contribution.objects.filter(workshop=workshop, client_id=client_id).first()
    if existing is not None:
        if existing.participant_id != (participant.pk if participant else None) or (
            existing.entered_by_id != (entered_by.pk if entered_by else None)
        ):
            raise ValidationError(_("Cette contribution a déjà été envoyée par quelqu'un d'autre."))
        return existing, False
    contribution = Contribution(
        workshop=workshop,
        peer_group=peer_group,
        question=question,
        participant=participant,
        entered_by=entered_by,
        text=text,
        client_id=client_id,
    )
    if info:
        _store_audio(contribution, audio_bytes, info)
    try:
        with transaction.atomic():
            contribution.save()
            _bump_walls(workshop.pk, peer_group.pk)
    except IntegrityError:
        # The same contribution arrived twice at once: keep the one that won.
        if contribution.audio:
            contribution.audio.delete(save=False)
        return Contribution.objects.get(workshop=workshop, client_id=client_id), False
    return contribution, True


def contribution_create(
    *,
    participant: Participant,
    question: Question,
    text: str = "",
    audio_bytes: bytes | None = None,
    client_id: uuid.UUID | None = None,
) -> tuple[Contribution, bool]:
    """A participant's contribution to their own peer group; (contribution, created)."""
    workshop = participant.workshop
    _check_open_for(workshop, facilitator=False)
    return _create(
        workshop=workshop,
        peer_group=participant.peer_group,
        question=question,
        text=text,
        audio_bytes=audio_bytes,
        client_id=client_id,
        participant=participant,
    )


def contribution_enter_on_behalf(
    *,
    actor: User,
    peer_group: PeerGroup,
    question: Question,
    text: str = "",
    audio_bytes: bytes | None = None,
    client_id: uuid.UUID | None = None,
) -> tuple[Contribution, bool]:
    """A facilitator types what someone said or wrote on paper; marked as entered by them."""
    workshop = peer_group.workshop
    _require_facilitator(actor, workshop)
    _check_open_for(workshop, facilitator=True)
    return _create(
        workshop=workshop,
        peer_group=peer_group,
        question=question,
        text=text,
        audio_bytes=audio_bytes,
        client_id=client_id,
        entered_by=actor,
    )


@transaction.atomic
def contributions_paste(
    *, actor: User, peer_group: PeerGroup, question: Question, lines: str
) -> list[Contribution]:
    """Many paper contributions at once, one per non-empty line; all or nothing."""
    items = [line.strip() for line in lines.splitlines() if line.strip()]
    if not items:
        raise ValidationError(_("Collez au moins une ligne de texte."))
    if len(items) > PASTE_MAX_LINES:
        raise ValidationError(
            _("Trop de lignes d'un coup : %(max)d au plus.") % {"max": PASTE_MAX_LINES}
        )
    for number, item in enumerate(items, start=1):
        if len(item) > TEXT_MAX:
            raise ValidationError(
                _("La ligne %(line)d est trop longue : %(max)d caractères au plus.")
                % {"line": number, "max": TEXT_MAX}
            )
    return [
        contribution_enter_on_behalf(
            actor=actor, peer_group=peer_group, question=question, text=item
        )[0]
        for item in items
    ]


def _check_own(contribution: Contribution, participant: Participant) -> None:
    if contribution.participant_id != participant.pk:
        raise PermissionDenied
    _check_open_for(participant.workshop, facilitator=False)


def contribution_update(
    *,
    contribution: Contribution,
    participant: Participant,
    text: str,
    audio_bytes: bytes | None = None,
    remove_audio: bool = False,
) -> Contribution:
    _check_own(contribution, participant)
    text = _clean_text(text)
    info = _check_audio(audio_bytes) if audio_bytes else None
    keeps_audio = bool(contribution.audio) and not remove_audio
    if not text and not info and not keeps_audio:
        raise ValidationError(_("Écrivez quelques mots ou enregistrez votre voix."))
    contribution.text = text
    if (remove_audio or info) and contribution.audio:
        contribution.audio.delete(save=False)
        contribution.audio_type, contribution.audio_seconds = "", None
    if info:
        _store_audio(contribution, audio_bytes, info)
    with transaction.atomic():
        contribution.save()
        _bump_walls(contribution.workshop_id, contribution.peer_group_id)
    return contribution


def contribution_delete(*, contribution: Contribution, participant: Participant) -> None:
    _check_own(contribution, participant)
    with transaction.atomic():
        if contribution.audio:
            transaction.on_commit(
                lambda storage=contribution.audio.storage, name=contribution.audio.name: (
                    storage.delete(name)
                )
            )
        contribution.delete()
        _bump_walls(contribution.workshop_id, contribution.peer_group_id)


def contribution_hide(*, contribution: Contribution, actor: User, reason: str) -> Contribution:
    """Hide from the walls; the reason is kept for the facilitators."""
    _require_facilitator(actor, contribution.workshop)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Indiquez pourquoi vous masquez cette contribution."))
    if len(reason) > 300:
        raise ValidationError(_("La raison est trop longue (300 caractères au plus)."))
    contribution.hidden, contribution.hidden_reason, contribution.hidden_by = True, reason, actor
    with transaction.atomic():
        contribution.save(update_fields=["hidden", "hidden_reason", "hidden_by", "updated_at"])
        _bump_walls(contribution.workshop_id, contribution.peer_group_id)
    return contribution


def contribution_show(*, contribution: Contribution, actor: User) -> Contribution:
    """Show a hidden contribution again; a merged duplicate leaves the one it was merged into."""
    _require_facilitator(actor, contribution.workshop)
    with transaction.atomic():
        if contribution.merged_into_id:
            Contribution.objects.filter(pk=contribution.merged_into_id).update(
                merged_count=F("merged_count") - contribution.merged_count
            )
        contribution.hidden, contribution.merged_into = False, None
        contribution.save(update_fields=["hidden", "merged_into", "updated_at"])
        _bump_walls(contribution.workshop_id, contribution.peer_group_id)
    return contribution


@transaction.atomic
def contributions_merge(
    *, actor: User, keep: Contribution, duplicates: list[Contribution]
) -> Contribution:
    """Duplicates are hidden and point to the one kept, which counts how many said it."""
    _require_facilitator(actor, keep.workshop)
    duplicates = [item for item in duplicates if item.pk != keep.pk]
    if not duplicates:
        raise ValidationError(_("Choisissez au moins deux contributions à fusionner."))
    for item in duplicates:
        if (item.workshop_id, item.peer_group_id, item.question_id) != (
            keep.workshop_id,
            keep.peer_group_id,
            keep.question_id,
        ):
            raise ValidationError(
                _("On ne fusionne que des contributions du même groupe et de la même question.")
            )
    for item in duplicates:
        keep.merged_count += item.merged_count
        item.merged_into, item.hidden, item.hidden_by = keep, True, actor
        item.hidden_reason = _("Doublon, fusionné avec une autre contribution")
        item.save(
            update_fields=["merged_into", "hidden", "hidden_reason", "hidden_by", "updated_at"]
        )
    keep.save(update_fields=["merged_count", "updated_at"])
    _bump_walls(keep.workshop_id, keep.peer_group_id)
    return keep
