"""`manage.py workshop_export <id> <file>`: the workshop's bundle, to import on the network's site."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mille.workshops.models import Workshop
from mille.workshops.services import bundle as bundle_services


class Command(BaseCommand):
    help = "Write a workshop's bundle (zip) to a file, for `workshop_import` on another site."

    def add_arguments(self, parser):
        parser.add_argument("workshop_id", type=int)
        parser.add_argument("file", type=Path)

    def handle(self, *args, workshop_id: int, file: Path, **options):
        try:
            workshop = Workshop.objects.select_related("group").get(pk=workshop_id)
        except Workshop.DoesNotExist as error:
            raise CommandError(f"Aucun atelier n° {workshop_id}.") from error
        started = time.perf_counter()
        content = bundle_services.workshop_export(workshop=workshop, actor=None)
        file.write_bytes(content)
        self.stdout.write(
            f"« {workshop.title} » → {file} ({len(content) / 1024:.0f} Ko, "
            f"{time.perf_counter() - started:.2f} s)"
        )
