"""For `make bench`: time the library's search in process (cache off) and count its queries."""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from mille.library.models import LibraryItemPage
from mille.library.selectors import compute_results, parse_query

QUERIES = [
    "q=parents+éloignés",
    "q=élèves",
    "q=eleve",
    "q=école",
    "q=centre+social",
    "q=confiance",
    "q=enseignants+parents",
    "q=décrochage+scolaire",
    "q=café",
    "q=réussite+éducative",
    "q=parents&type=experience",
    "q=école&level=maximal",
    "q=parents&theme=parentalite",
    "q=quartier&departement=59",
    "q=partenariat&audience=enseignants",
    "q=médiation",
    "q=accompagnement+scolarité",
    "q=coéducation",
    "q=décrochge",
    "q=parents&page=5",
    "",
    "type=testimony",
    "theme=decrochage&type=experience",
    "departement=13",
    "page=40",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Time the library search (no cache) on the current database."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=8)

    def handle(self, *args, rounds, **options):
        items = LibraryItemPage.objects.live().count()
        timings, counts = [], {}
        for querystring in QUERIES:  # warm
            compute_results(parse_query(QueryDict(querystring)))
        for _ in range(rounds):
            for querystring in QUERIES:
                query = parse_query(QueryDict(querystring))
                reset_queries()
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    compute_results(query)
                    timings.append((time.perf_counter() - started) * 1000)
                counts[querystring] = len(captured.captured_queries)
        self.stdout.write(
            f"Library search in process, {connection.vendor}, {items} live items, "
            f"{len(timings)} searches ({len(QUERIES)} kinds × {rounds}), cache off:\n"
            f"  p50 {percentile(timings, 0.5):.1f} ms · p95 {percentile(timings, 0.95):.1f} ms · "
            f"p99 {percentile(timings, 0.99):.1f} ms · mean {statistics.mean(timings):.1f} ms\n"
            f"  SQL queries per search: {min(counts.values())}–{max(counts.values())}"
        )
