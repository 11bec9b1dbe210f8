from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mille.groups.models import Criterion
from mille.groups.selectors import network_figures
from mille.library import editorial


def _content(name: str, page) -> dict:
    content = editorial.page_content(name, page)
    if content is None:
        raise Http404
    return content


def render_home(request: HttpRequest, page=None) -> HttpResponse:
    return render(
        request, "core/home.html", {"figures": network_figures(), "content": _content("home", page)}
    )


def render_charter(request: HttpRequest, page=None) -> HttpResponse:
    return render(
        request,
        "core/charter.html",
        {"criteria": list(Criterion), "content": _content("charter", page)},
    )


def render_faq(request: HttpRequest, page=None) -> HttpResponse:
    return render(request, "core/faq.html", {"content": _content("faq", page)})


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render_home(request)


@require_GET
def charter(request: HttpRequest) -> HttpResponse:
    return render_charter(request)


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    return render_faq(request)


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
