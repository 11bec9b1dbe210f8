"""Personal tokens: stored as a keyed hash, shown once, scoped, revocable; a token reads a group's
own data only for its coordinators, and never more than its user may see."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from mille.api import selectors, services
from mille.api.models import ApiToken
from mille.inventory import services as inventory_services
from mille.territories.models import Commune
from mille.workshops.services.action import action_create
from tests.factories import add_member

ALL = ["groups:read", "inventory:read", "actions:read"]


def _bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _entry(group, actor, name, visibility):
    return inventory_services.resource_create(
        group=group,
        actor=actor,
        commune=Commune.objects.get(insee="59350"),
        name=name,
        category="centre_social",
        visibility=visibility,
    )


@pytest.fixture
def raw(coordinator, group):
    return services.api_token_create(user=coordinator, name="Tableur", scopes=ALL)[1]


def _inventory_url(group) -> str:
    return f"/api/v1/moi/groupes/{group.slug}/etat-des-lieux"


def test_only_a_keyed_hash_is_stored(raw, coordinator):
    token = ApiToken.objects.get(user=coordinator)
    assert raw.startswith("mille_") and len(raw) > 40
    assert raw not in token.digest and token.digest == services.token_digest(raw)
    assert token.prefix == raw[:10]
    assert selectors.token_from_raw(raw) == token
    assert selectors.token_from_raw(raw + "x") is None


def test_unknown_scopes_are_dropped(coordinator):
    token, _raw = services.api_token_create(
        user=coordinator, name="x", scopes=["groups:read", "admin:write"]
    )
    assert token.scopes == ["groups:read"]


def test_a_coordinator_reads_the_group_only_entries_the_public_never_sees(raw, coordinator, group):
    _entry(group, coordinator, "Centre social ouvert", "public")
    _entry(group, coordinator, "Contact de la directrice", "group")
    mine = json.loads(_bearer(raw).get(_inventory_url(group)).content)
    assert {item["nom"] for item in mine["items"]} == {
        "Centre social ouvert",
        "Contact de la directrice",
    }
    public = json.loads(Client().get("/api/v1/structures").content)
    assert [item["nom"] for item in public["items"]] == ["Centre social ouvert"]


def test_actions_and_coordinated_groups(raw, coordinator, group, other_group):
    action_create(group=group, actor=coordinator, title="Café des parents")
    actions = json.loads(_bearer(raw).get(f"/api/v1/moi/groupes/{group.slug}/actions").content)
    assert [item["titre"] for item in actions["items"]] == ["Café des parents"]
    mine = json.loads(_bearer(raw).get("/api/v1/moi/groupes").content)
    assert [item["identifiant"] for item in mine["items"]] == [group.slug]


def test_no_token_or_an_unknown_one_is_a_401(group):
    hostile = [
        Client(headers={"Authorization": "Basic dXNlcjpwYXNz"}),
        _bearer("mille_١٢"),
        _bearer("mille_" + "x" * 10_000),
    ]
    for client in (Client(), _bearer("mille_inconnu"), _bearer(""), *hostile):
        response = client.get(_inventory_url(group))
        assert response.status_code == 401
        assert json.loads(response.content) == {"detail": "Jeton absent, inconnu ou révoqué."}
        assert response["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_is_a_401(raw, coordinator, group):
    token = ApiToken.objects.get(user=coordinator)
    services.api_token_revoke(token=token, actor=coordinator)
    assert _bearer(raw).get(_inventory_url(group)).status_code == 401


def test_a_deactivated_account_s_token_is_a_401(raw, coordinator, group):
    coordinator.is_active = False
    coordinator.save()
    assert _bearer(raw).get(_inventory_url(group)).status_code == 401


def test_a_missing_scope_is_a_403(coordinator, group):
    _token, raw = services.api_token_create(user=coordinator, name="x", scopes=["actions:read"])
    response = _bearer(raw).get(_inventory_url(group))
    assert response.status_code == 403
    assert "inventory:read" in json.loads(response.content)["detail"]
    assert _bearer(raw).get("/api/v1/moi/groupes").status_code == 403


def test_another_group_is_a_403_and_an_unknown_one_a_404(raw, other_group):
    response = _bearer(raw).get(_inventory_url(other_group))
    assert response.status_code == 403
    assert json.loads(response.content) == {"detail": "Vous ne coordonnez pas ce groupe."}
    assert _bearer(raw).get("/api/v1/moi/groupes/inconnu/actions").status_code == 404


@pytest.mark.parametrize("role", ["member", "facilitator"])
def test_a_token_never_gives_more_than_its_user_has(group, role):
    user = add_member(group, role=role).user
    _token, raw = services.api_token_create(user=user, name="x", scopes=ALL)
    assert _bearer(raw).get(_inventory_url(group)).status_code == 403
    assert _bearer(raw).get(f"/api/v1/moi/groupes/{group.slug}/actions").status_code == 403
    assert json.loads(_bearer(raw).get("/api/v1/moi/groupes").content)["total"] == 0


def test_a_coordinator_who_steps_down_loses_access_at_once(raw, coordinator, group):
    group.memberships.filter(user=coordinator).update(role="member")
    assert _bearer(raw).get(_inventory_url(group)).status_code == 403


def test_last_use_is_noted(raw, coordinator, group):
    _bearer(raw).get("/api/v1/moi/groupes")
    assert ApiToken.objects.get(user=coordinator).last_used_at is not None


# --- The account page -----------------------------------------------------------------------------


def test_the_page_creates_a_token_shown_once(coordinator):
    client = Client()
    client.force_login(coordinator)
    response = client.post(
        reverse("api:token_create"), {"name": "Tableur", "scopes": ["groups:read"]}
    )
    assert response.status_code == 200
    raw = response.context["raw"]
    assert raw and raw in response.content.decode()
    assert "Cache-Control" in response and "no-store" in response["Cache-Control"]
    page = client.get(reverse("api:tokens")).content.decode()
    assert "Tableur" in page and raw not in page
    assert _bearer(raw).get("/api/v1/moi/groupes").status_code == 200


def test_the_page_refuses_an_empty_form(coordinator):
    client = Client()
    client.force_login(coordinator)
    response = client.post(reverse("api:token_create"), {"name": ""})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert response.context["form"].errors


def test_only_the_owner_revokes_a_token(raw, coordinator, outsider):
    token = ApiToken.objects.get(user=coordinator)
    url = reverse("api:token_revoke", kwargs={"pk": token.pk})
    client = Client()
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.is_active
    client.force_login(coordinator)
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert not token.is_active


def test_the_page_needs_an_account_and_csrf(coordinator):
    assert Client().get(reverse("api:tokens")).status_code == 302
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.post(reverse("api:token_create"), {"name": "x"}).status_code == 403
