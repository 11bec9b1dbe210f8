"""Printable PDFs, QR codes and exports of a workshop: for its facilitators only."""

import csv
import io
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mille.workshops import codes, paper, selectors
from mille.workshops.views.common import facilitated_workshop


def _join_url(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(reverse("workshops:join", kwargs={"code": code}))


def qr(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
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


def pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
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
    response = HttpResponse(content, content_type="application/pdf")
    name = f"{slugify(workshop.title)[:40] or 'atelier'}-{kind}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


EXPORT_COLUMNS = [
    "groupe_de_pairs",
    "question",
    "texte",
    "audio",
    "duree_audio_s",
    "saisie_par_animateur",
    "nombre_de_personnes",
    "date",
]


def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    workshop, denied = facilitated_workshop(request, pk)
    if denied:
        return denied
    pseudonyms = request.GET.get("pseudonymes") == "1"
    rows = selectors.export_rows(workshop, pseudonyms=pseudonyms)
    name = f"{slugify(workshop.title)[:40] or 'atelier'}-contributions"
    if fmt == "json":
        body = json.dumps(
            {"atelier": workshop.title, "contributions": rows}, ensure_ascii=False, indent=2
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    buffer = io.StringIO()
    columns = EXPORT_COLUMNS + (["pseudonyme"] if pseudonyms else [])
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=";")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    # A byte-order mark so that spreadsheet programs read the accents right.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def csv_cell(value):
    """Booleans in words; text that a spreadsheet would run as a formula is quoted."""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value
