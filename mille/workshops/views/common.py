"""Lookups shared by the workshop views: every object is fetched through its workshop."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from mille.core.views_helpers import require_perm
from mille.workshops import selectors
from mille.workshops.models import Workshop


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


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


def participant_workshop(request: HttpRequest, pk: int):
    """(workshop, participant) for someone who joined it on this device or with this account."""
    workshop = get_object_or_404(Workshop.objects.select_related("group"), pk=pk)
    participant = selectors.participant_for(request, workshop)
    if participant is None:
        raise PermissionDenied
    return workshop, participant


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")
