"""`manage.py room_address`: where phones in the room reach this laptop (`make room`)."""

from django.core.management.base import BaseCommand

from mille.core import room


class Command(BaseCommand):
    help = (
        "Print the laptop's addresses on the local network and a QR code for phones; "
        "--hosts prints ALLOWED_HOSTS for them, --site-url the first address."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--hosts", action="store_true", help="print ALLOWED_HOSTS only")
        parser.add_argument("--site-url", action="store_true", help="print SITE_URL only")

    def handle(self, *args, port: int, hosts: bool, site_url: bool, **options):
        addresses = room.discover()
        if hosts:
            self.stdout.write(",".join(room.allowed_hosts(addresses)))
            return
        if site_url:
            first = addresses[0] if addresses else "127.0.0.1"
            self.stdout.write(room.room_url(first, port, path=""))
            return
        if not addresses:
            self.stdout.write(
                "Aucun réseau local trouvé : connectez l'ordinateur à un Wi-Fi ou ouvrez un "
                "point d'accès (partage de connexion), puis relancez `make room`."
            )
            return
        self.stdout.write("Les téléphones de la salle, sur le même Wi-Fi ou point d'accès :")
        for address in addresses:
            self.stdout.write(f"  {room.room_url(address, port)}")
        self.stdout.write(room.qr_text(room.room_url(addresses[0], port)))
        self.stdout.write(
            "Pas besoin d'Internet. Les animateurs se connectent sur "
            f"{room.room_url(addresses[0], port, path='/')}"
        )
