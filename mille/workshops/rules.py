"""Who may do what on a workshop. Predicates take (user, workshop) or (user, local group).

Participants without an account are not users: what they may see is decided by
``selectors.participant_for`` and the isolation rules in ``selectors``.
"""

import rules

from mille.accounts.rules import is_national_coordinator
from mille.groups.rules import is_group_coordinator, is_group_facilitator, is_group_member


@rules.predicate
def is_workshop_facilitator(user, workshop) -> bool:
    if workshop is None or not (user.is_authenticated and user.is_active):
        return False
    if is_group_coordinator(user, workshop.group):
        return True
    memo = workshop.__dict__.setdefault("_facilitator_memo", {})
    if user.pk not in memo:
        memo[user.pk] = (
            is_group_member(user, workshop.group)
            and workshop.facilitators.filter(pk=user.pk).exists()
        )
    return memo[user.pk]


rules.add_perm("workshops.add_workshop", is_group_facilitator)
rules.add_perm("workshops.list_workshops", is_group_member | is_national_coordinator)
rules.add_perm("workshops.manage_workshop", is_workshop_facilitator)


@rules.predicate
def facilitates_the_action(user, action) -> bool:
    """The facilitators of the group that holds the action, or of the workshop it was born in."""
    if action is None:
        return False
    if is_group_facilitator(user, action.group):
        return True
    return action.workshop is not None and is_workshop_facilitator(user, action.workshop)


# The local group's own actions: added by its facilitators, changed by them or by the
# facilitators of the workshop they were born in.
rules.add_perm("workshops.add_action", is_group_facilitator)
rules.add_perm("workshops.change_action", facilitates_the_action)

# The bundle: the workshop's facilitators carry it out; the group's coordinators bring one in.
rules.add_perm("workshops.export_workshop", is_workshop_facilitator)
rules.add_perm("workshops.import_workshop", is_group_coordinator)
