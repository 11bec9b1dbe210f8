"""The coordination builds a survey: its settings, its questions (with conditions), then opens
and closes it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core.permissions import permission_required
from mille.core.views_helpers import error_text
from mille.network.decorators import question_view, survey_admin_view
from mille.network.forms.survey import QuestionForm, SurveySettingsForm
from mille.network.models import Question, Survey
from mille.network.selectors.survey import condition_text
from mille.network.services import survey as services


@require_http_methods(["GET", "POST"])
@permission_required("network.build_surveys")
def surveys(request: HttpRequest) -> HttpResponse:
    form = SurveySettingsForm(request.POST or None, initial={"audience": "everyone"})
    if request.method == "POST" and form.is_valid():
        created = services.survey_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("L'enquête est créée. Ajoutez ses questions."))
        return redirect("network:survey_edit", pk=created.pk)
    context = {"form": form, "surveys": list(Survey.objects.all())}
    return render(
        request, "network/surveys_admin.html", context, status=400 if form.errors else 200
    )


def _settings_initial(survey: Survey) -> dict:
    return {
        "title": survey.title,
        "intro": survey.intro,
        "audience": survey.audience,
        "anonymous": survey.anonymous,
        "results_public": survey.results_public,
    }


def _builder(request, survey, settings_form=None, status=200) -> HttpResponse:
    questions = list(
        survey.questions.select_related("condition_question").order_by("position", "pk")
    )
    by_id = {q.pk: q for q in questions}
    rows = [(q, condition_text(q, by_id)) for q in questions]
    context = {
        "survey": survey,
        "rows": rows,
        "settings_form": settings_form or SurveySettingsForm(initial=_settings_initial(survey)),
        "question_form": QuestionForm(earlier=questions, initial={"kind": "single"}),
        "editable": survey.status == "draft",
        "responses": survey.responses.count(),
    }
    return render(request, "network/survey_edit.html", context, status=status)


@require_GET
@survey_admin_view("network.build_surveys")
def survey_edit(request: HttpRequest, survey: Survey) -> HttpResponse:
    return _builder(request, survey)


@require_POST
@survey_admin_view("network.build_surveys")
def survey_settings(request: HttpRequest, survey: Survey) -> HttpResponse:
    form = SurveySettingsForm(request.POST)
    if form.is_valid():
        try:
            services.survey_update(survey=survey, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Les réglages sont enregistrés."))
            return redirect("network:survey_edit", pk=survey.pk)
    return _builder(request, survey, settings_form=form, status=400)


def _question_page(request, survey, form, question=None) -> HttpResponse:
    context = {"survey": survey, "form": form, "question": question}
    return render(
        request, "network/question_form.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@survey_admin_view("network.build_surveys")
def question_add(request: HttpRequest, survey: Survey) -> HttpResponse:
    earlier = list(survey.questions.order_by("position", "pk"))
    form = QuestionForm(request.POST or None, earlier=earlier, initial={"kind": "single"})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(survey=survey, actor=request.user, **form.service_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La question est ajoutée."))
            return redirect("network:survey_edit", pk=survey.pk)
    return _question_page(request, survey, form)


@require_http_methods(["GET", "POST"])
@question_view("network.build_surveys")
def question_edit(request: HttpRequest, question: Question) -> HttpResponse:
    survey = question.survey
    earlier = [
        q
        for q in survey.questions.order_by("position", "pk")
        if (q.position, q.pk) < (question.position, question.pk)
    ]
    initial = {
        "kind": question.kind,
        "text": question.text,
        "help": question.help,
        "required": question.required,
        "choices": "\n".join(question.choices),
        "scale_min": question.scale_min,
        "scale_max": question.scale_max,
        "scale_min_label": question.scale_min_label,
        "scale_max_label": question.scale_max_label,
        "condition_question": str(question.condition_question_id or ""),
        "condition_values": [
            f"{question.condition_question_id}:{v}" for v in question.condition_values
        ],
    }
    form = QuestionForm(request.POST or None, earlier=earlier, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                survey=survey, actor=request.user, question=question, **form.service_data()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La question est enregistrée."))
            return redirect("network:survey_edit", pk=survey.pk)
    return _question_page(request, survey, form, question)


@require_POST
@question_view("network.build_surveys")
def question_delete(request: HttpRequest, question: Question) -> HttpResponse:
    try:
        services.question_delete(question=question, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La question est retirée."))
    return redirect("network:survey_edit", pk=question.survey_id)


@require_POST
@question_view("network.build_surveys")
def question_move(request: HttpRequest, question: Question) -> HttpResponse:
    try:
        services.question_move(
            question=question, actor=request.user, up=request.POST.get("direction") != "down"
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("network:survey_edit", pk=question.survey_id)


@require_POST
@survey_admin_view("network.build_surveys")
def survey_open(request: HttpRequest, survey: Survey) -> HttpResponse:
    try:
        services.survey_open(survey=survey, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("L'enquête est ouverte : partagez son adresse."))
    return redirect("network:survey_edit", pk=survey.pk)


@require_POST
@survey_admin_view("network.build_surveys")
def survey_close(request: HttpRequest, survey: Survey) -> HttpResponse:
    try:
        services.survey_close(survey=survey, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("L'enquête est close."))
    return redirect("network:survey_edit", pk=survey.pk)
