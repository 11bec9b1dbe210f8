import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mille.groups import services
from mille.groups.models import LocalGroup, Membership
from tests.factories import UserFactory, add_member, make_group

pytestmark = pytest.mark.django_db


def test_create_group_with_two_communes_picked_and_typed(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("groups:create"),
        {
            "name": "Parents de la métropole",
            "communes": ["59350"],
            "communes_text": "Roubaix",
            "neighbourhood": "Fives",
            "anchor_kind": "centre_social",
            "anchor_name": "Centre social Mosaïque",
        },
    )
    group = LocalGroup.objects.get()
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert set(group.communes.values_list("name", flat=True)) == {"Lille", "Roubaix"}
    assert Membership.objects.get(group=group).user == outsider


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Groupe", "communes_text": "Lile-sur-Rien"}, "Commune inconnue"),
        ({"name": "Groupe", "communes_text": "Saint-Denis"}, "Plusieurs communes"),
        ({"name": "Groupe"}, "au moins une commune"),
        ({"name": "", "communes": ["59350"]}, "Ce champ est obligatoire"),
        ({"name": "Groupe", "communes": ["99999"]}, "Sélectionnez un choix valide"),
        (
            {"name": "Groupe", "communes": ["59350"], "anchor_name": "École"},
            "Choisissez le type du lieu",
        ),
    ],
)
def test_create_bad_input_gets_french_message_and_writes_nothing(client, outsider, data, message):
    client.force_login(outsider)
    response = client.post(reverse("groups:create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LocalGroup.objects.exists()


def test_create_duplicate_in_same_commune(client, group, outsider):
    client.force_login(outsider)
    response = client.post(reverse("groups:create"), {"name": group.name, "communes": ["59350"]})
    assert "existe déjà à Lille" in response.content.decode()
    assert LocalGroup.objects.count() == 1


def test_invalid_form_keeps_the_chosen_communes(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("groups:create"), {"name": "", "communes": ["59350", "59512"]})
    page = response.content.decode()
    assert 'value="59350"' in page and 'value="59512"' in page


def test_non_coordinator_edit_is_refused_and_writes_nothing(client, group, member):
    client.force_login(member)
    response = client.post(
        reverse("groups:edit", args=[group.slug]), {"name": "Piraté", "communes": ["59350"]}
    )
    assert response.status_code == 403
    group.refresh_from_db()
    assert group.name == "Parents et école à Fives"


def test_coordinator_edits(client, group, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("groups:edit", args=[group.slug]),
        {"name": "Parents de Fives", "communes": ["59350", "59009"], "description": "Nouveau"},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Parents de Fives" and group.communes.count() == 2


class TestInvitationViews:
    def test_anonymous_sees_invitation_and_is_asked_to_sign_in(self, client, group, coordinator):
        invitation = services.invitation_create(group=group, actor=coordinator)
        page = client.get(reverse("groups:invitation", args=[invitation.token])).content.decode()
        assert group.name in page and "Créer mon compte" in page

    def test_join_by_link(self, client, group, coordinator, outsider):
        invitation = services.invitation_create(group=group, actor=coordinator)
        client.force_login(outsider)
        response = client.post(reverse("groups:invitation", args=[invitation.token]))
        assert response.status_code == 302
        assert Membership.objects.filter(group=group, user=outsider).exists()

    def test_expired_link(self, client, group, coordinator, outsider):
        invitation = services.invitation_create(group=group, actor=coordinator)
        invitation.expires_at = timezone.now() - timedelta(days=1)
        invitation.save()
        client.force_login(outsider)
        response = client.post(reverse("groups:invitation", args=[invitation.token]))
        assert response.status_code == 410
        assert "a expiré" in response.content.decode()
        assert not Membership.objects.filter(user=outsider).exists()

    def test_revoked_and_unknown_links(self, client, group, coordinator, outsider):
        invitation = services.invitation_revoke(
            invitation=services.invitation_create(group=group, actor=coordinator),
            actor=coordinator,
        )
        client.force_login(outsider)
        response = client.post(reverse("groups:invitation", args=[invitation.token]))
        assert response.status_code == 410 and "annulé" in response.content.decode()
        assert client.get(reverse("groups:invitation", args=["nope"])).status_code == 404
        assert not Membership.objects.filter(user=outsider).exists()

    def test_coordinator_creates_link(self, client, group, coordinator):
        client.force_login(coordinator)
        response = client.post(
            reverse("groups:invitations", args=[group.slug]), {"role": "member", "days": 7}
        )
        invitation = group.invitations.get()
        assert invitation.token in response.content.decode()


def test_join_request_flow(client, group, coordinator, outsider):
    client.force_login(outsider)
    client.post(
        reverse("groups:join_request", args=[group.slug]), {"message": "Je suis maman à Fives"}
    )
    assert "Votre demande est envoyée" in client.get(group.get_absolute_url()).content.decode()
    client.force_login(coordinator)
    page = client.get(reverse("groups:members", args=[group.slug])).content.decode()
    assert "Je suis maman à Fives" in page
    join = group.join_requests.get()
    client.post(
        reverse("groups:join_request_decide", args=[group.slug, join.pk]), {"decision": "accept"}
    )
    assert Membership.objects.filter(group=group, user=outsider).exists()


def test_last_coordinator_cannot_leave_through_the_view(client, group, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("groups:leave", args=[group.slug]), follow=True)
    assert "au moins une personne à la coordination" in response.content.decode()
    assert Membership.objects.filter(group=group, user=coordinator).exists()


def test_recognition_round_trip_through_views(client, group, coordinator, national):
    client.force_login(coordinator)
    client.post(reverse("groups:charter_commit", args=[group.slug]), {"confirm": "yes"})
    client.post(reverse("groups:recognition_submit", args=[group.slug]))
    client.force_login(national)
    assert group.name in client.get(reverse("groups:review_queue")).content.decode()
    response = client.post(
        reverse("groups:review", args=[group.slug]), {"decision": "return", "comment": ""}
    )
    assert "le commentaire est obligatoire" in response.content.decode()
    client.post(
        reverse("groups:review", args=[group.slug]),
        {"decision": "return", "comment": "Parlez-nous des parents."},
    )
    client.force_login(coordinator)
    page = client.get(reverse("groups:criteria", args=[group.slug])).content.decode()
    assert "Parlez-nous des parents." in page and "à revoir" in page


class TestDirectory:
    def test_search_by_name_commune_postal_code_and_accents(self, client, group, other_group):
        for query in ["fives", "Lille", "59000", "ecole a fives"]:
            page = client.get(reverse("groups:directory"), {"q": query}).content.decode()
            assert group.name in page and other_group.name not in page, query

    def test_filters(self, client, group, coordinator, national):
        stetienne = make_group(name="Le Babet", insee=("42218",))
        page = client.get(reverse("groups:directory"), {"departement": "42"}).content.decode()
        assert "Le Babet" in page and group.name not in page
        services.charter_commit(group=stetienne, actor=stetienne.memberships.get().user)
        services.recognition_submit(group=stetienne, actor=stetienne.memberships.get().user)
        services.recognition_decide(group=stetienne, reviewer=national, recognise=True)
        page = client.get(reverse("groups:directory"), {"recognised": "on"}).content.decode()
        assert "Le Babet" in page and group.name not in page

    def test_htmx_returns_the_results_fragment_equal_to_the_page_section(self, client, group):
        full = client.get(reverse("groups:directory"), {"q": "fives"}).content.decode()
        fragment = client.get(
            reverse("groups:directory"),
            {"q": "fives"},
            headers={"HX-Request": "true", "HX-Target": "directory-results"},
        ).content.decode()
        assert "<html" not in fragment and fragment.strip().startswith(
            '<section id="directory-results"'
        )
        assert fragment.strip() in full

    def test_departement_page(self, client, group):
        page = client.get(reverse("groups:departement", args=["59"])).content.decode()
        assert group.name in page and "Nord (59)" in page
        assert client.get(reverse("groups:departement", args=["XX"])).status_code == 404

    def test_departements_list(self, client, group):
        page = client.get(reverse("groups:departements")).content.decode()
        assert 'href="/groupes/departements/59/"' in page

    def test_pagination(self, client, coordinator):
        for index in range(25):
            make_group(name=f"Groupe {index:02d}")
        page = client.get(reverse("groups:directory"), {"page": 2}).content.decode()
        assert "Page 2 sur 2" in page and "Groupe 24" in page


class TestGeoJSON:
    def test_features_are_public_data_only(self, client, group, member):
        data = json.loads(client.get(reverse("groups:geojson")).content)
        assert data["type"] == "FeatureCollection"
        feature = data["features"][0]
        assert feature["properties"] == {
            "name": group.name,
            "territory": "Lille",
            "url": group.get_absolute_url(),
            "recognised": False,
        }
        lon, lat = feature["geometry"]["coordinates"]
        assert 50 < lat < 51 and 3 < lon < 3.2
        assert b"@" not in client.get(reverse("groups:geojson")).content

    def test_new_group_appears_after_commit(
        self, client, group, django_capture_on_commit_callbacks
    ):
        assert len(json.loads(client.get(reverse("groups:geojson")).content)["features"]) == 1
        with django_capture_on_commit_callbacks(execute=True):
            make_group(name="Nouveau groupe", insee=("16015",))
        assert len(json.loads(client.get(reverse("groups:geojson")).content)["features"]) == 2


def _count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries)


class TestQueryCounts:
    """Pinned: the number of SQL queries must not grow with the number of groups or members."""

    def _many(self, count, start=0):
        for index in range(start, start + count):
            group = make_group(name=f"Groupe {index}", insee=("59350", "59512"))
            for _ in range(3):
                add_member(group)

    def test_directory(self, client):
        self._many(5)
        # departement choices, count, page (with member counts)
        assert _count_queries(client, reverse("groups:directory")) == 3
        assert (
            _count_queries(client, reverse("groups:directory"), q="groupe", departement="59") == 3
        )
        self._many(10, start=5)
        assert _count_queries(client, reverse("groups:directory")) == 3

    def test_group_page(self, client, group):
        for _ in range(10):
            add_member(group)
        # group with counts, communes, anchors, shown coordinators
        assert _count_queries(client, group.get_absolute_url()) == 4

    def test_group_page_for_a_member(self, client, group, member):
        client.force_login(member)
        # + session, user, membership
        assert _count_queries(client, group.get_absolute_url()) == 7

    def test_geojson_and_home(self, client):
        self._many(5)
        assert _count_queries(client, reverse("groups:geojson")) == 1
        assert _count_queries(client, reverse("groups:geojson")) == 0
        assert _count_queries(client, reverse("portal:home")) == 3  # figures, editorial words
        assert _count_queries(client, reverse("portal:home")) == 0

    def test_members_page(self, client, group, coordinator):
        for _ in range(10):
            add_member(group)
        client.force_login(coordinator)
        first = _count_queries(client, reverse("groups:members", args=[group.slug]))
        for _ in range(10):
            add_member(group)
        assert _count_queries(client, reverse("groups:members", args=[group.slug])) == first <= 8


def test_what_people_wrote_takes_its_own_direction_in_an_arabic_page(client, group):
    group.description = "نلتقي كل يوم خميس أمام المدرسة."
    group.save(update_fields=["description"])
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    # The French name and the Arabic description each keep their own direction.
    assert f'<h1 dir="auto">{group.name}</h1>' in html
    assert '<p dir="auto">نلتقي كل يوم خميس أمام المدرسة.</p>' in html


def test_the_public_never_reads_a_count_of_1_to_4_members(client, group, member, national):
    # The group has two members: its coordinator and Fatou.
    detail = reverse("groups:detail", args=[group.slug])
    assert "<dd>moins de 5</dd>" in client.get(detail).content.decode()
    directory = client.get(reverse("groups:directory")).content.decode()
    assert "membres : moins de 5" in directory and "membres : 2" not in directory
    # Those who may see the list of members read the exact number.
    for reader in (member, national):
        client.force_login(reader)
        assert "<dd>2</dd>" in client.get(detail).content.decode()


def test_larger_counts_of_members_are_rounded_for_the_public(client, group):
    for index in range(5):
        add_member(group, UserFactory(email=f"parent{index}@example.org"))
    # Seven members: the public reads 5, the nearest multiple of 5.
    assert "<dd>5</dd>" in client.get(reverse("groups:detail", args=[group.slug])).content.decode()
