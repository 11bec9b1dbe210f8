"""The group's actions, live: a list and a timeline (keyboard-friendly), each action's follow-up,
its indicators and documents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core.text import parse_int
from mille.core.views_helpers import error_text
from mille.groups.decorators import group_view
from mille.groups.models import LocalGroup
from mille.partnerships import selectors, services
from mille.partnerships.decorators import action_view, document_view, indicator_view
from mille.partnerships.forms import (
    ActionForm,
    DocumentForm,
    IndicatorForm,
    IndicatorValueForm,
)
from mille.partnerships.models import ActionDocument, Indicator, Partnership
from mille.workshops import services as workshop_services
from mille.workshops.models import Action, ActionStatus


def _group_partnerships(group):
    return Partnership.objects.filter(group=group).select_related("structure")


@require_GET
@group_view("partnerships.list_actions")
def actions(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    status = request.GET.get("etat", "")
    filters = selectors.ActionFilters(status=status if status in ActionStatus.values else "")
    items = selectors.group_actions(group, filters)
    context = {
        "group": group,
        "actions": items,
        "timeline": selectors.timeline(items),
        "statuses": ActionStatus.choices,
        "status": filters.status,
        "can_add": request.user.has_perm("partnerships.add_action", group),
    }
    return render(request, "partnerships/actions.html", context)


def _action_form_page(request, group, form, action=None, status=200) -> HttpResponse:
    context = {"group": group, "form": form, "action": action}
    return render(request, "partnerships/action_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@group_view("partnerships.add_action")
def action_new(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    """An action decided outside a workshop."""
    partnerships = _group_partnerships(group)
    initial = {"status": ActionStatus.PLANNED}
    if (chosen := parse_int(request.GET.get("partenariat"))) is not None:
        initial["partnerships"] = partnerships.filter(pk=chosen)
    form = ActionForm(request.POST or None, partnerships=partnerships, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create_direct(
                group=group, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("L'action est ajoutée."))
            return redirect("partnerships:action", slug=group.slug, action_pk=action.pk)
    return _action_form_page(request, group, form, status=400 if form.errors else 200)


@require_GET
@action_view("partnerships.view_action")
def action(request: HttpRequest, action: Action) -> HttpResponse:
    follow_up = selectors.follow_up_of(action)
    context = {
        "group": action.group,
        "action": action,
        "follow_up": follow_up,
        "partners": selectors.action_partners(action),
        "scheme_labels": [
            selectors.SCHEME_LABELS.get(c, c) for c in (follow_up.schemes if follow_up else [])
        ],
        "indicators": selectors.action_indicators(action),
        "documents": list(action.documents.all()),
        "meetings": list(action.meetings.select_related("partnership__structure")),
        "member": request.user.has_perm("partnerships.list_actions", action.group),
        "visible_partnerships": set(
            selectors.partnerships_of_representative(request.user).values_list("pk", flat=True)
        ),
        "can_follow": request.user.has_perm("partnerships.follow_action", action),
        "can_measure": request.user.has_perm("partnerships.measure_action", action),
        "indicator_form": IndicatorForm(),
        "value_form": IndicatorValueForm(),
        "document_form": DocumentForm(),
    }
    return render(request, "partnerships/action.html", context)


@require_http_methods(["GET", "POST"])
@action_view("partnerships.follow_action")
def action_edit(request: HttpRequest, action: Action) -> HttpResponse:
    follow_up = selectors.follow_up_of(action)
    initial = {
        "title": action.title,
        "description": action.description,
        "lead": action.lead,
        "when": action.when,
        "resources": action.resources,
        "status": action.status,
    }
    if follow_up is not None:
        initial.update(
            partnerships=list(follow_up.partnerships.all()),
            schemes=follow_up.schemes,
            starts_on=follow_up.starts_on,
            ends_on=follow_up.ends_on,
            children_count=follow_up.children_count,
            parents_count=follow_up.parents_count,
        )
    form = ActionForm(
        request.POST or None, partnerships=_group_partnerships(action.group), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                workshop_services.action_update(
                    action=action,
                    actor=request.user,
                    title=data["title"],
                    description=data["description"],
                    lead=data["lead"],
                    when=data["when"],
                    resources=data["resources"],
                    status=data["status"],
                    partners=", ".join(p.structure.name for p in data["partnerships"])[:300],
                )
                services.follow_up_save(
                    action=action,
                    actor=request.user,
                    partnerships=data["partnerships"],
                    schemes=data["schemes"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    children_count=data["children_count"],
                    parents_count=data["parents_count"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le suivi de l'action est enregistré."))
            return redirect("partnerships:action", slug=action.group.slug, action_pk=action.pk)
    return _action_form_page(
        request, action.group, form, action, status=400 if form.errors else 200
    )


def _back(action: Action, anchor: str) -> HttpResponse:
    return redirect(f"{_action_url(action)}#{anchor}")


def _action_url(action: Action) -> str:
    from django.urls import reverse

    return reverse(
        "partnerships:action", kwargs={"slug": action.group.slug, "action_pk": action.pk}
    )


def _form_errors(form) -> str:
    return " ".join(message for errors in form.errors.values() for message in errors)


@require_POST
@action_view("partnerships.follow_action")
def indicator_add(request: HttpRequest, action: Action) -> HttpResponse:
    form = IndicatorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(action, "indicateurs")
    try:
        services.indicator_add(action=action, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("L'indicateur est ajouté. Notez ses valeurs au fil du temps."))
    return _back(action, "indicateurs")


@require_POST
@indicator_view("partnerships.measure_action")
def indicator_value_add(request: HttpRequest, indicator: Indicator) -> HttpResponse:
    form = IndicatorValueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(indicator.action, f"indicateur-{indicator.pk}")
    try:
        services.indicator_value_add(indicator=indicator, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La valeur est notée."))
    return _back(indicator.action, f"indicateur-{indicator.pk}")


@require_POST
@action_view("partnerships.follow_action")
def document_add(request: HttpRequest, action: Action) -> HttpResponse:
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(action, "documents")
    upload = form.cleaned_data["file"]
    try:
        services.document_add(
            action=action,
            actor=request.user,
            title=form.cleaned_data["title"],
            name=upload.name,
            content=upload.read(services.actions.DOCUMENT_MAX_BYTES + 1),
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Le document est ajouté."))
    return _back(action, "documents")


@require_GET
@document_view("partnerships.view_action")
def document(request: HttpRequest, document: ActionDocument) -> FileResponse:
    name = document.file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@document_view("partnerships.follow_action")
def document_delete(request: HttpRequest, document: ActionDocument) -> HttpResponse:
    action = document.action
    services.document_delete(document=document, actor=request.user)
    messages.success(request, _("Le document est supprimé."))
    return _back(action, "documents")
