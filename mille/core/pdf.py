"""Printable documents made on the server with WeasyPrint."""

from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template: str, context: dict) -> bytes:
    """HTML → PDF in the page's language. Only data: URIs are fetched: nothing leaves the server."""
    # Imported here: loading WeasyPrint costs a few hundred ms and most requests never print.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    context = {**context, "LANGUAGE_CODE": translation.get_language()}
    html = render_to_string(template, context)
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
