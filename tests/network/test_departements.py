"""The départemental level: référents, their opinions, convocations; requests to the national
coordination followed to their close; visitors' questions answered by e-mail or in the FAQ."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mille.groups import services as group_services
from mille.groups.models import Criterion
from mille.network.models import (
    Convocation,
    CoordinationRequest,
    RecognitionOpinion,
    Referent,
    RequestStatus,
    VisitorQuestion,
)
from mille.network.services import departements as services
from mille.network.services import events as event_services
from mille.network.services import requests as request_services
from mille.territories.models import Commune
from tests.factories import UserFactory, add_member
from tests.network.conftest import client_for, make_event

pytestmark = pytest.mark.django_db


def test_the_national_coordination_gives_and_takes_the_role(
    national, mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(email="sylvie@example.org")
    client = client_for(national)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:referents"), {"email": "Sylvie@example.org", "departement": "59"}
        )
    assert response.status_code == 302
    referent = Referent.objects.get(user=person)
    (message,) = mailoutbox
    assert message.to == [person.email] and "/reseau/departements/59/" in message.body
    response = client.post(
        reverse("network:referents"), {"email": "inconnu@example.org", "departement": "59"}
    )
    assert (
        response.status_code == 400
        and "Aucun compte n&#x27;utilise cette adresse" in response.content.decode()
    )
    with pytest.raises(ValidationError, match="déjà référente"):
        services.referent_grant(
            actor=national, email=person.email, departement=referent.departement
        )
    client.post(reverse("network:referent_revoke", args=[referent.pk]))
    assert not person.has_perm("network.follow_departement", referent.departement)
    assert Referent.objects.filter(user=person, revoked_at__isnull=False).count() == 1


def test_the_referents_page_lists_its_groups_only_with_flat_queries(
    referent, group, other_group, coordinator
):
    far = group_services.group_create(
        creator=coordinator,
        name="Le Babet",
        communes=list(Commune.objects.filter(insee="42218")),
    )
    client = client_for(referent)
    url = reverse("network:departement", args=["59"])
    html = client.get(url).content.decode()
    assert group.name in html and other_group.name in html and far.name not in html
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(6):
        request_services.request_create(
            group=group, actor=coordinator, kind="question", subject=f"Q{number}", message="?"
        )
        group_services.group_create(
            creator=UserFactory(), name=f"Groupe {number}", communes=list(group.communes.all())
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= 10


def test_the_referent_gives_an_opinion_before_the_national_decision(
    referent, group, coordinator, national
):
    with pytest.raises(ValidationError, match="pas de demande de reconnaissance en cours"):
        services.opinion_give(group=group, actor=referent, opinion="favourable")
    group_services.charter_commit(group=group, actor=coordinator)
    for criterion in Criterion.values:
        group_services.criterion_assess(
            group=group, actor=coordinator, criterion=criterion, status="met", evidence="Vu."
        )
    group_services.recognition_submit(group=group, actor=coordinator)
    group.refresh_from_db()
    with pytest.raises(ValidationError, match="Dites quels points sont à revoir"):
        services.opinion_give(group=group, actor=referent, opinion="reserved")
    with pytest.raises(PermissionDenied):
        services.opinion_give(group=group, actor=national, opinion="favourable")
    client = client_for(referent)
    file = client.get(reverse("network:group_follow", args=[group.slug])).content.decode()
    assert "Vu." in file and "Donner mon avis" in file
    client.post(
        reverse("network:opinion", args=[group.slug]),
        {"opinion": "favourable", "comment": "Un groupe solide."},
    )
    assert RecognitionOpinion.objects.get().by == referent
    waiting = client_for(national).get(reverse("network:referents")).content.decode()
    assert "Avis favorable" in waiting and "Un groupe solide." in waiting


def test_convening_the_groups_writes_to_each_coordination_apart(
    referent,
    group,
    other_group,
    coordinator,
    facilitator,
    member,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    gathering = make_event(referent, level="departemental", title="Regroupement du Nord")
    with pytest.raises(ValidationError, match="Publiez l'événement"):
        services.groups_convene(event=gathering, actor=referent, groups=[group])
    gathering = event_services.event_publish(event=gathering, actor=referent)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.groups_convene(event=gathering, actor=referent, groups=[group, other_group])
            == 2
        )
    recipients = sorted(address for message in mailoutbox for address in message.to)
    other = other_group.memberships.get(role="coordinator").user
    assert recipients == sorted([coordinator.email, facilitator.email, other.email])
    assert all(
        len(message.to) == 1 and not message.cc and not message.bcc for message in mailoutbox
    )
    assert member.email not in recipients
    with pytest.raises(ValidationError, match="déjà conviés"):
        services.groups_convene(event=gathering, actor=referent, groups=[group])
    assert Convocation.objects.count() == 2


def test_a_request_is_followed_to_its_close(
    group,
    coordinator,
    facilitator,
    national,
    referent,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:request_new", args=[group.slug]),
            {
                "kind": "training_day",
                "subject": "Une journée de formation",
                "message": "Un samedi de mars ?",
            },
        )
    request = CoordinationRequest.objects.get()
    assert response["Location"] == request.get_absolute_url()
    assert [m.to for m in mailoutbox] == [[national.email]]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(national).post(
            reverse("network:request_message", args=[group.slug, request.pk]),
            {"body": "Le 7 mars ?"},
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    assert sorted(m.to[0] for m in mailoutbox) == sorted([coordinator.email, facilitator.email])
    assert "Le 7 mars ?" in client_for(referent).get(request.get_absolute_url()).content.decode()
    with pytest.raises(PermissionDenied):
        request_services.request_message_add(request=request, actor=referent, body="Moi aussi")
    request_services.request_status_change(
        request=request, actor=national, status="closed", answer="C'est noté pour le 7 mars."
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED and request.closed_at
    with pytest.raises(ValidationError, match="Cette demande est close"):
        request_services.request_message_add(request=request, actor=coordinator, body="Merci !")


def test_closing_needs_an_answer_and_statuses_move_forward(group, coordinator, national):
    request = request_services.request_create(
        group=group, actor=coordinator, kind="question", subject="Q", message="?"
    )
    with pytest.raises(ValidationError, match="Écrivez la réponse de la coordination"):
        request_services.request_status_change(request=request, actor=national, status="closed")
    request_services.request_status_change(request=request, actor=national, status="in_progress")
    with pytest.raises(ValidationError, match="ne peut pas passer"):
        request_services.request_status_change(
            request=request, actor=national, status="in_progress"
        )
    assert request.messages.count() == 2


def test_the_national_queue_keeps_its_queries_flat(group, coordinator, national):
    client = client_for(national)
    url = reverse("network:requests_queue")
    request_services.request_create(
        group=group, actor=coordinator, kind="question", subject="Q0", message="?"
    )
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(1, 12):
        request_services.request_create(
            group=group, actor=coordinator, kind="question", subject=f"Q{number}", message="?"
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= 8


def test_a_visitor_asks_and_the_answer_goes_by_email_then_the_address_is_erased(
    client, national, mailoutbox, django_capture_on_commit_callbacks
):
    response = client.post(
        reverse("network:question_ask"),
        {
            "question": "Comment rejoindre le collectif ?",
            "email": "malika@example.org",
            "name": "Malika",
        },
    )
    assert response.status_code == 302
    question = VisitorQuestion.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(national).post(
            reverse("network:question_answer", args=[question.pk]),
            {"answer": "Écrivez au groupe le plus proche.", "send": "on"},
        )
    question.refresh_from_db()
    assert question.status == "answered" and question.email == "" and question.answer_sent
    (message,) = mailoutbox
    assert (
        message.to == ["malika@example.org"] and "Écrivez au groupe le plus proche." in message.body
    )


def test_an_answer_may_go_in_the_faq(national, client):
    question = request_services.question_ask(
        question="Faut-il être une association pour créer un groupe ?"
    )
    with pytest.raises(ValidationError, match="n'a pas laissé d'adresse"):
        request_services.question_answer(
            question=question, actor=national, answer="Non.", send=True
        )
    assert VisitorQuestion.objects.get().status == "new"
    request_services.question_answer(
        question=question,
        actor=national,
        answer="Non : il suffit de quelques personnes.",
        send=False,
        to_faq=True,
    )
    faq = client.get(reverse("library:faq")).content.decode()
    assert "Faut-il être une association pour créer un groupe ?" in faq
    assert "il suffit de quelques personnes" in faq


def test_a_short_question_is_refused_in_french(client):
    response = client.post(reverse("network:question_ask"), {"question": "Bonjour"})
    assert response.status_code == 400 and "une phrase au moins" in response.content.decode()
    assert not VisitorQuestion.objects.exists()


def test_group_requests_for_members_stay_closed(group, member):
    add_member(group)
    assert (
        client_for(member).get(reverse("network:group_requests", args=[group.slug])).status_code
        == 403
    )


def test_my_space_shows_my_departement_registrations_and_events(
    referent, member, journee, coordinator, group
):
    from mille.network.services import registrations

    forum = journee.sessions.order_by("starts_at").first()
    registrations.registration_create(
        event=journee, name="Fatou", sessions=[forum], email=member.email, user=member
    )
    cafe = make_event(coordinator, level="local", group=group, title="Café des parents")
    assert (
        "Les départements que je suis"
        in client_for(referent).get(reverse("portal:dashboard")).content.decode()
    )
    mine = client_for(member).get(reverse("portal:dashboard")).content.decode()
    assert "Mes inscriptions" in mine and journee.title in mine
    organiser = client_for(coordinator).get(reverse("portal:dashboard")).content.decode()
    assert cafe.title in organiser and "Demander à la coordination" in organiser
