"""What reading a file gives: rows to add, services to attach, rows set aside, and problems.

Plain data, no database: the service decides what is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mille.inventory.models import Visibility

# A report keeps this many problems and set-aside rows to show; it counts them all.
KEEP_AT_MOST = 500


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    field: str
    message: str


@dataclass(slots=True)
class ImportRow:
    """One entry to add, as read from a file (not checked against the database yet)."""

    line: int
    name: str
    category: str
    insee: str
    postal_code: str
    commune_name: str
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    public_contact: str = ""
    opening_hours: str = ""
    audience: str = ""
    description: str = ""
    uai: str = ""
    schemes: list[str] = field(default_factory=list)
    visibility: str = Visibility.PUBLIC
    phone: str = ""
    email: str = ""
    website: str = ""
    siret: str = ""
    # Provenance: the record's producer and its identifier there (data·inclusion `source`, `id`).
    source: str = ""
    source_id: str = ""
    # The record's own date of last change (ISO), when the file gives one.
    updated_on: str = ""
    # Names of the record's services that are no scheme of ours (listed in the description).
    services: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ServiceRow:
    """A data·inclusion service for a structure already in the group's état des lieux."""

    line: int
    structure_id: str
    name: str
    scheme: str = ""
    # (source, id) of its structure, best first: the structure's provenance when the file gives
    # it (`mille_structure_origine_*`), then the file's own `source` and `structure_id`.
    keys: list[tuple[str, str]] = field(default_factory=list)


class Reason:
    """Why a row is set aside (left out on purpose, shown, never an error)."""

    OUTSIDE = "outside"  # outside the group's communes
    CLOSING = "closing"  # the Annuaire marks the school « A FERMER »
    DUPLICATE = "duplicate"  # the same school or record earlier in the same file
    NOT_SCHOOL = "not_school"  # an Annuaire row that is no school, collège or lycée
    TEMPLATE = "template"  # a description or example row of a template (`__ignore__`)
    ALREADY = "already"  # already in the group's état des lieux
    NO_STRUCTURE = "no_structure"  # a service whose structure is not in the état des lieux
    KNOWN_SERVICE = "known_service"  # a service the entry already shows


@dataclass(frozen=True, slots=True)
class SetAside:
    line: int
    name: str
    place: str
    reason: str


@dataclass
class Tally:
    """Problems and rows set aside, counted in full and kept (the first ones) to be shown."""

    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    set_aside: list[SetAside] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # "structures", "services" or "annuaire": what the file turned out to hold.
    content: str = ""

    def problem(self, line: int, field_name: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < KEEP_AT_MOST:
            self.problems.append(Problem(line, field_name, message))

    def aside(self, line: int, name: str, place: str, reason: str) -> None:
        self.counts[reason] = self.counts.get(reason, 0) + 1
        if len(self.set_aside) < KEEP_AT_MOST:
            self.set_aside.append(SetAside(line, name, place, reason))


@dataclass
class ImportReport(Tally):
    """What a file holds: entries to add and services for entries already listed."""

    rows: list[ImportRow] = field(default_factory=list)
    services: list[ServiceRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problem_count and bool(self.rows or self.services)
