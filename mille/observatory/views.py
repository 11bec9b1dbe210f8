from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from mille.core.cache import cached
from mille.core.permissions import permission_required
from mille.core.views_helpers import csv_download
from mille.observatory import exports, figures, publication, selectors


def _exact(request: HttpRequest) -> bool:
    return request.user.has_perm("observatory.view_exact_figures")


def _render(request: HttpRequest, departement=None) -> HttpResponse:
    """The page around its body; the body (figures, charts and tables) is rendered once per
    territory, kind of reader and language while the figures it shows are cached."""
    code = departement.code if departement else None
    exact = _exact(request)

    def body() -> str:
        context = {
            "departement": departement,
            "dashboard": publication.dashboard(code, exact_counts=exact),
            "departements": selectors.departements_with_groups() if departement is None else None,
        }
        return render_to_string("observatory/dashboard_body.html", context, request=None)

    key = f"page:{code or 'fr'}:{'exact' if exact else 'public'}:{translation.get_language()}"
    html = cached(figures.NAMESPACE, key, body, timeout=figures.TIMEOUT)
    context = {"departement": departement, "body": mark_safe(html)}  # noqa: S308 — our own template
    return render(request, "observatory/dashboard.html", context)


def _csv(request: HttpRequest, code: str | None, ident: str) -> HttpResponse:
    table = publication.dashboard(code, exact_counts=_exact(request)).table(ident)
    if table is None:
        raise Http404
    name = f"observatoire-{(code or 'france').lower()}-{ident}.csv"
    return csv_download(exports.table_csv(table), name, bom=True)


@require_GET
@permission_required("observatory.view_figures")
def national(request: HttpRequest) -> HttpResponse:
    return _render(request)


@require_GET
@permission_required("observatory.view_figures")
def departement(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, selectors.departement(code))


@require_GET
@permission_required("observatory.view_figures")
def national_csv(request: HttpRequest, ident: str) -> HttpResponse:
    return _csv(request, None, ident)


@require_GET
@permission_required("observatory.view_figures")
def departement_csv(request: HttpRequest, code: str, ident: str) -> HttpResponse:
    return _csv(request, selectors.departement(code).code, ident)


@require_GET
@permission_required("observatory.view_open_data")
def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "observatory/open_data.html",
        {
            "files": exports.published_files(),
            "licence": exports.LICENCE,
            "licence_url": exports.LICENCE_URL,
        },
    )


@require_GET
@permission_required("observatory.view_open_data")
def open_data_file(request: HttpRequest, name: str) -> HttpResponse:
    found = exports.published_file(name)
    if found is None:
        raise Http404
    stored, content_type = found
    response = FileResponse(stored, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@permission_required("observatory.view_voices")
def voices(request: HttpRequest) -> HttpResponse:
    """What the groups say, pooled by theme, with their territory; one département with
    `?departement=59`."""
    choices = selectors.departements_with_groups()
    code = request.GET.get("departement", "")
    chosen = next((entry for entry in choices if entry["code"] == code), None)
    context = {
        "themes": selectors.rising_voices(chosen["code"] if chosen else None),
        "departements": choices,
        "chosen": chosen,
        "unknown": bool(code) and chosen is None,
    }
    return render(request, "observatory/voices.html", context)
