"""Who sees the observatory's figures: everyone, protected; the national coordination, exact."""

import rules

from mille.accounts.rules import is_national_coordinator

rules.add_perm("observatory.view_figures", rules.always_allow)
rules.add_perm("observatory.view_exact_figures", is_national_coordinator)
rules.add_perm("observatory.view_open_data", rules.always_allow)
