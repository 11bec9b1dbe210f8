"""For `make bench`: 100,000 resources nationwide, spread over the bench groups' communes."""

import random

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from mille.core.text import normalize_search
from mille.groups.models import LocalGroup
from mille.inventory.models import Category, Resource, ResourceScheme, Scheme, Visibility


class Command(BaseCommand):
    help = "Seed N resources (default 100,000) for the benchmark; does nothing when already there."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)

    def handle(self, *args, count, **options):
        if Resource.objects.filter(name__startswith="Bench ").count() >= count:
            self.stdout.write("Inventory already seeded.")
            return
        rng = random.Random(7)
        groups = list(LocalGroup.objects.prefetch_related("communes"))
        categories = Category.values
        schemes = Scheme.values
        per_group = count // len(groups) + 1
        created = 0
        with transaction.atomic():
            for group in groups:
                communes = list(group.communes.all())
                batch, scheme_rows = [], []
                for index in range(per_group):
                    if created >= count:
                        break
                    commune = rng.choice(communes)
                    category = rng.choice(categories)
                    name = f"Bench {category} {group.pk}-{index}"
                    batch.append(
                        Resource(
                            group=group,
                            name=name,
                            category=category,
                            commune=commune,
                            departement_id=commune.departement_id,
                            latitude=commune.latitude + rng.uniform(-0.02, 0.02),
                            longitude=commune.longitude + rng.uniform(-0.02, 0.02),
                            visibility=Visibility.PUBLIC
                            if rng.random() < 0.7
                            else Visibility.GROUP,
                            search_text=normalize_search(f"{name} {commune.name}"),
                        )
                    )
                    created += 1
                Resource.objects.bulk_create(batch, batch_size=2000)
                for resource in batch:
                    for code in rng.sample(schemes, rng.randint(0, 2)):
                        scheme_rows.append(ResourceScheme(resource=resource, code=code))
                ResourceScheme.objects.bulk_create(scheme_rows, batch_size=5000)
        if connection.vendor == "sqlite":
            # Fold the write-ahead log into the database: readers then do not scan a large log.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.stdout.write(f"Seeded {created} resources.")
