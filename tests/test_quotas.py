"""What one account may do before being asked to wait: the refusal is in French, writes nothing,
and what the person wrote is not lost."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mille.groups import services as group_services
from mille.groups.models import JoinRequest, LocalGroup
from mille.library.models import GuideContribution, GuidePage
from mille.library.services import guide
from mille.territories.models import Commune
from tests.factories import UserFactory, make_group

pytestmark = pytest.mark.django_db


def test_group_creation_is_limited_per_account():
    user = UserFactory()
    lille = list(Commune.objects.filter(insee="59350"))
    daily = group_services.GROUPS_CREATED_QUOTA[0].count
    for number in range(daily):
        group_services.group_create(creator=user, name=f"Groupe {number}", communes=lille)
    with pytest.raises(ValidationError) as error:
        group_services.group_create(creator=user, name="Un de plus", communes=lille)
    assert "coordination nationale" in str(error.value)
    assert LocalGroup.objects.count() == daily
    # Someone else is not held back.
    group_services.group_create(creator=UserFactory(), name="Autre groupe", communes=lille)


def test_join_requests_are_limited_per_account():
    user = UserFactory()
    daily = group_services.JOIN_REQUESTS_QUOTA[0].count
    for number in range(daily):
        group_services.join_request_create(
            group=make_group(name=f"G{number}", insee=("59350",)), user=user
        )
    with pytest.raises(ValidationError) as error:
        group_services.join_request_create(group=make_group(name="Dernier"), user=user)
    assert "Réessayez demain" in str(error.value)
    assert JoinRequest.objects.filter(user=user).count() == daily


def test_guide_contributions_are_limited_and_the_text_comes_back(client, member):
    page = GuidePage.objects.get()
    section_id = next(iter(guide.open_sections(page)))
    url = reverse("library:guide_contribute", args=[page.pk])
    client.force_login(member)
    allowed = guide.CONTRIBUTIONS_QUOTA[0].count
    for number in range(allowed):
        client.post(url, {"section": section_id, "text": f"Idée {number}"})
    response = client.post(
        url, {"section": section_id, "text": "Une idée de trop, gardée"}, follow=True
    )
    html = response.content.decode()
    assert "Votre texte est resté dans le formulaire" in html
    assert "Une idée de trop, gardée" in html
    assert GuideContribution.objects.count() == allowed


def test_the_national_coordination_sets_up_groups_without_bound(national):
    lille = list(Commune.objects.filter(insee="59350"))
    for number in range(group_services.GROUPS_CREATED_QUOTA[0].count + 2):
        group_services.group_create(creator=national, name=f"Groupe {number}", communes=lille)
