"""Exchange of the état des lieux with other tools: data·inclusion (schema v1) both ways, and the
national « Annuaire de l'éducation » in.

Imports work in two steps: `read_*` turns a file (read as a stream) into rows, services to attach
and rows set aside, with every problem found (line, field, French message), and writes nothing;
the service `resources_import` then writes all of it or nothing.
"""

from mille.inventory.exchange.annuaire import read_annuaire
from mille.inventory.exchange.data_inclusion import (
    SERVICE_COLUMNS,
    SOURCE,
    STRUCTURE_COLUMNS,
    export,
    mille_id,
    read_data_inclusion,
    to_csv,
)
from mille.inventory.exchange.report import (
    ImportReport,
    ImportRow,
    Problem,
    Reason,
    ServiceRow,
    SetAside,
    Tally,
)

__all__ = [
    "SERVICE_COLUMNS",
    "SOURCE",
    "STRUCTURE_COLUMNS",
    "ImportReport",
    "ImportRow",
    "Problem",
    "Reason",
    "ServiceRow",
    "SetAside",
    "Tally",
    "export",
    "mille_id",
    "read_annuaire",
    "read_data_inclusion",
    "to_csv",
]
