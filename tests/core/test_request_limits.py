"""Request bodies are bounded by their announced length, before anything is read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from mille.core.middleware import RequestSizeMiddleware
from mille.library import forms as library_forms
from mille.workshops import audio

MB = 1024 * 1024


def _answer(path: str, length: int) -> int:
    request = RequestFactory().post(path, data=b"x", content_type="text/plain")
    request.META["CONTENT_LENGTH"] = str(length)
    middleware = RequestSizeMiddleware(lambda request: HttpResponse("lu"))
    return middleware(request).status_code


@pytest.mark.django_db
def test_an_anonymous_100_mb_post_is_refused_unread(client):
    response = client.post(
        reverse("workshops:join_start"),
        data=b"code=1",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(100 * MB),
    )
    assert response.status_code == 413
    assert "trop lourd" in response.content.decode()
    assert response["Connection"] == "close"


@pytest.mark.django_db
def test_each_page_has_its_bound(settings):
    import_path = reverse("inventory:import", args=["un-groupe"])
    assert _answer(import_path, 50 * MB) == 200
    assert _answer(import_path, 102 * MB) == 413
    assert _answer("/cms/documents/multiple/add/", 15 * MB) == 200
    assert _answer(reverse("workshops:join_start"), 3 * MB) == 200
    assert _answer(reverse("workshops:join_start"), 5 * MB) == 413
    settings.REQUEST_BODY_MAX_BYTES = 8 * MB
    assert _answer(reverse("workshops:join_start"), 5 * MB) == 200


@pytest.mark.django_db
def test_a_malformed_length_is_refused(client):
    assert _answer(reverse("workshops:join_start"), -5) == 400
    request = RequestFactory().post("/", data=b"x", content_type="text/plain")
    request.META["CONTENT_LENGTH"] = "١٢"  # Arabic-Indic digits are not a length
    assert RequestSizeMiddleware(lambda request: HttpResponse())(request).status_code == 400


def test_a_testimony_voice_is_refused_by_its_size_before_being_read():
    class Unreadable(SimpleUploadedFile):
        def read(self, *args, **kwargs):  # pragma: no cover - the point is it is never called
            raise AssertionError("read before its size was checked")

    big = Unreadable("voix.ogg", b"", content_type="audio/ogg")
    big.size = audio.MAX_BYTES + 1
    form = library_forms.TestimonyForm(data={}, files={"audio": big})
    form.is_valid()
    assert "trop lourd" in " ".join(form.errors["audio"])
