"""Who may do what on a local group. Each predicate takes (user, group)."""

import rules

from mille.accounts.rules import is_active_user, is_national_coordinator
from mille.groups.models import Role
from mille.groups.selectors import membership_of


@rules.predicate
def is_group_member(user, group) -> bool:
    return group is not None and membership_of(user, group) is not None


@rules.predicate
def is_group_facilitator(user, group) -> bool:
    membership = membership_of(user, group) if group is not None else None
    return membership is not None and membership.role in {Role.COORDINATOR, Role.FACILITATOR}


@rules.predicate
def is_group_coordinator(user, group) -> bool:
    membership = membership_of(user, group) if group is not None else None
    return membership is not None and membership.role == Role.COORDINATOR


rules.add_perm("groups.add_localgroup", is_active_user)
rules.add_perm("groups.view_members", is_group_member | is_national_coordinator)
rules.add_perm("groups.view_criteria", is_group_member | is_national_coordinator)
rules.add_perm("groups.change_localgroup", is_group_coordinator)
rules.add_perm("groups.manage_members", is_group_coordinator)
rules.add_perm("groups.invite", is_group_coordinator)
rules.add_perm("groups.commit_charter", is_group_coordinator)
rules.add_perm("groups.assess_criteria", is_group_coordinator)
rules.add_perm("groups.submit_recognition", is_group_coordinator)
rules.add_perm("groups.request_join", is_active_user & ~is_group_member)
rules.add_perm("groups.leave", is_group_member)
rules.add_perm("groups.change_own_membership", is_group_member)
rules.add_perm("groups.review_recognition", is_national_coordinator)
rules.add_perm("groups.view_audit", is_group_coordinator | is_national_coordinator)
