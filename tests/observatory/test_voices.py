"""What rises from the groups (the « processus ascendant »): the difficulty themes of the états des
lieux and the statements of consensus of the crossings, pooled by theme with their territory."""

from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from mille.demo.loader import load_demo
from mille.groups.models import LocalGroup
from mille.inventory import selectors
from mille.inventory import services as inventory_services
from mille.observatory import figures
from mille.workshops.models import Statement

pytestmark = pytest.mark.django_db

CONSENSUS = "Parents et enseignants doivent pouvoir se parler à égalité"
DIFFICULTY = "Des parents n'osent pas parler aux enseignants : ils ne se sentent pas à égalité"


@pytest.fixture
def demo():
    load_demo()
    return get_user_model().objects


def client_of(email: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    return client


def test_themes_count_groups_difficulties_and_consensus_exactly(demo):
    rows = {row.code: row for row in selectors.rising_themes()}
    # Lille-Fives noted five difficulties; two of them are about school access.
    assert rows["school_access"].groups == 1
    assert rows["school_access"].difficulties == 2
    # The crossing's consensus tied to a difficulty counts under that difficulty's theme...
    assert rows["school_access"].consensus == 1
    # ... and the other consensus statements under « no difficulty tied ».
    assert rows[""].consensus >= 1 and rows[""].groups == 0
    assert selectors.rising_themes("42") == []


def test_a_statement_out_of_the_vote_or_out_of_consensus_does_not_rise(demo):
    before = {row.code: row.consensus for row in selectors.rising_themes()}
    lille = LocalGroup.objects.get(neighbourhood="Fives")
    divisive = Statement.objects.get(
        workshop__group=lille,
        text="Les parents ne viennent pas parce qu'ils ne s'intéressent pas à l'école",
    )
    inventory_services.difficulty_create(
        group=lille,
        actor=get_user_model().objects.get(email="coordinatrice@example.org"),
        text="Des parents ne viennent jamais aux réunions",
        themes=["money"],
        raised_by=["school_staff"],
        statements=[divisive],
    )
    rows = {row.code: row for row in selectors.rising_themes()}
    assert rows["money"].difficulties == 1 and rows["money"].consensus == 0
    assert rows["school_access"].consensus == before["school_access"]


def test_the_dashboards_show_the_themes_as_a_table(demo):
    table = next(t for t in figures.compute(None).tables if t.ident == "ce-qui-remonte")
    assert not any(column.people for column in table.columns)
    labels = dict(table.rows)
    assert labels["Accès à l'école"] == (1, 2, 1)
    html = Client().get(reverse("observatory:departement", kwargs={"code": "59"})).content.decode()
    assert "Ce qui remonte des groupes" in html


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        ("parent@example.org", 403),
        ("coordinatrice@example.org", 403),
        ("partenaire@example.org", 403),
        ("coordination@example.org", 200),
        ("assistance@example.org", 200),
    ],
)
def test_only_the_national_coordination_and_its_assistant_read_the_voices(demo, who, status):
    client = client_of(who) if who else Client()
    response = client.get(reverse("observatory:voices"))
    assert response.status_code == status
    if status == 200:
        html = unescape(response.content.decode())
        assert CONSENSUS in html and DIFFICULTY in html
        assert "(59)" in html  # each voice with its territory
        assert "Accès à l'école" in html


def test_the_voices_of_one_departement(demo):
    client = client_of("coordination@example.org")
    html = unescape(
        client.get(reverse("observatory:voices"), {"departement": "59"}).content.decode()
    )
    assert CONSENSUS in html and "Nord (59)" in html
    html = unescape(
        client.get(reverse("observatory:voices"), {"departement": "zz"}).content.decode()
    )
    assert "Ce département n'a pas de groupe" in html and CONSENSUS in html


def test_the_dashboard_links_to_the_voices_for_those_who_may_read_them(demo):
    url = reverse("observatory:national")
    voices = reverse("observatory:voices")
    assert voices in client_of("coordination@example.org").get(url).content.decode()
    assert voices not in Client().get(url).content.decode()


def test_the_voices_page_costs_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    client = client_of("coordination@example.org")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("observatory:voices")).status_code == 200
