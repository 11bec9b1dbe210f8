"""Answering the survey, one question per screen (on a phone, with « Écouter »), without an account
when the survey is open to everyone; then « rejoindre la mobilisation »; and the results.

The answers being given live in the session until they are sent: nothing is stored before the
person presses « Envoyer mes réponses »."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mille.core.text import spreadsheet_safe
from mille.core.views_helpers import csv_download, error_text
from mille.groups.models import LocalGroup
from mille.network.decorators import survey_view
from mille.network.forms.survey import ProfileForm, answer_field
from mille.network.models import Audience, Event, EventStatus, QuestionKind, Survey
from mille.network.selectors import survey as selectors
from mille.network.services import survey as services
from mille.territories.models import Departement
from mille.territories.selectors import commune_search


def _key(survey: Survey) -> str:
    return f"survey-{survey.pk}"


def _draft(request: HttpRequest, survey: Survey) -> dict | None:
    return request.session.get(_key(survey))


def _answers(draft: dict) -> dict:
    return {int(pk): value for pk, value in draft.get("answers", {}).items()}


def _questions(survey: Survey) -> list:
    return list(survey.questions.order_by("position", "pk"))


def _next_url(survey: Survey, questions: list, answers: dict, after=None) -> str:
    """The next question shown after `after` (or the first), else the summary."""
    shown = selectors.visible_questions(questions, answers)
    if after is not None:
        order = [q.pk for q in questions]
        shown = [q for q in shown if order.index(q.pk) > order.index(after.pk)]
    if shown:
        return reverse("network:survey_question", args=[survey.slug, shown[0].pk])
    return reverse("network:survey_review", args=[survey.slug])


@require_GET
@survey_view("network.view_survey")
def survey(request: HttpRequest, survey: Survey) -> HttpResponse:
    context = {
        "survey": survey,
        "can_answer": request.user.has_perm("network.answer_survey", survey),
        "can_see_results": request.user.has_perm("network.view_survey_results", survey),
        "question_count": survey.questions.count(),
        "Audience": Audience,
    }
    return render(request, "network/survey.html", context)


def _groups_for(request, survey):
    if survey.audience != Audience.ONE_PER_GROUP:
        return None
    ids = [group.pk for group in services.groups_that_may_answer(survey, request.user)]
    return LocalGroup.objects.filter(pk__in=ids).order_by("name")


@require_http_methods(["GET", "POST"])
@survey_view("network.answer_survey")
def survey_profile(request: HttpRequest, survey: Survey) -> HttpResponse:
    """First step: the département and who you are (both may stay unsaid), or the group you
    answer for."""
    groups = _groups_for(request, survey)
    draft = _draft(request, survey) or {}
    profile = draft.get("profile", {})
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        groups=groups,
        initial={
            "departement": profile.get("departement"),
            "category": profile.get("category", ""),
            "group": profile.get("group"),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group = data.get("group")
        departement = data.get("departement")
        draft = {
            "profile": {
                "departement": departement.code
                if departement
                else (group.departement_id if group else ""),
                "category": data["category"],
                "group": group.pk if group else None,
            },
            "answers": draft.get("answers", {}),
        }
        request.session[_key(survey)] = draft
        return redirect(_next_url(survey, _questions(survey), _answers(draft)))
    context = {
        "survey": survey,
        "form": form,
        "no_group": groups is not None and not groups.exists(),
    }
    return render(
        request, "network/survey_profile.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@survey_view("network.answer_survey")
def survey_question(request: HttpRequest, survey: Survey, question_pk: int) -> HttpResponse:
    draft = _draft(request, survey)
    if draft is None:
        return redirect("network:survey_profile", slug=survey.slug)
    questions = _questions(survey)
    by_id = {q.pk: q for q in questions}
    question = by_id.get(question_pk)
    if question is None:
        return redirect("network:survey_profile", slug=survey.slug)
    answers = _answers(draft)
    shown = selectors.visible_questions(questions, answers)
    if question not in shown:
        return redirect(_next_url(survey, questions, answers, after=question))
    field = answer_field(question)
    error = ""
    if request.method == "POST":
        raw = (
            request.POST.getlist("answer")
            if question.kind == QuestionKind.MULTIPLE
            else request.POST.get("answer")
        )
        try:
            value = services.clean_value(question, raw)
        except ValidationError as problem:
            error = error_text(problem)
        else:
            going_back = request.POST.get("go") == "back"
            if value is None and question.required and not going_back:
                error = _("Cette question attend une réponse.")
            else:
                draft_answers = draft.setdefault("answers", {})
                if value is None:
                    draft_answers.pop(str(question.pk), None)
                else:
                    draft_answers[str(question.pk)] = value
                request.session[_key(survey)] = draft
                answers = _answers(draft)
                if going_back:
                    before = [
                        q
                        for q in selectors.visible_questions(questions, answers)
                        if q.position < question.position
                        or (q.position == question.position and q.pk < question.pk)
                    ]
                    if before:
                        return redirect(
                            "network:survey_question", slug=survey.slug, question_pk=before[-1].pk
                        )
                    return redirect("network:survey_profile", slug=survey.slug)
                return redirect(_next_url(survey, questions, answers, after=question))
    current = answers.get(question.pk)
    if isinstance(current, list):
        current = [str(v) for v in current]
    elif current is not None and question.kind != QuestionKind.TEXT:
        current = str(current)
    index = shown.index(question) + 1
    context = {
        "survey": survey,
        "question": question,
        "choices": [(str(value), label) for value, label in question.value_labels()],
        "current": current,
        "error": error,
        "field": field,
        "number": index,
        "total": len(shown),
    }
    return render(request, "network/survey_question.html", context, status=400 if error else 200)


def _summary(questions, answers) -> list[tuple]:
    rows = []
    for question in selectors.visible_questions(questions, answers):
        value = answers.get(question.pk)
        labels = dict(question.value_labels())
        if value is None:
            shown = ""
        elif isinstance(value, list):
            shown = ", ".join(labels.get(v, "") for v in value)
        elif question.kind == QuestionKind.TEXT:
            shown = value
        else:
            shown = labels.get(value, "")
        rows.append((question, shown))
    return rows


@require_http_methods(["GET", "POST"])
@survey_view("network.answer_survey")
def survey_review(request: HttpRequest, survey: Survey) -> HttpResponse:
    """Read your answers again, change one, then send them all."""
    draft = _draft(request, survey)
    if draft is None:
        return redirect("network:survey_profile", slug=survey.slug)
    questions = _questions(survey)
    answers = _answers(draft)
    error = ""
    if request.method == "POST":
        profile = draft.get("profile", {})
        group = None
        if profile.get("group"):
            group = LocalGroup.objects.filter(pk=profile["group"]).first()
        try:
            services.response_submit(
                survey=survey,
                user=request.user,
                answers=answers,
                departement=Departement.objects.filter(
                    code=profile.get("departement") or ""
                ).first(),
                category=profile.get("category", ""),
                group=group,
            )
        except ValidationError as problem:
            error = error_text(problem)
        else:
            request.session.pop(_key(survey), None)
            request.session[f"{_key(survey)}-done"] = profile.get("departement", "")
            messages.success(request, _("Merci ! Vos réponses sont enregistrées."))
            return redirect("network:survey_thanks", slug=survey.slug)
    context = {"survey": survey, "rows": _summary(questions, answers), "error": error}
    return render(request, "network/survey_review.html", context, status=400 if error else 200)


@require_GET
@survey_view("network.view_survey")
def survey_thanks(request: HttpRequest, survey: Survey) -> HttpResponse:
    """« Rejoindre la mobilisation »: the local groups nearest to you, or how to start one."""
    code = request.session.get(f"{_key(survey)}-done", "")
    query = request.GET.get("commune", "")[:80].strip()
    place, nearest = None, []
    if query:
        found = commune_search(query=query, limit=1)
        if found:
            place = found[0]
            nearest = selectors.nearest_groups(place.latitude, place.longitude)
    departement = Departement.objects.filter(code=code).first() if code else None
    in_departement = (
        list(LocalGroup.objects.filter(departement=departement).order_by("name")[:10])
        if departement
        else []
    )
    events = []
    if departement:
        events = list(
            Event.objects.filter(status=EventStatus.PUBLISHED, departement=departement).order_by(
                "starts_at"
            )[:3]
        )
    context = {
        "survey": survey,
        "query": query,
        "place": place,
        "nearest": nearest,
        "departement": departement,
        "in_departement": in_departement,
        "events": events,
        "can_see_results": request.user.has_perm("network.view_survey_results", survey),
        "can_answer_again": survey.audience == Audience.EVERYONE and survey.is_open,
    }
    return render(request, "network/survey_thanks.html", context)


@require_GET
@survey_view("network.view_survey_results")
def survey_results(request: HttpRequest, survey: Survey) -> HttpResponse:
    breakdown = request.GET.get("par", "")
    breakdown = breakdown if breakdown in ("departement", "category") else ""
    full = request.user.has_perm("network.read_free_text", survey)
    total, results, columns = selectors.survey_results(survey, breakdown=breakdown, full=full)
    context = {
        "survey": survey,
        "total": total,
        "results": results,
        "columns": columns,
        "breakdown": breakdown,
        "full": full,
        "small": selectors.SMALL_CELL,
    }
    return render(request, "network/survey_results.html", context)


@require_GET
@survey_view("network.read_free_text")
def survey_free_text(request: HttpRequest, survey: Survey) -> HttpResponse:
    return render(
        request,
        "network/survey_free_text.html",
        {"survey": survey, "blocks": selectors.free_texts(survey)},
    )


@require_GET
@survey_view("network.read_free_text")
def survey_csv(request: HttpRequest, survey: Survey) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in selectors.survey_csv_rows(survey):
        # Visitors' free text: a cell that would start a formula is shown, never run.
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return csv_download(buffer.getvalue(), f"enquete-{survey.slug}.csv", bom=True)
