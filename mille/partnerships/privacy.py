"""A person's data in partnerships, and the retention of partner invitation links."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from mille.accounts.models import User
from mille.partnerships.models import (
    Acknowledgement,
    IndicatorValue,
    PartnerInvitation,
    Representative,
)


def personal_data(user: User) -> dict:
    return {
        "partenariats_suivis": [
            f"{r.partnership.group.name} — {r.partnership.structure.name}"
            for r in Representative.objects.filter(user=user).select_related(
                "partnership__group", "partnership__structure"
            )
        ],
        "conventions_lues": [
            {"pour": a.party, "version": a.version.number, "le": a.at.isoformat()}
            for a in Acknowledgement.objects.filter(by=user).select_related("version")
        ],
        "valeurs_d_indicateurs_notees": IndicatorValue.objects.filter(by=user).count(),
    }


def erase(user: User, *, keep_contributions: bool) -> None:
    """Their partner roles go; what a partner acknowledged stays acknowledged, unsigned."""
    Representative.objects.filter(user=user).delete()


def purge(now) -> dict[str, int]:
    limit = now - timedelta(days=settings.RETENTION["invitations_after_end"])
    links = PartnerInvitation.objects.filter(Q(expires_at__lt=limit) | Q(used_at__lt=limit))
    return {"liens_partenaires": links.delete()[0]}
