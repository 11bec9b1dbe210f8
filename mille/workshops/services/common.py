"""Shared by the workshop services: limits, messages and checks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mille.workshops import audio
from mille.workshops.models import (
    PeerGroup,
    Workshop,
)

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


def bump_walls(workshop_id: int, peer_group_id: int) -> None:
    Workshop.objects.filter(pk=workshop_id).update(wall_version=F("wall_version") + 1)
    PeerGroup.objects.filter(pk=peer_group_id).update(wall_version=F("wall_version") + 1)


def check_audio(data: bytes) -> audio.AudioInfo:
    try:
        return audio.inspect(data)
    except audio.AudioError as error:
        raise ValidationError(str(AUDIO_MESSAGES[error.code])) from error


def clean_text(text: str) -> str:
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise ValidationError(
            _("Le texte est trop long : %(max)d caractères au plus (vous en avez %(count)d).")
            % {"max": TEXT_MAX, "count": len(text)}
        )
    return text


def move_in_order(item, siblings, offset: int) -> None:
    """Move `item` up (-1) or down (+1) among `siblings` (ordered); renumber 0..n-1."""
    ordered = list(siblings)
    index = ordered.index(item)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    model = type(item)
    for order, sibling in enumerate(ordered):
        if sibling.order != order:
            model.objects.filter(pk=sibling.pk).update(order=order)
