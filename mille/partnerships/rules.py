"""Who may do what on partnerships. Predicates take (user, partnership), (user, group) or
(user, action); meetings, convention versions and evaluations are checked on their partnership.

A partner's representative is not a member of the group: they see their partnership, its
convention, meetings, shared actions and evaluations, and nothing else of the group.
"""

import rules

from mille.groups.rules import is_group_coordinator, is_group_facilitator, is_group_member
from mille.partnerships.models import Representative


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def represents_the_partner(user, partnership) -> bool:
    if partnership is None or not _active(user):
        return False
    memo = partnership.__dict__.setdefault("_representative_memo", {})
    if user.pk not in memo:
        memo[user.pk] = partnership.representatives.filter(user=user).exists()
    return memo[user.pk]


@rules.predicate
def is_member_of_its_group(user, partnership) -> bool:
    return partnership is not None and is_group_member(user, partnership.group)


@rules.predicate
def facilitates_its_group(user, partnership) -> bool:
    return partnership is not None and is_group_facilitator(user, partnership.group)


@rules.predicate
def coordinates_its_group(user, partnership) -> bool:
    return partnership is not None and is_group_coordinator(user, partnership.group)


@rules.predicate
def represents_a_partner_of_the_action(user, action) -> bool:
    """A representative of one of the partnerships the action is shared with."""
    if action is None or not _active(user):
        return False
    memo = action.__dict__.setdefault("_representative_memo", {})
    if user.pk not in memo:
        memo[user.pk] = Representative.objects.filter(
            user=user, partnership__actions__action_id=action.pk
        ).exists()
    return memo[user.pk]


@rules.predicate
def is_member_of_the_action_group(user, action) -> bool:
    return action is not None and is_group_member(user, action.group)


@rules.predicate
def facilitates_the_action_group(user, action) -> bool:
    return action is not None and is_group_facilitator(user, action.group)


# The group's list of partnerships and actions; creating a partnership.
rules.add_perm("partnerships.list_partnerships", is_group_member)
rules.add_perm("partnerships.add_partnership", is_group_facilitator)
# One partnership: its page, convention, meetings and evaluations.
rules.add_perm("partnerships.view_partnership", is_member_of_its_group | represents_the_partner)
rules.add_perm("partnerships.change_partnership", facilitates_its_group)
rules.add_perm("partnerships.invite_representative", coordinates_its_group)
rules.add_perm("partnerships.write_convention", facilitates_its_group)
rules.add_perm(
    "partnerships.acknowledge_convention", coordinates_its_group | represents_the_partner
)
rules.add_perm("partnerships.record_meeting", facilitates_its_group)
rules.add_perm("partnerships.run_evaluation", facilitates_its_group)
# Actions of the group, followed through.
rules.add_perm("partnerships.list_actions", is_group_member)
rules.add_perm("partnerships.add_action", is_group_facilitator)
rules.add_perm(
    "partnerships.view_action", is_member_of_the_action_group | represents_a_partner_of_the_action
)
rules.add_perm("partnerships.follow_action", facilitates_the_action_group)
# Indicator values: the group's facilitators, and the partners the action is shared with
# (« on évalue ensemble »).
rules.add_perm(
    "partnerships.measure_action",
    facilitates_the_action_group | represents_a_partner_of_the_action,
)
