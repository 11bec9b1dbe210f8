"""Exchange with data·inclusion (schema v1, checked with the `data-inclusion-schema` package).

Export: structures (one per entry) and services (one per scheme that is a data·inclusion
« thématique »), each validated with warnings as errors before it leaves. What the schema has no
field for travels in extension fields named `mille_*`, which the schema (and the tools built on
it) ignore, so that a group's export imported into another group loses nothing:

- `mille_categorie`: our category (`ecole_elementaire`, `centre_social`...);
- `mille_uai`: the school's UAI code; `mille_dispositifs`: our schemes (`rep`, `rep_plus`, `clas`...);
- `mille_visibilite`: `public` or `group` (members only) — an import never makes an entry public
  when the file says `group`;
- `mille_contact_public`, `mille_horaires`, `mille_public`: the free-text contact, opening hours
  and audience typed in Mille (the schema's `horaires_accueil` expects the OpenStreetMap format);
- `mille_origine_source`, `mille_origine_id`: the producer and identifier of the record the entry
  came from (data·inclusion's `source` and `id`), when it was imported;
- `mille_nom`, `mille_description`, `mille_telephone`, `mille_courriel`, `mille_site_web`,
  `mille_siret`: the value as typed, when the schema refuses it (a name under 3 characters...);
- on services, `mille_dispositif` (the scheme) and `mille_structure_origine_source`,
  `mille_structure_origine_id` (the structure's provenance, to find it again after an import).

Import: a list of structures, `{"structures": [...], "services": [...]}`, the API's pages
(`{"items": [...], "total": ...}`, one or several, or a list of them), a CSV of structures, or a CSV
of services (for structures already in the état des lieux).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import pydantic
from data_inclusion.schema.v1 import Service, Structure
from django.utils.translation import gettext as _

from mille.core.text import spreadsheet_safe
from mille.inventory.exchange import messages, reading
from mille.inventory.exchange.report import ImportReport, ImportRow, Reason, ServiceRow
from mille.inventory.models import Category, Resource, Scheme, Visibility

SOURCE = "mille-et-un-territoires"
MAX_ROWS = 100_000
# Past this many problems the file is far from right: reading stops (and stays fast).
MAX_PROBLEMS = 1_000
STRICT = {"ignore_warnings": False}

# Our categories that are exactly one of data·inclusion's « réseaux porteurs ».
NETWORKS = {
    Category.CAF: "caf",
    Category.CCAS: "ccas-cias",
    Category.SERVICE_MUNICIPAL: "communes",
    Category.SERVICE_DEPARTEMENTAL: "departements",
}
CATEGORY_OF_NETWORK = {network: category for category, network in NETWORKS.items()}
# Networks whose members are one of our categories (on import only: not every centre social
# belongs to the federation).
CATEGORY_OF_NETWORK |= {"fcsf": Category.CENTRE_SOCIAL, "mjc": Category.MPT}
# Schemes that are one data·inclusion « thématique ».
THEMES = {
    Scheme.CLAS: "famille--soutien-a-la-parentalite-et-a-leducation",
    Scheme.REAAP: "famille--soutien-a-la-parentalite-et-a-leducation",
    Scheme.OEPRE: "famille--soutien-a-la-parentalite-et-a-leducation",
    Scheme.PRE: "famille--soutien-a-la-parentalite-et-a-leducation",
    Scheme.ASL: "lecture-ecriture-calcul--maitriser-le-francais",
}
# Schema fields that may refuse a value typed in Mille: it then travels in `mille_<field>`.
FALLBACK_FIELDS = ("nom", "description", "telephone", "courriel", "site_web", "siret")
STRUCTURE_EXTENSIONS = [
    "mille_categorie",
    "mille_uai",
    "mille_dispositifs",
    "mille_visibilite",
    "mille_contact_public",
    "mille_horaires",
    "mille_public",
    "mille_origine_source",
    "mille_origine_id",
    *(f"mille_{name}" for name in FALLBACK_FIELDS),
]
SERVICE_EXTENSIONS = [
    "mille_dispositif",
    "mille_structure_origine_source",
    "mille_structure_origine_id",
]
STRUCTURE_COLUMNS = [*Structure.model_fields, *STRUCTURE_EXTENSIONS]
SERVICE_COLUMNS = [*Service.model_fields, *SERVICE_EXTENSIONS]
# Fields holding lists: comma-separated in CSV.
LIST_FIELDS = {
    "reseaux_porteurs",
    "thematiques",
    "publics",
    "modes_accueil",
    "modes_mobilisation",
    "mobilisable_par",
    "zone_eligibilite",
    "mille_dispositifs",
}
# Our codes, read once (`TextChoices.values` builds a new list at each call).
VALUES = {kind: frozenset(kind.values) for kind in (Category, Scheme, Visibility)}
STRUCTURE_REQUIRED = ("source", "id", "nom", "date_maj")
SERVICE_REQUIRED = ("source", "structure_id", "id", "nom", "description", "date_maj")


# --- Export ------------------------------------------------------------------------------------


def mille_id(resource: Resource) -> str:
    return f"{SOURCE}--{resource.pk}"


def _origin(resource: Resource) -> dict:
    if resource.source and resource.source_id and resource.source_id != mille_id(resource):
        return {"mille_origine_source": resource.source, "mille_origine_id": resource.source_id}
    return {}


def _checked(model: type[pydantic.BaseModel], item: dict) -> dict:
    """Validate with warnings as errors; a value the schema refuses in an optional field (or a
    name it finds too short) moves to its `mille_` extension field, and the rest is checked again."""
    for _attempt in range(len(FALLBACK_FIELDS) + 1):
        try:
            model.model_validate(item, context=STRICT)
            return item
        except pydantic.ValidationError as error:
            fields = {str(issue["loc"][0]) for issue in error.errors() if issue["loc"]}
            movable = fields & set(FALLBACK_FIELDS)
            if not movable or fields - movable:
                raise
            for name in movable:
                item[f"mille_{name}"] = item[name]
                item[name] = None
                if name == "nom":
                    item["nom"] = _schema_name(item["mille_nom"])
    raise AssertionError("unreachable")


def _schema_name(name: str) -> str:
    """A name the schema accepts: 3 to 150 characters, not ending with a point."""
    name = name[:150].rstrip(". ")
    return name if len(name) >= 3 else f"{name} (lieu)"[:150]


def _structure(resource: Resource) -> dict:
    commune = resource.commune
    postal = (commune.postal_codes.split() or [None])[0]
    schemes = [scheme.code for scheme in resource.schemes.all()]
    item = {
        "source": SOURCE,
        "id": mille_id(resource),
        "nom": resource.name,
        "date_maj": (resource.data_updated_on or resource.updated_at.date()).isoformat(),
        "description": resource.description or None,
        "commune": commune.name,
        "code_postal": postal,
        "code_insee": commune.insee,
        "adresse": resource.address or None,
        "longitude": round(resource.longitude, 6),
        "latitude": round(resource.latitude, 6),
        "telephone": resource.phone or None,
        "courriel": resource.email or None,
        "site_web": resource.website or None,
        "siret": resource.siret or None,
        "reseaux_porteurs": [NETWORKS[resource.category]]
        if resource.category in NETWORKS
        else None,
        "mille_categorie": resource.category,
        "mille_uai": resource.uai or None,
        "mille_dispositifs": schemes or None,
        "mille_visibilite": resource.visibility,
        "mille_contact_public": resource.public_contact or None,
        "mille_horaires": resource.opening_hours or None,
        "mille_public": resource.audience or None,
        **_origin(resource),
    }
    return _checked(Structure, item)


def _services(resource: Resource) -> list[dict]:
    services = []
    origin = _origin(resource)
    for scheme in resource.schemes.all():
        theme = THEMES.get(scheme.code)
        if theme is None:
            continue
        label = str(scheme.get_code_display())
        item = {
            "source": SOURCE,
            "structure_id": mille_id(resource),
            "id": f"{mille_id(resource)}-{scheme.code}",
            "nom": label[:150],
            "description": f"{label} — {resource.name}. {resource.description}".strip()[:10000],
            "date_maj": (resource.data_updated_on or resource.updated_at.date()).isoformat(),
            "thematiques": [theme],
            "code_insee": resource.commune.insee,
            "commune": resource.commune.name,
            "mille_dispositif": scheme.code,
        }
        if origin:
            item["mille_structure_origine_source"] = origin["mille_origine_source"]
            item["mille_structure_origine_id"] = origin["mille_origine_id"]
        services.append(_checked(Service, item))
    return services


def export(resources: Iterable[Resource]) -> dict:
    """Structures and services, each checked against the schema before it leaves."""
    structures, services = [], []
    for resource in resources:
        structures.append(_structure(resource))
        services.extend(_services(resource))
    return {"structures": structures, "services": services}


def to_csv(items: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for item in items:
        writer.writerow(
            {
                key: spreadsheet_safe(
                    ",".join(value) if isinstance(value, list) else ("" if value is None else value)
                )
                for key, value in item.items()
            }
        )
    return buffer.getvalue()


# --- Import ------------------------------------------------------------------------------------


def _cells(raw: dict[str, str]) -> dict:
    """CSV cells are text: empty means absent, lists are comma-separated."""
    item = {}
    for key, value in raw.items():
        if not key or value is None:
            continue
        value = value.strip()
        if value == "":
            continue
        if key in LIST_FIELDS:
            value = [part.strip() for part in value.split(",") if part.strip()]
        item[key] = value
    return item


def _is_service(item: dict) -> bool:
    return "structure_id" in item


def _lenient(item: dict) -> dict:
    """The API lets `site_web` through as typed (« www.… »): read it as an https address."""
    site = item.get("site_web")
    if isinstance(site, str) and site.strip() and "://" not in site:
        item = {**item, "site_web": f"https://{site.strip().lstrip('/')}"}
    return item


def _records(stream: BinaryIO, filename: str, report: ImportReport) -> Iterator[tuple]:
    """(line, kind, record, absent columns) for each record; kind is "structure" or "service"."""
    if filename.lower().endswith(".json"):
        for line, key, item in reading.json_records(stream):
            if isinstance(item, dict) and isinstance(item.get("service"), dict):
                # A search result of the API: the service and, inside it, its structure.
                service = item["service"]
                if isinstance(service.get("structure"), dict):
                    yield line, "structure", service["structure"], ()
                yield line, "service", service, ()
            elif key == "services" or (isinstance(item, dict) and _is_service(item)):
                yield line, "service", item, ()
            else:
                yield line, "structure", item, ()
        return
    header, rows = reading.csv_rows(stream)
    services = "structure_id" in header
    required = SERVICE_REQUIRED if services else STRUCTURE_REQUIRED
    known = SERVICE_COLUMNS if services else STRUCTURE_COLUMNS
    absent = tuple(name for name in required if name not in header)
    for name in absent:
        guess = next(
            (c for c in header if c not in known and messages.unknown_column(c, [name], 0.6)),
            None,
        )
        message = _("Colonne obligatoire absente.")
        if guess:
            message = _(
                "Colonne obligatoire absente. Est-ce la colonne « %(guess)s » ? "
                "Renommez-la « %(name)s »."
            ) % {"guess": guess, "name": name}
        report.problem(1, name, message)
    for column in header:
        meant = messages.unknown_column(column, known)
        if meant and meant not in header:
            report.problem(
                1,
                column,
                _("Colonne inconnue « %(column)s ». Vouliez-vous dire « %(meant)s » ?")
                % {"column": column, "meant": meant},
            )
    for line, raw in rows:
        if reading.IGNORE_MARK in raw:
            yield line, "template", raw, absent
        else:
            yield line, "service" if services else "structure", _cells(raw), absent


def _problems(report: ImportReport, model, line: int, error, absent=()) -> None:
    for issue in error.errors():
        name, message = messages.error_message(model, issue)
        if issue.get("type") == "missing" and name in absent:
            continue  # said once, for the header
        report.problem(line, name, message)


def _unknown(report, line: int, name: str, value, kind) -> None:
    labels = {code: str(label) for code, label in kind.choices}
    guess = messages.closest(str(value), list(labels), labels)
    message = _("Valeur inconnue « %(value)s ».") % {"value": value}
    if guess:
        message = _("Valeur inconnue « %(value)s ». Vouliez-vous dire « %(guess)s » ?") % {
            "value": value,
            "guess": guess,
        }
    report.problem(line, name, message)


def _choice(report, line: int, item: dict, name: str, kind, default: str) -> str:
    """The value of a field holding one of our codes (`kind`: a TextChoices), checked."""
    value = item.get(name)
    if value in (None, ""):
        return default
    if value in VALUES[kind]:
        return value
    _unknown(report, line, name, value, kind)
    return default


def _schemes(report, line: int, item: dict) -> list[str]:
    raw = item.get("mille_dispositifs") or []
    codes = raw if isinstance(raw, list) else [part.strip() for part in str(raw).split(",")]
    for code in codes:
        if code not in VALUES[Scheme]:
            _unknown(report, line, "mille_dispositifs", code, Scheme)
    return [code for code in dict.fromkeys(codes) if code in VALUES[Scheme]]


def _text(item: dict, *names: str) -> str:
    for name in names:
        value = item.get(name)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _structure_row(report, line, item: dict, structure: Structure) -> ImportRow:
    category = _choice(report, line, item, "mille_categorie", Category, Category.AUTRE)
    if "mille_categorie" not in item:
        for network in structure.reseaux_porteurs or []:
            if network.value in CATEGORY_OF_NETWORK:
                category = CATEGORY_OF_NETWORK[network.value]
                break
    return ImportRow(
        line=line,
        name=_text(item, "mille_nom", "nom"),
        category=category,
        insee=structure.code_insee or "",
        postal_code=structure.code_postal or "",
        commune_name=structure.commune or "",
        address=structure.adresse or "",
        latitude=structure.latitude,
        longitude=structure.longitude,
        public_contact=_text(item, "mille_contact_public"),
        opening_hours=_text(item, "mille_horaires", "horaires_accueil"),
        audience=_text(item, "mille_public"),
        description=_text(item, "mille_description", "description"),
        uai=_text(item, "mille_uai").upper(),
        schemes=_schemes(report, line, item),
        visibility=_choice(report, line, item, "mille_visibilite", Visibility, Visibility.PUBLIC),
        phone=_text(item, "mille_telephone", "telephone"),
        email=_text(item, "mille_courriel", "courriel"),
        website=_text(item, "mille_site_web", "site_web"),
        siret=_text(item, "mille_siret", "siret"),
        source=_text(item, "mille_origine_source") or structure.source,
        source_id=_text(item, "mille_origine_id") or structure.id,
        updated_on=structure.date_maj.isoformat(),
    )


def _service_row(report, line, item: dict, service: Service) -> ServiceRow:
    scheme = _choice(report, line, item, "mille_dispositif", Scheme, "")
    keys = [(service.source, service.structure_id)]
    origin = _text(item, "mille_structure_origine_id")
    if origin:
        keys.insert(0, (_text(item, "mille_structure_origine_source") or service.source, origin))
    return ServiceRow(
        line=line, structure_id=service.structure_id, name=service.nom, scheme=scheme, keys=keys
    )


def read_data_inclusion(
    data: bytes | BinaryIO, filename: str, *, insee_codes: set[str] | None = None
) -> ImportReport:
    """Entries and services from a data·inclusion v1 file, with every problem found in one pass.

    Rows whose INSEE code is outside `insee_codes` (when given) are set aside, as are a
    template's description and example rows, and records seen earlier in the file (same `source`
    and `id`). Services go onto their structures of the same file; the others are left for the
    structures already in the état des lieux."""
    report = ImportReport()
    if not filename.lower().endswith((".json", ".csv")):
        report.problem(0, _("fichier"), _("Choisissez un fichier .json ou .csv."))
        return report
    stream = reading.as_stream(data)
    structures: dict[tuple[str, str], ImportRow] = {}
    services: list[ServiceRow] = []
    seen_services: set[tuple[str, str]] = set()
    count = 0
    kinds = set()
    try:
        for line, kind, item, absent in _records(stream, filename, report):
            count += 1
            if report.problem_count >= MAX_PROBLEMS:
                report.problem(
                    line,
                    _("fichier"),
                    _(
                        "Trop de problèmes : la lecture s'arrête ici. Corrigez les premiers et réessayez."
                    ),
                )
                break
            if count > MAX_ROWS:
                report.problem(
                    line,
                    _("fichier"),
                    _("Trop de lignes : %(max)s au plus. Découpez le fichier.")
                    % {"max": f"{MAX_ROWS:,}".replace(",", " ")},
                )
                break
            if kind == "template" or (
                isinstance(item, dict) and reading.IGNORE_MARK in item.values()
            ):
                report.aside(line, "", "", Reason.TEMPLATE)
                continue
            if not isinstance(item, dict):
                report.problem(line, "—", _("Une structure ou un service est attendu ici."))
                continue
            kinds.add(kind)
            if kind == "service":
                try:
                    service = Service.model_validate(item)
                except pydantic.ValidationError as error:
                    _problems(report, Service, line, error, absent)
                    continue
                if (service.source, service.id) in seen_services:
                    report.aside(line, service.nom, "", Reason.DUPLICATE)
                    continue
                seen_services.add((service.source, service.id))
                services.append(_service_row(report, line, item, service))
                continue
            item = _lenient(item)
            try:
                structure = Structure.model_validate(item)
            except pydantic.ValidationError as error:
                _problems(report, Structure, line, error, absent)
                continue
            place = structure.commune or structure.code_postal or structure.code_insee or ""
            if not structure.code_insee and not structure.code_postal:
                report.problem(
                    line,
                    "code_insee",
                    _("Indiquez le code INSEE ou le code postal de la commune."),
                )
                continue
            if (
                insee_codes is not None
                and structure.code_insee
                and structure.code_insee not in insee_codes
            ):
                report.aside(line, structure.nom, place, Reason.OUTSIDE)
                continue
            row = _structure_row(report, line, item, structure)
            key = (row.source, row.source_id)
            if key in structures:
                report.aside(line, row.name, place, Reason.DUPLICATE)
                continue
            structures[key] = row
    except reading.Unreadable as error:
        if error.line:
            report.problem(
                error.line,
                _("fichier"),
                _("Le JSON n'est pas valable (ligne %(line)s, colonne %(column)s).")
                % {"line": error.line, "column": error.column},
            )
        else:
            report.problem(
                0,
                _("fichier"),
                _("Le fichier n'est pas un texte lisible (UTF-8 ou Windows-1252)."),
            )
        return report
    for service in services:
        row = next((structures[key] for key in service.keys if key in structures), None)
        if row is None:
            report.services.append(service)
        elif service.scheme:
            if service.scheme not in row.schemes:
                row.schemes.append(service.scheme)
        elif service.name not in row.services:
            row.services.append(service.name)
    report.rows = list(structures.values())
    report.content = "services" if kinds == {"service"} else "structures"
    if not count and not report.problem_count:
        report.problem(
            0,
            _("fichier"),
            _(
                "Aucune structure trouvée dans ce fichier. Mille lit une liste de structures, "
                "un objet {« structures » : […], « services » : […]} ou les pages de l'API "
                "data·inclusion ({« items » : […]}), et les fichiers CSV de structures ou de "
                "services."
            ),
        )
    return report
