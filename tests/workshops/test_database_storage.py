"""A workshop's voices kept in the database (MEDIA_STORAGE=database) are heard, exported in the
workshop's bundle and erased as they are on disk."""

import io
import zipfile

import pytest
from dbfiles.models import DBFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mille.workshops.models import Contribution
from mille.workshops.services import bundle as bundle_services
from mille.workshops.services import erasure
from tests.workshops import samples


@pytest.fixture(autouse=True)
def _database_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "mille.core.storage.DatabaseStorage"},
    }


def _question_url(workshop):
    return reverse("workshops:question", args=[workshop.pk, workshop.questions.first().pk])


def test_a_voice_is_stored_heard_exported_and_erased(
    workshop, amina, bruno, django_capture_on_commit_callbacks
):
    voice = samples.webm(8)
    response = amina.post(
        _question_url(workshop), {"audio": SimpleUploadedFile("voix.webm", voice, "audio/webm")}
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert DBFile.objects.get(name=contribution.audio.name).content == voice
    url = reverse("workshops:contribution_audio", args=[workshop.pk, contribution.pk])
    heard = amina.get(url)
    assert heard.status_code == 200 and heard["Content-Type"] == "audio/webm"
    assert b"".join(heard.streaming_content) == voice
    assert bruno.get(url).status_code == 403  # another peer group: still refused

    raw = bundle_services.workshop_export(workshop=workshop, actor=None)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert voice in [archive.read(name) for name in archive.namelist()]

    with django_capture_on_commit_callbacks(execute=True):
        erasure.contribution_delete(contribution=contribution, participant=amina.participant)
    assert not DBFile.objects.exists()
