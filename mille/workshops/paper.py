"""Printable documents (WeasyPrint) and QR codes (segno), made on the server."""

from __future__ import annotations

import io

import segno
from django.template.loader import render_to_string
from django.utils import translation

PDF_KINDS = ("invitation", "questions", "contributions", "guide")


def qr_svg(url: str, *, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=scale, border=2, title=url, xmldecl=False, svgns=True
    )
    return buffer.getvalue()


def qr_data_uri(url: str, *, scale: int = 6) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=2)


def render_pdf(template: str, context: dict) -> bytes:
    """HTML → PDF in the page's language. Only data: URIs are fetched: nothing leaves the server."""
    # Imported here: loading WeasyPrint costs a few hundred ms and most requests never print.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    context = {**context, "LANGUAGE_CODE": translation.get_language()}
    html = render_to_string(template, context)
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
