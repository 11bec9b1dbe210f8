import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mille.inventory import selectors, services
from mille.inventory.models import Resource
from mille.territories.models import Commune


@pytest.fixture
def lille(db):
    return Commune.objects.get(insee="59350")


def _resource(group, actor, commune, name, visibility="group", **extra):
    return services.resource_create(
        group=group,
        actor=actor,
        commune=commune,
        name=name,
        category="centre_social",
        visibility=visibility,
        **extra,
    )


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_create_places_at_commune_or_picked_point(group, member, lille):
    at_commune = _resource(
        group, member, lille, "Centre social Mosaïque", schemes=["clas", "reaap"]
    )
    assert (at_commune.latitude, at_commune.longitude) == (lille.latitude, lille.longitude)
    assert sorted(at_commune.schemes.values_list("code", flat=True)) == ["clas", "reaap"]
    picked = _resource(
        group, member, lille, "École Jules Ferry", latitude="50.6301", longitude="3.0902"
    )
    assert (picked.latitude, picked.longitude) == (50.6301, 3.0902)


@pytest.mark.parametrize(
    "fields",
    [
        {"name": ""},
        {"name": "x" * 201},
        {"category": "nope"},
        {"visibility": "everyone"},
        {"schemes": ["nope"]},
        {"latitude": "abc", "longitude": "3"},
        {"latitude": "80", "longitude": "3"},
    ],
)
def test_bad_input_writes_nothing(group, member, lille, fields):
    data = {"name": "Centre social", "category": "centre_social", "visibility": "group", **fields}
    with pytest.raises(ValidationError):
        services.resource_create(group=group, actor=member, commune=lille, **data)
    assert Resource.objects.count() == 0


def test_only_members_write_and_facilitators_delete(
    group, member, outsider, other_coordinator, coordinator, lille
):
    for user in (outsider, other_coordinator):
        with pytest.raises(PermissionDenied):
            _resource(group, user, lille, "x")
    resource = _resource(group, member, lille, "PMI de Fives")
    with pytest.raises(PermissionDenied):
        services.resource_delete(resource=resource, actor=member)
    services.resource_delete(resource=resource, actor=coordinator)
    assert Resource.objects.count() == 0


def test_private_entries_never_leak(group, member, outsider, national, other_coordinator, lille):
    public = _resource(group, member, lille, "Médiathèque Jean Lévy", visibility="public")
    private = _resource(group, member, lille, "Permanence de Mme Diallo")
    pages = [
        reverse("inventory:inventory", args=[group.slug]),
        reverse("inventory:geojson", args=[group.slug]),
        reverse("inventory:departement_geojson", args=["59"]) + "?zoom=18",
    ]
    for user in (None, outsider, other_coordinator):
        client = _client(user)
        for url in pages:
            body = client.get(url).content.decode()
            assert "Médiathèque Jean Lévy" in body, url
            assert "Permanence de Mme Diallo" not in body, (url, user)
        assert client.get(public.get_absolute_url()).status_code == 200
        assert client.get(private.get_absolute_url()).status_code == 404
        assert client.get(reverse("inventory:edit", args=[private.pk])).status_code in (302, 403)
        assert client.post(reverse("inventory:delete", args=[private.pk])).status_code in (302, 403)
    assert Resource.objects.count() == 2
    for user in (member, national):
        client = _client(user)
        body = client.get(pages[0]).content.decode() + client.get(pages[1]).content.decode()
        assert "Permanence de Mme Diallo" in body
        assert client.get(private.get_absolute_url()).status_code == 200
    # The départemental map is public data only, even for members.
    assert "Permanence" not in _client(member).get(pages[2]).content.decode()


def test_shared_with_a_neighbour_without_copy(
    group, other_group, member, facilitator, other_coordinator, lille
):
    resource = _resource(group, member, lille, "CAF du Nord")
    services.resource_share(resource=resource, actor=facilitator, group=other_group, shared=True)
    neighbours = _client(other_coordinator).get(
        reverse("inventory:inventory", args=[other_group.slug])
    )
    assert "CAF du Nord" in neighbours.content.decode()
    assert Resource.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.resource_share(
            resource=resource, actor=other_coordinator, group=other_group, shared=False
        )


def test_filters(group, member, lille):
    _resource(group, member, lille, "Centre social Mosaïque", schemes=["clas"])
    services.resource_create(
        group=group,
        actor=member,
        commune=lille,
        name="Collège Boris Vian",
        category="college",
        schemes=["rep_plus"],
    )

    def rows(**f):
        filters = selectors.Filters(**f)
        return [r.name for r in selectors.group_resources(group, member=True, filters=filters)]

    assert rows(category="college") == ["Collège Boris Vian"]
    assert rows(scheme="clas") == ["Centre social Mosaïque"]
    assert rows(query="mosaique") == ["Centre social Mosaïque"]


def test_departement_clusters(group, member, lille):
    for index in range(5):
        _resource(group, member, lille, f"Lieu {index}", visibility="public")
    far = json.loads(
        _client().get(reverse("inventory:departement_geojson", args=["59"]) + "?zoom=6").content
    )
    assert [f["properties"].get("count") for f in far["features"]] == [5]
    near = json.loads(
        _client().get(reverse("inventory:departement_geojson", args=["59"]) + "?zoom=18").content
    )
    assert sum(f["properties"].get("count", 1) for f in near["features"]) == 5


def test_forms(group, member, lille):
    client = _client(member)
    url = reverse("inventory:create", args=[group.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "LAPE Les Petits Pas",
            "category": "lape",
            "commune_choice": lille.pk,
            "visibility": "public",
            "schemes": ["reaap"],
        },
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    response = client.post(
        url,
        {
            "name": "Ailleurs",
            "category": "autre",
            "commune_text": "Nulle-Part-Sur-Mer",
            "visibility": "group",
        },
    )
    assert response.status_code == 400 and "Commune inconnue" in response.content.decode()
    edit = reverse("inventory:edit", args=[resource.pk])
    response = client.post(
        edit,
        {
            "name": "LAPE Les Petits Pas",
            "category": "lape",
            "commune_choice": lille.pk,
            "visibility": "group",
            "latitude": "50.63",
            "longitude": "3.09",
        },
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.visibility == "group" and resource.latitude == 50.63
    assert not resource.schemes.exists()


def test_list_query_count_is_flat(group, member, lille):
    client = _client(member)
    url = reverse("inventory:inventory", args=[group.slug])
    _resource(group, member, lille, "Un", schemes=["clas"])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(30):
        _resource(group, member, lille, f"Lieu {index}", schemes=["clas", "pre"])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 12


def test_share_from_the_detail_page(group, member, facilitator, outsider, lille):
    from tests.factories import make_group

    neighbour = make_group(name="Parents de Fives-Est")
    far_away = make_group(name="Parents de Saint-Étienne", insee=("42218",))
    resource = _resource(group, member, lille, "CAF du Nord")
    # Sharing is the facilitators' choice; members only see where it is shared.
    assert (
        "Parents de Fives-Est"
        not in _client(member).get(resource.get_absolute_url()).content.decode()
    )
    page = _client(facilitator).get(resource.get_absolute_url()).content.decode()
    assert "Parents de Fives-Est" in page and "Saint-Étienne" not in page
    url = reverse("inventory:share", args=[resource.pk])
    assert _client(outsider).post(url, {"group": neighbour.pk, "shared": "1"}).status_code == 403
    assert _client(member).post(url, {"group": neighbour.pk, "shared": "1"}).status_code == 403
    assert _client(facilitator).post(url, {"group": neighbour.pk, "shared": "1"}).status_code == 302
    assert list(resource.shared_with.all()) == [neighbour]
    # Another département is refused, with a French message, and nothing changes.
    response = _client(facilitator).post(url, {"group": far_away.pk, "shared": "1"}, follow=True)
    assert "même département" in response.content.decode()
    assert list(resource.shared_with.all()) == [neighbour]
    _client(facilitator).post(url, {"group": neighbour.pk, "shared": "0"})
    assert not resource.shared_with.exists()


def test_group_map_clusters_by_zoom(group, member, lille):
    for index in range(4):
        _resource(group, member, lille, f"Lieu {index}", visibility="public")
    url = reverse("inventory:geojson", args=[group.slug])
    far = json.loads(_client().get(url + "?zoom=5").content)
    assert [f["properties"].get("count") for f in far["features"]] == [4]
    every = json.loads(_client().get(url).content)
    assert len(every["features"]) == 4
