"""Seed a national-scale dataset for `make bench`: groups in every département, users, members."""

import random

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from mille.accounts.models import Category, User
from mille.core.text import normalize_search
from mille.groups.models import (
    Criterion,
    CriterionAssessment,
    LocalGroup,
    Membership,
    Recognition,
    Role,
)
from mille.territories.models import Commune

FIRST_NAMES = [
    "Nadia",
    "Karim",
    "Fatou",
    "Claire",
    "Bernard",
    "Aïcha",
    "Mehmet",
    "Sophie",
    "Julien",
    "Inès",
    "Mamadou",
    "Léa",
    "Yasmina",
    "Thomas",
    "Chantal",
    "Ayşe",
    "Sylvie",
    "Moussa",
    "Élodie",
    "Rachid",
]
NAME_PATTERNS = [
    "Parents et école {place}",
    "Mille et un parents de {place}",
    "Coéducation à {place}",
    "Ensemble pour les enfants de {place}",
    "Les parents complices de {place}",
    "Réussir ensemble à {place}",
]
ANCHORS = ["centre social", "collège", "école élémentaire", "maison de quartier", "médiathèque"]


class Command(BaseCommand):
    help = "Seed 1,001 local groups over all départements and 30,000 users (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--groups", type=int, default=1001)
        parser.add_argument("--users", type=int, default=30000)
        parser.add_argument("--seed", type=int, default=1001)

    @transaction.atomic
    def handle(self, *args, groups: int, users: int, seed: int, **options):
        rng = random.Random(seed)
        if LocalGroup.objects.filter(slug__startswith="bench-").exists():
            self.stdout.write("National dataset already seeded.")
            return
        password = make_password("bench-password")
        people = [
            User(
                email=f"bench{index}@example.org",
                display_name=rng.choice(FIRST_NAMES),
                password=password,
                category=rng.choice(Category.values),
            )
            for index in range(users)
        ]
        User.objects.bulk_create(people, batch_size=2000)
        people = list(User.objects.filter(email__startswith="bench").only("pk", "category"))

        # One group in each département first, the rest weighted by population.
        by_dep: dict[str, list[Commune]] = {}
        for commune in Commune.objects.filter(population__gte=2000).only(
            "insee", "name", "postal_codes", "departement_id", "latitude", "longitude", "population"
        ):
            by_dep.setdefault(commune.departement_id, []).append(commune)
        everywhere = [c for communes in by_dep.values() for c in communes]
        weights = [c.population for c in everywhere]
        chosen = [max(communes, key=lambda c: c.population) for communes in by_dep.values()]
        chosen += rng.choices(everywhere, weights=weights, k=max(0, groups - len(chosen)))

        new_groups = []
        for index, commune in enumerate(chosen[:groups]):
            name = rng.choice(NAME_PATTERNS).format(place=commune.name)
            recognition = rng.choices(list(Recognition.values), weights=[5, 1, 1, 3])[0]
            new_groups.append(
                LocalGroup(
                    name=name,
                    slug=f"bench-{index}-{slugify(commune.name)}"[:140],
                    departement_id=commune.departement_id,
                    latitude=commune.latitude,
                    longitude=commune.longitude,
                    territory_label=commune.name,
                    neighbourhood="",
                    description=f"Autour d'un {rng.choice(ANCHORS)}, parents, enseignants et associations agissent ensemble.",
                    search_text=normalize_search(
                        f"{name} {commune.name} {commune.postal_codes} {commune.insee}"
                    ),
                    recognition=recognition,
                )
            )
        LocalGroup.objects.bulk_create(new_groups, batch_size=500)
        saved = list(LocalGroup.objects.filter(slug__startswith="bench-").order_by("pk"))
        links = LocalGroup.communes.through
        links.objects.bulk_create(
            [
                links(localgroup_id=g.pk, commune_id=c.insee)
                for g, c in zip(saved, chosen, strict=False)
            ],
            batch_size=2000,
        )
        memberships, seen = [], set()
        for group in saved:
            size = rng.randint(8, 40)
            for position, person in enumerate(rng.sample(people, size)):
                if (group.pk, person.pk) in seen:
                    continue
                seen.add((group.pk, person.pk))
                role = (
                    Role.COORDINATOR
                    if position == 0
                    else (Role.FACILITATOR if position < 3 else Role.MEMBER)
                )
                memberships.append(
                    Membership(group=group, user=person, role=role, category=person.category)
                )
        Membership.objects.bulk_create(memberships, batch_size=5000)
        counts: dict[int, int] = {}
        for membership in memberships:
            counts[membership.group.pk] = counts.get(membership.group.pk, 0) + 1
        for group in saved:
            group.member_count = counts.get(group.pk, 0)
        LocalGroup.objects.bulk_update(saved, ["member_count"], batch_size=500)
        CriterionAssessment.objects.bulk_create(
            [CriterionAssessment(group=g, criterion=c) for g in saved for c in Criterion.values],
            batch_size=5000,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(saved)} groups in {len(by_dep)} départements, {len(people)} users, {len(memberships)} memberships."
            )
        )
