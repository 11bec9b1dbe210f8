"""Load the offline reference of départements and communes shipped in data/."""

import csv
import gzip
from pathlib import Path

from mille.core.text import normalize_search

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_departements() -> list[dict[str, str]]:
    with open(DATA_DIR / "departements.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_communes() -> list[dict[str, str]]:
    with gzip.open(DATA_DIR / "communes.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_arrondissements() -> list[dict[str, str]]:
    with open(DATA_DIR / "arrondissements.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_reference(departement_model, commune_model, batch_size: int = 2000) -> int:
    """Insert every département and commune; return the number of communes."""
    departement_model.objects.bulk_create(
        [departement_model(code=row["code"], name=row["name"]) for row in read_departements()],
        ignore_conflicts=True,
    )
    communes = [
        commune_model(
            insee=row["insee"],
            name=row["name"],
            search_name=normalize_search(row["name"]),
            postal_codes=row["postal_codes"],
            departement_id=row["departement"],
            latitude=float(row["lat"]),
            longitude=float(row["lon"]),
            population=int(row["population"] or 0),
        )
        for row in read_communes()
    ]
    commune_model.objects.bulk_create(communes, batch_size=batch_size, ignore_conflicts=True)
    return len(communes)


def load_arrondissements(commune_model) -> int:
    """Insert the arrondissements municipaux of Paris, Lyon and Marseille as communes of their
    city, or attach them to it when they are already there; return their number."""
    rows = read_arrondissements()
    commune_model.objects.bulk_create(
        [
            commune_model(
                insee=row["insee"],
                name=row["name"],
                search_name=normalize_search(row["name"]),
                postal_codes=row["postal_codes"],
                departement_id=row["departement"],
                latitude=float(row["lat"]),
                longitude=float(row["lon"]),
                population=int(row["population"] or 0),
                parent_id=row["parent"],
            )
            for row in rows
        ],
        ignore_conflicts=True,
    )
    for parent in {row["parent"] for row in rows}:
        codes = [row["insee"] for row in rows if row["parent"] == parent]
        commune_model.objects.filter(insee__in=codes).update(parent_id=parent)
    return len(rows)
