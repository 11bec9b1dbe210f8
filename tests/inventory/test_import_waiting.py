"""An état des lieux file waits between its report and its confirmation where uploaded files are
kept: in the database in production, so the confirmation may reach another app server."""

from datetime import timedelta
from pathlib import Path

import pytest
from dbfiles.models import DBFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mille.inventory import stash
from mille.inventory.models import Resource

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def database_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "mille.core.storage.DatabaseStorage"},
    }


def _upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_the_confirmation_reads_the_file_whatever_the_local_folder(
    database_storage, settings, tmp_path, group, member
):
    client = Client()
    client.force_login(member)
    settings.MEDIA_ROOT = tmp_path / "server-a"
    report = client.post(
        reverse("inventory:import", args=[group.slug]),
        {"kind": "data_inclusion", "file": _upload(DATA / "data-inclusion/structures.json")},
    )
    assert report.status_code == 200 and DBFile.objects.count() == 1
    token = report.content.decode().split('name="confirm" value="')[1].split('"')[0]
    settings.MEDIA_ROOT = tmp_path / "server-b"  # another app server, another disk
    client.post(reverse("inventory:import_confirm", args=[group.slug]), {"confirm": token})
    assert Resource.objects.count() == 2
    assert not DBFile.objects.exists()  # erased once confirmed


@pytest.mark.parametrize("storage", ["files", "database"])
def test_files_never_confirmed_go_after_a_day(storage, request, db, monkeypatch):
    if storage == "database":
        request.getfixturevalue("database_storage")
    old = stash.keep(SimpleUploadedFile("vieux.csv", b"nom\nA\n"))
    assert stash.open_file(old) is not None
    later = timezone.now() + stash.MAX_AGE + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    recent = stash.keep(SimpleUploadedFile("neuf.csv", b"nom\nB\n"))
    assert stash.open_file(old) is None
    with stash.open_file(recent) as stream:
        assert stream.read() == b"nom\nB\n"
    assert stash.open_file("../../etc/passwd") is None
