"""A person's data across every app: the export shows it, the erasure leaves nothing that names
them (or their words without their name, if they choose), and what stops an erasure is said."""

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mille.inventory import services as inventory_services
from mille.library.models import ItemComment
from mille.library.services import comments, guide, submissions
from mille.network.models import Referent, Seat, SeatStatus
from mille.network.services import events as event_services
from mille.network.services import newsletter as newsletter_services
from mille.network.services import registrations as registration_services
from mille.network.services import requests as request_services
from mille.partnerships import services as partnership_services
from mille.partnerships.models import Acknowledgement, Representative
from mille.privacy import services
from mille.territories.models import Commune
from mille.workshops import services as workshop_services
from mille.workshops.models import Contribution, Participant, Phase, Vote
from tests.factories import UserFactory, add_member
from tests.library.conftest import EXPERIENCE
from tests.network.conftest import make_event
from tests.workshops.samples import webm

NAME, EMAIL, NICKNAME = "Zoé Effaçable", "zoe.effacable@example.org", "Zozo"
MARKERS = (NAME, EMAIL, NICKNAME, "zoe.effacable")


@pytest.fixture
def zoe(db):
    return UserFactory(email=EMAIL, display_name=NAME)


@pytest.fixture
def everywhere(zoe, group, coordinator, facilitator, national, other_group, settings, tmp_path):
    """Zoé is active in every app: a member, a participant with her voice who votes, she records
    entries of the état des lieux, comments, reports, contributes to the guide, and represents a
    partner who acknowledged a convention and measured an indicator."""
    add_member(group, zoe)
    from mille.groups import services as group_services

    group_services.join_request_create(group=other_group, user=zoe, message="Bonjour")
    workshop = workshop_services.workshop_create(
        group=group, actor=facilitator, blueprint="croisement"
    )
    workshop_services.workshop_phase_change(workshop=workshop, actor=facilitator, phase="peer_work")
    participant, _code = workshop_services.participant_join(
        workshop=workshop, peer_group=workshop.peer_groups.first(), nickname=NICKNAME, user=zoe
    )
    participant.workshop = workshop
    question = workshop.questions.first()
    voice, _created = workshop_services.contribution_create(
        participant=participant, question=question, text="Le goûter ensemble", audio_bytes=webm(2)
    )
    workshop_services.workshop_phase_change(workshop=workshop, actor=facilitator, phase="crossing")
    workshop.refresh_from_db()
    statement = workshop_services.statement_create(
        workshop=workshop, actor=facilitator, text="Un goûter chaque mois"
    )
    participant.workshop = workshop
    workshop_services.vote_cast(participant=participant, statement=statement, value=1)
    workshop_services.pledge_save(participant=participant, can_do="Apporter un gâteau", need="")
    commune = Commune.objects.get(insee="59350")
    resource = inventory_services.resource_create(
        group=group, actor=zoe, commune=commune, name="Médiathèque de Fives", category="mediatheque"
    )
    inventory_services.person_create(
        group=group,
        actor=zoe,
        consent_on=timezone.localdate(),
        consent_means="oral",
        name_or_role="La bibliothécaire",
        can_help_with="Les livres en arabe",
    )
    inventory_services.outing_create(group=group, actor=zoe, on=timezone.localdate(), people_met=4)
    page = submissions.submission_create(
        user=coordinator, group=group, kind="experience", data=dict(EXPERIENCE)
    )
    submissions.review_publish(reviewer=national, page=page)
    page.refresh_from_db()
    comments.comment_create(author=zoe, page=page, body="Merci pour cette fiche")
    other = comments.comment_create(author=coordinator, page=page, body="Avec plaisir")
    comments.comment_report(reporter=zoe, comment=other, reason="Par erreur")
    guide_page = apps.get_model("library", "GuidePage").objects.live().get()
    section = next(iter(guide.open_sections(guide_page)))
    guide.contribution_create(author=zoe, page=guide_page, section_id=section, text="Mon conseil")
    partnership = partnership_services.partnership_create(
        group=group, actor=coordinator, structure=resource
    )
    Representative.objects.create(partnership=partnership, user=zoe)
    version = partnership_services.convention_write(
        partnership=partnership,
        actor=coordinator,
        objectives="Des livres pour tous",
        parts=[{"party": "La médiathèque"}],
    )
    partnership_services.convention_acknowledge(version=version, actor=zoe)
    action = partnership_services.action_create_direct(
        group=group, actor=coordinator, title="Lectures", partnerships=[partnership]
    )
    indicator = partnership_services.indicator_add(action=action, actor=coordinator, kind="other")
    partnership_services.indicator_value_add(
        indicator=indicator, actor=zoe, measured_on=timezone.localdate(), number=3
    )
    # The network's life: she registers for a national day (the last place of a workshop, with
    # someone waiting behind her), subscribes to the newsletter, asks a question, and is the
    # référente of the Nord.
    journee = make_event(national, capacity=1)
    journee = event_services.event_publish(event=journee, actor=national)
    session = journee.sessions.get()
    registration_services.registration_create(
        event=journee, name=NAME, sessions=[session], email=EMAIL, user=zoe
    )
    waiting = registration_services.registration_create(
        event=journee, name="Paul", waitlist=[session], email="paul@example.org"
    )
    newsletter_services.subscribe(email=EMAIL)
    request_services.question_ask(
        question="Comment créer un groupe à Fives ?", name=NICKNAME, email=EMAIL
    )
    Referent.objects.create(user=zoe, departement_id="59")
    return {
        "workshop": workshop,
        "voice": voice,
        "statement": statement,
        "waiting": waiting,
        "session": session,
    }


def _text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]


def _what_still_names(markers) -> list[str]:
    found = []
    for model in apps.get_models():
        fields = _text_fields(model)
        if not fields:
            continue
        for row in model.objects.values_list("pk", *(f.attname for f in fields)):
            for field, value in zip(fields, row[1:], strict=True):
                text = (
                    json.dumps(value, ensure_ascii=False)
                    if field.get_internal_type() == "JSONField"
                    else str(value)
                )
                for marker in markers:
                    if marker.lower() in text.lower():
                        found.append(f"{model._meta.label}.{field.name} #{row[0]}: {marker}")
    return found


def test_the_export_gathers_every_app(everywhere, zoe):
    client = Client()
    client.force_login(zoe)
    data = json.loads(client.get(reverse("privacy:my_data_json")).content)
    assert data["compte"]["adresse_email"] == EMAIL
    assert data["groupes"]["groupes"][0]["role"] == "Membre"
    participation = data["ateliers"]["participations"][0]
    assert participation["prenom_ou_surnom"] == NICKNAME
    assert participation["contributions"][0]["enregistrement"] is True
    assert participation["votes"] == 1
    assert data["etat_des_lieux"]["fiches_ajoutees"][0]["nom"] == "Médiathèque de Fives"
    assert data["bibliotheque"]["commentaires"][0]["texte"] == "Merci pour cette fiche"
    assert data["partenariats"]["conventions_lues"][0]["version"] == 1
    assert data["reseau"]["inscriptions_aux_rencontres"][0]["contact"] == EMAIL
    assert data["reseau"]["lettre_d_information"]["adresse"] == EMAIL
    assert data["reseau"]["questions_posees"][0]["question"].startswith("Comment créer")
    assert data["reseau"]["referent_departemental"][0]["departement"] == "59"
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "Merci pour cette fiche" in page and "Le goûter ensemble" in page


def test_erasure_leaves_nothing_that_names_the_person(
    everywhere, zoe, django_capture_on_commit_callbacks, settings
):
    assert _what_still_names(MARKERS)  # the scan does find her before
    audio = Path(settings.MEDIA_ROOT) / everywhere["voice"].audio.name
    assert audio.exists()
    version = everywhere["workshop"].vote_version
    client = Client()
    client.force_login(zoe)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy:erase"), {"contributions": "delete", "email": EMAIL.upper()}
        )
    assert response.status_code == 302
    assert _what_still_names(MARKERS) == []
    assert not audio.exists()
    assert not Contribution.objects.filter(text="Le goûter ensemble").exists()
    assert not Vote.objects.exists()
    everywhere["workshop"].refresh_from_db()
    assert everywhere["workshop"].vote_version > version  # the crossing is analysed again
    # The partner's acknowledgement stays, for its organisation, unsigned.
    assert Acknowledgement.objects.get().by is None
    # Her place at the national day went to the next person waiting.
    offered = Seat.objects.get(registration=everywhere["waiting"], session=everywhere["session"])
    assert offered.status != SeatStatus.WAITING
    assert client.get(reverse("portal:dashboard")).status_code == 302  # logged out


def test_erasure_can_keep_the_words_without_the_name(everywhere, zoe):
    services.account_erase(user=zoe, actor=zoe, keep_contributions=True)
    assert _what_still_names(MARKERS) == []
    kept = Contribution.objects.get(text="Le goûter ensemble")
    assert kept.participant.nickname.startswith("Participant n°")
    assert kept.participant.user is None and kept.participant.anonymised_at is not None
    assert ItemComment.objects.get(body="Merci pour cette fiche").author is None
    assert not Vote.objects.exists()


def test_a_sole_coordinator_must_hand_over_first(group, coordinator):
    with pytest.raises(ValidationError, match="nommez quelqu'un d'autre"):
        services.account_erase(user=coordinator, actor=coordinator, keep_contributions=False)
    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("privacy:erase")).content.decode()
    assert "Parents et école à Fives" in page
    response = client.post(
        reverse("privacy:erase"), {"contributions": "delete", "email": coordinator.email}
    )
    assert response.status_code == 400
    assert type(coordinator).objects.filter(pk=coordinator.pk).exists()


def test_the_confirmation_must_be_the_accounts_address(zoe):
    client = Client()
    client.force_login(zoe)
    response = client.post(
        reverse("privacy:erase"), {"contributions": "delete", "email": "autre@example.org"}
    )
    assert (
        response.status_code == 400
        and "Ce n&#x27;est pas l&#x27;adresse" in response.content.decode()
    )
    zoe.refresh_from_db()


def test_a_participant_without_account_forgets_everything(group, facilitator):
    from tests.workshops.conftest import join

    workshop = workshop_services.workshop_create(
        group=group, actor=facilitator, blueprint="croisement"
    )
    workshop_services.workshop_phase_change(workshop=workshop, actor=facilitator, phase="peer_work")
    amina = join(workshop, 0, "Amina")
    question = workshop.questions.first()
    amina.post(reverse("workshops:question", args=[workshop.pk, question.pk]), {"text": "Bonjour"})
    workshop_services.workshop_phase_change(
        workshop=workshop, actor=facilitator, phase=Phase.CLOSED
    )
    contribution = Contribution.objects.get()
    # Deleting one's own contribution works at any phase.
    amina.post(reverse("workshops:contribution_delete", args=[workshop.pk, contribution.pk]))
    assert not Contribution.objects.exists()
    refused = amina.post(reverse("workshops:forget_me", args=[workshop.pk]))
    assert refused.status_code == 302 and Participant.objects.filter(nickname="Amina").exists()
    response = amina.post(reverse("workshops:forget_me", args=[workshop.pk]), {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == "/rejoindre/"
    assert not Participant.objects.filter(nickname="Amina").exists()
