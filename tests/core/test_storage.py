"""Uploaded files in the database (MEDIA_STORAGE=database): mille.core.storage.DatabaseStorage,
and the settings that choose it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dbfiles.models import DBFile
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from mille.core.storage import DatabaseStorage

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_file_read_before_is_stored_from_its_first_byte():
    storage = DatabaseStorage()
    upload = SimpleUploadedFile("voix.webm", b"\x1a\x45\xdf\xa3 la voix", "audio/webm")
    upload.read(4)  # a check looked at its first bytes
    name = storage.save("workshops/voix.webm", upload)
    with storage.open(name) as stored:
        assert stored.read() == b"\x1a\x45\xdf\xa3 la voix"
    assert storage.size(name) == 12 and storage.exists(name)
    again = storage.save("workshops/voix.webm", ContentFile(b"autre"))
    assert again != name  # never overwritten
    storage.delete(name)
    assert not storage.exists(name)
    assert DBFile.objects.filter(name=again).exists()


@pytest.mark.django_db
def test_a_missing_file_is_an_os_error_as_on_disk():
    storage = DatabaseStorage()
    with pytest.raises(FileNotFoundError):
        storage.open("nulle/part.webm")
    with pytest.raises(FileNotFoundError):
        storage.size("nulle/part.webm")
    with pytest.raises(NotImplementedError):
        storage.path("nulle/part.webm")  # nothing in Mille asks a stored file for its path


def test_files_are_reached_only_through_mille_pages():
    assert not admin.site.is_registered(DBFile)
    with pytest.raises(NoReverseMatch):
        reverse("db_file", args=["workshops/voix.webm"])


def _settings_under(**environ) -> dict:
    """The settings a server would read from this environment (outside the test run)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CACHE_URL", "MEDIA_STORAGE", "SESSION_STORE", "DEBUG"}
    }
    env.update(
        SECRET_KEY="storage-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        EMAIL_URL="dummy://",
        **environ,
    )
    code = (
        "import json; from config import settings as s; print(json.dumps("
        "[s.MEDIA_STORAGE, s.STORAGES['default']['BACKEND'], s.SESSION_ENGINE]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    storage, backend, sessions = json.loads(out.stdout)
    return {"storage": storage, "backend": backend, "sessions": sessions.rsplit(".", 1)[-1]}


def test_production_on_postgresql_keeps_files_in_the_database_and_a_laptop_on_disk(tmp_path):
    postgres = "postgres://postgres@127.0.0.1:5432/mille"
    production = _settings_under(DEBUG="0", DATABASE_URL=postgres, CACHE_URL="redis://h:6379/0")
    assert production == {
        "storage": "database",
        "backend": "mille.core.storage.DatabaseStorage",
        "sessions": "cached_db",
    }
    laptop = _settings_under(DEBUG="1", MILLE_VAR_DIR=str(tmp_path))
    assert laptop == {
        "storage": "files",
        "backend": "django.core.files.storage.FileSystemStorage",
        "sessions": "db",
    }
    assert _settings_under(DEBUG="1", DATABASE_URL=postgres)["storage"] == "files"
    chosen = _settings_under(DEBUG="0", DATABASE_URL=postgres, MEDIA_STORAGE="files")
    assert chosen["storage"] == "files"
    cache_only = _settings_under(DEBUG="1", MILLE_VAR_DIR=str(tmp_path), SESSION_STORE="cache")
    assert cache_only["sessions"] == "cache"


@pytest.mark.django_db
def test_a_folder_lists_its_files_and_folders():
    storage = DatabaseStorage()
    for name in ("imports/a", "imports/b", "imports/old/c", "other/d"):
        storage.save(name, ContentFile(b"x"))
    assert storage.listdir("imports") == (["old"], ["a", "b"])
    assert storage.listdir("") == (["imports", "other"], [])
    assert storage.get_modified_time("imports/a") <= storage.get_modified_time("imports/b")
    with pytest.raises(FileNotFoundError):
        storage.get_modified_time("imports/z")
