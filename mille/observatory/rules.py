"""Who sees the observatory's figures: everyone, protected; the national coordination, exact."""

import rules

from mille.accounts.rules import is_coordination_assistant, is_national_coordinator

rules.add_perm("observatory.view_figures", rules.always_allow)
rules.add_perm("observatory.view_exact_figures", is_national_coordinator)
rules.add_perm("observatory.view_open_data", rules.always_allow)
# What the groups say, word for word with their group (the « processus ascendant »): for the
# national coordination and its assistant, who carry it to the network's partners.
rules.add_perm("observatory.view_voices", is_national_coordinator | is_coordination_assistant)
