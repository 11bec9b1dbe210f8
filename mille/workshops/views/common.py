"""Lookups shared by the workshop views: every object is fetched through its workshop."""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from mille.core.views_helpers import require_perm
from mille.workshops import selectors
from mille.workshops.models import Workshop


def facilitated_workshop(
    request: HttpRequest, pk: int
) -> tuple[Workshop | None, HttpResponse | None]:
    """(workshop, None) for its facilitators; (None, response) for everyone else."""
    try:
        workshop = selectors.workshop_for_setup(pk)
    except Workshop.DoesNotExist as error:
        raise Http404 from error
    if denied := require_perm(request, "workshops.manage_workshop", workshop):
        return None, denied
    return workshop, None


def participant_view(view):
    """Give the view (workshop, participant) for someone who joined on this device or with this
    account; send anyone else to the join page, with a word of explanation."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args, **kwargs):
        workshop = get_object_or_404(Workshop.objects.select_related("group"), pk=pk)
        participant = selectors.participant_for(request, workshop)
        if participant is None:
            message = _("Pour participer, entrez le code de l'atelier.")
            if wants_json(request):
                return JsonResponse({"ok": False, "error": message}, status=403)
            messages.info(request, message)
            return redirect("workshops:join_start")
        return view(request, workshop, participant, *args, **kwargs)

    return wrapper


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")
