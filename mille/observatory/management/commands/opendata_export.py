from django.core.management.base import BaseCommand

from mille.observatory import exports, tasks


class Command(BaseCommand):
    help = (
        "Write the open data files (Licence Ouverte 2.0) listed on /donnees/, with their "
        "SHA-256 checksums; --schedule books the daily run in the background worker instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Book the daily export in the worker if none is waiting, and return.",
        )

    def handle(self, *args, schedule: bool = False, **options):
        if schedule:
            outcome = tasks.schedule()
            self.stdout.write(
                {
                    "booked": "Daily open data export booked in the background worker.",
                    "waiting": "A daily open data export is already waiting in the worker.",
                    "cannot-wait": "This task backend runs tasks at once: "
                    "run `manage.py opendata_export` daily (cron) instead.",
                }[outcome]
            )
            return
        for entry in exports.opendata_export():
            self.stdout.write(f"{entry['name']}: {entry['size']} bytes, sha256 {entry['sha256']}")
