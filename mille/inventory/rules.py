"""Who may see and change a local group's inventory.

Predicates take (user, group), or (user, resource) for one entry: an entry's permissions are
those on the group that keeps it.
"""

import rules

from mille.accounts.rules import is_national_coordinator
from mille.groups.rules import is_group_facilitator, is_group_member


@rules.predicate
def is_member_of_its_group(user, resource) -> bool:
    return resource is not None and is_group_member(user, resource.group)


@rules.predicate
def facilitates_its_group(user, resource) -> bool:
    return resource is not None and is_group_facilitator(user, resource.group)


# Members see every entry (public or group-only); they add and correct entries together.
rules.add_perm("inventory.view_inventory", is_group_member | is_national_coordinator)
rules.add_perm("inventory.edit_inventory", is_group_member)
rules.add_perm("inventory.change_resource", is_member_of_its_group)
# Showing an entry to another group (a group-only one included) is the facilitators' choice.
rules.add_perm("inventory.share_resource", facilitates_its_group)
rules.add_perm("inventory.delete_resource", facilitates_its_group)
# Resource persons, difficulties and the way to the families: the group's members only, never the
# national coordination (names, and what families live through).
rules.add_perm("inventory.view_knowledge", is_group_member)
rules.add_perm("inventory.change_knowledge", is_group_member)
