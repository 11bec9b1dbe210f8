"""Keeping peer groups apart: the general code closed, codes changed, a participant moved."""

from django.test import Client
from django.urls import reverse

from mille.workshops import selectors, services
from mille.workshops.models import Contribution, JoinCode
from tests.workshops.conftest import join


def _facilitator_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_closed_general_code_offers_no_group(workshop, facilitator):
    general = selectors.general_join_code(workshop)
    amina = join(workshop, 0, "Amina")
    client = _facilitator_client(facilitator)
    client.post(reverse("workshops:code_close", args=[workshop.pk, general.pk]))
    general.refresh_from_db()
    assert not general.active
    response = Client().get(reverse("workshops:join", args=[general.code]))
    assert response.status_code == 410
    assert "demandez à l&#x27;animateur le code de votre groupe" in response.content.decode()
    # A peer group's own code still works; and the recovery code still brings a phone back.
    peer_code = workshop.peer_groups.first().join_code.code
    assert Client().get(reverse("workshops:join", args=[peer_code])).status_code == 200
    recover = Client().get(reverse("workshops:recover", args=[general.code]))
    assert recover.status_code == 200
    assert amina.get(reverse("workshops:participate", args=[workshop.pk])).status_code == 200
    # A peer group's code cannot be closed, only changed.
    peer = workshop.peer_groups.first().join_code
    client.post(reverse("workshops:code_close", args=[workshop.pk, peer.pk]))
    peer.refresh_from_db()
    assert peer.active


def test_a_changed_code_stops_working(workshop, facilitator):
    peer = workshop.peer_groups.first().join_code
    old = peer.code
    _facilitator_client(facilitator).post(
        reverse("workshops:code_regenerate", args=[workshop.pk, peer.pk])
    )
    peer.refresh_from_db()
    assert peer.code != old and not JoinCode.objects.filter(code=old).exists()
    assert Client().get(reverse("workshops:join", args=[old])).status_code == 404
    assert Client().get(reverse("workshops:join", args=[peer.code])).status_code == 200


def test_a_participant_moves_with_their_answers(workshop, facilitator):
    wrong = join(workshop, 0, "Bruno")
    question = workshop.questions.first()
    wrong.post(reverse("workshops:question", args=[workshop.pk, question.pk]), {"text": "Peur"})
    right = workshop.peer_groups.all()[1]
    page = _facilitator_client(facilitator).get(
        reverse("workshops:participants", args=[workshop.pk])
    )
    assert "Bruno" in page.content.decode()
    _facilitator_client(facilitator).post(
        reverse("workshops:participant_move", args=[workshop.pk, wrong.participant.pk]),
        {"peer_group": right.pk},
    )
    assert Contribution.objects.get().peer_group == right
    teammate = join(workshop, 1, "Sonia")
    wall = teammate.get(reverse("workshops:question", args=[workshop.pk, question.pk]))
    assert "Peur" in wall.content.decode()
    former = join(workshop, 0, "Amina")
    assert (
        "Peur"
        not in former.get(
            reverse("workshops:question", args=[workshop.pk, question.pk])
        ).content.decode()
    )
    # Another workshop's peer group is refused.
    other = services.workshop_create(
        group=workshop.group, actor=facilitator, blueprint="croisement"
    )
    response = _facilitator_client(facilitator).post(
        reverse("workshops:participant_move", args=[workshop.pk, wrong.participant.pk]),
        {"peer_group": other.peer_groups.first().pk},
    )
    assert response.status_code == 302
    assert Contribution.objects.get().peer_group == right
    wrong.participant.refresh_from_db()
    assert wrong.participant.peer_group == right
