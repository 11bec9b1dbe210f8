from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


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
