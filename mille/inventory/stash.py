"""A file being imported waits on disk between the report (step 1) and the confirmation (step 2):
the session holds only its token. Read again at step 2, it is never held whole in memory."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

MAX_AGE = 24 * 3600


def _folder() -> Path:
    folder = Path(settings.INVENTORY_IMPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def path_of(token: str) -> Path | None:
    """The waiting file of a token, if it is still there (tokens are URL-safe: no path in them)."""
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    path = _folder() / token
    return path if path.is_file() else None


def keep(upload: UploadedFile) -> str:
    """Copy an upload to the waiting folder, chunk by chunk; return its token. Files older than a
    day (imports never confirmed) are erased on the way."""
    folder = _folder()
    now = time.time()
    for old in folder.iterdir():
        try:
            if now - old.stat().st_mtime > MAX_AGE:
                old.unlink()
        except FileNotFoundError:
            continue
    token = secrets.token_urlsafe(16)
    with open(folder / token, "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return token


def discard(token: str) -> None:
    path = path_of(token)
    if path is not None:
        path.unlink(missing_ok=True)
