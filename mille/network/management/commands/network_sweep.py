from django.core.management.base import BaseCommand

from mille.network.tasks import network_sweep


class Command(BaseCommand):
    help = (
        "Do what is due in the network's life: expired offers of freed places, unconfirmed "
        "registrations, day-before reminders, erasure of past attendance lists, newsletter "
        "deliveries left waiting. Safe to run at any time (a daily cron is enough)."
    )

    def handle(self, *args, **options):
        done = network_sweep.call()
        for name, count in done.items():
            self.stdout.write(f"{name}: {count}")
