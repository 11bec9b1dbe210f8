"""`manage.py workshop_import <file> --group <slug>`: bring a workshop's bundle into a local group;
the same file twice changes nothing, a newer one of the same workshop updates it."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mille.groups.models import LocalGroup
from mille.workshops.bundle import BundleError
from mille.workshops.services import bundle as bundle_services


class Command(BaseCommand):
    help = "Import a workshop's bundle (from `workshop_export`) into a local group."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--group", required=True, help="the local group's slug")

    def handle(self, *args, file: Path, group: str, **options):
        try:
            local_group = LocalGroup.objects.get(slug=group)
        except LocalGroup.DoesNotExist as error:
            raise CommandError(f"Aucun groupe local « {group} ».") from error
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Fichier illisible : {error}") from error
        started = time.perf_counter()
        try:
            report = bundle_services.workshop_import(group=local_group, actor=None, raw=raw)
        except BundleError as error:
            raise CommandError(str(error)) from error
        state = "importé" if report.created else ("mis à jour" if report.changes else "déjà à jour")
        self.stdout.write(
            f"« {report.workshop.title} » (atelier n° {report.workshop.pk}) : {state}, "
            f"{report.changes} changement(s), {time.perf_counter() - started:.2f} s"
        )
