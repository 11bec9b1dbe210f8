"""The facilitators' board: every peer group's contributions, paper entry and moderation.

One POST action per URL: entering one contribution, pasting many, hiding, showing, merging."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from mille.core.text import is_ascii_digits
from mille.core.views_helpers import error_text
from mille.workshops import selectors, services
from mille.workshops.decorators import wants_json, workshop_view
from mille.workshops.forms import HideForm, OnBehalfForm, PasteForm
from mille.workshops.models import Contribution, Statement, Workshop
from mille.workshops.views.participate import POLL_SECONDS


def _board_url(workshop) -> str:
    return reverse("workshops:board", kwargs={"pk": workshop.pk})


def _render_board(request, workshop, *, on_behalf=None, paste=None, status=200) -> HttpResponse:
    counts = selectors.participants_per_group(workshop)
    context = {
        "workshop": workshop,
        "rows": selectors.facilitator_board(workshop),
        "peer_counts": [(peer, counts.get(peer.pk, 0)) for peer in workshop.peer_groups.all()],
        "on_behalf": on_behalf or OnBehalfForm(workshop=workshop, prefix="one"),
        "paste": paste or PasteForm(workshop=workshop, prefix="many"),
        "version": workshop.wall_version,
        "poll_seconds": POLL_SECONDS,
    }
    return render(request, "workshops/board.html", context, status=status)


@require_GET
@workshop_view("workshops.manage_workshop")
def board(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return _render_board(request, workshop)


@require_POST
@workshop_view("workshops.manage_workshop")
def board_enter(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """One contribution said aloud or written on paper, entered by a facilitator."""
    form = OnBehalfForm(request.POST, request.FILES, workshop=workshop, prefix="one")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.contribution_enter_on_behalf(
                actor=request.user,
                peer_group=data["peer_group"],
                question=data["question"],
                text=data["text"],
                audio_bytes=data["audio"],
                client_id=data["client_id"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if wants_json(request):
                return JsonResponse({"ok": True}, status=201)
            messages.success(request, _("La contribution est ajoutée."))
            return redirect(_board_url(workshop))
    if wants_json(request):
        errors = " ".join(m for errors in form.errors.values() for m in errors)
        return JsonResponse({"ok": False, "error": errors}, status=400)
    return _render_board(request, workshop, on_behalf=form, status=400)


@require_POST
@workshop_view("workshops.manage_workshop")
def board_paste(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """Many contributions at once, one per line (post-its, sheets): all or nothing."""
    form = PasteForm(request.POST, workshop=workshop, prefix="many")
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.contributions_paste(
                actor=request.user,
                peer_group=data["peer_group"],
                question=data["question"],
                lines=data["lines"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d contribution est ajoutée.",
                    "%(count)d contributions sont ajoutées.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect(_board_url(workshop))
    return _render_board(request, workshop, paste=form, status=400)


@require_GET
@workshop_view("workshops.manage_workshop")
def board_wall(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    if request.GET.get("v") == str(workshop.wall_version):
        response = HttpResponseNotModified()
    else:
        context = {
            "workshop": workshop,
            "rows": selectors.facilitator_board(workshop),
            "version": workshop.wall_version,
        }
        response = render(request, "workshops/board.html#grid", context)
    response["Cache-Control"] = "no-store"
    return response


def _contribution(workshop: Workshop, contribution_pk: int) -> Contribution:
    contribution = get_object_or_404(Contribution, pk=contribution_pk, workshop=workshop)
    contribution.workshop = workshop
    return contribution


@require_POST
@workshop_view("workshops.manage_workshop")
def contribution_hide(request: HttpRequest, workshop: Workshop, contribution_pk: int):
    contribution = _contribution(workshop, contribution_pk)
    reason = HideForm(request.POST).data.get("reason", "")
    try:
        services.contribution_hide(contribution=contribution, actor=request.user, reason=reason)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La contribution est masquée. La raison est gardée."))
    return redirect(_board_url(workshop) + f"#c{contribution.pk}")


@require_POST
@workshop_view("workshops.manage_workshop")
def contribution_show(request: HttpRequest, workshop: Workshop, contribution_pk: int):
    contribution = _contribution(workshop, contribution_pk)
    try:
        services.contribution_show(contribution=contribution, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La contribution est à nouveau visible."))
    return redirect(_board_url(workshop) + f"#c{contribution.pk}")


# What can be merged: duplicate contributions on the board, duplicate statements before the vote.
MERGEABLE = {
    "contributions": {
        "model": Contribution,
        "merge": lambda actor, keep, others: services.contributions_merge(
            actor=actor, keep=keep, duplicates=others
        ),
        "too_few": gettext_lazy("Choisissez au moins deux contributions à fusionner."),
        "done": gettext_lazy("Les doublons sont fusionnés."),
        "back": "workshops:board",
    },
    "statements": {
        "model": Statement,
        "merge": lambda actor, keep, others: services.statements_merge(
            actor=actor, keep=keep, others=others
        ),
        "too_few": gettext_lazy("Choisissez au moins deux phrases à fusionner."),
        "done": gettext_lazy("Les phrases sont fusionnées."),
        "back": "workshops:statements",
    },
}


@require_POST
@workshop_view("workshops.manage_workshop")
def merge(request: HttpRequest, workshop: Workshop, kind: str) -> HttpResponse:
    """Merge the ticked items into the oldest one (contributions or statements)."""
    spec = MERGEABLE[kind]
    ids = [value for value in request.POST.getlist("ids") if is_ascii_digits(value)]
    chosen = list(
        spec["model"].objects.filter(workshop=workshop, pk__in=ids).order_by("created_at")
    )
    back = redirect(spec["back"], pk=workshop.pk)
    if len(chosen) < 2:
        messages.error(request, str(spec["too_few"]))
        return back
    for item in chosen:
        item.workshop = workshop
    try:
        spec["merge"](request.user, chosen[0], chosen[1:])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, str(spec["done"]))
    return back


@require_POST
@workshop_view("workshops.manage_workshop")
def contribution_erase(request: HttpRequest, workshop: Workshop, contribution_pk: int):
    """Delete a contribution for good, at its author's request (with its voice)."""
    contribution = _contribution(workshop, contribution_pk)
    services.contribution_erase(
        contribution=contribution, actor=request.user, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("La contribution est effacée pour de bon."))
    return redirect(_board_url(workshop))
