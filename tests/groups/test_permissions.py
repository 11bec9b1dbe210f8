"""Every group view × every role: who gets in, who is refused, and that refusals change nothing."""

import pytest
from django.urls import reverse

from mille.groups import services
from mille.groups.models import AnchorPlace, Invitation, JoinRequest, LocalGroup, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "outsider",
    "member",
    "facilitator",
    "coordinator",
    "other_coordinator",
    "national",
]
MEMBERS = {"member", "facilitator", "coordinator"}
COORDINATION = {"coordinator"}
NATIONAL = {"national"}
EVERYONE = set(ROLES)


@pytest.fixture
def world(group, coordinator, member, facilitator, outsider, national, other_coordinator):
    """One group with people in every role, and one object of each kind to act on."""
    target = Membership.objects.get(group=group, user=member)
    anchor = AnchorPlace.objects.create(group=group, kind="college", name="Collège Boris Vian")
    invitation = services.invitation_create(group=group, actor=coordinator)
    join = services.join_request_create(group=group, user=UserFactory(email="candidat@example.org"))
    people = {
        "anonymous": None,
        "outsider": outsider,
        "member": member,
        "facilitator": facilitator,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "national": national,
    }
    return {
        "group": group,
        "people": people,
        "target": target,
        "anchor": anchor,
        "invitation": invitation,
        "join": join,
    }


def _url(world, name):
    slug = world["group"].slug
    return {
        "detail": reverse("groups:detail", args=[slug]),
        "members": reverse("groups:members", args=[slug]),
        "criteria": reverse("groups:criteria", args=[slug]),
        "edit": reverse("groups:edit", args=[slug]),
        "invitations": reverse("groups:invitations", args=[slug]),
        "leave": reverse("groups:leave", args=[slug]),
        "review_queue": reverse("groups:review_queue"),
        "review": reverse("groups:review", args=[slug]),
        "member_role": reverse("groups:member_role", args=[slug, world["target"].pk]),
        "member_remove": reverse("groups:member_remove", args=[slug, world["target"].pk]),
        "anchor_add": reverse("groups:anchor_add", args=[slug]),
        "anchor_remove": reverse("groups:anchor_remove", args=[slug, world["anchor"].pk]),
        "invitation_revoke": reverse(
            "groups:invitation_revoke", args=[slug, world["invitation"].pk]
        ),
        "join_request_decide": reverse("groups:join_request_decide", args=[slug, world["join"].pk]),
        "charter_commit": reverse("groups:charter_commit", args=[slug]),
        "criterion_save": reverse("groups:criterion_save", args=[slug, 1]),
        "recognition_submit": reverse("groups:recognition_submit", args=[slug]),
        "create": reverse("groups:create"),
    }[name]


def _client(client, world, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    return client


def _assert_outcome(response, role, allowed):
    if role in allowed:
        assert response.status_code in (200, 302), response.status_code
        assert "/accounts/login/" not in response.get("Location", "")
    elif role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


GET_MATRIX = {
    "detail": EVERYONE,
    "members": MEMBERS | NATIONAL,
    "criteria": MEMBERS | NATIONAL,
    "edit": COORDINATION,
    "invitations": COORDINATION,
    "leave": MEMBERS,
    "review_queue": NATIONAL,
    "review": NATIONAL,
    "create": EVERYONE - {"anonymous"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(GET_MATRIX))
def test_get_matrix(client, world, view, role):
    response = _client(client, world, role).get(_url(world, view))
    _assert_outcome(response, role, GET_MATRIX[view])


def _snapshot(world):
    group = LocalGroup.objects.get(pk=world["group"].pk)
    return (
        sorted(Membership.objects.filter(group=group).values_list("user_id", "role")),
        sorted(AnchorPlace.objects.filter(group=group).values_list("kind", "name")),
        sorted(Invitation.objects.filter(group=group).values_list("pk", "revoked_at")),
        sorted(JoinRequest.objects.filter(group=group).values_list("pk", "status")),
        group.charter_committed_at,
        group.recognition,
        sorted(group.assessments.values_list("criterion", "status", "evidence")),
    )


POST_MATRIX = {
    "member_role": ({"role": "facilitator"}, COORDINATION),
    "member_remove": ({}, COORDINATION),
    "anchor_add": ({"kind": "lycee", "name": "Lycée Faidherbe"}, COORDINATION),
    "anchor_remove": ({}, COORDINATION),
    "invitation_revoke": ({}, COORDINATION),
    "join_request_decide": ({"decision": "accept"}, COORDINATION),
    "charter_commit": ({"confirm": "yes"}, COORDINATION),
    "criterion_save": ({"c1-status": "met", "c1-evidence": "Oui"}, COORDINATION),
    "edit": ({"name": "Nouveau nom", "communes": ["59350"]}, COORDINATION),
    "review": ({"decision": "recognise"}, NATIONAL),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(POST_MATRIX))
def test_post_matrix_refusals_change_nothing(client, world, view, role):
    data, allowed = POST_MATRIX[view]
    before = _snapshot(world)
    response = _client(client, world, role).post(_url(world, view), data)
    _assert_outcome(response, role, allowed)
    if role not in allowed:
        assert _snapshot(world) == before


def test_other_group_objects_cannot_be_reached_by_changing_ids(
    client, world, other_group, other_coordinator
):
    """A coordinator of one group, pointing at its own group's URL with another group's ids."""
    client.force_login(other_coordinator)
    slug = other_group.slug
    target = world["target"]
    assert (
        client.post(
            reverse("groups:member_role", args=[slug, target.pk]), {"role": "coordinator"}
        ).status_code
        == 404
    )
    assert client.post(reverse("groups:member_remove", args=[slug, target.pk])).status_code == 404
    assert (
        client.post(reverse("groups:anchor_remove", args=[slug, world["anchor"].pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("groups:invitation_revoke", args=[slug, world["invitation"].pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("groups:join_request_decide", args=[slug, world["join"].pk]),
            {"decision": "accept"},
        ).status_code
        == 404
    )
    target.refresh_from_db()
    assert target.role == "member"


def test_public_page_hides_members_unless_coordinator_chose(client, world, member):
    group = world["group"]
    page = client.get(_url(world, "detail")).content.decode()
    assert "Fatou" not in page and "membre@example.org" not in page and "Nadia" not in page
    Membership.objects.filter(group=group, role="coordinator").update(shown_publicly=True)
    page = client.get(_url(world, "detail")).content.decode()
    assert "Nadia" in page and "coord@example.org" not in page and "Fatou" not in page


def test_member_list_never_shows_emails(client, world, member):
    client.force_login(member)
    page = client.get(_url(world, "members")).content.decode()
    assert "Fatou" in page and "Nadia" in page
    assert "@example.org" not in page
