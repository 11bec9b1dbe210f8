"""The home, charter and FAQ pages: Wagtail pages that render themselves (live, or as a preview).

The home page's network figures are composed above the domain apps (`mille.portal`), which passes
them in; a preview of the home page shows its words without them."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mille.groups.models import Criterion
from mille.library import editorial


def _content(name: str, page) -> dict:
    content = editorial.page_content(name, page)
    if content is None:
        raise Http404
    return content


def render_home(request: HttpRequest, page=None, figures: dict | None = None) -> HttpResponse:
    context = {"figures": figures, "content": _content("home", page), "preview": page is not None}
    return render(request, "library/home.html", context)


def render_charter(request: HttpRequest, page=None) -> HttpResponse:
    context = {"criteria": list(Criterion), "content": _content("charter", page)}
    return render(request, "library/charter.html", context)


def render_faq(request: HttpRequest, page=None) -> HttpResponse:
    return render(request, "library/faq.html", {"content": _content("faq", page)})


@require_GET
def charter(request: HttpRequest) -> HttpResponse:
    return render_charter(request)


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    return render_faq(request)
