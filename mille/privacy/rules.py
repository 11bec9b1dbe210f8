"""Every signed-in person may read and take away their data, and erase their account."""

import rules

from mille.accounts.rules import is_active_user

rules.add_perm("privacy.export_own_data", is_active_user)
rules.add_perm("privacy.erase_own_account", is_active_user)
