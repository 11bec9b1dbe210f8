"""Who may hold API tokens: any active account, for itself; a token gives no more than its user
has (each endpoint checks the domain app's own permission on every object)."""

import rules

from mille.accounts.rules import is_active_user
from mille.groups.rules import is_group_coordinator


@rules.predicate
def owns_the_token(user, token) -> bool:
    return token is not None and token.user_id == user.pk


rules.add_perm("api.add_token", is_active_user)
rules.add_perm("api.view_tokens", is_active_user)
rules.add_perm("api.revoke_token", is_active_user & owns_the_token)
# What a token reads of a group: its coordinators only, and each endpoint checks the domain
# app's own permission too (inventory.view_inventory, partnerships.list_actions).
rules.add_perm("api.read_group", is_group_coordinator)
