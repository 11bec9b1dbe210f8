"""Partnership pages: what a partner's representative sees (and never sees), the shared evaluation
from start to experience sheet, the calendar invitation, printable PDFs, query counts."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mille.inventory import services as inventory_services
from mille.library.models import ExperiencePage
from mille.partnerships import services
from mille.partnerships.models import Decision, Evaluation, Representative
from mille.territories.models import Commune
from mille.workshops import services as workshop_services
from mille.workshops.models import Contribution
from tests.factories import UserFactory
from tests.partnerships.conftest import client_for, structure
from tests.workshops.conftest import join


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_partner_sees_the_partnership_and_nothing_else_of_the_group(
    group, coordinator, facilitator, partnership, centre_partnership, partner, action
):
    """Never the group's private inventory, resource persons or workshop contributions."""
    private = inventory_services.resource_create(
        group=group,
        actor=coordinator,
        commune=Commune.objects.get(insee="59350"),
        name="Permanence de la PMI",
        category="pmi",
        visibility="group",
    )
    person = inventory_services.person_create(
        group=group,
        actor=coordinator,
        consent_on=timezone.localdate(),
        consent_means="oral",
        name_or_role="Mme Benali, parent relais",
        can_help_with="Traduire en arabe",
    )
    workshop = workshop_services.workshop_create(
        group=group, actor=facilitator, blueprint="croisement"
    )
    workshop_services.workshop_phase_change(workshop=workshop, actor=facilitator, phase="peer_work")
    amina = join(workshop, 0, "Amina")
    question = workshop.questions.first()
    amina.post(
        reverse("workshops:question", args=[workshop.pk, question.pk]),
        {"text": "Ma fille a peur le matin."},
    )
    contribution = Contribution.objects.get()
    client = client_for(partner)
    allowed = [
        partnership.get_absolute_url(),
        reverse("partnerships:convention", args=[group.slug, partnership.pk]),
        reverse("partnerships:convention_pdf", args=[group.slug, partnership.pk]),
        reverse("partnerships:action", args=[group.slug, action.pk]),
        reverse("portal:dashboard"),
    ]
    for url in allowed:
        assert client.get(url).status_code == 200, url
    refused = [
        reverse("partnerships:list", args=[group.slug]),
        reverse("partnerships:actions", args=[group.slug]),
        centre_partnership.get_absolute_url(),
        reverse("partnerships:settings", args=[group.slug, partnership.pk]),
        reverse("inventory:detail", args=[private.pk]),
        reverse("inventory:persons", args=[group.slug]),
        reverse("inventory:difficulties", args=[group.slug]),
        reverse("inventory:outreach", args=[group.slug]),
        reverse("groups:members", args=[group.slug]),
        reverse("workshops:board", args=[workshop.pk]),
        reverse("workshops:question", args=[workshop.pk, question.pk]),
        reverse("workshops:contribution_audio", args=[workshop.pk, contribution.pk]),
        reverse("workshops:export", args=[workshop.pk, "json"]),
    ]
    for url in refused:
        response = client.get(url)
        assert response.status_code in (403, 404) or response["Location"] == "/rejoindre/", url
    # The public view of the inventory shows public entries only.
    public = client.get(reverse("inventory:inventory", args=[group.slug])).content.decode()
    assert "Permanence de la PMI" not in public and person.name_or_role not in public
    # The partnership page does not list the group's other partnerships' contacts.
    page = client.get(partnership.get_absolute_url()).content.decode()
    assert "Centre social Mosaïque" not in page
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "Les partenariats que je suis" in dashboard and group.name in dashboard


def test_a_representative_joins_by_invitation(group, coordinator, partnership):
    invitation = services.representative_invite(partnership=partnership, actor=coordinator)
    url = reverse("partnerships:invitation", args=[invitation.token])
    anonymous = client_for().get(url)
    assert anonymous.status_code == 200 and "Me connecter" in anonymous.content.decode()
    head = UserFactory(email="cpe@example.org")
    client = client_for(head)
    assert client.get(partnership.get_absolute_url()).status_code == 403
    assert client.post(url).status_code == 302
    assert Representative.objects.filter(partnership=partnership, user=head).exists()
    assert client.get(partnership.get_absolute_url()).status_code == 200
    # The link works once.
    again = client_for(UserFactory()).post(url)
    assert again.status_code == 410 and "déjà servi" in again.content.decode()


def test_acknowledging_from_the_page(group, coordinator, partnership, partner):
    services.convention_write(
        partnership=partnership,
        actor=coordinator,
        objectives="Ouvrir l'école aux parents.",
        parts=[{"party": "Le groupe", "brings": ["time"]}],
    )
    url = reverse("partnerships:convention", args=[group.slug, partnership.pk])
    page = client_for(partner).get(url).content.decode()
    assert "pris connaissance de cette version, pour" in page
    acknowledge = reverse("partnerships:acknowledge", args=[group.slug, partnership.pk, 1])
    assert client_for(partner).post(acknowledge).status_code == 302
    page = client_for(partner).get(url).content.decode()
    assert "pris connaissance de cette version, pour" not in page
    assert "Hélène" in page


def test_convention_pdf_footer_keeps_hyphens_quotes_and_arabic(group, coordinator):
    name = "École « Jean-Jaurès » — مدرسة"
    partnership = services.partnership_create(
        group=group, actor=coordinator, structure=structure(group, coordinator, name)
    )
    services.convention_write(
        partnership=partnership,
        actor=coordinator,
        objectives="Se parler à égalité.",
        parts=[{"party": "Le groupe", "brings": ["time"]}],
    )
    response = client_for(coordinator).get(
        reverse("partnerships:convention_pdf", args=[group.slug, partnership.pk])
    )
    text = _pdf_text(response)
    assert "Jean-Jaurès" in text and "u002D" not in text and "\\2d" not in text.lower()
    assert "Se parler à égalité." in text


def test_meeting_invitation_is_a_calendar_file(group, coordinator, partnership, partner):
    starts = timezone.now() + datetime.timedelta(days=10)
    meeting = services.meeting_save(
        partnership=partnership,
        actor=coordinator,
        starts_at=starts,
        place="École, salle 2; rez-de-chaussée",
        agenda="Le café des parents\nLa rentrée",
    )
    response = client_for(partner).get(
        reverse("partnerships:meeting_ics", args=[group.slug, partnership.pk, meeting.pk])
    )
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and f"UID:{meeting.uid}@mille" in body
    assert "LOCATION:École\\, salle 2\\; rez-de-chaussée" in body
    assert "DESCRIPTION:Le café des parents\\nLa rentrée" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_a_meeting_form_refuses_a_past_date_without_minutes(group, coordinator, partnership):
    url = reverse("partnerships:meeting_new", args=[group.slug, partnership.pk])
    past = (timezone.localtime() - datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(coordinator).post(url, {"starts_at": past, "duration_minutes": 90})
    assert response.status_code == 400
    assert "écrivez ce qui s&#x27;est dit" in response.content.decode()
    assert not partnership.meetings.exists()


def test_overdue_rhythm_is_shown(group, coordinator, partnership):
    services.convention_write(
        partnership=partnership,
        actor=coordinator,
        objectives="x",
        rhythm_weeks=4,
        parts=[{"party": "Le groupe"}],
    )
    services.meeting_save(
        partnership=partnership,
        actor=coordinator,
        starts_at=timezone.now() - datetime.timedelta(weeks=6),
        minutes="On s'est vus.",
    )
    page = client_for(coordinator).get(reverse("partnerships:list", args=[group.slug]))
    assert "fixez la prochaine" in page.content.decode()


def _partnerships(group, coordinator, count):
    for number in range(count):
        partnership = services.partnership_create(
            group=group,
            actor=coordinator,
            structure=structure(group, coordinator, f"Structure {number}"),
        )
        services.thread_hand_over(
            partnership=partnership, actor=coordinator, holder=f"Personne {number}", side="group"
        )
        services.meeting_save(
            partnership=partnership,
            actor=coordinator,
            starts_at=timezone.now() + datetime.timedelta(days=number + 1),
        )
        services.action_create_direct(
            group=group, actor=coordinator, title=f"Action {number}", partnerships=[partnership]
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["partnerships:list", "partnerships:actions"])
def test_list_query_counts_stay_flat(group, coordinator, name):
    client = client_for(coordinator)
    url = reverse(name, args=[group.slug])
    _partnerships(group, coordinator, 2)
    client.get(url)
    few = _count(client, url)
    _partnerships(group, coordinator, 12)
    many = _count(client, url)
    assert many == few <= 12


def test_a_whole_bilan_partage_through_the_pages(
    group, coordinator, facilitator, partnership, centre_partnership, action, partner
):
    """Prepared from the partnership, answered apart by each peer group, decided together;
    then the report, next year's plan and a proposed experience sheet."""
    services.follow_up_save(
        action=action,
        actor=coordinator,
        partnerships=[partnership, centre_partnership],
        schemes=["clas"],
    )
    client = client_for(coordinator)
    response = client.post(
        reverse("partnerships:evaluation_new", args=[group.slug, partnership.pk]),
        {"period": "2025-2026", "actions": [action.pk]},
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    workshop = evaluation.workshop
    peers = [p.name for p in workshop.peer_groups.all()]
    assert peers == [
        "Parents",
        "L'équipe du groupe local",
        "École Jules Ferry",
        "Centre social Mosaïque",
    ]
    assert workshop.questions.count() == 3
    assert all("Un café des parents" in q.text for q in workshop.questions.all())
    workshop_services.workshop_phase_change(workshop=workshop, actor=coordinator, phase="peer_work")
    parent = join(workshop, 0, "Samira")
    head = join(workshop, 2, "La directrice")
    questions = list(workshop.questions.all())
    parent.post(
        reverse("workshops:question", args=[workshop.pk, questions[0].pk]),
        {"text": "On ose poser nos questions."},
    )
    head.post(
        reverse("workshops:question", args=[workshop.pk, questions[2].pk]),
        {"text": "Les enfants voient leurs parents à l'école."},
    )
    url = reverse("partnerships:evaluation", args=[group.slug, evaluation.pk])
    page = client.get(url).content.decode()
    assert "On ose poser nos questions." in page and "Samira" not in page
    # A change needs to say what changes.
    decide = reverse("partnerships:decide", args=[group.slug, evaluation.pk, action.pk])
    refused = client.post(decide, {f"a{action.pk}-decision": Decision.CHANGE})
    assert refused.status_code == 400 and "Dites ce qu&#x27;on change." in refused.content.decode()
    assert not evaluation.decisions.exists()
    client.post(
        decide,
        {f"a{action.pk}-decision": Decision.CHANGE, f"a{action.pk}-why": "Le mardi matin."},
    )
    assert evaluation.decisions.get().decision == Decision.CHANGE
    # The partner of another partnership's bilan cannot see it; this one's partner can.
    assert client_for(partner).get(url).status_code == 200
    report = client.get(reverse("partnerships:evaluation_report", args=[group.slug, evaluation.pk]))
    text = _pdf_text(report)
    assert "On ose poser nos questions." in text and "Le mardi matin." in text
    assert "Samira" not in text
    # Next year's plan: the action comes back as planned, with its partners.
    client.post(reverse("partnerships:plan_next_year", args=[group.slug, evaluation.pk]))
    again = group.actions.exclude(pk=action.pk).get(title=action.title)
    assert again.status == "planned" and "Le mardi matin." in again.description
    assert set(again.follow_up.partnerships.all()) == {partnership, centre_partnership}
    second = client.post(reverse("partnerships:plan_next_year", args=[group.slug, evaluation.pk]))
    assert second.status_code == 302 and group.actions.count() == 2
    # One click to a pre-filled experience sheet, sent to the national review.
    sheet = client.get(reverse("partnerships:experience", args=[group.slug, evaluation.pk]))
    html = sheet.content.decode()
    assert "Bilan partagé avec École Jules Ferry" in html
    assert 'value="minimal" id="id_partnership_level_0" checked' in html
    form = sheet.context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name not in ("schemes", "departement") and value is not None
    }
    data["schemes"] = [term.pk for term in form.initial["schemes"]]
    data["departement"] = group.departement_id
    response = client.post(
        reverse("partnerships:experience", args=[group.slug, evaluation.pk]), data
    )
    assert response.status_code == 302
    proposed = ExperiencePage.objects.get(local_group=group)
    assert not proposed.live and proposed.partnership_level == "minimal"
    assert [t.slug for t in proposed.schemes.all()] == ["rep-plus"]
