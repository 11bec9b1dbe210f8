"""The facilitator's side: create a workshop, set it up, move its phase."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mille.core.text import parse_int
from mille.core.views_helpers import error_text
from mille.groups.decorators import group_view
from mille.groups.models import LocalGroup
from mille.workshops import selectors, services
from mille.workshops.blueprints import BLUEPRINTS
from mille.workshops.decorators import workshop_view
from mille.workshops.forms import (
    PeerGroupForm,
    PhaseForm,
    QuestionForm,
    SessionForm,
    WorkshopCreateForm,
    WorkshopForm,
)
from mille.workshops.models import PHASE_ORDER, JoinCode, Phase, Workshop


@group_view("workshops.list_workshops")
def group_workshops(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    context = {
        "group": group,
        "workshops": selectors.workshops_of_group(group),
        "can_add": request.user.has_perm("workshops.add_workshop", group),
        "can_import": request.user.has_perm("workshops.import_workshop", group),
    }
    return render(request, "workshops/group_workshops.html", context)


@group_view("workshops.add_workshop")
def create(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    form = WorkshopCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.workshop_create(
                group=group,
                actor=request.user,
                blueprint=form.cleaned_data["blueprint"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("L'atelier est créé. Vérifiez les groupes et les questions.")
            )
            return redirect(workshop)
    context = {"group": group, "form": form, "blueprints": BLUEPRINTS.values()}
    return render(request, "workshops/create.html", context)


@workshop_view("workshops.manage_workshop")
def detail(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    counts = selectors.participants_per_group(workshop)
    peer_groups = [(peer, counts.get(peer.pk, 0)) for peer in workshop.peer_groups.all()]
    index = workshop.phase_index
    context = {
        "workshop": workshop,
        "general_code": selectors.general_join_code(workshop),
        "peer_groups": peer_groups,
        "phases": [
            {"value": value, "label": label, "done": i < index, "current": i == index}
            for i, (value, label) in enumerate(Phase.choices)
        ],
        "next_phase": Phase(PHASE_ORDER[index + 1]) if index + 1 < len(PHASE_ORDER) else None,
        "previous_phase": Phase(PHASE_ORDER[index - 1]) if index > 0 else None,
    }
    return render(request, "workshops/detail.html", context)


@workshop_view("workshops.manage_workshop")
def edit(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = WorkshopForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.workshop_update(
            workshop=workshop,
            actor=request.user,
            title=data["title"],
            purpose=data["purpose"],
            facilitators=[membership.user for membership in data["facilitators"]],
            participants_propose=data["participants_propose"],
            dots_per_person=data["dots_per_person"],
        )
        messages.success(request, _("L'atelier est enregistré."))
        return redirect(workshop)
    return render(request, "workshops/edit.html", {"workshop": workshop, "form": form})


@require_POST
@workshop_view("workshops.manage_workshop")
def phase(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    form = PhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cette étape n'existe pas."))
        return redirect(workshop)
    try:
        services.workshop_phase_change(
            workshop=workshop,
            actor=request.user,
            phase=form.cleaned_data["phase"],
            confirmed=form.cleaned_data["confirmed"],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("L'atelier passe à l'étape « %(phase)s ».") % {"phase": workshop.get_phase_display()},
        )
    return redirect(workshop)


# --- Sessions, peer groups and questions: one small form each -------------------------------


def _item_form(
    request, workshop, *, form_class, related, item_pk, save, delete_url, headings, extra=None
):
    """Add (item_pk None) or edit one item of a workshop; its deletion has its own URL."""
    item = get_object_or_404(getattr(workshop, related), pk=item_pk) if item_pk else None
    kwargs = {"workshop": workshop} if extra else {}
    form = form_class(request.POST or None, request.FILES or None, instance=item, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(workshop, item, form, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("C'est enregistré."))
            return redirect(workshop)
    heading = headings[1] if item else headings[0]
    context = {
        "workshop": workshop,
        "form": form,
        "item": item,
        "heading": heading,
        "delete_url": reverse(delete_url, args=[workshop.pk, item.pk]) if item else "",
    }
    return render(request, "workshops/item_form.html", context)


def _item_delete(request, workshop, *, related, item_pk, delete) -> HttpResponse:
    item = get_object_or_404(getattr(workshop, related), pk=item_pk)
    try:
        delete(item, request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("C'est supprimé."))
    return redirect(workshop)


def _save_session(workshop, item, form, actor):
    services.session_save(workshop=workshop, actor=actor, session=item, **form.cleaned_data)


def _save_peer_group(workshop, item, form, actor):
    services.peer_group_save(workshop=workshop, actor=actor, peer_group=item, **form.cleaned_data)


def _save_question(workshop, item, form, actor):
    data = dict(form.cleaned_data)
    services.question_save(
        workshop=workshop,
        actor=actor,
        question=item,
        audio_bytes=data.pop("audio_file", None),
        remove_audio=data.pop("remove_audio", False),
        **data,
    )


@workshop_view("workshops.manage_workshop")
def session_form(
    request: HttpRequest, workshop: Workshop, item_pk: int | None = None
) -> HttpResponse:
    return _item_form(
        request,
        workshop,
        form_class=SessionForm,
        related="sessions",
        item_pk=item_pk,
        save=_save_session,
        delete_url="workshops:session_delete",
        headings=(_("Ajouter une séance"), _("Modifier la séance")),
    )


@require_POST
@workshop_view("workshops.manage_workshop")
def session_delete(request: HttpRequest, workshop: Workshop, item_pk: int) -> HttpResponse:
    return _item_delete(
        request,
        workshop,
        related="sessions",
        item_pk=item_pk,
        delete=lambda item, actor: services.session_delete(session=item, actor=actor),
    )


@workshop_view("workshops.manage_workshop")
def peer_group_form(
    request: HttpRequest, workshop: Workshop, item_pk: int | None = None
) -> HttpResponse:
    return _item_form(
        request,
        workshop,
        form_class=PeerGroupForm,
        related="peer_groups",
        item_pk=item_pk,
        save=_save_peer_group,
        delete_url="workshops:peer_group_delete",
        headings=(_("Ajouter un groupe de pairs"), _("Modifier le groupe de pairs")),
    )


@require_POST
@workshop_view("workshops.manage_workshop")
def peer_group_delete(request: HttpRequest, workshop: Workshop, item_pk: int) -> HttpResponse:
    return _item_delete(
        request,
        workshop,
        related="peer_groups",
        item_pk=item_pk,
        delete=lambda item, actor: services.peer_group_delete(peer_group=item, actor=actor),
    )


@workshop_view("workshops.manage_workshop")
def question_form(
    request: HttpRequest, workshop: Workshop, item_pk: int | None = None
) -> HttpResponse:
    return _item_form(
        request,
        workshop,
        form_class=QuestionForm,
        related="questions",
        item_pk=item_pk,
        save=_save_question,
        delete_url="workshops:question_delete",
        headings=(_("Ajouter une question"), _("Modifier la question")),
        extra=True,
    )


@require_POST
@workshop_view("workshops.manage_workshop")
def question_delete(request: HttpRequest, workshop: Workshop, item_pk: int) -> HttpResponse:
    return _item_delete(
        request,
        workshop,
        related="questions",
        item_pk=item_pk,
        delete=lambda item, actor: services.question_delete(question=item, actor=actor),
    )


@require_POST
@workshop_view("workshops.manage_workshop")
def question_move(request: HttpRequest, workshop: Workshop, item_pk: int) -> HttpResponse:
    question = get_object_or_404(workshop.questions, pk=item_pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.question_move(question=question, actor=request.user, offset=offset)
    return redirect(workshop.get_absolute_url() + "#questions")


@workshop_view("workshops.manage_workshop")
def guide(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return render(request, "workshops/guide.html", {"workshop": workshop})


# --- Codes and participants: keeping peer groups apart ---------------------------------------


def _join_code(workshop: Workshop, code_pk: int) -> JoinCode:
    return get_object_or_404(JoinCode, pk=code_pk, workshop=workshop)


def _codes_back(workshop: Workshop) -> HttpResponse:
    return redirect(workshop.get_absolute_url() + "#join-title")


@require_POST
@workshop_view("workshops.manage_workshop")
def code_open(request: HttpRequest, workshop: Workshop, code_pk: int) -> HttpResponse:
    services.join_code_open(
        join_code=_join_code(workshop, code_pk), actor=request.user, active=True
    )
    messages.success(request, _("Le code général est ouvert : il propose tous les groupes."))
    return _codes_back(workshop)


@require_POST
@workshop_view("workshops.manage_workshop")
def code_close(request: HttpRequest, workshop: Workshop, code_pk: int) -> HttpResponse:
    try:
        services.join_code_open(
            join_code=_join_code(workshop, code_pk), actor=request.user, active=False
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("Le code général est fermé : chacun rejoint avec le code de son groupe."),
        )
    return _codes_back(workshop)


@require_POST
@workshop_view("workshops.manage_workshop")
def code_regenerate(request: HttpRequest, workshop: Workshop, code_pk: int) -> HttpResponse:
    join_code = services.join_code_regenerate(
        join_code=_join_code(workshop, code_pk), actor=request.user
    )
    messages.success(
        request,
        _(
            "Nouveau code : %(code)s. L'ancien ne marche plus ; les téléphones déjà entrés gardent leur place."
        )
        % {"code": join_code.code},
    )
    return _codes_back(workshop)


@require_GET
@workshop_view("workshops.manage_workshop")
def participants(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """Who joined, in which peer group; move someone who chose the wrong group."""
    context = {
        "workshop": workshop,
        "participants": list(
            workshop.participants.select_related("peer_group").order_by("peer_group__order", "pk")
        ),
        "peer_groups": list(workshop.peer_groups.all()),
    }
    return render(request, "workshops/participants.html", context)


@require_POST
@workshop_view("workshops.manage_workshop")
def participant_move(request: HttpRequest, workshop: Workshop, participant_pk: int) -> HttpResponse:
    participant = get_object_or_404(workshop.participants, pk=participant_pk)
    participant.workshop = workshop
    raw = request.POST.get("peer_group", "")
    peer_group = workshop.peer_groups.filter(pk=parse_int(raw, default=0)).first()
    if peer_group is None:
        messages.error(request, _("Choisissez le groupe de pairs où aller."))
        return redirect("workshops:participants", pk=workshop.pk)
    services.participant_move(participant=participant, actor=request.user, peer_group=peer_group)
    messages.success(
        request,
        _("%(name)s est maintenant dans le groupe « %(group)s », avec ses réponses.")
        % {"name": participant.nickname, "group": peer_group.name},
    )
    return redirect("workshops:participants", pk=workshop.pk)
