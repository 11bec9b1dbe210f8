"""A person's data in local groups: export, what stops an erasure, erasure, retention."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.groups.models import AuditEntry, Invitation, JoinRequest, Membership, Role
from mille.groups.services import _count_members


def personal_data(user: User) -> dict:
    return {
        "groupes": [
            {
                "groupe": m.group.name,
                "role": m.get_role_display(),
                "categorie": m.get_category_display() if m.category else "",
                "visible_en_public": m.shown_publicly,
            }
            for m in Membership.objects.filter(user=user).select_related("group")
        ],
        "demandes_pour_rejoindre": [
            {
                "groupe": r.group.name,
                "message": r.message,
                "etat": r.get_status_display(),
                "le": r.created_at.isoformat(),
            }
            for r in JoinRequest.objects.filter(user=user).select_related("group")
        ],
        "liens_d_invitation_crees": Invitation.objects.filter(created_by=user).count(),
    }


def blockers(user: User) -> list[str]:
    """Groups the person coordinates alone: someone else must take over first."""
    sole = []
    for membership in Membership.objects.filter(user=user, role=Role.COORDINATOR).select_related(
        "group"
    ):
        others = Membership.objects.filter(group=membership.group, role=Role.COORDINATOR).exclude(
            user=user
        )
        if not others.exists():
            sole.append(
                _("Vous êtes seule ou seul à coordonner « %(group)s » : nommez quelqu'un d'autre.")
                % {"group": membership.group.name}
            )
    return sole


def erase(user: User, *, keep_contributions: bool) -> None:
    for membership in Membership.objects.filter(user=user):
        membership.delete()
        _count_members(membership.group_id, -1)
    JoinRequest.objects.filter(user=user).delete()


def purge(now) -> dict[str, int]:
    """Invitation links and answered join requests kept no longer than needed; the journal's
    oldest entries."""
    retention = settings.RETENTION
    invitation_limit = now - timedelta(days=retention["invitations_after_end"])
    invitations = Invitation.objects.filter(
        Q(expires_at__lt=invitation_limit) | Q(revoked_at__lt=invitation_limit)
    ).delete()[0]
    join_requests = (
        JoinRequest.objects.exclude(status=JoinRequest.Status.PENDING)
        .filter(decided_at__lt=now - timedelta(days=retention["join_requests_after_answer"]))
        .delete()[0]
    )
    journal = AuditEntry.objects.filter(
        at__lt=now - timedelta(days=retention["audit_journal"])
    ).delete()[0]
    return {"invitations": invitations, "demandes": join_requests, "journal": journal}
