"""The newsletter: subscription by double opt-in with the consent recorded, one-click signed
unsubscribe, issues composed from the library, the events and the groups, then sent by the worker."""

import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.groups.models import LocalGroup
from mille.network.models import (
    Delivery,
    Event,
    EventStatus,
    Issue,
    IssueItem,
    IssueStatus,
    ItemKind,
    Subscriber,
    SubscriberStatus,
)
from mille.network.services import mail

# The consent as the form shows it: kept word for word, with its version, for each subscriber.
CONSENT_VERSION = "2025-01"
CONSENT_TEXT = gettext_lazy(
    "Je veux recevoir la lettre d'information du réseau « Mille et un territoires » à cette "
    "adresse, quelques fois par an. Je peux me désinscrire à tout moment, en un clic, par le lien "
    "de chaque lettre. Mon adresse ne sert qu'à cela et n'est jamais transmise."
)
CONFIRM_DAYS = 7
_CONFIRM_SALT = "mille.network.newsletter.confirm"
_UNSUBSCRIBE_SALT = "mille.network.newsletter.unsubscribe"


def confirm_token(subscriber: Subscriber) -> str:
    return signing.dumps([subscriber.pk, subscriber.key], salt=_CONFIRM_SALT, compress=True)


def unsubscribe_token(subscriber: Subscriber) -> str:
    return signing.dumps([subscriber.pk, subscriber.key], salt=_UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_path(subscriber: Subscriber) -> str:
    return reverse("network:unsubscribe", kwargs={"token": unsubscribe_token(subscriber)})


def _subscriber_of(token: str, salt: str, max_age=None) -> Subscriber:
    try:
        pk, key = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ValidationError(
            _(
                "Ce lien a expiré (il marche %(days)d jours). Rien n'est changé : inscrivez-vous "
                "à nouveau et un nouveau lien vous sera envoyé."
            )
            % {"days": CONFIRM_DAYS}
        ) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise ValidationError(
            _("Ce lien n'est pas valable : vérifiez qu'il est complet.")
        ) from error
    subscriber = Subscriber.objects.filter(pk=pk, key=key).first()
    if subscriber is None:
        raise ValidationError(_("Ce lien ne marche plus : un lien plus récent vous a été envoyé."))
    return subscriber


@transaction.atomic
def subscribe(*, email: str, source: str = "footer") -> Subscriber:
    """Ask for the newsletter: a confirmation e-mail is sent; nothing is sent before it is
    confirmed. The same answer for a new or a known address, so that the form tells nobody who is
    subscribed."""
    from mille.network.services.registrations import normalize_email

    email = normalize_email(email)
    if not email:
        raise ValidationError(_("Écrivez votre adresse e-mail."))
    now = timezone.now()
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is not None and subscriber.status == SubscriberStatus.CONFIRMED:
        return subscriber
    if subscriber is None:
        subscriber = Subscriber(email=email)
    subscriber.status = SubscriberStatus.PENDING
    subscriber.key = secrets.token_hex(8)
    subscriber.consent_text = str(CONSENT_TEXT)
    subscriber.consent_version = CONSENT_VERSION
    subscriber.consented_at = now
    subscriber.source = source[:40]
    try:
        with transaction.atomic():
            subscriber.save()
    except IntegrityError:  # the same address, at the same moment
        return Subscriber.objects.get(email=email)
    mail.send_later(
        to=email,
        subject=_("Confirmez votre inscription à la lettre d'information"),
        template="newsletter_confirm",
        context={
            "confirm_path": reverse(
                "network:subscription_confirm", args=[confirm_token(subscriber)]
            ),
            "days": CONFIRM_DAYS,
        },
    )
    return subscriber


def subscription_check(token: str) -> Subscriber:
    """The subscriber a confirmation link is for (ValidationError if expired or altered)."""
    return _subscriber_of(token, _CONFIRM_SALT, max_age=CONFIRM_DAYS * 24 * 3600)


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscriber:
    """The second step of the double opt-in."""
    subscriber = subscription_check(token)
    if subscriber.status == SubscriberStatus.PENDING:
        subscriber.status = SubscriberStatus.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
    elif subscriber.status != SubscriberStatus.CONFIRMED:
        raise ValidationError(_("Ce lien ne marche plus : inscrivez-vous à nouveau."))
    return subscriber


def unsubscribe_check(token: str) -> Subscriber:
    return _subscriber_of(token, _UNSUBSCRIBE_SALT)


@transaction.atomic
def unsubscribe(*, token: str) -> Subscriber:
    """One click, no account, no question. The address is kept only as « unsubscribed », so that
    it is never written to again."""
    subscriber = unsubscribe_check(token)
    if subscriber.status != SubscriberStatus.UNSUBSCRIBED:
        subscriber.status = SubscriberStatus.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        Delivery.objects.filter(subscriber=subscriber, status__in=["queued", "retry"]).update(
            status="failed", last_error="désinscription"
        )
    return subscriber


# --- Issues ------------------------------------------------------------------------------------


@transaction.atomic
def issue_create(*, actor: User) -> Issue:
    check_perm(actor, "network.compose_newsletter")
    number = (Issue.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    return Issue.objects.create(
        number=number,
        subject=_("La lettre du réseau, n° %(n)d") % {"n": number},
        created_by=actor,
    )


def _library_item(page) -> tuple[str, str, str]:
    return page.title, getattr(page, "summary", "") or "", page.get_url() or ""


@transaction.atomic
def issue_compose(
    *,
    issue: Issue,
    actor: User,
    subject: str,
    intro: str = "",
    library_pages=(),
    events=(),
    groups=(),
    group_notes: dict | None = None,
) -> Issue:
    """Choose what the issue says: the coordination's word, library items, events, group news.
    Each item is kept as it reads now: the web version stays what was sent."""
    check_perm(actor, "network.compose_newsletter", issue)
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if issue.status != IssueStatus.DRAFT:
        raise ValidationError(_("Cette lettre est déjà envoyée : elle ne change plus."))
    subject = squash_spaces(subject)[:140]
    if not subject:
        raise ValidationError(_("Donnez un objet à la lettre."))
    events = list(events)
    if any(event.status != EventStatus.PUBLISHED for event in events):
        raise ValidationError(_("Seuls les événements publiés peuvent être annoncés."))
    issue.subject, issue.intro = subject, (intro or "").strip()[:3000]
    issue.save(update_fields=["subject", "intro"])
    issue.items.all().delete()
    notes = group_notes or {}
    items = []
    for page in library_pages:
        title, text, path = _library_item(page)
        items.append(
            IssueItem(kind=ItemKind.LIBRARY, source_id=page.pk, title=title, text=text, path=path)
        )
    for event in events:
        when = timezone.localtime(event.starts_at).strftime("%d/%m/%Y")
        place = event.commune.name if event.commune_id else _("en ligne")
        items.append(
            IssueItem(
                kind=ItemKind.EVENT,
                source_id=event.pk,
                title=event.title,
                text=f"{when}, {place}. {event.summary}",
                path=event.get_absolute_url(),
            )
        )
    for group in groups:
        note = squash_spaces(notes.get(group.pk, ""))[:500] or group.description[:300]
        items.append(
            IssueItem(
                kind=ItemKind.GROUP,
                source_id=group.pk,
                title=f"{group.name} ({group.territory_label})",
                text=note,
                path=group.get_absolute_url(),
            )
        )
    for position, item in enumerate(items):
        item.issue, item.position = issue, position
    IssueItem.objects.bulk_create(items)
    return issue


@transaction.atomic
def issue_send(*, issue: Issue, actor: User) -> int:
    """Send the issue to every confirmed address, through the worker, in batches; returns how many
    addresses it goes to. An issue is sent once."""
    from mille.network.tasks import send_newsletter_batch

    check_perm(actor, "network.compose_newsletter", issue)
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if issue.status != IssueStatus.DRAFT:
        raise ValidationError(_("Cette lettre est déjà envoyée."))
    if not issue.items.exists() and not issue.intro:
        raise ValidationError(
            _("La lettre est vide : écrivez le mot de la coordination ou choisissez des contenus.")
        )
    subscribers = Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED).order_by("pk")
    ids = list(subscribers.values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("Personne n'est encore inscrit à la lettre."))
    for start in range(0, len(ids), 2000):
        Delivery.objects.bulk_create(
            [Delivery(issue=issue, subscriber_id=pk) for pk in ids[start : start + 2000]]
        )
    issue.status = IssueStatus.SENDING
    issue.sent_by = actor
    issue.sending_started_at = timezone.now()
    issue.recipients_count = len(ids)
    issue.save(update_fields=["status", "sent_by", "sending_started_at", "recipients_count"])
    bounds = list(issue.deliveries.order_by("pk").values_list("pk", flat=True))
    size = max(settings.NEWSLETTER_BATCH_SIZE, 1)
    batches = [
        (bounds[i], bounds[min(i + size, len(bounds)) - 1]) for i in range(0, len(bounds), size)
    ]

    def enqueue() -> None:
        for first, last in batches:
            send_newsletter_batch.enqueue(issue.pk, first, last)

    transaction.on_commit(enqueue)
    return len(ids)


def events_for_issue():
    return (
        Event.objects.filter(status=EventStatus.PUBLISHED, starts_at__gte=timezone.now())
        .select_related("commune")
        .order_by("starts_at")[:20]
    )


def groups_for_issue():
    return LocalGroup.objects.select_related("departement").order_by(
        "-recognised_at", "-created_at"
    )[:20]
