"""CSV files of the observatory's tables, and the open data files (`manage.py opendata_export`):
written with a manifest (date, size, SHA-256) that /donnees/ lists, where uploaded files are kept
(STORAGES["default"]: the database in production, so every app server serves the worker's files).
Every text cell goes through `spreadsheet_safe`; every count of people is protected as on the
public pages."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mille.core.disclosure import Cell
from mille.core.text import spreadsheet_safe
from mille.groups import selectors as groups
from mille.inventory import selectors as inventory
from mille.library import selectors as library
from mille.observatory import figures, publication

LICENCE = "Licence Ouverte / Open Licence version 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
MANIFEST = "manifest.json"
CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


# --- One table of the observatory as CSV ---------------------------------------------------------


def _note(cells) -> str:
    if any(cell.suppressed for cell in cells):
        return _("moins de 5 personnes : nombre caché (secret statistique)")
    if any(cell.rounded for cell in cells):
        return _("nombre de personnes arrondi à 5 près")
    return ""


def _value(cell: Cell | publication.Figure) -> str:
    return "" if cell.suppressed else str(cell.value)


def _write(rows: list[list], header: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return buffer.getvalue()


def table_csv(table: publication.Table) -> str:
    header = [table.row_header, *(column.label for column in table.columns), _("remarque")]
    rows = [[label, *map(_value, cells), _note(cells)] for label, cells in table.rows]
    if table.totals is not None:
        rows.append([_("Total"), *map(_value, table.totals), _note(table.totals)])
    return _write(rows, header)


def _yes(flag: bool) -> str:
    return "oui" if flag else "non"


def observatory_rows(territory: str, dashboard: publication.Dashboard) -> list[list]:
    """The long form of a dashboard: one line per published figure, saying whether it counts
    people (and so is protected)."""
    rows = [
        [
            territory,
            "chiffres-cles",
            key.ident,
            key.label,
            "",
            _yes(key.people),
            _value(key.cell),
            _note((key.cell,)),
        ]
        for key in dashboard.key
    ]
    share = dashboard.share_without_account
    rows.append(
        [
            territory,
            "chiffres-cles",
            "part-sans-compte",
            _("part des participations aux ateliers sans compte (en %)"),
            "",
            "non",
            "" if share is None else str(share),
            _("non publiée : l'une des deux parts compte moins de 5 personnes")
            if share is None
            else _("arrondie à 5 points près"),
        ]
    )
    for table in dashboard.tables:
        lines = list(table.rows)
        if table.totals is not None:
            lines.append((_("Total"), table.totals))
        for label, cells in lines:
            for column, cell in zip(table.columns, cells, strict=True):
                rows.append(
                    [
                        territory,
                        table.ident,
                        label,
                        table.title,
                        column.label,
                        _yes(column.people),
                        _value(cell),
                        _note((cell,)),
                    ]
                )
    return rows


OBSERVATORY_HEADER = [
    "territoire",
    "tableau",
    "ligne",
    "titre",
    "colonne",
    "personnes",
    "valeur",
    "remarque",
]


# --- The open data files -------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    content_type: str


DATASETS = (
    Dataset(
        "groupes-locaux.csv",
        gettext_lazy("Les groupes locaux"),
        gettext_lazy(
            "Nom, page, département, territoire, communes (codes INSEE), position, "
            "reconnaissance et date de création. Ni membres, ni contacts."
        ),
        CSV_TYPE,
    ),
    Dataset(
        "structures-data-inclusion.json",
        gettext_lazy("Les lieux et services publics des états des lieux (data·inclusion)"),
        gettext_lazy(
            "Les fiches publiques des états des lieux au format data·inclusion (schéma v1) : "
            "structures et services. Les fiches réservées aux groupes n'y sont pas."
        ),
        JSON_TYPE,
    ),
    Dataset(
        "structures-data-inclusion.csv",
        gettext_lazy("Les lieux publics des états des lieux (data·inclusion, CSV)"),
        gettext_lazy("Les mêmes structures, une ligne par structure."),
        CSV_TYPE,
    ),
    Dataset(
        "bibliotheque.csv",
        gettext_lazy("Les contenus publiés de la bibliothèque"),
        gettext_lazy(
            "Titre, sorte, page, résumé facile à lire, thèmes, dispositifs, publics, lieu et dates."
        ),
        CSV_TYPE,
    ),
    Dataset(
        "observatoire.csv",
        gettext_lazy("Les chiffres de l'observatoire"),
        gettext_lazy(
            "Les chiffres publics de l'observatoire, pour la France et chaque département qui a "
            "un groupe : les nombres de personnes sont arrondis à 5 près, et cachés sous 5."
        ),
        CSV_TYPE,
    ),
)


def _dicts_csv(rows: list[dict], columns: list[str]) -> str:
    return _write([[row[name] for name in columns] for row in rows], columns)


def _observatory_csv() -> str:
    rows = observatory_rows("FR", publication.publish(figures.compute(None), exact_counts=False))
    for entry in groups.departements_with_counts():
        if entry["group_count"]:
            dashboard = publication.publish(figures.compute(entry["code"]), exact_counts=False)
            rows += observatory_rows(entry["code"], dashboard)
    return _write(rows, OBSERVATORY_HEADER)


def _contents() -> dict[str, str]:
    group_rows = groups.public_group_rows()
    group_columns = list(group_rows[0]) if group_rows else ["nom"]
    items = library.published_item_rows()
    item_columns = list(items[0]) if items else ["titre"]
    resources = inventory.public_resources_export()
    return {
        "groupes-locaux.csv": _dicts_csv(group_rows, group_columns),
        "structures-data-inclusion.json": json.dumps(
            {"structures": resources["structures"], "services": resources["services"]},
            ensure_ascii=False,
            indent=1,
        ),
        "structures-data-inclusion.csv": resources["structures_csv"],
        "bibliotheque.csv": _dicts_csv(items, item_columns),
        "observatoire.csv": _observatory_csv(),
    }


# Each export's files are named after its time ("opendata/20261126T030000123456-observatoire.csv"),
# its manifest written last: /donnees/ reads the newest export whose manifest is there, so it
# never serves half an export. The export before stays, for a download begun just before.
FOLDER = "opendata"
KEPT = 2


def _exports() -> dict[str, set[str]]:
    """The stored exports: each one's time stamp and the names of its files."""
    try:
        _folders, stored = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return {}
    exports: dict[str, set[str]] = {}
    for stored_name in stored:
        stamp, _, name = stored_name.partition("-")
        exports.setdefault(stamp, set()).add(name)
    return exports


def opendata_export() -> list[dict]:
    """Write every open data file, then the manifest; then erase the exports before the last two."""
    now = timezone.now()
    stamp = now.strftime("%Y%m%dT%H%M%S%f")
    when = now.isoformat(timespec="seconds")
    entries = []
    for name, text in _contents().items():
        body = text.encode("utf-8")
        default_storage.save(f"{FOLDER}/{stamp}-{name}", ContentFile(body))
        entries.append(
            {
                "name": name,
                "size": len(body),
                "sha256": hashlib.sha256(body).hexdigest(),
                "generated_at": when,
            }
        )
    manifest = {"licence": LICENCE, "licence_url": LICENCE_URL, "files": entries}
    body = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    default_storage.save(f"{FOLDER}/{stamp}-{MANIFEST}", ContentFile(body))
    exports = _exports()
    for old in sorted(exports)[:-KEPT]:
        for name in exports[old]:
            default_storage.delete(f"{FOLDER}/{old}-{name}")
    return entries


def _published() -> tuple[str, list[dict]]:
    """The newest complete export: its time stamp and its manifest's entries."""
    exports = _exports()
    complete = sorted(stamp for stamp, names in exports.items() if MANIFEST in names)
    if not complete:
        return "", []
    try:
        with default_storage.open(f"{FOLDER}/{complete[-1]}-{MANIFEST}") as stored:
            manifest = json.loads(stored.read().decode("utf-8"))
    except (OSError, ValueError):
        return "", []
    return complete[-1], manifest.get("files", [])


def published_files() -> list[dict]:
    """The files of the last export, with their dataset's title and description."""
    known = {dataset.name: dataset for dataset in DATASETS}
    return [
        {**entry, "dataset": known[entry["name"]]}
        for entry in _published()[1]
        if entry.get("name") in known
    ]


def published_file(name: str) -> tuple[File, str] | None:
    """A listed file, open, and its content type, or None (only names of the manifest)."""
    stamp, entries = _published()
    known = {dataset.name: dataset for dataset in DATASETS}
    if name not in known or name not in {entry.get("name") for entry in entries}:
        return None
    try:
        return default_storage.open(f"{FOLDER}/{stamp}-{name}", "rb"), known[name].content_type
    except FileNotFoundError:
        return None
