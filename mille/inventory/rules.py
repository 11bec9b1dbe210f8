"""Who may see and change a local group's inventory. Predicates take (user, group)."""

import rules

from mille.groups.rules import is_group_facilitator, is_group_member, is_national_coordinator

# Members see every entry (public or group-only); they add and correct entries together.
rules.add_perm("inventory.view_inventory", is_group_member | is_national_coordinator)
rules.add_perm("inventory.edit_inventory", is_group_member)
rules.add_perm("inventory.delete_resource", is_group_facilitator)
