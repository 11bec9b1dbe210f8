"""`manage.py restore <file>`: a site's backup (`manage.py backup`) put back in this database."""

import time
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mille.core import backup


def _when(created_at: str) -> str:
    try:
        moment = datetime.fromisoformat(created_at)
    except ValueError:
        return created_at
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


class Command(BaseCommand):
    help = gettext_lazy(
        "Restaure une sauvegarde faite par « manage.py backup » : vérifie le fichier, remplace le "
        "contenu de la base, réécrit les fichiers déposés, puis vérifie les nombres de lignes et "
        "les empreintes des fichiers."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("la sauvegarde (.zip)"))
        parser.add_argument(
            "--replace",
            "--force",
            action="store_true",
            dest="replace",
            help=_("remplacer le site que la base contient déjà (tout son contenu est effacé)"),
        )

    def handle(self, *args, file: Path, replace: bool, **options):
        started = time.perf_counter()
        try:
            summary = backup.restore(file, replace=replace)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if summary.app_version and summary.app_version != backup.app_version():
            self.stdout.write(
                _("Sauvegarde faite par Mille %(theirs)s ; ce site a Mille %(ours)s.")
                % {"theirs": summary.app_version, "ours": backup.app_version()}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Sauvegarde du %(date)s restaurée et vérifiée. Lignes : %(rows)d (%(models)d "
                    "modèles), nombres identiques à la sauvegarde. Fichiers : %(files)d "
                    "(%(size).1f Mo), empreintes SHA-256 identiques. Durée : %(seconds).1f s."
                )
                % {
                    "date": _when(summary.created_at),
                    "rows": summary.rows,
                    "models": summary.models,
                    "files": summary.files,
                    "size": summary.bytes / 1_000_000,
                    "seconds": time.perf_counter() - started,
                }
            )
        )
