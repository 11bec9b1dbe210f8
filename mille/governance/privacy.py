"""A person's data in the collective's governance: their seats, the associations they represent,
their working groups, and what they wrote (minutes, decisions, reports, answers). Erasure removes
their seats and memberships; what they wrote stays, without their name (the `SET_NULL` authors),
because it is the collective's record, not theirs."""

from mille.accounts.models import User
from mille.governance.models import Decision, Meeting, PeriodicReport, Seat, WorkingGroup


def personal_data(user: User) -> dict:
    return {
        "mandats": [
            {
                "instance": str(seat.body),
                "association": str(seat.association or ""),
                "role": seat.get_role_display(),
                "debut": seat.start_on.isoformat(),
                "fin": seat.end_on.isoformat() if seat.end_on else None,
            }
            for seat in Seat.objects.filter(user=user).select_related("body", "association")
        ],
        "associations_representees": [
            association.name for association in user.represented_associations.all()
        ],
        "groupes_de_travail": [group.name for group in WorkingGroup.objects.filter(members=user)],
        "comptes_rendus_rediges": [
            str(meeting)
            for meeting in Meeting.objects.filter(minutes_by=user).select_related("body")
        ],
        "decisions_consignees": [
            decision.title for decision in Decision.objects.filter(recorded_by=user)
        ],
        "bilans_ecrits": [
            str(report)
            for report in PeriodicReport.objects.filter(written_by=user).select_related("group")
        ],
    }


def erase(user: User, *, keep_contributions: bool) -> None:
    Seat.objects.filter(user=user).delete()
    user.represented_associations.clear()
    for group in WorkingGroup.objects.filter(members=user):
        group.members.remove(user)
