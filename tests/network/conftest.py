import datetime

import pytest
from django.test import Client
from django.utils import timezone

from mille.network.models import Referent
from mille.network.services import events as event_services
from mille.territories.models import Commune
from tests.factories import UserFactory


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def soon(days: int = 10, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture
def referent(db):
    """The référent of the Nord (the test group is at Lille)."""
    user = UserFactory(email="referent@example.org", display_name="Sylvie")
    Referent.objects.create(user=user, departement_id="59")
    return user


def make_event(
    actor, *, level="national", capacity=None, group=None, insee="59350", days=10, **extra
):
    event = event_services.event_create(
        actor=actor,
        level=level,
        group=group,
        title=extra.pop("title", "Journée Nationale des Initiatives"),
        summary=extra.pop("summary", "Forum, tables rondes et ateliers."),
        starts_at=soon(days, 9),
        ends_at=soon(days, 17),
        commune=Commune.objects.get(insee=insee),
        capacity=capacity,
        **extra,
    )
    return event


@pytest.fixture
def journee(national):
    """A published national day: a forum without limit and two workshops of 2 places."""
    event = make_event(national)
    forum = event.sessions.get()
    event_services.session_save(
        event=event,
        actor=national,
        session=forum,
        title="Forum des initiatives",
        kind="forum",
        starts_at=soon(10, 9),
        ends_at=soon(10, 11),
    )
    for title in ("Atelier : le croisement des savoirs", "Atelier : l'arbre à problèmes"):
        event_services.session_save(
            event=event,
            actor=national,
            title=title,
            kind="workshop",
            starts_at=soon(10, 14),
            ends_at=soon(10, 16),
            capacity=2,
        )
    return event_services.event_publish(event=event, actor=national)


def sessions_of(event):
    forum, crossing, tree = event.sessions.order_by("starts_at", "pk")
    return forum, crossing, tree
