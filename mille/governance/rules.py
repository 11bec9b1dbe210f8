"""Who may do what in the collective's governance.

The national coordination does everything; the assistant to the coordination prepares meetings
and minutes, records decisions and reads and answers the groups' reports, but grants no seat and
recognises no group (those stay `groups.review_recognition` and the admin's flags). The members
of the bodies and the associations' representatives read the bodies' work and search the decision
log. A local group's coordinators write its reports; its members read them and their answers."""

import rules
from django.utils import timezone

from mille.accounts.rules import is_coordination_assistant, is_national_coordinator
from mille.groups.rules import is_group_coordinator, is_group_member


@rules.predicate
def is_in_the_collective(user) -> bool:
    """Holds a current seat in a body, or represents a member association."""
    if not (user.is_authenticated and user.is_active):
        return False
    today = timezone.localdate()
    return (
        user.seats.filter(start_on__lte=today).exclude(end_on__lt=today).exists()
        or user.represented_associations.exists()
    )


@rules.predicate
def is_report_group_member(user, report) -> bool:
    return report is not None and is_group_member(user, report.group)


@rules.predicate
def is_report_group_coordinator(user, report) -> bool:
    return report is not None and is_group_coordinator(user, report.group)


@rules.predicate
def is_draft(user, report) -> bool:
    return report is not None and report.status == "draft"


@rules.predicate
def is_sent(user, report) -> bool:
    return report is not None and report.status != "draft"


coordination = is_national_coordinator | is_coordination_assistant

rules.add_perm("governance.view_governance", coordination | is_in_the_collective)
rules.add_perm("governance.prepare_meeting", coordination)
rules.add_perm("governance.record_decision", coordination)
rules.add_perm("governance.manage_seats", is_national_coordinator)
rules.add_perm("governance.view_reports_inbox", coordination)
rules.add_perm("governance.answer_report", coordination & is_sent)
# On a group (the list of its reports, writing a new one).
rules.add_perm("governance.view_group_reports", is_group_member | coordination)
rules.add_perm("governance.write_report", is_group_coordinator)
rules.add_perm("governance.view_draft_reports", is_group_member)
# On a report: the group's members see it and its answer; the coordination once it is sent.
rules.add_perm("governance.view_report", is_report_group_member | (coordination & is_sent))
rules.add_perm("governance.send_report", is_report_group_coordinator & is_draft)
