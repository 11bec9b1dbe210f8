"""Documents people upload (an action's programme, a meeting's papers): their type is read from
their first bytes, never taken from the name or the browser; the name only tells Office and
OpenDocument files apart (they are all zip files)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# Recognised by their first bytes, whatever their name says.
DOCUMENT_SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"PK\x03\x04", "application/zip", "zip"),  # OpenDocument and Office files
)
OFFICE_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def document_type(name: str, head: bytes) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    for signature, content_type, kind in DOCUMENT_SIGNATURES:
        if head.startswith(signature):
            if kind == "zip":
                if extension not in OFFICE_TYPES:
                    break
                return OFFICE_TYPES[extension]
            return content_type
    if extension in ("txt", "csv"):
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "text/plain; charset=utf-8" if extension == "txt" else "text/csv"
    raise ValidationError(
        _("Ce fichier n'est pas accepté : PDF, image (PNG, JPEG), texte ou document bureautique.")
    )
