"""Printable PDFs, QR codes and exports of a workshop: for its facilitators only."""

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mille.core.views_helpers import csv_download, file_response, json_download
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
    return pdf_response(content, workshop, kind)


def file_stem(workshop, kind: str) -> str:
    return f"{slugify(workshop.title)[:40] or 'atelier'}-{kind}"


def pdf_response(content: bytes, workshop, kind: str) -> HttpResponse:
    return file_response(
        content, f"{file_stem(workshop, kind)}.pdf", "application/pdf", inline=True
    )


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
    name = file_stem(workshop, "contributions")
    if fmt == "json":
        return json_download({"atelier": workshop.title, "contributions": rows}, f"{name}.json")
    buffer = io.StringIO()
    columns = EXPORT_COLUMNS + (["pseudonyme"] if pseudonyms else [])
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=";")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return csv_download(buffer.getvalue(), f"{name}.csv", bom=True)


def csv_cell(value):
    """Booleans in words; text that a spreadsheet would run as a formula is quoted."""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value
