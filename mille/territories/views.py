from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from mille.territories.models import Commune
from mille.territories.selectors import commune_search


@require_GET
def commune_suggestions(request: HttpRequest) -> HttpResponse:
    """Suggestions for the commune picker (an htmx fragment)."""
    query = request.GET.get("commune_q", "")[:80]
    return render(
        request,
        "territories/commune_picker.html#suggestions",
        {"communes": commune_search(query=query), "query": query},
    )


@require_GET
def commune_chosen(request: HttpRequest, insee: str) -> HttpResponse:
    """One chosen commune, to add to the picker's list (an htmx fragment)."""
    commune = get_object_or_404(Commune, insee=insee)
    return render(
        request, "territories/commune_picker.html#chosen", {"commune": commune, "announce": True}
    )
