import pytest
from django.test import Client
from django.urls import reverse

from mille.workshops import services
from mille.workshops.models import Phase


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def workshop(group, facilitator):
    """The Lille-Fives template, in its peer phase, facilitated by Karim."""
    created = services.workshop_create(group=group, actor=facilitator, blueprint="croisement")
    services.workshop_phase_change(workshop=created, actor=facilitator, phase=Phase.PEER_WORK)
    created.refresh_from_db()
    return created


@pytest.fixture
def other_workshop(other_group, other_coordinator):
    created = services.workshop_create(
        group=other_group, actor=other_coordinator, blueprint="arbre"
    )
    services.workshop_phase_change(workshop=created, actor=other_coordinator, phase=Phase.PEER_WORK)
    created.refresh_from_db()
    return created


def join(workshop, peer_index: int, nickname: str, client: Client | None = None) -> Client:
    """A phone joining with the workshop's code: returns the client holding the device cookie."""
    client = client or Client()
    code = workshop.join_codes.get(peer_group__isnull=True).code
    peer = workshop.peer_groups.all()[peer_index]
    response = client.post(
        reverse("workshops:join", args=[code]), {"peer_group": peer.pk, "nickname": nickname}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.participant = workshop.participants.get(nickname=nickname)
    return client


@pytest.fixture
def amina(workshop):
    """A mother in the first peer group (good memory of school)."""
    return join(workshop, 0, "Amina")


@pytest.fixture
def bruno(workshop):
    """A father in the second peer group (bad memory of school)."""
    return join(workshop, 1, "Bruno")
