"""Who a person is on the platform, whatever their groups: predicates take (user)."""

import rules


@rules.predicate
def is_active_user(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def is_national_coordinator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_national_coordinator)


@rules.predicate
def is_coordination_assistant(user) -> bool:
    """The collective's assistant to the coordination (seed 004, 2018): prepares the governance's
    work, with fewer rights than the national coordination."""
    return bool(user.is_authenticated and user.is_active and user.is_coordination_assistant)


rules.add_perm("accounts.change_profile", is_active_user)
rules.add_perm("accounts.view_own_space", is_active_user)
