from django.core.management.base import BaseCommand

from mille.privacy import services, tasks


class Command(BaseCommand):
    help = (
        "Erase or anonymise what has passed its retention period (settings.RETENTION); "
        "--schedule books the daily run in the background worker instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Book the daily purge in the worker if none is waiting, and return.",
        )

    def handle(self, *args, schedule: bool = False, **options):
        if schedule:
            outcome = tasks.schedule()
            self.stdout.write(
                {
                    "booked": "Daily purge booked in the background worker.",
                    "waiting": "A daily purge is already waiting in the background worker.",
                    "cannot-wait": "This task backend runs tasks at once: "
                    "run `manage.py purge` daily (cron) instead.",
                }[outcome]
            )
            return
        run = services.purge()
        for kind, count in sorted(run.counts.items()):
            self.stdout.write(f"{kind}: {count}")
