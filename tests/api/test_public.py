"""The public endpoints: filters, pagination, ETags, rate limits, protected figures, and query
counts that do not grow with the rows."""

import datetime
import json

import pytest
from django.test import Client

from mille.api import v1
from mille.inventory import services as inventory_services
from mille.library.services import submissions
from mille.network.services import events as event_services
from mille.territories.models import Commune
from tests.factories import UserFactory, make_group
from tests.library.conftest import EXPERIENCE
from tests.network.conftest import make_event


def _get(url, **params):
    response = Client().get(url, params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_groups_show_public_fields_only(group, member):
    body = _get("/api/v1/groupes")
    assert body["total"] == 1
    (item,) = body["items"]
    assert item["identifiant"] == group.slug
    assert item["communes_insee"] == ["59350"]
    text = json.dumps(body)
    for private in ("membre@example.org", "coord@example.org", "Nadia", "Fatou", "member"):
        assert private not in text


def test_groups_filter_by_departement_and_commune(group, other_group):
    loire = make_group(name="Parents de Saint-Étienne", insee=("42218",))
    assert _get("/api/v1/groupes", departement="42")["total"] == 1
    assert _get("/api/v1/groupes", departement="59")["total"] == 2
    roubaix = _get("/api/v1/groupes", commune="59512")["items"]
    assert [item["identifiant"] for item in roubaix] == [other_group.slug]
    assert _get(f"/api/v1/groupes/{loire.slug}")["departement"] == "42"


def test_pagination_has_a_total_and_a_maximum(group, other_group):
    page = _get("/api/v1/groupes", limit=1, offset=1)
    assert page["total"] == 2 and len(page["items"]) == 1
    assert _get("/api/v1/groupes", offset=5)["items"] == []
    assert Client().get("/api/v1/groupes", {"limit": 101}).status_code == 400


def test_etag_and_304(group):
    client = Client()
    for url in ("/api/v1/groupes", f"/api/v1/groupes/{group.slug}"):
        first = client.get(url)
        etag = first["ETag"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == etag
        assert "Authorization" in again["Vary"]
        assert client.get(url, headers={"If-None-Match": '"autre"'}).status_code == 200
    before = client.get("/api/v1/groupes")["ETag"]
    group.name = "Parents et école à Fives-Caillou"
    group.save()
    assert client.get("/api/v1/groupes")["ETag"] != before


def test_anonymous_requests_are_limited_per_network(db, monkeypatch):
    monkeypatch.setattr(v1, "ANONYMOUS_LIMIT", v1.ratelimit.Limit("api-test", 3, 60))
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert [client.get("/api/v1/groupes").status_code for _ in range(3)] == [200] * 3
    response = client.get("/api/v1/groupes")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert json.loads(response.content)["detail"].startswith("Trop de requêtes")
    assert Client(REMOTE_ADDR="198.51.100.1").get("/api/v1/groupes").status_code == 200


def test_the_observatory_publishes_no_count_of_one_to_four_people(network):
    for url in ("/api/v1/observatoire", "/api/v1/observatoire/59"):
        body = _get(url)
        people = [f["valeur"] for f in body["chiffres_cles"] if f["personnes"]]
        for table in body["tableaux"]:
            for index, is_people in enumerate(table["colonnes_personnes"]):
                if is_people:
                    people += [row["valeurs"][index] for row in table["lignes"]]
                    people += [table["totaux"][index]] if table["totaux"] else []
        assert people
        assert all(value is None or value % 5 == 0 for value in people), people
        assert None in people  # the small network has small counts, hidden


def _grow(group, coordinator, national, count, start=0):
    """`count` more of every listed thing: groups, public entries, events, library items."""
    commune = Commune.objects.get(insee="59350")
    for index in range(start, start + count):
        make_group(coordinator=UserFactory(), name=f"Groupe {index}")
        inventory_services.resource_create(
            group=group,
            actor=coordinator,
            commune=commune,
            name=f"Centre social {index}",
            category="centre_social",
            visibility="public",
            schemes=["clas"],
        )
        event = make_event(national, title=f"Rencontre {index}", days=10 + index)
        event_services.event_publish(event=event, actor=national)
        item = submissions.submission_create(
            user=coordinator,
            group=group,
            kind="experience",
            data={**EXPERIENCE, "title": f"Expérience {index}"},
        )
        submissions.review_publish(reviewer=national, page=item)


@pytest.mark.parametrize(
    "url", ["/api/v1/groupes", "/api/v1/structures", "/api/v1/bibliotheque", "/api/v1/evenements"]
)
def test_list_query_counts_do_not_grow_with_rows(
    url, group, coordinator, national, django_assert_max_num_queries
):
    _grow(group, coordinator, national, 2)
    client = Client()
    first = json.loads(client.get(url).content)  # also warms the caches (the library's root)
    assert len(first["items"]) >= 2
    with django_assert_max_num_queries(7) as few:
        assert client.get(url).status_code == 200
    _grow(group, coordinator, national, 8, start=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = json.loads(client.get(url).content)
    assert len(body["items"]) >= 10


def test_events_are_published_ones_filtered_by_dates_and_place(national):
    shown = make_event(national, title="Journée à Lille", days=10)
    event_services.event_publish(event=shown, actor=national)
    make_event(national, title="Brouillon", days=12)
    cancelled = make_event(national, title="Annulée", days=14, insee="42218")
    event_services.event_publish(event=cancelled, actor=national)
    event_services.event_cancel(event=cancelled, actor=national, reason="Grève")
    titles = [item["titre"] for item in _get("/api/v1/evenements")["items"]]
    assert titles == ["Journée à Lille"]
    day = shown.starts_at.date()
    assert _get("/api/v1/evenements", depuis=day.isoformat())["total"] == 1
    later = (day + datetime.timedelta(days=1)).isoformat()
    assert _get("/api/v1/evenements", depuis=later)["total"] == 0
    earlier = (day - datetime.timedelta(days=1)).isoformat()
    assert _get("/api/v1/evenements", jusqu_au=earlier)["total"] == 0
    assert _get("/api/v1/evenements", commune="59350", departement="59")["total"] == 1
    assert _get("/api/v1/evenements", departement="42")["total"] == 0


def test_library_items_filter_by_theme(group, coordinator, national):
    from mille.library.models import Term

    theme = Term.objects.create(kind="theme", slug="essai-api", label="Essai de l'API")
    before = _get("/api/v1/bibliotheque")["total"]
    for title, themes in (("Avec thème", [theme]), ("Sans thème", [])):
        item = submissions.submission_create(
            user=coordinator,
            group=group,
            kind="experience",
            data={**EXPERIENCE, "title": title, "themes": themes},
        )
        submissions.review_publish(reviewer=national, page=item)
    assert _get("/api/v1/bibliotheque")["total"] == before + 2
    themed = _get("/api/v1/bibliotheque", theme=theme.slug)["items"]
    assert [item["titre"] for item in themed] == ["Avec thème"]


def test_public_entries_filter_by_commune_and_scheme(group, coordinator):
    commune = Commune.objects.get(insee="59350")
    for name, schemes in (("École Jules Ferry", ["rep"]), ("Centre social", ["clas"])):
        inventory_services.resource_create(
            group=group,
            actor=coordinator,
            commune=commune,
            name=name,
            category="centre_social",
            visibility="public",
            schemes=schemes,
        )
    assert _get("/api/v1/structures", commune="59350")["total"] == 2
    assert _get("/api/v1/structures", commune="59512")["total"] == 0
    clas = _get("/api/v1/structures", dispositif="clas")["items"]
    assert [item["nom"] for item in clas] == ["Centre social"]
    assert clas[0]["services"][0]["thematiques"]
