import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mille.inventory import selectors, services
from mille.inventory.models import Outing, ResourcePerson


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_person_needs_consent(group, member):
    today = timezone.localdate()
    for consent_on, means in (
        (None, "oral"),
        (today + datetime.timedelta(days=1), "oral"),
        (today, "telepathy"),
    ):
        with pytest.raises(ValidationError):
            services.person_create(
                group=group,
                actor=member,
                consent_on=consent_on,
                consent_means=means,
                name_or_role="La directrice",
                can_help_with="Les inscriptions",
            )
    person = services.person_create(
        group=group,
        actor=member,
        consent_on=today,
        consent_means="oral",
        name_or_role="La directrice",
        can_help_with="Les inscriptions",
    )
    assert person.consent_recorded_by == member


def test_members_only_pages(group, member, coordinator, outsider, national, other_coordinator):
    services.person_create(
        group=group,
        actor=member,
        consent_on=timezone.localdate(),
        consent_means="written",
        name_or_role="Mme Traoré, médiatrice",
        can_help_with="Traduire en bambara",
    )
    pages = [
        reverse(f"inventory:{name}", args=[group.slug])
        for name in ("persons", "difficulties", "outreach")
    ]
    for url in pages:
        for user in (member, coordinator):
            assert _client(user).get(url).status_code == 200
        for user in (outsider, national, other_coordinator):
            response = _client(user).get(url)
            assert response.status_code == 403 and "Traoré" not in response.content.decode()
        assert Client().get(url).status_code == 302
    for url in (
        reverse("inventory:inventory", args=[group.slug]),
        reverse("inventory:export", args=[group.slug, "json"]),
    ):
        for user in (None, outsider, national):
            assert "Traoré" not in _client(user).get(url).content.decode()


def test_person_erased_on_request(group, member, outsider):
    person = services.person_create(
        group=group,
        actor=member,
        consent_on=timezone.localdate(),
        consent_means="oral",
        name_or_role="M. Ben Ali",
        can_help_with="Le foot",
    )
    url = reverse("inventory:erase", args=[group.slug, "personnes", person.pk])
    assert _client(outsider).post(url).status_code == 403
    assert ResourcePerson.objects.exists()
    _client(member).post(url)
    assert not ResourcePerson.objects.exists()


def test_person_form(group, member):
    url = reverse("inventory:person_add", args=[group.slug])
    bad = _client(member).post(url, {"name_or_role": "x", "can_help_with": "y"})
    assert bad.status_code == 400 and not ResourcePerson.objects.exists()
    ok = _client(member).post(
        url,
        {
            "name_or_role": "La directrice",
            "can_help_with": "Les inscriptions",
            "consent_on": timezone.localdate().isoformat(),
            "consent_means": "oral",
        },
    )
    assert ok.status_code == 302 and ResourcePerson.objects.count() == 1


def test_difficulties(group, member, other_group, other_coordinator):
    with pytest.raises(ValidationError):
        services.difficulty_create(
            group=group, actor=member, text="Des enfants fatigués", themes=[], raised_by=[]
        )
    with pytest.raises(ValidationError):
        services.difficulty_create(
            group=group, actor=member, text="x", themes=["nope"], raised_by=[]
        )
    with pytest.raises(PermissionDenied):
        services.difficulty_create(
            group=group, actor=other_coordinator, text="x", themes=["sleep"], raised_by=[]
        )
    difficulty = services.difficulty_create(
        group=group,
        actor=member,
        text="Des enfants fatigués le matin",
        themes=["sleep", "digital"],
        raised_by=["school_staff", "parent"],
    )
    assert difficulty.themes == ["digital", "sleep"]
    page = (
        _client(member).get(reverse("inventory:difficulties", args=[group.slug])).content.decode()
    )
    assert "Sommeil" in page and "Personnel de l&#x27;école" in page


def test_outreach_and_trend(group, member):
    today = timezone.localdate()
    place = services.outreach_place_create(
        group=group,
        actor=member,
        kind="school_gate",
        label="École Jules Ferry",
        moment="mardi 16 h 30",
    )
    services.outing_create(
        group=group,
        actor=member,
        on=today,
        people_met=12,
        place=place,
        what_was_said="Les devoirs inquiètent.",
    )
    services.outing_create(group=group, actor=member, on=today, people_met=3)
    with pytest.raises(ValidationError):
        services.outing_create(
            group=group, actor=member, on=today + datetime.timedelta(days=2), people_met=3
        )
    with pytest.raises(ValidationError):
        services.outing_create(group=group, actor=member, on=today, people_met=-1)
    trend = selectors.outreach_trend(group)
    assert len(trend) == 6 and (trend[-1].outings, trend[-1].people) == (2, 15)
    url = reverse("inventory:outing_add", args=[group.slug])
    response = _client(member).post(url, {"outing-on": today.isoformat(), "outing-people_met": "5"})
    assert response.status_code == 302 and Outing.objects.count() == 3
    bad = _client(member).post(url, {"outing-on": "", "outing-people_met": "5"})
    assert bad.status_code == 400 and Outing.objects.count() == 3
