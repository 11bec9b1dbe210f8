"""The national survey: built with conditions, answered one question per screen without an
account, anonymous, with audience rules; results as SVG charts with tables, breakdowns, CSV."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mille.network.charts import bar_chart
from mille.network.models import Answer, Participation, Response
from mille.network.selectors.survey import visible_questions
from mille.network.services import survey as services
from mille.territories.models import Departement
from tests.network.conftest import client_for

pytestmark = pytest.mark.django_db


def build(national, audience="everyone", anonymous=True):
    survey = services.survey_create(
        actor=national, title="Enquête nationale", audience=audience, anonymous=anonymous
    )
    known = services.question_save(
        survey=survey,
        actor=national,
        kind="single",
        text="Comment avez-vous connu le collectif ?",
        choices=["Par l'école", "Par le centre social", "Autrement"],
        required=True,
    )
    member = services.question_save(
        survey=survey,
        actor=national,
        kind="single",
        text="Faites-vous partie d'un groupe local ?",
        choices=["Oui", "Non"],
    )
    equal = services.question_save(
        survey=survey,
        actor=national,
        kind="scale",
        text="Chacun parle-t-il à égalité ?",
        condition_question=member,
        condition_values=[0],
    )
    join = services.question_save(
        survey=survey,
        actor=national,
        kind="single",
        text="Aimeriez-vous rejoindre un groupe ?",
        choices=["Oui", "Pas maintenant"],
        condition_question=member,
        condition_values=[1],
    )
    helps = services.question_save(
        survey=survey,
        actor=national,
        kind="multiple",
        text="Qu'est-ce qui vous aiderait ?",
        choices=["Des outils", "Des formations", "Des traductions"],
    )
    words = services.question_save(survey=survey, actor=national, kind="text", text="Un mot ?")
    services.survey_open(survey=survey, actor=national)
    return survey, (known, member, equal, join, helps, words)


def test_conditions_point_backwards_and_questions_freeze_once_open(national):
    survey = services.survey_create(actor=national, title="Brouillon")
    first = services.question_save(
        survey=survey, actor=national, kind="single", text="A ?", choices=["Oui", "Non"]
    )
    second = services.question_save(survey=survey, actor=national, kind="text", text="B ?")
    with pytest.raises(ValidationError, match="une question placée avant"):
        services.question_save(
            survey=survey,
            actor=national,
            question=first,
            kind="single",
            text="A ?",
            choices=["Oui", "Non"],
            condition_question=second,
            condition_values=[0],
        )
    with pytest.raises(ValidationError, match="une question à choix ou une échelle"):
        services.question_save(
            survey=survey,
            actor=national,
            kind="text",
            text="C ?",
            condition_question=second,
            condition_values=[0],
        )
    with pytest.raises(ValidationError, match="de 2 à 12 réponses possibles"):
        services.question_save(
            survey=survey, actor=national, kind="single", text="D ?", choices=["Seule"]
        )
    third = services.question_save(
        survey=survey,
        actor=national,
        kind="text",
        text="E ?",
        condition_question=first,
        condition_values=[1],
    )
    with pytest.raises(ValidationError, match="dépend de celle-ci"):
        services.question_delete(question=first, actor=national)
    services.question_move(question=second, actor=national, up=False)
    with pytest.raises(ValidationError, match="dépend de la précédente"):
        services.question_move(question=third, actor=national, up=True)
    services.survey_open(survey=survey, actor=national)
    with pytest.raises(ValidationError, match="ses questions ne changent plus"):
        services.question_save(survey=survey, actor=national, kind="text", text="F ?")


def test_which_questions_show(national):
    _survey, (known, member, equal, join, helps, words) = build(national)
    questions = [known, member, equal, join, helps, words]
    assert visible_questions(questions, {}) == [known, member, helps, words]
    assert visible_questions(questions, {member.pk: 0}) == [known, member, equal, helps, words]
    assert visible_questions(questions, {member.pk: 1}) == [known, member, join, helps, words]


def _answer(client, survey, steps, profile=None):
    client.post(
        reverse("network:survey_profile", args=[survey.slug]),
        profile or {"departement": "59", "category": "parent"},
    )
    for question, value in steps:
        data = {"go": "next"}
        if value is not None:
            data["answer"] = value
        response = client.post(
            reverse("network:survey_question", args=[survey.slug, question.pk]), data
        )
        assert response.status_code == 302, response.content.decode()[:400]
    return client.post(reverse("network:survey_review", args=[survey.slug]))


def test_a_visitor_answers_without_an_account_one_question_per_screen(national, group, client):
    survey, (known, member, equal, join, helps, words) = build(national)
    start = client.get(reverse("network:survey", args=[survey.slug])).content.decode()
    assert "Commencer" in start and "Anonyme" in start
    client.post(
        reverse("network:survey_profile", args=[survey.slug]),
        {"departement": "59", "category": "parent"},
    )
    page = client.get(
        reverse("network:survey_question", args=[survey.slug, known.pk])
    ).content.decode()
    assert (
        'id="question-text"' in page
        and 'data-speak-from="question-text"' in page
        and "question 1 sur 4" in page
    )
    refused = client.post(
        reverse("network:survey_question", args=[survey.slug, known.pk]), {"go": "next"}
    )
    assert (
        refused.status_code == 400
        and "Cette question attend une réponse." in refused.content.decode()
    )
    response = client.post(
        reverse("network:survey_question", args=[survey.slug, known.pk]),
        {"answer": "1", "go": "next"},
    )
    assert response["Location"] == reverse("network:survey_question", args=[survey.slug, member.pk])
    response = client.post(
        reverse("network:survey_question", args=[survey.slug, member.pk]),
        {"answer": "1", "go": "next"},
    )
    assert response["Location"] == reverse(
        "network:survey_question", args=[survey.slug, join.pk]
    )  # the scale is skipped
    client.post(
        reverse("network:survey_question", args=[survey.slug, join.pk]),
        {"answer": "0", "go": "next"},
    )
    client.post(
        reverse("network:survey_question", args=[survey.slug, helps.pk]),
        {"answer": ["0", "2"], "go": "next"},
    )
    client.post(
        reverse("network:survey_question", args=[survey.slug, words.pk]),
        {"answer": "Merci pour les cafés.", "go": "next"},
    )
    review = client.get(reverse("network:survey_review", args=[survey.slug])).content.decode()
    assert "Des outils, Des traductions" in review and "Chacun parle" not in review
    assert not Response.objects.exists()  # nothing is stored before « Envoyer »
    response = client.post(reverse("network:survey_review", args=[survey.slug]))
    assert response["Location"] == reverse("network:survey_thanks", args=[survey.slug])
    stored = Response.objects.get()
    assert stored.user is None and stored.departement_id == "59" and stored.category == "parent"
    assert sorted(Answer.objects.filter(question=helps).values_list("value", flat=True)) == [0, 2]
    thanks = client.get(response["Location"]).content.decode()
    assert "Rejoindre la mobilisation" in thanks and group.name in thanks
    nearby = client.get(response["Location"] + "?commune=Roubaix").content.decode()
    assert "Les groupes les plus proches de Roubaix" in nearby and group.name in nearby
    results = client.get(reverse("network:survey_results", args=[survey.slug])).content.decode()
    assert "1 réponse." in results and 'role="img"' in results and "<caption>" in results
    assert "Merci pour les cafés." not in results  # free text is the coordination's


def test_going_back_keeps_the_answers(national, client):
    survey, (known, member, *_rest) = build(national)
    client.post(reverse("network:survey_profile", args=[survey.slug]), {})
    client.post(
        reverse("network:survey_question", args=[survey.slug, known.pk]),
        {"answer": "2", "go": "next"},
    )
    response = client.post(
        reverse("network:survey_question", args=[survey.slug, member.pk]), {"go": "back"}
    )
    assert response["Location"] == reverse("network:survey_question", args=[survey.slug, known.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'value="2" id="answer-2" checked' in page


def test_one_answer_per_group_refuses_a_second_and_writes_nothing(
    national, group, coordinator, facilitator
):
    survey, (known, *_rest) = build(national, audience="one_per_group")
    response = _answer(
        client_for(coordinator), survey, [(known, "0")], profile={"group": group.pk, "category": ""}
    )
    assert response.status_code == 302
    assert Response.objects.get().group == group
    counts = (Response.objects.count(), Answer.objects.count(), Participation.objects.count())
    with pytest.raises(
        ValidationError,
        match="a déjà répondu à cette enquête : une seule réponse par groupe. Rien n'est enregistré.",
    ):
        services.response_submit(
            survey=survey, user=facilitator, answers={known.pk: 1}, group=group
        )
    assert (
        Response.objects.count(),
        Answer.objects.count(),
        Participation.objects.count(),
    ) == counts
    page = (
        client_for(facilitator)
        .get(reverse("network:survey_profile", args=[survey.slug]))
        .content.decode()
    )
    assert "Tous vos groupes ont déjà répondu" in page


def test_one_answer_per_group_through_the_pages(national, group, coordinator, facilitator):
    survey, (known, *_rest) = build(national, audience="one_per_group")
    _answer(client_for(coordinator), survey, [(known, "0")], profile={"group": group.pk})
    client = client_for(facilitator)
    client.post(
        reverse("network:survey_profile", args=[survey.slug]), {"group": group.pk}
    )  # an old tab
    session = client.session
    session[f"survey-{survey.pk}"] = {
        "profile": {"group": group.pk, "departement": "59", "category": ""},
        "answers": {str(known.pk): 1},
    }
    session.save()
    response = client.post(reverse("network:survey_review", args=[survey.slug]))
    assert response.status_code == 400 and "a déjà répondu" in response.content.decode()
    assert Response.objects.count() == 1


def test_members_answer_once_and_need_to_sign_in(national, member, client):
    survey, (known, *_rest) = build(national, audience="members")
    assert client.get(reverse("network:survey_profile", args=[survey.slug])).status_code == 302
    _answer(client_for(member), survey, [(known, "0")])
    with pytest.raises(ValidationError, match="Vous avez déjà répondu"):
        services.response_submit(survey=survey, user=member, answers={known.pk: 1})
    assert Response.objects.get().user is None  # anonymous: who answered is kept apart
    assert Participation.objects.get().user == member


def test_a_named_survey_keeps_the_person(national, member):
    survey, (known, *_rest) = build(national, audience="members", anonymous=False)
    services.response_submit(survey=survey, user=member, answers={known.pk: 0})
    assert Response.objects.get().user == member


def test_results_break_down_and_hide_small_counts_from_the_public(national, client):
    survey, (known, member, *_rest) = build(national)
    for code in ("59", "59", "59", "42"):
        services.response_submit(
            survey=survey,
            user=AnonymousUser(),
            answers={known.pk: 0, member.pk: 1},
            departement=Departement.objects.get(code=code),
        )
    url = reverse("network:survey_results", args=[survey.slug]) + "?par=departement"
    public = client.get(url).content.decode()
    assert "&lt; 3" in public and "Nord" in public and "Loire" in public
    full = client_for(national).get(url).content.decode()
    assert "&lt; 3" not in full


def test_the_coordination_reads_free_text_and_exports_csv(national, client):
    survey, (known, member, _equal, _join, helps, words) = build(national)
    services.response_submit(
        survey=survey,
        user=AnonymousUser(),
        answers={known.pk: 0, helps.pk: ["0", "1"], words.pk: "Les cafés ; merci"},
        category="parent",
    )
    assert client.get(reverse("network:survey_free_text", args=[survey.slug])).status_code == 302
    coordination = client_for(national)
    assert (
        "Les cafés ; merci"
        in coordination.get(
            reverse("network:survey_free_text", args=[survey.slug])
        ).content.decode()
    )
    export = coordination.get(reverse("network:survey_csv", args=[survey.slug]))
    text = export.content.decode()
    assert text.startswith("\ufeffjour;département;catégorie;groupe;Comment avez-vous connu")
    assert (
        "Par l'école" in text
        and "Des outils | Des formations" in text
        and '"Les cafés ; merci"' in text
    )


def test_free_text_cannot_run_as_a_formula_in_the_csv(national):
    survey, (known, _member, _equal, _join, _helps, words) = build(national)
    services.response_submit(
        survey=survey,
        user=AnonymousUser(),
        answers={known.pk: 0, words.pk: '=HYPERLINK("http://x.example","clic")'},
        category="parent",
    )
    export = client_for(national).get(reverse("network:survey_csv", args=[survey.slug]))
    text = export.content.decode()
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text and '"=HYPERLINK' not in text


def test_the_results_page_keeps_its_queries_flat(national, client):
    survey, (known, member, equal, _join, helps, _words) = build(national)
    url = reverse("network:survey_results", args=[survey.slug]) + "?par=category"

    def answers(count):
        for number in range(count):
            services.response_submit(
                survey=survey,
                user=AnonymousUser(),
                answers={
                    known.pk: number % 3,
                    member.pk: 0,
                    equal.pk: 1 + number % 5,
                    helps.pk: ["1"],
                },
                category="parent",
            )

    answers(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    answers(20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few) <= 10
    assert "22 réponses." in response.content.decode() and "Moyenne : " in response.content.decode()


def test_a_chart_is_accessible_svg_without_style():
    svg = bar_chart(
        [("Oui", 3, 75), ("Non <b>", 1, 25)], title="A ?", description="4 réponses.", ident="q1"
    )
    assert 'role="img"' in svg and 'aria-labelledby="q1-title q1-desc"' in svg
    assert '<title id="q1-title">A ?</title>' in svg and "3 (75 %)" in svg
    assert "Non &lt;b&gt;" in svg and "style=" not in svg


def test_a_closed_survey_says_so(national, client):
    survey, _questions = build(national)
    services.survey_close(survey=survey, actor=national)
    assert (
        "Cette enquête est close"
        in client.get(reverse("network:survey", args=[survey.slug])).content.decode()
    )
    assert client.get(reverse("network:survey_profile", args=[survey.slug])).status_code == 302
