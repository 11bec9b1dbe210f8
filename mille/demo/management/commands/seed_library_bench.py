"""For `make bench`: a library of N published items (default 20,000) written with the seeds' words.

Pages are written in bulk (tree paths computed here, child tables filled with one statement per
batch), then indexed in bulk: Wagtail's one-by-one publishing would take hours at this size.
"""

import random
import re
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from mille.library import search
from mille.library.models import (
    ExperiencePage,
    LibraryIndexPage,
    LibraryItemPage,
    PartnershipLevel,
    SpeakerRole,
    TeachingPage,
    Term,
    TestimonyPage,
)
from mille.library.services.items import item_document
from mille.territories.models import Commune

BATCH = 1000
TITLES = [
    "Le café des parents de {commune}",
    "Une semaine de l'école ouverte à {commune}",
    "Les parents relais de {commune}",
    "Croiser les savoirs à {commune}",
    "Accompagner la scolarité à {commune}",
    "Parents et enseignants se rencontrent à {commune}",
    "Aller vers les familles éloignées à {commune}",
    "Un repas partagé entre parents et enseignants à {commune}",
]


class Command(BaseCommand):
    help = "Seed N published library items (default 20,000); does nothing when already there."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=20_000)

    def handle(self, *args, count, **options):
        existing = LibraryItemPage.objects.filter(slug__startswith="bench-").count()
        if existing >= count:
            self.stdout.write("Library already seeded.")
            return
        rng = random.Random(11)
        sentences = self._sentences()
        communes = list(
            Commune.objects.filter(population__gte=5000).values_list("name", "departement_id")
        )
        terms = {kind: list(Term.objects.filter(kind=kind)) for kind in Term.Kind.values}
        library = LibraryIndexPage.objects.get()
        locale = Locale.get_default()
        models = [(ExperiencePage, 6), (TestimonyPage, 2), (TeachingPage, 1)]
        weighted = [model for model, weight in models for _ in range(weight)]
        start = library.numchild
        made = 0
        while existing + made < count:
            size = min(BATCH, count - existing - made)
            with transaction.atomic():
                self._batch(
                    library, locale, start + made, size, rng, sentences, communes, terms, weighted
                )
            made += size
            self.stdout.write(f"  {existing + made} items")
        library.numchild = library.get_children().count()
        library.save(update_fields=["numchild"])
        self.stdout.write(self.style.SUCCESS(f"Library: {count} bench items."))

    def _sentences(self) -> list[str]:
        text = " ".join(
            search.plain_text(" ".join(str(part) for part in page.specific.text_parts()))
            for page in LibraryItemPage.objects.exclude(slug__startswith="bench-")
        )
        return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 40 <= len(s.strip()) <= 300]

    def _batch(self, library, locale, offset, size, rng, sentences, communes, terms, weighted):
        now = timezone.now()
        pages, kinds = [], []
        for number in range(offset + 1, offset + size + 1):
            model = rng.choice(weighted)
            commune, departement = rng.choice(communes)
            title = rng.choice(TITLES).format(commune=commune)
            slug = f"bench-{number}"
            pages.append(
                Page(
                    path=Page._get_path(library.path, library.depth + 1, number),
                    depth=library.depth + 1,
                    numchild=0,
                    title=title,
                    draft_title=title,
                    slug=slug,
                    live=True,
                    has_unpublished_changes=False,
                    url_path=f"{library.url_path}{slug}/",
                    content_type=ContentType.objects.get_for_model(model),
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    first_published_at=now,
                    last_published_at=now,
                )
            )
            kinds.append((model, commune, departement))
        pages = Page.objects.bulk_create(pages)
        if pages[0].pk is None:  # databases that do not return ids
            pages = list(
                Page.objects.filter(path__in=[page.path for page in pages]).order_by("path")
            )
        item_rows, child_rows = [], {ExperiencePage: [], TestimonyPage: [], TeachingPage: []}
        m2m = {"themes": [], "audiences": [], "schemes": []}
        for page, (model, commune, departement) in zip(pages, kinds, strict=True):
            summary = " ".join(rng.sample(sentences, 2))[:590]
            level = rng.choice(PartnershipLevel.values) if model is ExperiencePage else ""
            item_rows.append(
                [
                    page.pk,
                    model.item_kind,
                    summary,
                    "Jeu d'essai de la mesure de charge.",
                    level,
                    departement,
                    commune[:160],
                ]
            )
            paragraphs = ["<p>" + " ".join(rng.sample(sentences, 3)) + "</p>" for _ in range(3)]
            if model is ExperiencePage:
                child_rows[model].append(
                    [page.pk, "", paragraphs[0], paragraphs[1], paragraphs[2], ""]
                )
            elif model is TestimonyPage:
                child_rows[model].append(
                    [
                        page.pk,
                        rng.choice(sentences)[:1500],
                        rng.choice(SpeakerRole.values),
                        now.date(),
                        "À l'oral",
                        "",
                    ]
                )
            else:
                child_rows[model].append(
                    [page.pk, paragraphs[0], paragraphs[1], paragraphs[2], "", ""]
                )
            for relation, kind in (
                ("themes", "theme"),
                ("audiences", "audience"),
                ("schemes", "scheme"),
            ):
                for term in rng.sample(terms[kind], rng.randint(0, 2)):
                    m2m[relation].append([page.pk, term.pk])
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO library_libraryitempage (page_ptr_id, kind, summary, credit, "
                "partnership_level, departement_id, place) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                item_rows,
            )
            cursor.executemany(
                "INSERT INTO library_experiencepage (libraryitempage_ptr_id, dates_text, context, "
                "partners_did, results, contact) VALUES (%s, %s, %s, %s, %s, %s)",
                child_rows[ExperiencePage],
            )
            cursor.executemany(
                "INSERT INTO library_testimonypage (libraryitempage_ptr_id, quote, speaker_role, "
                "consent_given_on, consent_means, audio) VALUES (%s, %s, %s, %s, %s, %s)",
                child_rows[TestimonyPage],
            )
            cursor.executemany(
                "INSERT INTO library_teachingpage (libraryitempage_ptr_id, key_message, why, "
                "examples, resources, vigilance) VALUES (%s, %s, %s, %s, %s, %s)",
                child_rows[TeachingPage],
            )
            for relation, rows in m2m.items():
                cursor.executemany(
                    f"INSERT INTO library_libraryitempage_{relation} (libraryitempage_id, term_id) "
                    "VALUES (%s, %s)",
                    rows,
                )
        terms: dict[int, list[int]] = {page.pk: [] for page in pages}
        for rows in m2m.values():
            for page_id, term_id in rows:
                terms[page_id].append(term_id)
        items = LibraryItemPage.objects.filter(pk__in=[page.pk for page in pages]).specific()
        search.index_documents([item_document(item, tuple(terms[item.pk])) for item in items])
