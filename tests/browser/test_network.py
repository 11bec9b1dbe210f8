"""The network's life in real Chromium: registering for the Journée without an account on a 360 px
phone, the last place, the waiting list and the e-mail that moves the next person up; answering the
survey without an account and seeing the answer in the results; axe-core on every new page at 360
and 1280 px."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from mille.network.models import Registration, SeatStatus
from mille.network.services import events as event_services
from mille.network.services import survey as survey_services
from tests.browser.conftest import AXE_OPTIONS, axe_check, login_cookie
from tests.network.conftest import make_event, soon

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def journee(national):
    event = make_event(national, title="Journée Nationale des Initiatives")
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
    event_services.session_save(
        event=event,
        actor=national,
        title="Atelier : le croisement des savoirs",
        kind="workshop",
        starts_at=soon(10, 14),
        ends_at=soon(10, 16),
        capacity=2,
    )
    return event_services.event_publish(event=event, actor=national)


def _register(page, event, name, *, email="", phone="", choose=(), wait=()):
    page.goto(page.base + event.get_absolute_url())
    for title in choose:
        page.get_by_role("checkbox", name=re.compile(re.escape(title))).check()
    for title in wait:
        box = page.get_by_role("checkbox", name=re.compile(re.escape(title) + ".*liste d'attente"))
        box.check()
    page.get_by_label("Votre nom ou votre prénom").fill(name)
    if email:
        page.get_by_label("Votre adresse e-mail").fill(email)
    if phone:
        page.get_by_label("Ou votre numéro de téléphone").fill(phone)
    page.get_by_role("button", name="Je m'inscris").click()
    page.get_by_role("heading", name="Mon inscription").wait_for()


def _path_in(message, fragment: str) -> str:
    return next(word for word in message.body.split() if fragment in word).split("127.0.0.1:8000")[
        1
    ]


def test_the_last_place_the_waiting_list_and_the_email_that_moves_the_next_person_up(
    page_at, journee, mailoutbox
):
    forum, workshop = "Forum des initiatives", "Atelier : le croisement des savoirs"
    # 1. A visitor without an account registers for two sessions, on a phone.
    amina = page_at(width=360)
    _register(amina, journee, "Amina", email="amina@example.org", choose=[forum, workshop])
    amina.get_by_text("C'est noté, vos places sont gardées").wait_for()
    confirm = _path_in(mailoutbox[-1], "/confirmer/")
    amina.goto(amina.base + confirm)
    amina.get_by_role("button", name="Je confirme mon inscription").click()
    amina.get_by_text("votre adresse est confirmée").wait_for()
    assert amina.locator(".badge-ok").count() == 2
    axe_check(amina, Registration.objects.get(name="Amina").get_absolute_url())

    # 2. The last place goes.
    samira = page_at(width=360)
    _register(samira, journee, "Samira", phone="06 12 34 56 78", choose=[workshop])
    samira.get_by_text("vous êtes inscrit·e").wait_for()

    # 3. The next person sees the workshop full and takes the waiting list.
    karim = page_at(width=360)
    karim.goto(karim.base + journee.get_absolute_url())
    karim.get_by_text("Complet : je m'inscris sur la liste d'attente").wait_for()
    axe_check(karim, journee.get_absolute_url())
    _register(karim, journee, "Karim", email="karim@example.org", wait=[workshop])
    karim.get_by_text("Liste d'attente : vous êtes n° 1").wait_for()
    registration = Registration.objects.get(name="Karim")
    assert registration.seats.get().status == SeatStatus.WAITING

    # 4. A cancellation moves them up, and they get the e-mail.
    mailoutbox.clear()
    amina.get_by_role("link", name="Annuler toute mon inscription").click()
    amina.get_by_role("button", name="Oui, j'annule mon inscription").click()
    amina.get_by_text("Votre inscription est annulée").wait_for()
    (offer,) = [m for m in mailoutbox if m.to == ["karim@example.org"]]
    assert offer.subject == "Une place se libère : Journée Nationale des Initiatives"
    karim.goto(karim.base + _path_in(offer, f"/inscription/{registration.token}/"))
    karim.get_by_text("Une place se libère pour vous !").wait_for()
    axe_check(karim, registration.get_absolute_url())
    karim.get_by_role("button", name=re.compile("J'accepte la place")).click()
    karim.get_by_text("La place est à vous").wait_for()
    assert registration.seats.get().status == SeatStatus.CONFIRMED
    for page in (amina, samira, karim):
        assert page.errors == []


@pytest.fixture
def survey(national):
    built = survey_services.survey_create(actor=national, title="Enquête nationale")
    known = survey_services.question_save(
        survey=built,
        actor=national,
        kind="single",
        text="Comment avez-vous connu le collectif ?",
        choices=["Par l'école", "Par le centre social", "Autrement"],
        required=True,
    )
    member = survey_services.question_save(
        survey=built,
        actor=national,
        kind="single",
        text="Faites-vous partie d'un groupe local ?",
        choices=["Oui", "Non"],
    )
    survey_services.question_save(
        survey=built,
        actor=national,
        kind="scale",
        text="Chacun parle-t-il à égalité ?",
        condition_question=member,
        condition_values=[0],
    )
    survey_services.question_save(
        survey=built,
        actor=national,
        kind="multiple",
        text="Qu'est-ce qui vous aiderait ?",
        choices=["Des outils", "Des formations", "Des traductions"],
    )
    survey_services.survey_open(survey=built, actor=national)
    return built, known


def test_a_visitor_answers_the_survey_on_a_phone_and_sees_the_answer_in_the_results(
    page_at, survey, group
):
    built, _known = survey
    page = page_at(width=360)
    page.goto(page.base + reverse("network:survey", args=[built.slug]))
    page.get_by_role("link", name="Commencer").click()
    page.get_by_label("Votre département (facultatif)").select_option(label="Nord (59)")
    page.get_by_label("Parent", exact=True).check()
    page.get_by_role("button", name="Suivant").click()
    page.get_by_text("question 1 sur 3").wait_for()
    assert page.get_by_role("button", name="Écouter").is_visible()
    page.get_by_role("button", name="Suivant").click()  # a required question, left empty
    page.locator("#question-error").get_by_text("Cette question attend une réponse.").wait_for()
    assert page.errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    page.errors.clear()  # the refused answer's page is a 400, as every form sent with a mistake
    page.get_by_label("Par le centre social").check()
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Oui").check()
    page.get_by_role("button", name="Suivant (ou passer)").click()
    page.get_by_text("Chacun parle-t-il à égalité ?").wait_for()  # shown on its condition
    page.get_by_label("4").check()
    page.get_by_role("button", name="Suivant (ou passer)").click()
    page.get_by_label("Des formations").check()
    page.get_by_label("Des traductions").check()
    page.get_by_role("button", name="Suivant (ou passer)").click()
    page.get_by_text("Des formations, Des traductions").wait_for()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_role("heading", name="Rejoindre la mobilisation").wait_for()
    page.get_by_placeholder("Votre commune ou votre code postal").fill("Roubaix")
    page.get_by_role("button", name="Trouver les groupes proches").click()
    page.get_by_role("link", name=group.name).wait_for()
    page.get_by_role("link", name="Voir les résultats").click()
    table = page.get_by_role("table", name=re.compile("Comment avez-vous connu"))
    row = table.get_by_role("row", name=re.compile("Par le centre social"))
    assert row.get_by_role("cell").first.inner_text() == "1"
    assert page.get_by_role("img", name="Comment avez-vous connu le collectif ?").is_visible()
    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0
    assert page.errors == []


def _demo_paths():
    from mille.demo.loader import load_demo
    from mille.groups.models import LocalGroup
    from mille.network.models import (
        CoordinationRequest,
        Event,
        Issue,
        Subscriber,
        Survey,
        VisitorQuestion,
    )
    from mille.network.services import newsletter

    load_demo()
    lille = LocalGroup.objects.get(neighbourhood="Fives")
    journee = Event.objects.get(level="national")
    past = Event.objects.get(level="training")
    nord = Event.objects.get(level="departemental")
    registration = journee.registrations.exclude(email="").first()
    waiting = journee.registrations.filter(seats__status="waiting").first()
    survey = Survey.objects.get()
    question = survey.questions.first()
    sent, draft = Issue.objects.get(status="sent"), Issue.objects.get(status="draft")
    subscriber = Subscriber.objects.filter(status="confirmed").first()
    request = CoordinationRequest.objects.get(group=lille)
    anonymous = [
        reverse("network:events"),
        reverse("network:events") + "?quand=passes",
        reverse("network:events_map"),
        journee.get_absolute_url(),
        past.get_absolute_url(),
        registration.get_absolute_url(),
        waiting.get_absolute_url(),
        reverse("network:registration_confirm", args=[registration.token]),
        reverse("network:registration_cancel", args=[registration.token]),
        reverse("network:question_ask"),
        reverse("network:subscribe"),
        reverse("network:subscription_confirm", args=[newsletter.confirm_token(subscriber)]),
        reverse("network:subscription_confirm", args=["abimé"]),
        reverse("network:unsubscribe", args=[newsletter.unsubscribe_token(subscriber)]),
        reverse("network:issues"),
        sent.get_absolute_url(),
        reverse("network:survey", args=[survey.slug]),
        reverse("network:survey_profile", args=[survey.slug]),
        reverse("network:survey_question", args=[survey.slug, question.pk]),
        reverse("network:survey_review", args=[survey.slug]),
        reverse("network:survey_thanks", args=[survey.slug]) + "?commune=Lille",
        reverse("network:survey_results", args=[survey.slug]),
        reverse("network:survey_results", args=[survey.slug]) + "?par=departement",
    ]
    national = [
        reverse("network:event_new"),
        reverse("network:manage", args=[journee.slug]),
        reverse("network:manage", args=[past.slug]),
        reverse("network:event_edit", args=[journee.slug]),
        reverse("network:session_add", args=[journee.slug]),
        reverse("network:session_edit", args=[journee.slug, journee.sessions.first().pk]),
        reverse("network:register_for", args=[journee.slug]),
        reverse("network:attendance", args=[journee.slug]),
        reverse("network:checkin", args=[journee.slug, registration.checkin_code]),
        reverse("network:referents"),
        reverse("network:requests_queue"),
        request.get_absolute_url(),
        reverse("network:questions_queue"),
        reverse("network:question_answer", args=[VisitorQuestion.objects.first().pk]),
        reverse("network:newsletter_admin"),
        reverse("network:issue_compose", args=[draft.pk]),
        reverse("network:issue_preview", args=[sent.pk]),
        reverse("network:issue_log", args=[sent.pk]),
        reverse("network:surveys_admin"),
        reverse("network:survey_edit", args=[survey.pk]),
        reverse("network:question_edit", args=[survey.pk, question.pk]),
        reverse("network:survey_free_text", args=[survey.slug]),
        reverse("network:survey_results", args=[survey.slug]) + "?par=category",
        reverse("portal:dashboard"),
    ]
    referent = [
        reverse("network:departement", args=["59"]),
        reverse("network:group_follow", args=[lille.slug]),
        reverse("network:convene", args=[nord.slug]),
        reverse("network:group_requests", args=[lille.slug]),
        reverse("portal:dashboard"),
    ]
    coordinator = [reverse("network:request_new", args=[lille.slug]), request.get_absolute_url()]
    return anonymous, national, referent, coordinator


@pytest.mark.parametrize("width", [360, 1280])
def test_no_axe_violation_on_the_networks_pages(page_at, width):
    from mille.accounts.models import User

    anonymous, national, referent, coordinator = _demo_paths()
    visitor = page_at(width=width)
    for path in anonymous:
        axe_check(visitor, path)
    for email, paths in (
        ("coordination@example.org", national),
        ("referent59@example.org", referent),
        ("coordinatrice@example.org", coordinator),
    ):
        page = page_at(width=width)
        login_cookie(page, User.objects.get(email=email))
        for path in paths:
            axe_check(page, path)
    # A form sent with mistakes shows its error summary: still no violation.
    page = page_at(width=width)
    page.goto(page.base + reverse("network:question_ask"))
    page.get_by_role("button", name="Envoyer ma question").click()
    page.locator(".error-summary").wait_for()
    assert Axe().run(page, options=AXE_OPTIONS).violations_count == 0
