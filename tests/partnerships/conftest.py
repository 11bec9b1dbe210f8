import pytest
from django.test import Client

from mille.inventory import services as inventory_services
from mille.partnerships import services
from mille.partnerships.models import Representative
from mille.territories.models import Commune
from tests.factories import UserFactory


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def structure(group, actor, name, category="ecole_elementaire", visibility="public"):
    return inventory_services.resource_create(
        group=group,
        actor=actor,
        commune=Commune.objects.get(insee="59350"),
        name=name,
        category=category,
        visibility=visibility,
    )


@pytest.fixture
def school(group, coordinator):
    return structure(group, coordinator, "École Jules Ferry")


@pytest.fixture
def social_centre(group, coordinator):
    return structure(group, coordinator, "Centre social Mosaïque", category="centre_social")


@pytest.fixture
def partnership(group, coordinator, school):
    return services.partnership_create(
        group=group, actor=coordinator, structure=school, level="minimal", schemes=["rep_plus"]
    )


@pytest.fixture
def centre_partnership(group, coordinator, social_centre):
    return services.partnership_create(
        group=group, actor=coordinator, structure=social_centre, level="intermediate"
    )


@pytest.fixture
def partner(partnership):
    """The school's head, with the role « partenaire » on this partnership only."""
    user = UserFactory(email="directrice@example.org", display_name="Hélène")
    Representative.objects.create(partnership=partnership, user=user)
    return user


@pytest.fixture
def action(group, coordinator, partnership):
    return services.action_create_direct(
        group=group,
        actor=coordinator,
        title="Un café des parents",
        partnerships=[partnership],
        children_count=20,
        parents_count=12,
    )
