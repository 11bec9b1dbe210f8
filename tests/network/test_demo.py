"""The demo's network life, as the issue asks for it."""

import pytest
from django.core.management import call_command

from mille.accounts.models import User
from mille.demo.loader import DEMO_USERS, load_demo
from mille.network.models import (
    CoordinationRequest,
    Event,
    Issue,
    Referent,
    Response,
    SeatStatus,
    Survey,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_networks_life(django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    journee = Event.objects.get(title="Journée Nationale des Initiatives")
    assert journee.sessions.count() == 6 and journee.status == "published"
    assert journee.registrations.count() >= 10
    assert journee.sessions.filter(seats__status=SeatStatus.WAITING).exists()  # a full workshop
    nord = Event.objects.get(level="departemental")
    assert nord.departement_id == "59" and nord.convocations.count() == 2
    cafe = Event.objects.get(level="local")
    assert cafe.group.neighbourhood == "Fives" and "Café des parents" in cafe.title
    assert CoordinationRequest.objects.count() == 2
    assert Issue.objects.filter(status="sent").count() == 1
    survey = Survey.objects.get()
    assert survey.is_open and Response.objects.filter(survey=survey).count() == 40
    referent = User.objects.get(email="referent59@example.org")
    assert referent.check_password("mille-demo") and not referent.memberships.exists()
    assert Referent.objects.get(user=referent).departement_id == "59"
    assert "referent59@example.org" in [email for email, *_ in DEMO_USERS]
    call_command("network_sweep")
    assert "offers_expired: 0" in capsys.readouterr().out
