"""Contributions during the peer phase: written, recorded, entered from paper, moderated."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.workshops import audio
from mille.workshops.models import (
    Contribution,
    Participant,
    PeerGroup,
    Phase,
    Question,
    Workshop,
)
from mille.workshops.services.common import (
    PASTE_MAX_LINES,
    TEXT_MAX,
    bump_walls,
    check_audio,
    clean_text,
)

# --- Contributions ------------------------------------------------------------------------------


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
    text = clean_text(text)
    info = check_audio(audio_bytes) if audio_bytes else None
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
            bump_walls(workshop.pk, peer_group.pk)
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
    check_perm(actor, "workshops.manage_workshop", workshop)
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
    text = clean_text(text)
    info = check_audio(audio_bytes) if audio_bytes else None
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
        bump_walls(contribution.workshop_id, contribution.peer_group_id)
    return contribution


def contribution_hide(*, contribution: Contribution, actor: User, reason: str) -> Contribution:
    """Hide from the walls; the reason is kept for the facilitators."""
    check_perm(actor, "workshops.manage_workshop", contribution.workshop)
    reason = squash_spaces(reason)
    if not reason:
        raise ValidationError(_("Indiquez pourquoi vous masquez cette contribution."))
    if len(reason) > 300:
        raise ValidationError(_("La raison est trop longue (300 caractères au plus)."))
    contribution.hidden, contribution.hidden_reason, contribution.hidden_by = True, reason, actor
    with transaction.atomic():
        contribution.save(update_fields=["hidden", "hidden_reason", "hidden_by", "updated_at"])
        bump_walls(contribution.workshop_id, contribution.peer_group_id)
    return contribution


def contribution_show(*, contribution: Contribution, actor: User) -> Contribution:
    """Show a hidden contribution again; a merged duplicate leaves the one it was merged into."""
    check_perm(actor, "workshops.manage_workshop", contribution.workshop)
    with transaction.atomic():
        if contribution.merged_into_id:
            Contribution.objects.filter(pk=contribution.merged_into_id).update(
                merged_count=F("merged_count") - contribution.merged_count
            )
        contribution.hidden, contribution.merged_into = False, None
        contribution.save(update_fields=["hidden", "merged_into", "updated_at"])
        bump_walls(contribution.workshop_id, contribution.peer_group_id)
    return contribution


@transaction.atomic
def contributions_merge(
    *, actor: User, keep: Contribution, duplicates: list[Contribution]
) -> Contribution:
    """Duplicates are hidden and point to the one kept, which counts how many said it."""
    check_perm(actor, "workshops.manage_workshop", keep.workshop)
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
    bump_walls(keep.workshop_id, keep.peer_group_id)
    return keep
