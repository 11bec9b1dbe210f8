"""For `make bench`: time an import into the état des lieux and measure its peak memory.

Two cases, one process each (peak memory only grows within a process):

- `--case data-inclusion`: 50,000 data·inclusion structures (default) in the API's shape — pages of
  10,000 items saved one after the other, as `GET /api/v1/structures` serves them by cursor — for a
  départemental group covering every commune of the Nord;
- `--case annuaire`: the Annuaire de l'éducation for a whole département (the Nord, about one
  establishment per 1,000 inhabitants, in the published 72-column `;` CSV with a BOM).

The file is generated on disk, then read as the pages read it: step 1 (read and check: the report)
and step 2 (read again, check, write everything in one transaction). The bench group and its
entries are deleted afterwards.
"""

from __future__ import annotations

import csv
import gc
import json
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from mille.accounts.models import User
from mille.groups.models import LocalGroup
from mille.groups.services import group_create
from mille.inventory import exchange, services
from mille.inventory.models import Resource
from mille.territories.models import Commune
from mille.territories.selectors import communes_covered

DEPARTEMENT = "59"
PAGE = 10_000
NETWORKS = ["ccas-cias", "caf", "communes", "fcsf", "mission-locale", "france-service", None]
THEMES = [
    "famille--soutien-a-la-parentalite-et-a-leducation",
    "numerique--acceder-a-des-services-en-ligne",
    "lecture-ecriture-calcul--maitriser-le-francais",
]
ANNUAIRE_HEADER = (
    "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;"
    "Adresse_1;Adresse_2;Adresse_3;Code_postal;Code_commune;Nom_commune;Code_departement;"
    "Code_academie;Code_region;Ecole_maternelle;Ecole_elementaire;Voie_generale;"
    "Voie_technologique;Voie_professionnelle;Telephone;Fax;Web;Mail;Restauration;Hebergement;"
    "ULIS;Apprentissage;Segpa;Section_arts;Section_cinema;Section_theatre;Section_sport;"
    "Section_internationale;Section_europeenne;Lycee_Agricole;Lycee_militaire;"
    "Lycee_des_metiers;Post_BAC;Appartenance_Education_Prioritaire;GRETA;SIREN_SIRET;"
    "Nombre_d_eleves;Fiche_onisep;position;Type_contrat_prive;Libelle_departement;"
    "Libelle_academie;Libelle_region;coordX_origine;coordY_origine;epsg_origine;"
    "nom_circonscription;latitude;longitude;precision_localisation;date_ouverture;"
    "date_maj_ligne;etat;ministere_tutelle;multi_uai;rpi_concentre;rpi_disperse;code_nature;"
    "libelle_nature;Code_type_contrat_prive;PIAL;etablissement_mere;"
    "type_rattachement_etablissement_mere;code_circonscription;"
    "code_zone_animation_pedagogique;libelle_zone_animation_pedagogique;code_bassin_formation;"
    "libelle_bassin_formation"
).split(";")


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _structure(rng: random.Random, index: int, commune: Commune) -> dict:
    network = rng.choice(NETWORKS)
    return {
        "source": "dora",
        "id": f"dora--bench-{index:06d}",
        "nom": f"Structure d'accueil {index} de {commune.name}"[:150],
        "date_maj": f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "description": (
            "Accueil, information et accompagnement des familles : aide aux démarches, "
            "ateliers parents-enfants, permanences d'écrivain public, sorties culturelles."
        ),
        "lien_source": f"https://dora.example.fr/structures/bench-{index}",
        "siret": None,
        "commune": commune.name,
        "code_postal": commune.first_postal_code,
        "code_insee": commune.insee,
        "adresse": f"{rng.randint(1, 200)} rue de la République",
        "complement_adresse": None,
        "longitude": round(commune.longitude + rng.uniform(-0.01, 0.01), 6),
        "latitude": round(commune.latitude + rng.uniform(-0.01, 0.01), 6),
        "telephone": f"03 20 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d} {index % 100:02d}",
        "courriel": f"contact{index}@structure.example.fr",
        "site_web": f"https://structure{index}.example.fr",
        "horaires_accueil": "Mo-Fr 09:00-17:00",
        "accessibilite_lieu": None,
        "reseaux_porteurs": [network] if network else None,
        "score_qualite": round(rng.random(), 2),
        "doublons": [],
    }


def write_data_inclusion(path: Path, communes: list[Commune], count: int) -> None:
    """Pages of the API (`{"items": [...], "next_cursor": ...}`), one after the other."""
    rng = random.Random(20)
    with open(path, "w", encoding="utf-8") as fh:
        for start in range(0, count, PAGE):
            size = min(PAGE, count - start)
            fh.write('{"items": [\n')
            for offset in range(size):
                index = start + offset
                item = _structure(rng, index, communes[index % len(communes)])
                fh.write(json.dumps(item, ensure_ascii=False))
                fh.write(",\n" if offset < size - 1 else "\n")
            last = start + size >= count
            cursor = "null" if last else f'"dora--bench-{start + size - 1:06d}"'
            fh.write(f'], "next_cursor": {cursor}, "previous_cursor": null, "total": {count}}}\n')


def write_annuaire(path: Path, communes: list[Commune]) -> int:
    """About one establishment per 1,000 inhabitants, in the Annuaire's published format."""
    rng = random.Random(21)
    rows = 0
    kinds = [("Ecole", "1", "1")] * 6 + [("Ecole", "1", "0")] * 3 + [("Collège", "", "")]
    kinds += [("Lycée", "", "")]
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=ANNUAIRE_HEADER, delimiter=";")
        writer.writeheader()
        for commune in communes:
            for _ in range(max(1, commune.population // 1000)):
                kind, maternelle, elementaire = rng.choice(kinds)
                rows += 1
                writer.writerow(
                    {
                        "Identifiant_de_l_etablissement": f"{rows:07d}{chr(65 + rows % 26)}",
                        "Nom_etablissement": f"{kind} n°{rows} de {commune.name}",
                        "Type_etablissement": kind,
                        "Statut_public_prive": "Public" if rng.random() < 0.8 else "Privé",
                        "Adresse_1": f"{rng.randint(1, 200)} rue Jules Ferry",
                        "Code_postal": commune.first_postal_code,
                        "Code_commune": commune.insee,
                        "Nom_commune": commune.name,
                        "Code_departement": commune.departement_id.zfill(3),
                        "Ecole_maternelle": maternelle,
                        "Ecole_elementaire": elementaire,
                        "Telephone": f"03 20 00 {rows % 100:02d} {rng.randint(0, 99):02d}",
                        "Mail": f"ce.{rows:07d}@ac-example.fr",
                        "Appartenance_Education_Prioritaire": rng.choice(
                            ["", "", "", "REP", "REP+"]
                        ),
                        "latitude": f"{commune.latitude + rng.uniform(-0.01, 0.01):.6f}",
                        "longitude": f"{commune.longitude + rng.uniform(-0.01, 0.01):.6f}",
                        "date_maj_ligne": "2025-06-30",
                        "etat": "A FERMER" if rng.random() < 0.005 else "OUVERT",
                    }
                )
    return rows


class Command(BaseCommand):
    help = "Time a 50,000-row data·inclusion import or a whole-département Annuaire import."

    def add_arguments(self, parser):
        parser.add_argument("--case", choices=["data-inclusion", "annuaire"], required=True)
        parser.add_argument("--rows", type=int, default=50_000)
        parser.add_argument(
            "--national",
            action="store_true",
            help="Annuaire: the whole country's file (the group keeps its département's rows).",
        )

    def handle(self, *args, case, rows, national, **options):
        communes = list(
            Commune.objects.filter(departement_id=DEPARTEMENT, parent__isnull=True).order_by(
                "insee"
            )
        )
        user, _created = User.objects.get_or_create(
            email="bench-import@example.org", defaults={"display_name": "Bench import"}
        )
        LocalGroup.objects.filter(slug__startswith="bench-import").delete()
        group = group_create(
            creator=user,
            name="Bench import départemental",
            communes=communes,
            description="Groupe de mesure.",
        )
        with tempfile.TemporaryDirectory() as folder:
            if case == "data-inclusion":
                path = Path(folder) / "structures.json"
                write_data_inclusion(path, communes, rows)
                label = f"data·inclusion, {rows:,} structures (API pages, JSON)"
            else:
                path = Path(folder) / "annuaire.csv"
                if national:
                    everywhere = Commune.objects.filter(parent__isnull=True).order_by("insee")
                    rows = write_annuaire(path, list(everywhere))
                    label = f"Annuaire, whole country ({rows:,} rows), group on département 59"
                else:
                    rows = write_annuaire(path, communes)
                    label = (
                        f"Annuaire, département {DEPARTEMENT} ({rows:,} rows, "
                        f"{len(communes)} communes)"
                    )
            size = path.stat().st_size / 1024 / 1024
            codes = communes_covered([c.insee for c in communes], with_cities=True)

            def read():
                with open(path, "rb") as stream:
                    if case == "annuaire":
                        return exchange.read_annuaire(stream, insee_codes=codes)
                    return exchange.read_data_inclusion(stream, path.name, insee_codes=codes)

            # Each step is a request of its own: the first one's result is let go before the
            # second (peak memory is the process's high-water mark, after each step).
            before = _rss_mb()
            start = time.perf_counter()
            plan = services.resources_import(group=group, actor=user, report=read())
            report_seconds = time.perf_counter() - start
            report_peak = _peak_mb()
            del plan
            gc.collect()
            start = time.perf_counter()
            plan = services.resources_import(group=group, actor=user, report=read(), dry_run=False)
            write_seconds = time.perf_counter() - start
            peak = _peak_mb()
        written = Resource.objects.filter(group=group).count()
        self.stdout.write(
            f"{label}: {size:.1f} MB file\n"
            f"  step 1, read and check (report): {report_seconds:6.1f} s\n"
            f"  step 2, read, check and write:   {write_seconds:6.1f} s "
            f"({written:,} entries written, {plan.problem_count} problems, "
            f"set aside: {plan.counts})\n"
            f"  memory: {before:.0f} MB before; peak {report_peak:.0f} MB after step 1 "
            f"(+{report_peak - before:.0f} MB), {peak:.0f} MB after step 2 "
            f"(+{peak - before:.0f} MB)"
        )
        with transaction.atomic():
            Resource.objects.filter(group=group).delete()
            group.delete()
