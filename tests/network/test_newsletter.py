"""The newsletter: double opt-in with the consent kept, signed one-click unsubscribe (also in the
List-Unsubscribe header), issues composed and previewed, sent in batches through the worker with
retries, a per-address log, bounces, and a web version."""

import time

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from mille.network.models import Delivery, Issue, IssueStatus, Subscriber
from mille.network.services import newsletter as services
from mille.network.services import sending
from mille.network.tasks import network_sweep
from tests.network.conftest import client_for
from tests.network.mail_backends import ReceivingServer

pytestmark = pytest.mark.django_db


def _subscribed(*addresses):
    subscribers = []
    for address in addresses:
        subscriber = services.subscribe(email=address)
        services.subscription_confirm(token=services.confirm_token(subscriber))
        subscribers.append(Subscriber.objects.get(pk=subscriber.pk))
    return subscribers


def test_the_footer_form_asks_for_a_confirmation_and_keeps_the_consent(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    home = client.get("/").content.decode()
    assert 'action="/lettre/inscription/"' in home and 'id="newsletter-email"' in home
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:subscribe"), {"email": "Fatou@Example.org", "next": "/groupes/"}
        )
    assert response.status_code == 302 and response["Location"] == "/groupes/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "fatou@example.org" and subscriber.status == "pending"
    assert subscriber.consent_version == services.CONSENT_VERSION
    assert (
        subscriber.consent_text.startswith("Je veux recevoir la lettre") and subscriber.consented_at
    )
    (message,) = mailoutbox
    path = message.body.split("http://127.0.0.1:8000")[1].split()[0]
    assert path.startswith("/lettre/confirmer/")
    assert "Je confirme" in client.get(path).content.decode()
    assert Subscriber.objects.get().status == "pending"  # a link checker confirms nothing
    client.post(path)
    assert Subscriber.objects.get().status == "confirmed"


def test_a_known_address_gets_the_same_answer(client):
    _subscribed("fatou@example.org")
    response = client.post(reverse("network:subscribe"), {"email": "fatou@example.org"})
    assert response.status_code == 302
    assert Subscriber.objects.get().status == "confirmed"


def test_an_expired_confirmation_link_says_so_and_writes_nothing(client, monkeypatch):
    subscriber = services.subscribe(email="fatou@example.org")
    url = reverse("network:subscription_confirm", args=[services.confirm_token(subscriber)])
    later = time.time() + 8 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 410
        assert (
            "Ce lien a expiré (il marche 7 jours). Rien n&#x27;est changé"
            in response.content.decode()
        )
    assert Subscriber.objects.get().status == "pending"


def test_an_altered_link_is_refused(client):
    subscriber = services.subscribe(email="fatou@example.org")
    token = services.confirm_token(subscriber)
    response = client.post(reverse("network:subscription_confirm", args=[token[:-3] + "abc"]))
    assert response.status_code == 410 and "pas valable" in response.content.decode()
    with pytest.raises(ValidationError):
        services.unsubscribe(token=token)  # a confirmation link does not unsubscribe


def test_one_click_unsubscribe_by_the_mail_program_without_csrf(client):
    (subscriber,) = _subscribed("fatou@example.org")
    url = services.unsubscribe_path(subscriber)
    assert "Me désinscrire" in client.get(url).content.decode()
    assert Subscriber.objects.get().status == "confirmed"
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Subscriber.objects.get().status == "unsubscribed"


def _issue(national, library=(), events=(), groups=()):
    issue = services.issue_create(actor=national)
    return services.issue_compose(
        issue=issue,
        actor=national,
        subject="La Journée approche",
        intro="Bonjour à toutes et à tous.",
        library_pages=library,
        events=events,
        groups=groups,
    )


def test_an_issue_is_composed_previewed_sent_in_batches_and_read_online(
    national, group, journee, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    subscribers = _subscribed(*(f"lecteur{n}@example.org" for n in range(5)))
    services.subscribe(email="pas-confirme@example.org")
    issue = _issue(national, events=[journee], groups=[group])
    client = client_for(national)
    preview = client.get(reverse("network:issue_preview", args=[issue.pk])).content.decode()
    assert "Journée Nationale des Initiatives" in preview and group.name in preview
    assert "Envoyer à 5 adresses" in preview
    assert client_for().get(issue.get_absolute_url()).status_code == 404  # not before it is sent
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:issue_send", args=[issue.pk]))
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT and issue.recipients_count == 5
    assert sorted(m.to[0] for m in mailoutbox) == sorted(s.email for s in subscribers)
    message = mailoutbox[0]
    subscriber = Subscriber.objects.get(email=message.to[0])
    link = "http://127.0.0.1:8000" + services.unsubscribe_path(subscriber)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body and link.replace("&", "&amp;") in message.alternatives[0][0]
    assert "Journée Nationale des Initiatives" in message.body
    assert all(d.status == "sent" and d.attempts == 1 for d in Delivery.objects.all())
    web = client_for().get(issue.get_absolute_url()).content.decode()
    assert "La Journée approche" in web and group.name in web
    with pytest.raises(ValidationError, match="déjà envoyée"):
        services.issue_send(issue=issue, actor=national)
    log = client.get(reverse("network:issue_log", args=[issue.pk])).content.decode()
    assert "l•••@example.org" in log and "lecteur0@example.org" not in log


def test_bounces_are_marked_and_busy_servers_are_tried_again(
    national, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.network.mail_backends.ReceivingServer"
    settings.NEWSLETTER_RETRY_SECONDS = 0
    ReceivingServer.tries.clear()
    _subscribed("lecteur@example.org", "rebond@example.org", "occupee@example.org")
    issue = _issue(national)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.issue_send(issue=issue, actor=national) == 3
    deliveries = {d.subscriber.email: d for d in Delivery.objects.select_related("subscriber")}
    assert deliveries["lecteur@example.org"].status == "sent"
    bounced = deliveries["rebond@example.org"]
    assert bounced.status == "bounced" and bounced.last_error.startswith("550")
    assert Subscriber.objects.get(email="rebond@example.org").status == "bounced"
    busy = deliveries["occupee@example.org"]
    assert busy.status == "sent" and busy.attempts == 2
    assert Issue.objects.get().status == IssueStatus.SENT
    # The next issue skips the bounced address.
    second = _issue(national)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.issue_send(issue=second, actor=national) == 2


def test_a_server_that_stays_busy_fails_after_three_tries(
    national, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.network.mail_backends.ReceivingServer"
    settings.NEWSLETTER_RETRY_SECONDS = 0
    ReceivingServer.tries.clear()
    ReceivingServer.refused = {**ReceivingServer.refused, "toujours@example.org": 421}
    try:
        _subscribed("toujours@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            services.issue_send(issue=_issue(national), actor=national)
    finally:
        ReceivingServer.refused.pop("toujours@example.org")
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == sending.MAX_ATTEMPTS


def test_a_batch_left_by_a_stopped_worker_is_resumed_by_the_sweep(national, mailoutbox):
    _subscribed("lecteur@example.org", "lectrice@example.org")
    # The batches' tasks are queued after the commit: here they never run, as with a worker down.
    services.issue_send(issue=_issue(national), actor=national)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"queued"}
    assert network_sweep.call()["deliveries_resumed"] == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    assert Issue.objects.get().status == IssueStatus.SENT and len(mailoutbox) == 2
    assert network_sweep.call()["deliveries_resumed"] == 0


def test_composing_is_for_the_national_coordination(coordinator, national):
    issue = services.issue_create(actor=national)
    assert (
        client_for(coordinator).get(reverse("network:issue_compose", args=[issue.pk])).status_code
        == 403
    )
    response = client_for(national).post(
        reverse("network:issue_compose", args=[issue.pk]),
        {"subject": "", "intro": ""},
    )
    assert response.status_code == 400
