"""Erasure in workshops: a contribution and its voice truly deleted at any phase (by its author,
or by a facilitator on request), a participant who asks to be forgotten, and the anonymisation of
a name once kept no longer. The crossing's figures are recomputed after each erasure."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.groups import services as group_services
from mille.groups.models import AuditEntry
from mille.workshops.models import Contribution, Participant, Phase
from mille.workshops.services.common import bump_walls
from mille.workshops.services.crossing import _votes_changed

AFTER_PEERS = {Phase.CROSSING, Phase.ACTION, Phase.CLOSED}


def delete_audio_after_commit(field) -> None:
    """The file goes once the database agrees: nothing half-erased if the transaction fails."""
    if field:
        transaction.on_commit(lambda storage=field.storage, name=field.name: storage.delete(name))


def _erase(contribution: Contribution) -> None:
    delete_audio_after_commit(contribution.audio)
    workshop = contribution.workshop
    contribution.delete()
    bump_walls(contribution.workshop_id, contribution.peer_group_id)
    if workshop.phase in AFTER_PEERS:
        _votes_changed(workshop.pk)


@transaction.atomic
def contribution_delete(*, contribution: Contribution, participant: Participant) -> None:
    """Its author deletes a contribution, text and voice, at any phase of the workshop."""
    if contribution.participant_id != participant.pk:
        raise PermissionDenied
    _erase(contribution)


@transaction.atomic
def contribution_erase(*, contribution: Contribution, actor: User, reason: str = "") -> None:
    """A facilitator deletes a contribution for good, on its author's request (hiding keeps it)."""
    check_perm(actor, "workshops.manage_workshop", contribution.workshop)
    group_services.audit(
        group=contribution.workshop.group,
        actor=actor,
        action=AuditEntry.Action.DELETE,
        record=_("contribution d'un atelier"),
        record_id=contribution.pk,
        detail=squash_spaces(reason)[:200],
    )
    _erase(contribution)


def anonymous_name(participant: Participant) -> str:
    return _("Participant n° %(number)d") % {"number": participant.pk}


@transaction.atomic
def participant_forget(*, participant: Participant, keep_contributions: bool = False) -> None:
    """Forget a participant: their contributions and voices (or only their name, if they choose
    to leave what they said, anonymised), their votes, dots and answers."""
    workshop = participant.workshop
    contributions = list(Contribution.objects.filter(participant=participant))
    for contribution in contributions:
        contribution.workshop = workshop
        if keep_contributions:
            continue
        delete_audio_after_commit(contribution.audio)
        contribution.delete()
    for peer_group_id in {c.peer_group_id for c in contributions} | {participant.peer_group_id}:
        bump_walls(workshop.pk, peer_group_id)
    if keep_contributions:
        participant_anonymise(participant=participant)
        participant.votes.all().delete()
        participant.dots.all().delete()
        if hasattr(participant, "pledge"):
            participant.pledge.delete()
    else:
        participant.delete()
    _votes_changed(workshop.pk)


def participant_anonymise(*, participant: Participant) -> None:
    """Keep what was said, forget who said it (the retention period of names is over)."""
    Participant.objects.filter(pk=participant.pk).update(
        nickname=anonymous_name(participant), user=None, anonymised_at=timezone.now()
    )
