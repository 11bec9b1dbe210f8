"""Printable documents (WeasyPrint) and QR codes (segno), made on the server."""

from __future__ import annotations

import io

import segno

from mille.core.pdf import render_pdf

PDF_KINDS = ("invitation", "questions", "contributions", "guide")
__all__ = ["PDF_KINDS", "qr_data_uri", "qr_svg", "render_pdf"]


def qr_svg(url: str, *, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=scale, border=2, title=url, xmldecl=False, svgns=True
    )
    return buffer.getvalue()


def qr_data_uri(url: str, *, scale: int = 6) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=2)
