"""Sending an issue: batches of addresses, each batch a task of the worker.

A batch claims its deliveries (one UPDATE), renders the issue once, then sends one message per
address through one mail connection, with the address's own signed unsubscribe link in the text
and in the `List-Unsubscribe` header (RFC 2369, and RFC 8058 one-click). The outcome of each
address goes in the per-address log: sent; refused for good by the receiving server (bounced: the
address gets nothing more); or failed for now (a busy server, a lost connection), tried again
later, `MAX_ATTEMPTS` tries in all.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from mille.network.models import (
    Delivery,
    DeliveryStatus,
    Issue,
    IssueStatus,
    ItemKind,
    Subscriber,
    SubscriberStatus,
)
from mille.network.services import mail, scheduling
from mille.network.services.newsletter import unsubscribe_path

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
CLAIM_TIMEOUT = timedelta(minutes=15)
# Put in the rendered issue where each address's own unsubscribe link goes.
UNSUBSCRIBE_MARK = "__MILLE_UNSUBSCRIBE__"


def issue_sections(issue: Issue) -> list[tuple[str, list]]:
    """The issue's items by kind, in the order of the letter."""
    items = list(issue.items.all())
    return [
        (kind.label, [item for item in items if item.kind == kind])
        for kind in (ItemKind.LIBRARY, ItemKind.EVENT, ItemKind.GROUP)
        if any(item.kind == kind for item in items)
    ]


def render_issue(issue: Issue) -> tuple[str, str]:
    """(text, html) of the e-mail, with `UNSUBSCRIBE_MARK` where each address's link goes."""
    context = {
        "issue": issue,
        "sections": issue_sections(issue),
        "web_url": mail.absolute(issue.get_absolute_url()),
        "unsubscribe_url": UNSUBSCRIBE_MARK,
        "SITE_URL": settings.SITE_URL,
    }
    text = render_to_string("network/emails/issue.txt", context)
    html = render_to_string("network/emails/issue.html", context)
    return text, html


def message_for(
    issue: Issue, text: str, html: str, subscriber: Subscriber, connection=None
) -> EmailMultiAlternatives:
    url = mail.absolute(unsubscribe_path(subscriber))
    message = EmailMultiAlternatives(
        issue.subject,
        text.replace(UNSUBSCRIBE_MARK, url),
        None,
        [subscriber.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": "Lettre du réseau Mille et un territoires <lettre.mille>",
        },
    )
    message.attach_alternative(html.replace(UNSUBSCRIBE_MARK, escape(url)), "text/html")
    return message


def _claim(issue_id: int, first_pk: int, last_pk: int, now: datetime) -> list[Delivery]:
    claimable = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    with transaction.atomic():
        rows = Delivery.objects.filter(
            claimable,
            due,
            issue_id=issue_id,
            pk__gte=first_pk,
            pk__lte=last_pk,
            status__in=(DeliveryStatus.QUEUED, DeliveryStatus.RETRY),
        )
        ids = list(rows.values_list("pk", flat=True))
        Delivery.objects.filter(pk__in=ids).update(claimed_at=now)
    return list(Delivery.objects.filter(pk__in=ids).select_related("subscriber").order_by("pk"))


def _outcome(error: Exception) -> tuple[str, str]:
    """(status, text for the log) of a failed send."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, answer = next(iter(error.recipients.values()))
        detail = (
            f"{code} {answer.decode(errors='replace') if isinstance(answer, bytes) else answer}"
        )
        return (DeliveryStatus.BOUNCED if 500 <= code < 600 else DeliveryStatus.RETRY), detail
    if isinstance(error, smtplib.SMTPResponseException):
        detail = f"{error.smtp_code} {error.smtp_error!r}"
        return (
            DeliveryStatus.FAILED if 500 <= error.smtp_code < 600 else DeliveryStatus.RETRY
        ), detail
    return DeliveryStatus.RETRY, f"{type(error).__name__}: {error}"


def send_batch(*, issue_id: int, first_pk: int, last_pk: int) -> dict:
    """Send the deliveries of one batch that are due; returns the counts of this run."""
    issue = Issue.objects.filter(pk=issue_id).first()
    if issue is None or issue.status != IssueStatus.SENDING:
        return {}
    now = timezone.now()
    deliveries = _claim(issue_id, first_pk, last_pk, now)
    counts = {status: 0 for status in DeliveryStatus.values}
    if not deliveries:
        _finish_if_done(issue)
        return counts
    text, html = render_issue(issue)
    connection = get_connection()
    bounced, retry_at = [], None
    try:
        connection.open()
        for delivery in deliveries:
            subscriber = delivery.subscriber
            delivery.attempts += 1
            delivery.claimed_at = None
            if subscriber.status != SubscriberStatus.CONFIRMED:
                delivery.status, delivery.last_error = DeliveryStatus.FAILED, subscriber.status
                counts[delivery.status] += 1
                continue
            try:
                connection.send_messages([message_for(issue, text, html, subscriber, connection)])
            except Exception as error:  # noqa: BLE001 — each address's outcome goes in the log
                status, detail = _outcome(error)
                if status == DeliveryStatus.RETRY and delivery.attempts >= MAX_ATTEMPTS:
                    status = DeliveryStatus.FAILED
                delivery.status, delivery.last_error = status, detail[:200]
                if status == DeliveryStatus.BOUNCED:
                    bounced.append(subscriber.pk)
                if status == DeliveryStatus.RETRY:
                    delivery.next_attempt_at = now + timedelta(
                        seconds=settings.NEWSLETTER_RETRY_SECONDS * delivery.attempts
                    )
                    retry_at = min(retry_at or delivery.next_attempt_at, delivery.next_attempt_at)
                if not isinstance(error, smtplib.SMTPRecipientsRefused):
                    # The connection may be broken: start a new one for the next address.
                    connection.close()
                    connection.open()
            else:
                delivery.status, delivery.last_error = DeliveryStatus.SENT, ""
                delivery.sent_at, delivery.next_attempt_at = timezone.now(), None
            counts[delivery.status] += 1
    finally:
        connection.close()
        Delivery.objects.bulk_update(
            deliveries,
            ["status", "attempts", "last_error", "sent_at", "claimed_at", "next_attempt_at"],
            batch_size=500,
        )
        if bounced:
            Subscriber.objects.filter(pk__in=bounced).update(
                status=SubscriberStatus.BOUNCED, bounced_at=now
            )
    if retry_at is not None:
        from mille.network.tasks import send_newsletter_batch

        scheduling.at(send_newsletter_batch, retry_at, issue_id, first_pk, last_pk)
    _finish_if_done(issue)
    return counts


def _finish_if_done(issue: Issue) -> bool:
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != IssueStatus.SENDING:
            return False
        if issue.deliveries.filter(
            status__in=(DeliveryStatus.QUEUED, DeliveryStatus.RETRY)
        ).exists():
            return False
        issue.status = IssueStatus.SENT
        issue.sent_at = timezone.now()
        issue.save(update_fields=["status", "sent_at"])
        return True


def resume_stalled(*, now: datetime | None = None) -> int:
    """Deliveries left waiting (a worker stopped, a retry's task lost) go out again; an issue with
    nothing left to send is marked sent. Returns how many deliveries were put back in line."""
    from mille.network.tasks import send_newsletter_batch

    now = now or timezone.now()
    resumed = 0
    for issue in Issue.objects.filter(status=IssueStatus.SENDING):
        pending = issue.deliveries.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT),
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
            status__in=(DeliveryStatus.QUEUED, DeliveryStatus.RETRY),
        )
        ids = list(pending.order_by("pk").values_list("pk", flat=True))
        if not ids:
            _finish_if_done(issue)
            continue
        size = max(settings.NEWSLETTER_BATCH_SIZE, 1)
        for start in range(0, len(ids), size):
            chunk = ids[start : start + size]
            send_newsletter_batch.enqueue(issue.pk, chunk[0], chunk[-1])
        resumed += len(ids)
    return resumed
