"""A file being imported waits between the report (step 1) and the confirmation (step 2); the
session holds only its token. It waits where uploaded files are kept (STORAGES["default"]: the
database in production, so that another app server may take the confirmation; a folder on a
laptop), under a name no page serves, and is erased once confirmed, or after a day."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import BinaryIO

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

FOLDER = "inventory-imports"
MAX_AGE = timedelta(days=1)


def _name(token: str) -> str | None:
    """The stored name of a token (tokens are URL-safe: no path in them)."""
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    return f"{FOLDER}/{token}"


def open_file(token: str) -> BinaryIO | None:
    """The waiting file of a token, open for reading, if it is still there."""
    name = _name(token)
    if name is None:
        return None
    try:
        return default_storage.open(name, "rb").file
    except FileNotFoundError:
        return None


def _erase_old() -> None:
    """Files of imports never confirmed go after a day."""
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    limit = timezone.now() - MAX_AGE
    for name in names:
        try:
            if default_storage.get_modified_time(f"{FOLDER}/{name}") < limit:
                default_storage.delete(f"{FOLDER}/{name}")
        except FileNotFoundError:
            continue


def keep(upload: UploadedFile) -> str:
    """Store an upload until its confirmation (chunk by chunk); return its token."""
    _erase_old()
    token = secrets.token_urlsafe(16)
    default_storage.save(f"{FOLDER}/{token}", upload)
    return token


def discard(token: str) -> None:
    name = _name(token)
    if name is not None:
        default_storage.delete(name)
