from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET


def page(template: str, context: Callable[[], dict] | None = None):
    """A plain content page; `context` gives what the page shows from the settings."""

    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template, context() if context is not None else {})

    view.__name__ = template.rsplit("/", 1)[-1].removesuffix(".html")
    return view


def days_text(days: int) -> str:
    """A retention period in words: « 3 ans » when it is whole years, else « 90 jours »."""
    if days and days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d an", "%(count)d ans", years) % {"count": years}
    return ngettext("%(count)d jour", "%(count)d jours", days) % {"count": days}


def months_text(months: int) -> str:
    if months and months % 12 == 0:
        years = months // 12
        return ngettext("%(count)d an", "%(count)d ans", years) % {"count": years}
    return ngettext("%(count)d mois", "%(count)d mois", months) % {"count": months}


def privacy_context() -> dict:
    """The privacy notice says the periods, contact and processors actually configured."""
    return {
        "retention": {key: days_text(days) for key, days in settings.RETENTION.items()},
        "consent_review": months_text(settings.CONSENT_REVIEW_MONTHS),
        "contact_email": settings.PRIVACY_CONTACT_EMAIL,
        "host_name": settings.PRIVACY_HOST_NAME,
        "mail_processor": settings.PRIVACY_MAIL_PROCESSOR,
        "map_tiles": bool(settings.MAP_TILE_URL),
    }


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness check for load balancers; also the bare baseline of `make bench`."""
    return HttpResponse("ok", content_type="text/plain")
