"""Small helpers shared by thin views."""

import json

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse


def paginate(request: HttpRequest, object_list, per_page: int = 20) -> Page:
    paginator = Paginator(object_list, per_page)
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def error_text(error: ValidationError) -> str:
    """A service's refusal as one French sentence for a message or a form."""
    return " ".join(error.messages)


def file_response(
    content, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """A file to download (or to open in the browser, for PDFs)."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def json_download(data, filename: str) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return file_response(body, filename, "application/json; charset=utf-8")


def csv_download(text: str, filename: str, *, bom: bool = False) -> HttpResponse:
    """`bom`: a byte-order mark, so that spreadsheet programs read the accents right."""
    return file_response(("\ufeff" if bom else "") + text, filename, "text/csv; charset=utf-8")
