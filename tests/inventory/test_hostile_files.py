"""Files made to hurt the importer get a French answer and cost little: brackets nested 200,000
deep, a cell larger than Python's CSV limit, 350,000 empty services; and what the état des lieux
exports cannot run as a spreadsheet formula."""

import json

from django.test import Client
from django.urls import reverse

from mille.inventory import services
from mille.inventory.exchange import read_data_inclusion
from mille.inventory.exchange.data_inclusion import MAX_PROBLEMS
from mille.territories.models import Commune


def _messages(report) -> str:
    return " ".join(problem.message for problem in report.problems)


def test_brackets_nested_thousands_deep(db):
    report = read_data_inclusion(b"[" * 200_000 + b"]" * 200_000, "structures.json")
    assert not report.ok and report.problem_count >= 1
    assert "JSON" in _messages(report)


def test_a_cell_larger_than_the_csv_module_allows(db):
    header = "id;source;nom;commune;code_insee\n"
    row = f"1;ici;{'é' * 200_000};Lille;59350\n"
    report = read_data_inclusion((header + row).encode(), "structures.csv")
    assert report.problem_count >= 1 or report.rows  # read, not crashed
    assert report.problem_count <= MAX_PROBLEMS + 5


def test_a_flood_of_empty_services_stops_early(db):
    data = json.dumps({"services": [{}] * 350_000}).encode()
    report = read_data_inclusion(data, "services.json")
    assert not report.ok
    assert MAX_PROBLEMS <= report.problem_count <= MAX_PROBLEMS + 10
    assert len(report.problems) <= MAX_PROBLEMS


def test_the_exported_csv_shows_formulas_without_running_them(group, coordinator):
    services.resource_create(
        group=group,
        actor=coordinator,
        commune=Commune.objects.get(insee="59350"),
        name='=HYPERLINK("http://x.example","Centre")',
        category="centre_social",
        visibility="public",
    )
    client = Client()
    client.force_login(coordinator)
    body = client.get(reverse("inventory:export", args=[group.slug, "csv"])).content.decode()
    assert "'=HYPERLINK" in body
    assert not any(cell.startswith("=") for line in body.splitlines() for cell in line.split(","))
