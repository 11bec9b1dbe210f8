"""The départemental level: the référents (given by the national coordination), a référent's
view of its département's groups and their recognition, requests to the national coordination,
and visitors' questions for the FAQ."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core.permissions import permission_required
from mille.core.views_helpers import error_text, paginate
from mille.groups.decorators import group_view
from mille.groups.models import Criterion, LocalGroup, Recognition
from mille.network.decorators import (
    departement_view,
    referent_view,
    request_view,
    visitor_question_view,
)
from mille.network.forms.departements import (
    AnswerForm,
    MessageForm,
    OpinionForm,
    QuestionForm,
    ReferentForm,
    RequestForm,
    StatusForm,
)
from mille.network.models import (
    CoordinationRequest,
    Referent,
    RequestStatus,
    VisitorQuestion,
)
from mille.network.selectors import departements as selectors
from mille.network.services import departements as services
from mille.network.services import requests as request_services
from mille.network.views.common import too_many
from mille.territories.models import Departement

# --- Référents -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("network.manage_referents")
def referents(request: HttpRequest) -> HttpResponse:
    """The national coordination gives the role, sees who holds it, and reads the référents'
    opinions on the recognition requests waiting for its decision."""
    form = ReferentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referent = services.referent_grant(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s est maintenant référent·e : %(departement)s.")
                % {"name": referent.user.public_name, "departement": referent.departement.name},
            )
            return redirect("network:referents")
    context = {
        "form": form,
        "referents": list(selectors.active_referents()),
        "waiting": selectors.recognition_requests_with_opinions(),
    }
    return render(request, "network/referents.html", context, status=400 if form.errors else 200)


@require_POST
@referent_view("network.manage_referents")
def referent_revoke(request: HttpRequest, referent: Referent) -> HttpResponse:
    try:
        services.referent_revoke(actor=request.user, referent=referent)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Le rôle de référent·e est retiré."))
    return redirect("network:referents")


@require_GET
@departement_view("network.follow_departement")
def departement(request: HttpRequest, departement: Departement) -> HttpResponse:
    """A référent's page: the groups of its département (and only those), their recognition,
    their requests, and the gatherings of the département."""
    groups = selectors.departement_groups(departement)
    context = {
        "departement": departement,
        "groups": groups,
        "events": selectors.departement_events(departement),
        "submitted": [g for g in groups if g.recognition == Recognition.SUBMITTED],
        "criteria_total": len(Criterion),
        "can_add_event": request.user.has_perm("network.add_event"),
    }
    return render(request, "network/departement.html", context)


@require_GET
@group_view("network.follow_group")
def group_follow(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    """A group's recognition file as its référent follows it (no private page of the group)."""
    context = {
        "group": group,
        "file": selectors.group_file(group),
        "criteria": {criterion.value: criterion.label for criterion in Criterion},
        "can_give_opinion": request.user.has_perm("network.give_opinion", group)
        and group.recognition == Recognition.SUBMITTED,
        "opinion_form": OpinionForm(),
    }
    return render(request, "network/group_follow.html", context)


@require_POST
@group_view("network.give_opinion")
def opinion(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    form = OpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez votre avis."))
    else:
        try:
            services.opinion_give(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Votre avis est transmis à la coordination nationale."))
    return redirect("network:group_follow", slug=group.slug)


# --- Requests to the national coordination ----------------------------------------------------


@require_GET
@group_view("network.list_coordination_requests")
def group_requests(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    context = {
        "group": group,
        "requests": list(group.coordination_requests.all()),
        "can_ask": request.user.has_perm("network.ask_coordination", group),
    }
    return render(request, "network/group_requests.html", context)


@require_http_methods(["GET", "POST"])
@group_view("network.ask_coordination")
def request_new(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    form = RequestForm(request.POST or None, initial={"kind": request.GET.get("demande", "")})
    if request.method == "POST" and form.is_valid():
        try:
            created = request_services.request_create(
                group=group, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Votre demande est envoyée à la coordination nationale."))
            return redirect(created)
    context = {"group": group, "form": form}
    return render(request, "network/request_form.html", context, status=400 if form.errors else 200)


@require_GET
@request_view("network.view_request")
def request_detail(request: HttpRequest, coordination_request: CoordinationRequest) -> HttpResponse:
    context = {
        "group": coordination_request.group,
        "item": coordination_request,
        "messages_list": list(coordination_request.messages.select_related("author")),
        "can_write": request.user.has_perm("network.write_on_request", coordination_request)
        and coordination_request.status != RequestStatus.CLOSED,
        "can_answer": request.user.has_perm("network.answer_request", coordination_request)
        and coordination_request.status != RequestStatus.CLOSED,
        "message_form": MessageForm(),
        "status_form": StatusForm(),
    }
    return render(request, "network/request.html", context)


@require_POST
@request_view("network.write_on_request")
def request_message(
    request: HttpRequest, coordination_request: CoordinationRequest
) -> HttpResponse:
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Écrivez votre message (3 000 caractères au plus)."))
    else:
        try:
            request_services.request_message_add(
                request=coordination_request, actor=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Votre message est envoyé."))
    return redirect(coordination_request)


@require_POST
@request_view("network.answer_request")
def request_status(request: HttpRequest, coordination_request: CoordinationRequest) -> HttpResponse:
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez : prendre en charge, ou clore."))
    else:
        try:
            request_services.request_status_change(
                request=coordination_request, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("La demande est mise à jour ; le groupe est prévenu."))
    return redirect(coordination_request)


@require_GET
@permission_required("network.answer_request")
def requests_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("statut", "")
    status = status if status in RequestStatus.values else ""
    page = paginate(request, selectors.requests_queue(status))
    context = {"page": page, "status": status, "statuses": RequestStatus.choices}
    return render(request, "network/requests_queue.html", context)


# --- Visitors' questions ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def question_ask(request: HttpRequest) -> HttpResponse:
    """A visitor's question for the FAQ, with no account."""
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and not too_many(request) and form.is_valid():
        try:
            request_services.question_ask(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Merci ! La coordination nationale lira votre question et y répondra."),
            )
            return redirect("network:question_ask")
    return render(
        request, "network/question_ask.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
@permission_required("network.answer_questions")
def questions_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("statut", VisitorQuestion.Status.NEW)
    status = status if status in VisitorQuestion.Status.values else VisitorQuestion.Status.NEW
    page = paginate(request, selectors.questions_queue(status))
    context = {"page": page, "status": status, "statuses": VisitorQuestion.Status.choices}
    return render(request, "network/questions_queue.html", context)


@require_http_methods(["GET", "POST"])
@visitor_question_view("network.answer_questions")
def question_answer(request: HttpRequest, question: VisitorQuestion) -> HttpResponse:
    form = AnswerForm(request.POST or None, initial={"send": bool(question.email)})
    if request.method == "POST" and form.is_valid():
        try:
            request_services.question_answer(
                question=question, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La réponse est partie."))
            return redirect("network:questions_queue")
    context = {"question": question, "form": form}
    return render(
        request, "network/question_answer.html", context, status=400 if form.errors else 200
    )


@require_POST
@visitor_question_view("network.answer_questions")
def question_set_aside(request: HttpRequest, question: VisitorQuestion) -> HttpResponse:
    try:
        request_services.question_set_aside(question=question, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Le message est écarté."))
    return redirect("network:questions_queue")
