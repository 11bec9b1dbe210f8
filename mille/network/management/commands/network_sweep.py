from datetime import timedelta

from django.core.management.base import BaseCommand

from mille.core import daily
from mille.network.tasks import daily_network_sweep, network_sweep


class Command(BaseCommand):
    help = (
        "Do what is due in the network's life: expired offers of freed places, unconfirmed "
        "registrations, day-before reminders, erasure of past attendance lists, newsletter "
        "deliveries left waiting. Safe to run at any time (a daily cron is enough)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Book the daily sweep in the background worker if none is waiting, and return.",
        )

    def handle(self, *args, schedule: bool = False, **options):
        if schedule:
            outcome = daily.book(daily_network_sweep, after=timedelta(minutes=3))
            self.stdout.write(
                {
                    "booked": "Daily sweep booked in the background worker.",
                    "waiting": "A daily sweep is already waiting in the background worker.",
                    "cannot-wait": "This task backend runs tasks at once: "
                    "run `manage.py network_sweep` daily (cron) instead.",
                }[outcome]
            )
            return
        done = network_sweep.call()
        for name, count in done.items():
            self.stdout.write(f"{name}: {count}")
