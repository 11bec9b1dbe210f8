"""Exchange with data·inclusion (schema v1, validated with the `data-inclusion-schema` package)
and import of the national « Annuaire de l'éducation » CSV.

Imports work in two steps: `read_*` turns a file into rows plus a report of problems (line, field,
message) and writes nothing; the service then writes all the rows or none.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import pydantic
from data_inclusion.schema.v1 import Service, Structure

from mille.inventory.models import Category, Resource, Scheme, Visibility

SOURCE = "mille-et-un-territoires"
MAX_ROWS = 5000

# Our categories that are exactly one of data·inclusion's « réseaux porteurs ».
NETWORKS = {
    Category.CAF: "caf",
    Category.CCAS: "ccas-cias",
    Category.SERVICE_MUNICIPAL: "communes",
    Category.SERVICE_DEPARTEMENTAL: "departements",
}
CATEGORY_OF_NETWORK = {network: category for category, network in NETWORKS.items()}
# Schemes that are one data·inclusion « thématique ».
THEMES = {
    Scheme.CLAS: "famille--soutien-a-la-parentalite-et-a-leducation",
    Scheme.REAAP: "famille--soutien-a-la-parentalite-et-a-leducation",
    Scheme.OEPRE: "famille--soutien-a-la-parentalite-et-a-leducation",
    Scheme.PRE: "famille--soutien-a-la-parentalite-et-a-leducation",
    Scheme.ASL: "lecture-ecriture-calcul--maitriser-le-francais",
}
STRUCTURE_COLUMNS = list(Structure.model_fields)
SERVICE_COLUMNS = list(Service.model_fields)


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str


@dataclass
class ImportRow:
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
    description: str = ""
    uai: str = ""
    schemes: list[str] = field(default_factory=list)
    visibility: str = Visibility.PUBLIC


@dataclass
class ImportReport:
    rows: list[ImportRow]
    problems: list[Problem]
    ignored: int = 0  # rows left aside on purpose (outside the group's communes...)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


# --- Export ------------------------------------------------------------------------------------


def _structure(resource: Resource) -> dict:
    commune = resource.commune
    postal = (commune.postal_codes.split() or [None])[0]
    item = {
        "source": SOURCE,
        "id": f"{SOURCE}--{resource.pk}",
        "nom": resource.name[:150].rstrip("."),
        "date_maj": resource.updated_at.date().isoformat(),
        "description": resource.description or None,
        "commune": commune.name,
        "code_postal": postal,
        "code_insee": commune.insee,
        "adresse": resource.address or None,
        "longitude": round(resource.longitude, 6),
        "latitude": round(resource.latitude, 6),
        "reseaux_porteurs": [NETWORKS[resource.category]]
        if resource.category in NETWORKS
        else None,
    }
    if len(item["nom"]) < 3:
        item["nom"] = f"{item['nom']} ({resource.get_category_display()})"[:150]
    return item


def _services(resource: Resource) -> list[dict]:
    services = []
    for scheme in resource.schemes.all():
        theme = THEMES.get(scheme.code)
        if theme is None:
            continue
        services.append(
            {
                "source": SOURCE,
                "structure_id": f"{SOURCE}--{resource.pk}",
                "id": f"{SOURCE}--{resource.pk}-{scheme.code}",
                "nom": str(scheme.get_code_display())[:150],
                "description": (
                    f"{scheme.get_code_display()} — {resource.name}. {resource.description}"
                ).strip()[:10000],
                "date_maj": resource.updated_at.date().isoformat(),
                "thematiques": [theme],
                "code_insee": resource.commune.insee,
                "commune": resource.commune.name,
            }
        )
    return services


def export(resources) -> dict:
    """Structures and services, each checked against the schema before it leaves."""
    structures, services = [], []
    for resource in resources:
        structure = _structure(resource)
        Structure.model_validate(structure)
        structures.append(structure)
        for service in _services(resource):
            Service.model_validate(service)
            services.append(service)
    return {"structures": structures, "services": services}


def to_csv(items: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for item in items:
        writer.writerow(
            {
                key: ",".join(value)
                if isinstance(value, list)
                else ("" if value is None else value)
                for key, value in item.items()
            }
        )
    return buffer.getvalue()


# --- Import: data·inclusion --------------------------------------------------------------------


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("encoding")


def _csv_rows(text: str) -> list[dict]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def _structure_input(raw: dict) -> dict:
    """CSV cells are text: empty means absent, lists are comma-separated."""
    item = {}
    for key, value in raw.items():
        if key is None or value is None:
            continue
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                continue
            if key == "reseaux_porteurs":
                value = [part.strip() for part in value.split(",") if part.strip()]
        item[key] = value
    return item


def _pydantic_problems(line: int, error: pydantic.ValidationError) -> list[Problem]:
    return [
        Problem(line, ".".join(str(p) for p in issue["loc"]) or "—", issue["msg"])
        for issue in error.errors()
    ]


def read_data_inclusion(data: bytes, filename: str) -> ImportReport:
    """Rows from a data·inclusion v1 file (JSON: a list of structures or {structures, services};
    CSV: structures), with every problem found."""
    problems: list[Problem] = []
    try:
        text = _decode(data)
    except ValueError:
        return ImportReport(
            [], [Problem(0, "fichier", "Le fichier n'est pas un texte lisible (UTF-8).")]
        )
    services: list[dict] = []
    if filename.lower().endswith(".json"):
        try:
            content = json.loads(text)
        except json.JSONDecodeError as error:
            return ImportReport(
                [], [Problem(error.lineno, "fichier", "Le JSON n'est pas valable.")]
            )
        if isinstance(content, dict):
            structures = content.get("structures") or []
            services = content.get("services") or []
        else:
            structures = content
        if not isinstance(structures, list) or not all(isinstance(s, dict) for s in structures):
            return ImportReport(
                [], [Problem(0, "fichier", "Le JSON doit contenir une liste de structures.")]
            )
        raw_rows = [(index + 1, item) for index, item in enumerate(structures)]
    elif filename.lower().endswith(".csv"):
        rows = _csv_rows(text)
        missing = {"source", "id", "nom", "date_maj"} - set(rows[0] if rows else {})
        if missing:
            return ImportReport(
                [], [Problem(1, ", ".join(sorted(missing)), "Colonne obligatoire absente.")]
            )
        raw_rows = [(index + 2, _structure_input(item)) for index, item in enumerate(rows)]
    else:
        return ImportReport([], [Problem(0, "fichier", "Choisissez un fichier .json ou .csv.")])
    if len(raw_rows) > MAX_ROWS:
        return ImportReport([], [Problem(0, "fichier", f"Trop de lignes : {MAX_ROWS} au plus.")])
    services_by_structure: dict[str, list[str]] = {}
    for index, item in enumerate(services):
        try:
            service = Service.model_validate(item)
        except pydantic.ValidationError as error:
            problems += [
                Problem(p.line, f"services[{index + 1}].{p.field}", p.message)
                for p in _pydantic_problems(0, error)
            ]
            continue
        services_by_structure.setdefault(service.structure_id, []).append(service.nom)
    result = []
    for line, item in raw_rows:
        try:
            structure = Structure.model_validate(item)
        except pydantic.ValidationError as error:
            problems += _pydantic_problems(line, error)
            continue
        if not structure.code_insee and not structure.code_postal:
            problems.append(
                Problem(
                    line, "code_insee", "Indiquez le code INSEE ou le code postal de la commune."
                )
            )
            continue
        category = Category.AUTRE
        for network in structure.reseaux_porteurs or []:
            value = getattr(network, "value", network)
            if value in CATEGORY_OF_NETWORK:
                category = CATEGORY_OF_NETWORK[value]
                break
        description = structure.description or ""
        if services_by_structure.get(structure.id):
            description = (
                description + "\n\nServices : " + ", ".join(services_by_structure[structure.id])
            ).strip()
        contact = " · ".join(str(v) for v in (structure.telephone, structure.courriel) if v)
        result.append(
            ImportRow(
                line=line,
                name=structure.nom,
                category=category,
                insee=structure.code_insee or "",
                postal_code=structure.code_postal or "",
                commune_name=structure.commune or "",
                address=structure.adresse or "",
                latitude=structure.latitude,
                longitude=structure.longitude,
                public_contact=contact[:200],
                opening_hours=(structure.horaires_accueil or "")[:300],
                description=description[:3000],
            )
        )
    return ImportReport(result, problems)


# --- Import: Annuaire de l'éducation -----------------------------------------------------------

ANNUAIRE_COLUMNS = {
    "uai": "Identifiant_de_l_etablissement",
    "name": "Nom_etablissement",
    "type": "Type_etablissement",
    "address": "Adresse_1",
    "postal_code": "Code_postal",
    "insee": "Code_commune",
    "commune": "Nom_commune",
    "latitude": "latitude",
    "longitude": "longitude",
    "priority": "Appartenance_Education_Prioritaire",
    "maternelle": "Ecole_maternelle",
    "elementaire": "Ecole_elementaire",
}


def _school_category(kind: str, maternelle: str, elementaire: str) -> str | None:
    kind = kind.lower()
    if kind.startswith("ecole") or kind.startswith("école"):
        if maternelle.strip() == "1" and elementaire.strip() != "1":
            return Category.ECOLE_MATERNELLE
        return Category.ECOLE_ELEMENTAIRE
    if kind.startswith("coll"):
        return Category.COLLEGE
    if kind.startswith("lyc"):
        return Category.LYCEE
    return None


def _float(value: str) -> float | None:
    try:
        return float(value.replace(",", "."))
    except (AttributeError, ValueError):
        return None


def read_annuaire(data: bytes, *, insee_codes: set[str]) -> ImportReport:
    """Schools of the group's communes from a copy of the « Annuaire de l'éducation » CSV."""
    try:
        text = _decode(data)
    except ValueError:
        return ImportReport(
            [], [Problem(0, "fichier", "Le fichier n'est pas un texte lisible (UTF-8).")]
        )
    rows = _csv_rows(text)
    header = set(rows[0]) if rows else set()
    needed = {ANNUAIRE_COLUMNS[k] for k in ("uai", "name", "type", "insee")}
    if not rows or needed - header:
        missing = ", ".join(sorted(needed - header)) or "—"
        return ImportReport(
            [],
            [
                Problem(
                    1,
                    missing,
                    "Ce n'est pas un fichier de l'Annuaire de l'éducation : colonnes absentes.",
                )
            ],
        )
    result, problems, ignored = [], [], 0
    for index, raw in enumerate(rows):
        line = index + 2
        cell = {key: (raw.get(column) or "").strip() for key, column in ANNUAIRE_COLUMNS.items()}
        if cell["insee"] not in insee_codes:
            ignored += 1
            continue
        category = _school_category(cell["type"], cell["maternelle"], cell["elementaire"])
        if category is None:
            ignored += 1
            continue
        if len(cell["uai"]) != 8:
            problems.append(
                Problem(line, ANNUAIRE_COLUMNS["uai"], "Code UAI attendu sur 8 signes.")
            )
            continue
        if not cell["name"]:
            problems.append(
                Problem(line, ANNUAIRE_COLUMNS["name"], "Nom de l'établissement absent.")
            )
            continue
        priority = cell["priority"].upper().replace(" ", "")
        schemes = (
            [Scheme.REP_PLUS] if priority == "REP+" else [Scheme.REP] if priority == "REP" else []
        )
        result.append(
            ImportRow(
                line=line,
                name=cell["name"][:200],
                category=category,
                insee=cell["insee"],
                postal_code=cell["postal_code"],
                commune_name=cell["commune"],
                address=cell["address"][:250],
                latitude=_float(cell["latitude"]),
                longitude=_float(cell["longitude"]),
                uai=cell["uai"].upper(),
                schemes=schemes,
            )
        )
    return ImportReport(result, problems, ignored)
