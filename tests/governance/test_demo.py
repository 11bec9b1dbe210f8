"""The demo's governance (seed 004) and the periodic report's pre-filling from a group's data."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mille.accounts.models import User
from mille.demo.loader import load_demo
from mille.governance import selectors
from mille.governance.models import Body, MemberAssociation, PeriodicReport
from mille.groups.models import LocalGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()


def test_the_demo_has_the_collectives_governance(demo):
    names = set(MemberAssociation.objects.values_list("name", flat=True))
    assert names == {
        "ATD Quart Monde",
        "ACEPP",
        "FCPE",
        "FCSF",
        "IRDSU",
        "Les PEP",
        "Réseau Prisme",
    }
    assert set(Body.objects.values_list("kind", flat=True)) == {"pleniere", "referents", "comite"}
    plenaries = Body.objects.get(kind="pleniere").meetings.all()
    assert len(plenaries) == 2
    assert all(meeting.minutes and meeting.decisions.exists() for meeting in plenaries)
    report = PeriodicReport.objects.get()
    assert report.group.neighbourhood == "Fives" and report.status == "sent"
    assistant = User.objects.get(email="assistance@example.org")
    assert assistant.is_coordination_assistant and not assistant.is_national_coordinator


def test_the_governance_page_says_that_ten_associations_are_not_named(demo):
    client = Client()
    client.force_login(User.objects.get(email="atd@example.org"))  # Marie sits in the plenary
    page = client.get(reverse("governance:home")).content.decode()
    assert "17 têtes de réseau" in page and "7 sont enregistrées" in page


def test_the_report_is_prefilled_from_the_groups_data(demo):
    lille = LocalGroup.objects.get(neighbourhood="Fives")
    today = timezone.localdate()
    summary = selectors.period_summary(
        lille, today - timedelta(days=3650), today + timedelta(days=365)
    )
    assert summary.workshops and summary.actions_by_status and summary.partnerships_by_level
    assert summary.events
    text = summary.as_text()
    assert "Ateliers :" in text and "Actions :" in text and "Partenariats :" in text
    assert "Rencontres :" in text
    empty = selectors.period_summary(lille, today.replace(year=2000), today.replace(year=2000))
    # Partnerships are read at their current level; workshops, actions and events by their dates.
    assert not empty.workshops and not empty.actions_by_status and not empty.events


def test_the_report_form_opens_with_the_prefilled_text(demo):
    lille = LocalGroup.objects.get(neighbourhood="Fives")
    client = Client()
    client.force_login(User.objects.get(email="coordinatrice@example.org"))
    response = client.get(reverse("governance:report_create", kwargs={"slug": lille.slug}))
    assert response.status_code == 200
    assert response.context["form"].initial["happened"].startswith("Ateliers :")
