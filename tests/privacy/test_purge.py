"""Retention: what the daily purge erases or anonymises, and when; the audit journal."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mille.groups import services as group_services
from mille.groups.models import AuditEntry, Invitation, JoinRequest
from mille.inventory import services as inventory_services
from mille.inventory.models import ResourcePerson
from mille.privacy import services
from mille.privacy.models import PurgeRun
from mille.workshops import services as workshop_services
from mille.workshops.models import Contribution, Participant, Phase
from tests.factories import UserFactory
from tests.workshops.conftest import join
from tests.workshops.samples import webm

DAY = timedelta(days=1)


@pytest.fixture
def closed_workshop(group, facilitator):
    workshop = workshop_services.workshop_create(
        group=group, actor=facilitator, blueprint="croisement"
    )
    workshop_services.workshop_phase_change(workshop=workshop, actor=facilitator, phase="peer_work")
    amina = join(workshop, 0, "Amina")
    join(workshop, 1, "Silencieux")  # joined, never wrote nor voted
    participant = amina.participant
    participant.workshop = workshop
    workshop_services.contribution_create(
        participant=participant,
        question=workshop.questions.first(),
        text="Lire ensemble",
        audio_bytes=webm(2),
    )
    workshop_services.workshop_phase_change(
        workshop=workshop, actor=facilitator, phase=Phase.CLOSED
    )
    workshop.refresh_from_db()
    return workshop


def test_voices_then_names_then_idle_devices(
    closed_workshop, settings, django_capture_on_commit_callbacks
):
    closed = closed_workshop.closed_at
    with django_capture_on_commit_callbacks(execute=True):
        run = services.purge(closed + 10 * DAY)
    assert run.counts["voix"] == 0 and Contribution.objects.get().audio
    with django_capture_on_commit_callbacks(execute=True):
        run = services.purge(closed + (settings.RETENTION["nicknames_after_closing"] + 1) * DAY)
    assert run.counts["appareils"] == 1 and run.counts["prenoms"] == 1
    assert not Participant.objects.filter(nickname="Amina").exists()
    assert not Participant.objects.filter(nickname="Silencieux").exists()
    assert Contribution.objects.get().text == "Lire ensemble"
    with django_capture_on_commit_callbacks(execute=True):
        run = services.purge(closed + (settings.RETENTION["audio_after_closing"] + 1) * DAY)
    assert run.counts["voix"] == 1
    contribution = Contribution.objects.get()
    assert not contribution.audio and contribution.text == "Lire ensemble"
    assert PurgeRun.objects.count() == 3 and PurgeRun.objects.first().finished_at


def test_open_workshops_keep_everything(group, facilitator):
    workshop = workshop_services.workshop_create(
        group=group, actor=facilitator, blueprint="croisement"
    )
    workshop_services.workshop_phase_change(workshop=workshop, actor=facilitator, phase="peer_work")
    join(workshop, 0, "Amina")
    services.purge(timezone.now() + 1000 * DAY)
    assert Participant.objects.filter(nickname="Amina").exists()


def test_links_and_answered_requests_go(group, coordinator, outsider, settings):
    invitation = group_services.invitation_create(group=group, actor=coordinator, days=1)
    request = group_services.join_request_create(group=group, user=outsider)
    group_services.join_request_decide(request=request, actor=coordinator, accept=False)
    later = timezone.now() + (settings.RETENTION["invitations_after_end"] + 2) * DAY
    services.purge(later)
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert JoinRequest.objects.filter(pk=request.pk).exists()
    services.purge(timezone.now() + (settings.RETENTION["join_requests_after_answer"] + 1) * DAY)
    assert not JoinRequest.objects.filter(pk=request.pk).exists()


def test_expired_sessions_go(member):
    from django.contrib.sessions.models import Session

    client = Client()
    client.force_login(member)
    assert Session.objects.count() == 1
    run = services.purge(timezone.now() + timedelta(days=400))
    assert run.counts["sessions_expirees"] == 1
    assert not Session.objects.exists()


def test_resource_persons_not_reconfirmed_are_erased(group, member, settings):
    person = inventory_services.person_create(
        group=group,
        actor=member,
        consent_on=timezone.localdate(),
        consent_means="oral",
        name_or_role="La directrice",
        can_help_with="Les inscriptions",
    )
    assert person.consent_review_on > timezone.localdate() + 300 * DAY
    grace = settings.RETENTION["resource_persons_after_review"]
    services.purge(timezone.now() + 366 * DAY)
    assert ResourcePerson.objects.exists()  # the grace period after the review date
    services.purge(timezone.now() + (366 + grace + 1) * DAY)
    assert not ResourcePerson.objects.exists()
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.PURGE).get()
    assert entry.actor is None and entry.record == "personne ressource"


def test_a_renewed_consent_moves_the_review(group, member):
    person = inventory_services.person_create(
        group=group,
        actor=member,
        consent_on=timezone.localdate() - 400 * DAY,
        consent_means="oral",
        name_or_role="Le boulanger",
        can_help_with="Les affiches",
    )
    assert person.consent_review_on < timezone.localdate()
    client = Client()
    client.force_login(member)
    page = client.get(reverse("inventory:persons", args=[group.slug])).content.decode()
    assert "Accord à redemander avant le" in page and "message-warning" in page
    response = client.post(
        reverse("inventory:person_renew", args=[group.slug, person.pk]),
        {"consent_means": "written"},
        follow=True,
    )
    assert "L&#x27;accord de Le boulanger est noté" in response.content.decode()
    person.refresh_from_db()
    assert person.consent_means == "written"
    assert person.consent_on == timezone.localdate()
    assert person.consent_review_on > timezone.localdate() + 300 * DAY
    services.purge()
    assert ResourcePerson.objects.exists()


def test_inactive_accounts_are_warned_then_removed(
    group, settings, django_capture_on_commit_callbacks
):
    sleeper = UserFactory(email="dort@example.org", display_name="Dormeur")
    sleeper.last_login = timezone.now() - 800 * DAY
    sleeper.save(update_fields=["last_login"])
    back = UserFactory(email="revient@example.org")
    back.last_login = timezone.now() - 800 * DAY
    back.save(update_fields=["last_login"])
    with django_capture_on_commit_callbacks(execute=True):
        run = services.purge()
    assert run.counts["comptes_prevenus"] == 2
    assert {m.to[0] for m in mail.outbox} == {"dort@example.org", "revient@example.org"}
    assert "supprimé dans 30 jours" in mail.outbox[0].body
    Client().force_login(back)  # logging in again cancels the warning
    back.refresh_from_db()
    assert back.inactivity_warned_at is None
    run = services.purge(timezone.now() + 31 * DAY)
    assert run.counts["comptes_supprimes"] == 1
    assert not type(sleeper).objects.filter(pk=sleeper.pk).exists()
    assert type(back).objects.filter(pk=back.pk).exists()


def test_the_audit_journal(group, member, coordinator, national, outsider):
    client = Client()
    client.force_login(member)
    client.get(reverse("inventory:persons", args=[group.slug]))
    client.get(reverse("inventory:export", args=[group.slug, "json"]))
    person = inventory_services.person_create(
        group=group,
        actor=member,
        consent_on=timezone.localdate(),
        consent_means="oral",
        name_or_role="M. Benali",
        can_help_with="La traduction",
    )
    inventory_services.group_item_delete(item=person, actor=member)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert sorted(actions) == ["create", "delete", "export", "view"]
    url = reverse("groups:audit", args=[group.slug])
    for user, status in ((coordinator, 200), (national, 200), (member, 403), (outsider, 403)):
        viewer = Client()
        viewer.force_login(user)
        assert viewer.get(url).status_code == status
    page = Client()
    page.force_login(coordinator)
    html = page.get(url).content.decode()
    assert "M. Benali" not in html and "personne ressource" in html
    entry = AuditEntry.objects.first()
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_a_facilitator_erases_a_contribution_on_request(
    closed_workshop, facilitator, settings, django_capture_on_commit_callbacks
):
    from pathlib import Path

    contribution = Contribution.objects.get()
    audio = Path(settings.MEDIA_ROOT) / contribution.audio.name
    client = Client()
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workshops:contribution_erase", args=[closed_workshop.pk, contribution.pk]),
            {"reason": "Demande de la maman"},
        )
    assert response.status_code == 302
    assert not Contribution.objects.exists() and not audio.exists()
    entry = AuditEntry.objects.get()
    assert entry.action == "delete" and entry.detail == "Demande de la maman"


def test_purge_command_and_schedule(db, capsys):
    from django.core.management import call_command

    call_command("purge")
    assert "comptes_prevenus: 0" in capsys.readouterr().out
    # The tests' task backend runs at once: it cannot book tomorrow's run, and says so.
    call_command("purge", "--schedule")
    assert "run `manage.py purge` daily" in capsys.readouterr().out


def test_the_worker_books_one_daily_purge_at_a_time(db, settings):
    from django_tasks_db.models import DBTaskResult

    from mille.privacy import tasks

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    assert tasks.schedule() == "booked"
    assert tasks.schedule() == "waiting"
    booked = DBTaskResult.objects.get()
    assert booked.task_path == tasks.daily_purge.module_path
    assert booked.run_after > timezone.now()
