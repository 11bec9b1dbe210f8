"""Meetings of the partnership (seed 003: « une réunion toutes les six semaines »)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.partnerships.models import AttendanceRole, Meeting, Partnership


def _attendance(raw: dict) -> dict:
    cleaned = {}
    for role, count in (raw or {}).items():
        if role not in AttendanceRole.values:
            raise ValidationError(_("Ce rôle n'existe pas dans la liste."))
        if count in (None, ""):
            continue
        if not isinstance(count, int) or count < 0 or count > 1000:
            raise ValidationError(
                _("Indiquez combien de personnes sont venues : un nombre de 0 à 1000.")
            )
        if count:
            cleaned[role] = count
    return cleaned


@transaction.atomic
def meeting_save(
    *,
    partnership: Partnership,
    actor: User,
    starts_at: datetime,
    meeting: Meeting | None = None,
    duration_minutes: int = 90,
    place: str = "",
    agenda: str = "",
    attendance: dict | None = None,
    minutes: str = "",
    decisions: str = "",
    next_actions=(),
) -> Meeting:
    """Plan a meeting, or write what happened. A meeting that has taken place needs its minutes:
    a date in the past with nothing written is refused."""
    check_perm(actor, "partnerships.record_meeting", partnership)
    if meeting is not None and meeting.partnership_id != partnership.pk:
        raise ValidationError(_("Cette réunion n'est pas celle de ce partenariat."))
    if starts_at is None:
        raise ValidationError(_("Indiquez la date et l'heure de la réunion."))
    minutes = (minutes or "").strip()
    if starts_at < timezone.now() and not minutes:
        raise ValidationError(
            _(
                "Cette réunion a déjà eu lieu : écrivez ce qui s'est dit (le compte rendu), "
                "ou choisissez une date à venir."
            )
        )
    if not 15 <= (duration_minutes or 0) <= 600:
        raise ValidationError(_("Une réunion dure de 15 minutes à 10 heures."))
    next_actions = list(next_actions)
    if any(action.group_id != partnership.group_id for action in next_actions):
        raise ValidationError(_("Ces actions ne sont pas celles du groupe."))
    meeting = meeting or Meeting(partnership=partnership, created_by=actor)
    meeting.starts_at = starts_at
    meeting.duration_minutes = duration_minutes
    meeting.place = squash_spaces(place)[:200]
    meeting.agenda = (agenda or "").strip()[:2000]
    meeting.attendance = _attendance(attendance)
    meeting.minutes = minutes[:5000]
    meeting.decisions = (decisions or "").strip()[:2000]
    meeting.save()
    meeting.next_actions.set(next_actions)
    return meeting
