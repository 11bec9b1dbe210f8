"""`manage.py backup <file>`: the whole site (database and uploaded files) in one zip file."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mille.core import backup


class Command(BaseCommand):
    help = gettext_lazy(
        "Écrit la sauvegarde du site (base de données et fichiers déposés) dans un fichier zip, "
        "à restaurer avec « manage.py restore »."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("le fichier à écrire (.zip)"))
        parser.add_argument(
            "--overwrite", action="store_true", help=_("remplacer le fichier s'il existe")
        )

    def handle(self, *args, file: Path, overwrite: bool, **options):
        if file.exists() and not overwrite:
            raise CommandError(
                _("%(file)s existe déjà : choisissez un autre nom, ou ajoutez --overwrite.")
                % {"file": file}
            )
        if not file.parent.is_dir():
            raise CommandError(_("Le dossier %(folder)s n'existe pas.") % {"folder": file.parent})
        started = time.perf_counter()
        partial = file.with_name(file.name + ".partiel")
        try:
            summary = backup.backup_write(partial)
            partial.replace(file)
        finally:
            partial.unlink(missing_ok=True)
        for name in summary.missing_files:
            self.stderr.write(
                _("Fichier introuvable dans le stockage, non sauvegardé : %(name)s")
                % {"name": name}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Sauvegarde écrite : %(file)s (%(size).1f Mo). Lignes : %(rows)d "
                    "(%(models)d modèles). Fichiers : %(files)d. Durée : %(seconds).1f s. Elle "
                    "contient des données personnelles : gardez-la chiffrée, en lieu sûr."
                )
                % {
                    "file": file,
                    "size": file.stat().st_size / 1_000_000,
                    "rows": summary.rows,
                    "models": summary.models,
                    "files": summary.files,
                    "seconds": time.perf_counter() - started,
                }
            )
        )
