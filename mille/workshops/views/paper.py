"""Printable PDFs, QR codes and exports of a workshop: for its facilitators only."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mille.core.views_helpers import csv_download, file_response, json_download
from mille.groups import services as group_services
from mille.groups.models import AuditEntry
from mille.workshops import codes, exports, paper, selectors
from mille.workshops.decorators import workshop_view
from mille.workshops.models import Workshop


def _join_url(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(reverse("workshops:join", kwargs={"code": code}))


@workshop_view("workshops.manage_workshop")
def qr(request: HttpRequest, workshop: Workshop, code: str) -> HttpResponse:
    if not workshop.join_codes.filter(code=code).exists():
        raise Http404
    response = HttpResponse(paper.qr_svg(_join_url(request, code)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _codes(request: HttpRequest, workshop) -> list[dict]:
    """The general code first, then one per peer group."""
    rows = []
    for join_code in workshop.join_codes.select_related("peer_group").order_by("peer_group__order"):
        url = _join_url(request, join_code.code)
        rows.append(
            {
                "code": join_code.code,
                "pretty": codes.pretty(join_code.code),
                "peer_group": join_code.peer_group,
                "url": url,
                "qr": paper.qr_data_uri(url),
            }
        )
    rows.sort(key=lambda row: row["peer_group"] is not None)
    return rows


@workshop_view("workshops.manage_workshop")
def pdf(request: HttpRequest, workshop: Workshop, kind: str) -> HttpResponse:
    if kind not in paper.PDF_KINDS:
        raise Http404
    context = {
        "workshop": workshop,
        "kind": kind,
        "peer_groups": list(workshop.peer_groups.all()),
        "questions": list(workshop.questions.select_related("session")),
        "sessions": list(workshop.sessions.all()),
        "now": timezone.now(),
    }
    if kind == "invitation":
        context["codes"] = _codes(request, workshop)
    if kind == "contributions":
        context["rows"] = selectors.facilitator_board(workshop, include_hidden=False)
    content = paper.render_pdf(f"workshops/pdf/{kind}.html", context)
    return pdf_response(content, workshop, kind)


def file_stem(workshop, kind: str) -> str:
    return f"{slugify(workshop.title)[:40] or 'atelier'}-{kind}"


def pdf_response(content: bytes, workshop, kind: str) -> HttpResponse:
    return file_response(
        content, f"{file_stem(workshop, kind)}.pdf", "application/pdf", inline=True
    )


@require_GET
@workshop_view("workshops.manage_workshop")
def export(request: HttpRequest, workshop: Workshop, fmt: str) -> HttpResponse:
    """The contributions; the pseudonyms only when asked for (`?pseudonymes=1`)."""
    if fmt not in ("csv", "json"):
        raise Http404
    pseudonyms = request.GET.get("pseudonymes") == "1"
    group_services.audit(
        group=workshop.group,
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        record=_("contributions d'un atelier"),
        record_id=workshop.pk,
        detail=fmt + (" " + _("avec les prénoms") if pseudonyms else ""),
    )
    data = exports.contributions(workshop, pseudonyms=pseudonyms)
    name = file_stem(workshop, "contributions")
    if fmt == "json":
        return json_download(data, f"{name}.json")
    return csv_download(
        exports.contributions_csv(data, pseudonyms=pseudonyms), f"{name}.csv", bom=True
    )
