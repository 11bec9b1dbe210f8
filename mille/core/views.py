from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mille.groups.models import Criterion
from mille.groups.selectors import network_figures


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"figures": network_figures()})


@require_GET
def charter(request: HttpRequest) -> HttpResponse:
    return render(request, "core/charter.html", {"criteria": list(Criterion)})


def page(template: str):
    """A plain content page."""

    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template)

    view.__name__ = template.rsplit("/", 1)[-1].removesuffix(".html")
    return view


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness check for load balancers; also the bare baseline of `make bench`."""
    return HttpResponse("ok", content_type="text/plain")
