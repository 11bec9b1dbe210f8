"""The national « Annuaire de l'éducation » (data.education.gouv.fr, `fr-en-annuaire-education`):
a `;`-separated CSV, in UTF-8 with a BOM or in Windows-1252, one row per school — sometimes two
rows for one UAI (a lycée polyvalent and its lycée professionnel). Column names are matched
without regard to case: the site's exports use either labels (`Code_commune`) or field names
(`code_commune`)."""

from __future__ import annotations

import re
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from mille.core.text import squash_spaces
from mille.inventory.exchange import reading
from mille.inventory.exchange.report import ImportReport, ImportRow, Reason
from mille.inventory.models import Category, Scheme

SOURCE = "annuaire-education"
MAX_ROWS = 200_000  # the whole country is some 70,000 rows
MAX_PROBLEMS = 1_000

COLUMNS = {
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
    "phone": "Telephone",
    "email": "Mail",
    "website": "Web",
    "siret": "SIREN_SIRET",
    "state": "etat",
    "updated": "date_maj_ligne",
}
REQUIRED = ("uai", "name", "type", "insee")
UAI = re.compile(r"^\d{7}[A-Z]$")


def _category(kind: str, maternelle: str, elementaire: str) -> str | None:
    kind = kind.lower()
    if kind.startswith(("ecole", "école")):
        if maternelle.strip() == "1" and elementaire.strip() != "1":
            return Category.ECOLE_MATERNELLE
        return Category.ECOLE_ELEMENTAIRE
    if kind.startswith("coll"):
        return Category.COLLEGE
    if kind.startswith(("lyc", "lyé")):
        return Category.LYCEE
    if kind.startswith("erea"):
        return Category.EREA
    return None


def _float(value: str) -> float | None:
    try:
        return float(value.replace(",", "."))
    except (AttributeError, ValueError):
        return None


def _website(value: str) -> str:
    """The school's site, with https:// when the cell has no scheme; "" when it is no address
    (a contact detail is not worth stopping the import of a whole file)."""
    value = value.strip()
    if value and not value.lower().startswith(("http://", "https://")):
        value = f"https://{value.lstrip('/')}"
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return ""
    return value if len(value) <= 300 else ""


def _email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def _date(value: str) -> str:
    """The row's date of last change, as AAAA-MM-JJ (the export writes it so, or JJ/MM/AAAA)."""
    value = value.strip()[:10]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    if match := re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", value):
        return f"{match[3]}-{match[2]}-{match[1]}"
    return ""


def read_annuaire(data: bytes | BinaryIO, *, insee_codes: set[str]) -> ImportReport:
    """Schools, collèges, lycées and EREA of the group's communes (`insee_codes`) from a copy of
    the Annuaire, every problem found in one pass. Set aside, and shown: rows of other communes,
    other kinds of establishment, schools marked « A FERMER », and a UAI seen earlier in the file."""
    report = ImportReport(content="annuaire")
    try:
        header, rows = reading.csv_rows(reading.as_stream(data))
    except reading.Unreadable:
        report.problem(
            0, _("fichier"), _("Le fichier n'est pas un texte lisible (UTF-8 ou Windows-1252).")
        )
        return report
    by_lower = {name.lower(): name for name in header}
    column = {key: by_lower.get(name.lower(), "") for key, name in COLUMNS.items()}
    absent = [COLUMNS[key] for key in REQUIRED if not column[key]]
    if absent:
        report.problem(
            1,
            ", ".join(absent),
            _("Ce n'est pas un fichier de l'Annuaire de l'éducation : colonnes absentes."),
        )
        return report
    seen: set[str] = set()
    count = 0
    try:
        for line, raw in rows:
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
                    _("Trop de lignes : %(max)s au plus.")
                    % {"max": f"{MAX_ROWS:,}".replace(",", " ")},
                )
                break
            if reading.IGNORE_MARK in raw:
                report.aside(line, "", "", Reason.TEMPLATE)
                continue
            cell = {
                key: (raw.get(name) or "").strip() if name else "" for key, name in column.items()
            }
            name = squash_spaces(cell["name"])
            place = cell["commune"] or cell["insee"]
            if cell["insee"] not in insee_codes:
                report.aside(line, name, place, Reason.OUTSIDE)
                continue
            category = _category(cell["type"], cell["maternelle"], cell["elementaire"])
            if category is None:
                report.aside(line, name, place, Reason.NOT_SCHOOL)
                continue
            uai = cell["uai"].upper()
            if not UAI.match(uai):
                report.problem(
                    line, COLUMNS["uai"], _("Code UAI attendu : 7 chiffres et une lettre.")
                )
                continue
            if not name:
                report.problem(line, COLUMNS["name"], _("Nom de l'établissement absent."))
                continue
            if uai in seen:
                report.aside(line, name, place, Reason.DUPLICATE)
                continue
            seen.add(uai)
            if cell["state"].upper().replace(" ", "") == "AFERMER":
                report.aside(line, name, place, Reason.CLOSING)
                continue
            priority = cell["priority"].upper().replace(" ", "")
            schemes = (
                [Scheme.REP_PLUS]
                if priority == "REP+"
                else [Scheme.REP]
                if priority == "REP"
                else []
            )
            siret = re.sub(r"\D", "", cell["siret"])
            report.rows.append(
                ImportRow(
                    line=line,
                    name=name[:200],
                    category=category,
                    insee=cell["insee"],
                    postal_code=cell["postal_code"],
                    commune_name=cell["commune"],
                    address=cell["address"][:250],
                    latitude=_float(cell["latitude"]),
                    longitude=_float(cell["longitude"]),
                    uai=uai,
                    schemes=schemes,
                    phone=cell["phone"][:30],
                    email=_email(cell["email"]),
                    website=_website(cell["website"]),
                    siret=siret if len(siret) == 14 else "",
                    source=SOURCE,
                    source_id=uai,
                    updated_on=_date(cell["updated"]),
                )
            )
    except UnicodeDecodeError:
        report.problem(
            0, _("fichier"), _("Le fichier n'est pas un texte lisible (UTF-8 ou Windows-1252).")
        )
    return report
