from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mille.demo.loader import DEMO_PASSWORD, demo_is_needed, load_demo


class Command(BaseCommand):
    help = "Load the demo groups and log-ins (refused when DEBUG=0)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database has users."
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is refused when DEBUG=0: it holds known passwords.")
        if not demo_is_needed():
            if if_empty:
                self.stdout.write("The database already has content: demo data not loaded.")
                return
            raise CommandError("The database already has users: demo data not loaded.")
        emails = load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded. Log-ins (password « {DEMO_PASSWORD} »):")
        )
        for email in emails:
            self.stdout.write(f"  {email}")
