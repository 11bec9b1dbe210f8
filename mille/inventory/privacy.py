"""A person's data in the état des lieux, and the retention of resource persons' consent."""

from datetime import timedelta

from django.conf import settings

from mille.accounts.models import User
from mille.groups.models import AuditEntry
from mille.inventory.models import Outing, Resource, ResourcePerson
from mille.inventory.services import audit_item


def personal_data(user: User) -> dict:
    """What they entered in groups' inventories (the entries belong to the groups and stay)."""
    return {
        "fiches_ajoutees": [
            {"nom": r.name, "groupe": r.group.name}
            for r in Resource.objects.filter(created_by=user).select_related("group")
        ],
        "accords_de_personnes_ressources_notes": ResourcePerson.objects.filter(
            consent_recorded_by=user
        ).count(),
        "sorties_notees": Outing.objects.filter(created_by=user).count(),
    }


def erase(user: User, *, keep_contributions: bool) -> None:
    """Nothing to do: the group's entries stay, no longer signed (their author link is nulled
    when the account goes)."""


def purge(now) -> dict[str, int]:
    """Resource persons whose consent was not renewed by its review date (after a grace
    period) are erased, and the erasure is written to the group's journal."""
    limit = (now - timedelta(days=settings.RETENTION["resource_persons_after_review"])).date()
    expired = ResourcePerson.objects.filter(consent_review_on__lt=limit).select_related("group")
    count = 0
    for person in expired:
        audit_item(person, None, AuditEntry.Action.PURGE)
        person.delete()
        count += 1
    return {"personnes_ressources": count}
