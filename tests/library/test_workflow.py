"""A group proposes; the national coordination asks for changes, then publishes."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Revision

from mille.library import models as library_models
from mille.library.models import ExperiencePage
from mille.library.selectors import library_results, parse_query, review_queue, submission_state
from mille.library.services import submissions
from tests.library.conftest import EXPERIENCE, TESTIMONY


def found(q: str) -> set[str]:
    from django.http import QueryDict

    return {row.title for row in library_results(parse_query(QueryDict(f"q={q}"))).rows}


def test_proposal_waits_for_review_and_is_not_public(client, proposal):
    assert not proposal.live
    assert submission_state(proposal) == "in_review"
    assert proposal.pk in [item.pk for item in review_queue()]
    assert "Le café des parents de l'école Jules-Ferry" not in found("café")
    assert client.get(proposal.url).status_code == 404
    # Typed text is stored as escaped paragraphs.
    assert (
        proposal.context == "<p>Les parents ne venaient pas à l'école.</p><p>Ils avaient peur.</p>"
    )


def test_request_changes_then_resubmit_then_publish(proposal, coordinator, national):
    with pytest.raises(ValidationError):
        submissions.review_request_changes(reviewer=national, page=proposal, comment=" ")
    submissions.review_request_changes(
        reviewer=national, page=proposal, comment="Ajoutez ce que les parents en disent."
    )
    assert submission_state(proposal) == "needs_changes"
    assert submissions.review_comment(proposal) == "Ajoutez ce que les parents en disent."
    assert proposal.pk not in [item.pk for item in review_queue()]
    with pytest.raises(ValidationError):
        submissions.review_publish(reviewer=national, page=proposal)

    data = dict(EXPERIENCE, results="Les parents disent : « on se sent chez nous ».")
    submissions.submission_update(user=coordinator, page=proposal, data=data)
    assert submission_state(proposal) == "in_review"
    submissions.review_publish(reviewer=national, page=proposal)
    page = ExperiencePage.objects.get(pk=proposal.pk)
    assert page.live and submission_state(page) == "live"
    assert "on se sent chez nous" in page.results
    assert Revision.objects.for_instance(page).count() >= 2
    assert "Le café des parents de l'école Jules-Ferry" in found("cafe")


def test_testimony_keeps_role_and_consent_only(group, coordinator, national):
    page = submissions.submission_create(
        user=coordinator, group=group, kind="testimony", data=dict(TESTIMONY)
    )
    submissions.review_publish(reviewer=national, page=page)
    page = library_models.TestimonyPage.objects.get(pk=page.pk)
    assert page.live and page.speaker_role == "parent"
    assert page.consent_recorded_by == coordinator
    assert page.consent_means.startswith("À l'oral")


def test_testimony_audio_is_checked(group, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        submissions.submission_create(
            user=coordinator,
            group=group,
            kind="testimony",
            data=dict(TESTIMONY),
            audio=SimpleUploadedFile("voix.webm", b"not audio at all", content_type="audio/webm"),
        )
    assert not library_models.TestimonyPage.objects.exists()


def test_a_withdrawn_testimony_takes_its_voice_with_it(
    group, coordinator, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.workshops import samples

    page = submissions.submission_create(
        user=coordinator,
        group=group,
        kind="testimony",
        data=dict(TESTIMONY),
        audio=SimpleUploadedFile("voix.ogg", samples.ogg_opus(8), content_type="audio/ogg"),
    )
    name = library_models.TestimonyPage.objects.get(pk=page.pk).audio.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        submissions.submission_withdraw(user=coordinator, page=page)
    assert not default_storage.exists(name)


def test_withdraw_deletes_a_proposal(proposal, coordinator):
    submissions.submission_withdraw(user=coordinator, page=proposal)
    assert not ExperiencePage.objects.filter(pk=proposal.pk).exists()


def test_review_through_the_pages(client, proposal, national):
    client.force_login(national)
    queue = client.get(reverse("library:review_queue"))
    assert "Le café des parents de l&#x27;école Jules-Ferry" in queue.content.decode()
    url = reverse("library:review_item", args=[proposal.pk])
    page = client.get(url)
    assert "Ils avaient peur." in page.content.decode()
    changes = reverse("library:review_changes", args=[proposal.pk])
    refused = client.post(changes, {"comment": ""})
    assert "Dites au groupe ce qu&#x27;il faut changer." in refused.content.decode()
    assert submission_state(proposal) == "in_review"
    publish = reverse("library:review_publish", args=[proposal.pk])
    response = client.post(publish, {"comment": "Merci !"})
    assert response.status_code == 302
    assert ExperiencePage.objects.get(pk=proposal.pk).live
    # Wagtail tells the person who asked for the review.
    assert any("coord@example.org" in message.to for message in mail.outbox)


def test_group_submits_from_its_page(client, group, coordinator):
    client.force_login(coordinator)
    url = reverse("library:submission_new", args=[group.slug, "experience"])
    bad = client.post(url, {"title": "Sans contenu"})
    assert bad.status_code == 200 and "Ce champ est obligatoire" in bad.content.decode()
    assert not ExperiencePage.objects.filter(local_group=group).exists()
    data = {key: value for key, value in EXPERIENCE.items() if value not in (None, [])}
    response = client.post(url, data)
    assert response.status_code == 302
    page = ExperiencePage.objects.get(local_group=group)
    assert page.owner == coordinator and submission_state(page) == "in_review"
    listing = client.get(reverse("library:group_library", args=[group.slug])).content.decode()
    assert "En relecture" in listing


def test_group_edits_after_changes_requested(client, proposal, coordinator, national, group):
    submissions.review_request_changes(reviewer=national, page=proposal, comment="Plus court.")
    client.force_login(coordinator)
    listing = client.get(reverse("library:group_library", args=[group.slug])).content.decode()
    assert "Changements demandés" in listing and "Plus court." in listing
    url = reverse("library:submission_edit", args=[group.slug, proposal.pk])
    form = client.get(url).content.decode()
    assert "Ils avaient peur." in form
    data = {key: value for key, value in EXPERIENCE.items() if value not in (None, [])}
    data["title"] = "Le café des parents"
    assert client.post(url, data).status_code == 302
    assert submission_state(proposal) == "in_review"
    latest = ExperiencePage.objects.get(pk=proposal.pk).get_latest_revision_as_object()
    assert latest.title == "Le café des parents"


def test_testimony_voice_is_private_until_published(client, group, coordinator, national, outsider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.workshops.samples import webm

    page = submissions.submission_create(
        user=coordinator,
        group=group,
        kind="testimony",
        data=dict(TESTIMONY),
        audio=SimpleUploadedFile("voix.webm", webm(4.0), content_type="audio/webm"),
    )
    url = reverse("library:testimony_audio", args=[page.pk])
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    draft = client.get(url)
    assert draft["Content-Type"] == "audio/webm" and draft["Cache-Control"] == "private, no-store"
    submissions.review_publish(reviewer=national, page=page)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "audio/webm"
    assert response["Cache-Control"].startswith("private")
    assert (
        url in client.get(library_models.TestimonyPage.objects.get(pk=page.pk).url).content.decode()
    )
