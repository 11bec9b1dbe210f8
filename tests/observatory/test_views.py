"""The observatory's pages and CSV files: who sees what, the walk over every public figure, and
the queries a page costs."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mille.observatory import figures
from tests.observatory.conftest import _group, _members

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "member", "coordinator", "national")
SMALL = {1, 2, 3, 4}


def client_as(network, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(network.users[role])
    return client


def tables() -> dict[str, figures.RawTable]:
    return {table.ident: table for table in figures.compute(None).tables}


def table_idents() -> list[str]:
    return list(tables())


def page_counts(html: str) -> list[int]:
    """Every count of people a dashboard publishes: table cells and key figures marked
    `data-people`, and the figures of the charts of people."""
    values = re.findall(r'data-people data-count="(\d*)"', html)
    for chart in re.findall(r"<svg [^>]*data-people>.*?</svg>", html, flags=re.S):
        values += re.findall(r'<text class="chart-figure"[^>]*>([^<]*)</text>', chart)
    return [int(value.replace("\u202f", "")) for value in values if value.strip().isdigit()]


def all_counts(html: str) -> list[int]:
    return [int(value) for value in re.findall(r'data-count="(\d+)"', html)]


def csv_counts(text: str, table: figures.RawTable) -> list[int]:
    """The counts of people of a table's CSV (its columns of people)."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][1:-1] == [column.label for column in table.columns]
    columns = [1 + index for index, column in enumerate(table.columns) if column.people]
    return [int(row[index]) for row in rows[1:] for index in columns if row[index].isdigit()]


PUBLIC_PAGES = (
    ("observatory:national", {}),
    ("observatory:departement", {"code": "59"}),
    ("observatory:departement", {"code": "42"}),
)


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_the_dashboards_and_their_csv(network, role):
    client = client_as(network, role)
    for name, kwargs in PUBLIC_PAGES:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200
        assert ("(coordination nationale)" in response.content.decode()) == (role == "national")
    ident = table_idents()[0]
    for name, kwargs in (
        ("observatory:national_csv", {"ident": ident}),
        ("observatory:departement_csv", {"code": "2A", "ident": ident}),
    ):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert client.get(reverse("observatory:open_data")).status_code == 200


def test_unknown_departement_or_table_is_404(network):
    client = Client()
    assert client.get("/observatoire/00/").status_code == 404
    assert client.get("/observatoire/999/").status_code == 404
    assert client.get("/observatoire/tableaux/inconnu.csv").status_code == 404
    assert client.get("/observatoire/59/tableaux/inconnu.csv").status_code == 404
    assert client.get("/observatoire/2a/").status_code == 200  # Corse-du-Sud, lower case
    assert client.get("/observatoire/971/").status_code == 200  # Guadeloupe: no group, zeros


def test_the_walk_finds_no_count_between_1_and_4_on_public_pages_and_csv(network):
    """Every public figure: the dashboards (tables, key figures, charts) and every CSV of them."""
    client = Client()
    seen = 0
    for name, kwargs in PUBLIC_PAGES:
        html = client.get(reverse(name, kwargs=kwargs)).content.decode()
        counts = page_counts(html)
        assert counts, name
        assert not SMALL & set(counts), (name, kwargs)
        assert "moins de 5" in html or kwargs.get("code") == "42"
        csv_name = name.replace("national", "national_csv").replace(
            "departement", "departement_csv"
        )
        for ident, table in tables().items():
            response = client.get(reverse(csv_name, kwargs={**kwargs, "ident": ident}))
            values = csv_counts(response.content.decode(), table)
            assert not SMALL & set(values), (kwargs, ident, values)
            seen += len(values)
    assert seen > 50


def test_the_national_coordination_sees_exact_small_counts(network):
    client = client_as(network, "national")
    html = client.get(reverse("observatory:departement", kwargs={"code": "59"})).content.decode()
    assert SMALL & set(page_counts(html))
    assert 'data-count=""' not in html
    text = client.get(
        reverse("observatory:departement_csv", kwargs={"code": "59", "ident": "membres"})
    ).content.decode()
    assert "Personnel de l'école,2," in text and "Parent,9," in text
    public = Client().get(
        reverse("observatory:departement_csv", kwargs={"code": "59", "ident": "membres"})
    )
    assert "Personnel de l'école,,moins de 5" in public.content.decode()
    assert "Parent,10,nombre de personnes arrondi" in public.content.decode()


def test_a_coordinator_sees_protected_figures_too(network):
    html = (
        client_as(network, "coordinator")
        .get(reverse("observatory:departement", kwargs={"code": "59"}))
        .content.decode()
    )
    assert not SMALL & set(page_counts(html))


def test_charts_are_accessible_svg_with_their_table(network):
    html = Client().get(reverse("observatory:national")).content.decode()
    charts = re.findall(r"<svg [^>]*role=\"img\"[^>]*>", html)
    assert len(charts) == len(table_idents())
    for ident in table_idents():
        assert f'aria-labelledby="chart-{ident}-title chart-{ident}-desc"' in html
        assert f'<title id="chart-{ident}-title">' in html
    assert html.count("<table>") == len(table_idents())
    assert "<script" not in html.split('<main id="contenu"')[1].split("</main>")[0]
    # Each département with a group has its link on the national page.
    assert reverse("observatory:departement", kwargs={"code": "59"}) in html
    assert reverse("observatory:departement", kwargs={"code": "42"}) in html


@pytest.mark.parametrize("url", ["/observatoire/", "/observatoire/59/"])
@pytest.mark.parametrize("role", ["anonymous", "national"])
def test_queries_are_pinned(network, django_assert_max_num_queries, url, role):
    """One query per figure when the cache is cold (28: 25, and 3 for the themes that rise from
    the groups; plus the session, the user and the département or the list of départements);
    none of the figures' once warm."""
    client = client_as(network, role)
    cache.clear()
    with django_assert_max_num_queries(31):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200


def test_queries_stay_flat_as_the_network_grows(network, django_assert_max_num_queries):
    client = Client()
    cache.clear()

    with CaptureQueriesContext(connection) as before:
        client.get("/observatoire/59/")
    for index in range(5):
        group = _group(
            f"Groupe {index}", f"groupe-{index}", "59350", "not_requested", network.fives.created_at
        )
        _members(group, "parent", 3)
    cache.clear()
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get("/observatoire/59/")
