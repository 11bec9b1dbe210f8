"""The workshop views' decorators: one per way of being in a workshop.

- `@workshop_view("workshops.<permission>")`: a signed-in facilitator (or coordinator) of the
  workshop; the workshop comes with its set-up prefetched.
- `@participant_view`: someone who joined on this device (cookie) or with this account. Participants
  without an account are not users: what they may see is decided by `selectors.participant_for`
  and the isolation rules in `selectors`.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from mille.core.permissions import object_view
from mille.workshops import selectors
from mille.workshops.models import Workshop


def load_workshop(pk: int) -> Workshop:
    try:
        return selectors.workshop_for_setup(pk)
    except Workshop.DoesNotExist as error:
        raise Http404 from error


workshop_view = object_view(load_workshop, "pk")


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


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

    wrapper.permission = "participant"
    return wrapper
