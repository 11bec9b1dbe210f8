"""Reads for the observatory's pages (the figures themselves: `mille.observatory.figures`)."""

from mille.groups import selectors as groups
from mille.inventory import selectors as inventory
from mille.territories import selectors as territories


def departement(code: str):
    """The département of a URL code, or 404."""
    return territories.departement_by_code(code)


def departements_with_groups() -> list[dict]:
    """The départements that have at least one group, for the links of the national page."""
    return [entry for entry in groups.departements_with_counts() if entry["group_count"]]


def rising_voices(departement: str | None):
    """What rises from the groups, by theme: difficulties and statements of consensus."""
    return inventory.rising_voices(departement)
