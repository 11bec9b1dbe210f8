"""The facilitators' board: every peer group's contributions, paper entry and moderation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mille.core.views_helpers import error_text
from mille.workshops import selectors, services
from mille.workshops.forms import HideForm, OnBehalfForm, PasteForm
from mille.workshops.models import Contribution
from mille.workshops.views.common import facilitated_workshop, wants_json
from mille.workshops.views.participate import POLL_SECONDS


def _board_url(workshop) -> str:
    return reverse("workshops:board", kwargs={"pk": workshop.pk})


def board(request: HttpRequest, pk: int) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
    on_behalf = OnBehalfForm(workshop=workshop, prefix="one")
    paste = PasteForm(workshop=workshop, prefix="many")
    status = 200
    if request.method == "POST" and "one-question" in request.POST:
        on_behalf = OnBehalfForm(request.POST, request.FILES, workshop=workshop, prefix="one")
        if on_behalf.is_valid():
            data = on_behalf.cleaned_data
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
                on_behalf.add_error(None, error)
            else:
                if wants_json(request):
                    return JsonResponse({"ok": True}, status=201)
                messages.success(request, _("La contribution est ajoutée."))
                return redirect(_board_url(workshop))
        if wants_json(request):
            errors = " ".join(m for errors in on_behalf.errors.values() for m in errors)
            return JsonResponse({"ok": False, "error": errors}, status=400)
        status = 400
    elif request.method == "POST" and "many-lines" in request.POST:
        paste = PasteForm(request.POST, workshop=workshop, prefix="many")
        if paste.is_valid():
            data = paste.cleaned_data
            try:
                created = services.contributions_paste(
                    actor=request.user,
                    peer_group=data["peer_group"],
                    question=data["question"],
                    lines=data["lines"],
                )
            except ValidationError as error:
                paste.add_error(None, error)
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
        status = 400
    counts = selectors.participants_per_group(workshop)
    context = {
        "workshop": workshop,
        "rows": selectors.facilitator_board(workshop),
        "peer_counts": [(peer, counts.get(peer.pk, 0)) for peer in workshop.peer_groups.all()],
        "on_behalf": on_behalf,
        "paste": paste,
        "version": workshop.wall_version,
        "poll_seconds": POLL_SECONDS,
    }
    return render(request, "workshops/board.html", context, status=status)


def board_wall(request: HttpRequest, pk: int) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return HttpResponse(status=403)
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


@require_POST
def moderate(request: HttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
    contribution = get_object_or_404(Contribution, pk=contribution_pk, workshop=workshop)
    contribution.workshop = workshop
    try:
        if request.POST.get("action") == "show":
            services.contribution_show(contribution=contribution, actor=request.user)
            messages.success(request, _("La contribution est à nouveau visible."))
        else:
            form = HideForm(request.POST)
            reason = form.data.get("reason", "")
            services.contribution_hide(contribution=contribution, actor=request.user, reason=reason)
            messages.success(request, _("La contribution est masquée. La raison est gardée."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(_board_url(workshop) + f"#c{contribution.pk}")


@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
    chosen = list(Contribution.objects.filter(workshop=workshop, pk__in=ids).order_by("created_at"))
    if len(chosen) < 2:
        messages.error(request, _("Choisissez au moins deux contributions à fusionner."))
        return redirect(_board_url(workshop))
    for item in chosen:
        item.workshop = workshop
    try:
        services.contributions_merge(actor=request.user, keep=chosen[0], duplicates=chosen[1:])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Les doublons sont fusionnés."))
    return redirect(_board_url(workshop))
