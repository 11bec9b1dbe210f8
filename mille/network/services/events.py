"""Writes on events and their programme. Each service checks the actor's named permission again;
bad input raises ValidationError with a French message and writes nothing."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.groups.models import LocalGroup
from mille.network.models import (
    Access,
    Event,
    EventLevel,
    EventStatus,
    SeatStatus,
    Session,
    SessionKind,
)
from mille.network.models.events import HOLDING
from mille.network.services import mail, scheduling
from mille.territories.models import Commune, Departement

REMINDER_BEFORE = timedelta(hours=24)
DEFAULT_KIND = {
    EventLevel.NATIONAL: SessionKind.PLENARY,
    EventLevel.DEPARTEMENTAL: SessionKind.MEETING,
    EventLevel.LOCAL: SessionKind.MEETING,
    EventLevel.TRAINING: SessionKind.TRAINING,
}


def _unique_slug(title: str, starts_at: datetime) -> str:
    base = f"{slugify(title)[:50].strip('-') or 'evenement'}-{timezone.localtime(starts_at):%Y}"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_times(starts_at, ends_at) -> None:
    if starts_at is None or ends_at is None:
        raise ValidationError(_("Indiquez le début et la fin."))
    if ends_at <= starts_at:
        raise ValidationError(_("La fin doit venir après le début."))
    if ends_at - starts_at > timedelta(days=5):
        raise ValidationError(_("Un événement dure 5 jours au plus."))


def _check_access(values) -> list[str]:
    values = list(dict.fromkeys(values or []))
    if any(value not in Access.values for value in values):
        raise ValidationError(_("Ce besoin n'est pas dans la liste."))
    return values


def _place(
    *,
    level: str,
    group: LocalGroup | None,
    departement: Departement | None,
    commune: Commune | None,
    online_url: str,
) -> Departement | None:
    if level not in EventLevel.values:
        raise ValidationError(
            _("Choisissez un niveau : national, départemental, local, formation.")
        )
    if level == EventLevel.LOCAL and group is None:
        raise ValidationError(_("Un événement local est celui d'un groupe : choisissez le groupe."))
    if commune is None and not online_url:
        raise ValidationError(_("Indiquez la commune du lieu, ou le lien pour suivre en ligne."))
    if commune is not None:
        if departement is not None and commune.departement_id != departement.pk:
            raise ValidationError(_("Cette commune n'est pas dans le département choisi."))
        return commune.departement
    if level == EventLevel.LOCAL:
        return group.departement
    return departement


def _apply(event: Event, fields: dict) -> None:
    event.title = squash_spaces(fields["title"])[:140]
    if not event.title:
        raise ValidationError(_("Donnez un titre à l'événement."))
    event.summary = squash_spaces(fields.get("summary"))[:300]
    if not event.summary:
        raise ValidationError(_("Dites en une phrase de quoi il s'agit."))
    event.description = (fields.get("description") or "").strip()[:5000]
    event.audience = squash_spaces(fields.get("audience"))[:300]
    event.place_name = squash_spaces(fields.get("place_name"))[:140]
    event.address = squash_spaces(fields.get("address"))[:200]
    event.online_url = (fields.get("online_url") or "").strip()[:200]
    event.access = _check_access(fields.get("access"))
    event.access_note = squash_spaces(fields.get("access_note"))[:500]
    event.testimony_call = (fields.get("testimony_call") or "").strip()[:1000]
    event.registration_open = bool(fields.get("registration_open", True))
    hours = fields.get("offer_hours") or 48
    if not 2 <= hours <= 240:
        raise ValidationError(_("Le délai pour accepter une place va de 2 à 240 heures."))
    event.offer_hours = hours
    commune = fields.get("commune")
    event.commune = commune
    latitude, longitude = fields.get("latitude"), fields.get("longitude")
    if (latitude is None) != (longitude is None):
        raise ValidationError(_("Donnez la latitude et la longitude, ou aucune des deux."))
    if latitude is None and commune is not None:
        latitude, longitude = commune.latitude, commune.longitude
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError(_("Ce point n'est pas sur la carte."))
    event.latitude, event.longitude = latitude, longitude


@transaction.atomic
def event_create(
    *,
    actor: User,
    level: str,
    title: str,
    summary: str,
    starts_at: datetime,
    ends_at: datetime,
    group: LocalGroup | None = None,
    departement: Departement | None = None,
    commune: Commune | None = None,
    capacity: int | None = None,
    **fields,
) -> Event:
    """A new event, in preparation, with one session of its own time (a programme adds others)."""
    check_perm(actor, "network.add_event")
    _check_times(starts_at, ends_at)
    if starts_at < timezone.now():
        raise ValidationError(_("Cette date est passée : choisissez une date à venir."))
    event = Event(level=level, group=group if level == EventLevel.LOCAL else None, created_by=actor)
    event.departement = _place(
        level=level,
        group=group,
        departement=departement,
        commune=commune,
        online_url=fields.get("online_url", ""),
    )
    _apply(event, {**fields, "title": title, "summary": summary, "commune": commune})
    event.starts_at, event.ends_at = starts_at, ends_at
    if not actor.has_perm("network.manage_event", event):
        raise ValidationError(
            _(
                "Vous ne pouvez pas organiser cet événement : la coordination nationale organise "
                "les événements nationaux, un·e référent·e ceux de son département, un groupe ses "
                "propres rencontres."
            )
        )
    event.slug = _unique_slug(event.title, starts_at)
    event.save()
    _check_capacity(capacity)
    Session.objects.create(
        event=event,
        title=event.title,
        kind=DEFAULT_KIND[level],
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
    )
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    actor: User,
    title: str,
    summary: str,
    starts_at: datetime,
    ends_at: datetime,
    departement: Departement | None = None,
    commune: Commune | None = None,
    **fields,
) -> Event:
    """Change what the event says; registered people are told when the date or the place moves."""
    check_perm(actor, "network.manage_event", event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError(_("Cet événement est annulé : il ne change plus."))
    _check_times(starts_at, ends_at)
    before = (event.starts_at, event.ends_at, event.where)
    event.departement = _place(
        level=event.level,
        group=event.group,
        departement=departement,
        commune=commune,
        online_url=fields.get("online_url", ""),
    )
    _apply(event, {**fields, "title": title, "summary": summary, "commune": commune})
    if not actor.has_perm("network.manage_event", event):
        raise ValidationError(_("Cet événement doit rester dans votre département."))
    sessions = list(event.sessions.all())
    if len(sessions) == 1 and (sessions[0].starts_at, sessions[0].ends_at) == before[:2]:
        sessions[0].starts_at, sessions[0].ends_at = starts_at, ends_at
        sessions[0].save(update_fields=["starts_at", "ends_at"])
    event.starts_at, event.ends_at = starts_at, ends_at
    event.sequence += 1
    if before[0] != starts_at:
        event.reminded_at = None
    event.save()
    if event.status == EventStatus.PUBLISHED:
        if before != (event.starts_at, event.ends_at, event.where):
            _tell_registered(event, "event_changed", _("Changement : %(title)s"))
        _schedule_reminders(event)
    return event


def _schedule_reminders(event: Event) -> None:
    """The day-before reminder, and the erasure of the list of names after the event."""
    from mille.network.services.attendance import ERASE_AFTER
    from mille.network.tasks import erase_event_list, send_event_reminders

    scheduling.at(send_event_reminders, event.starts_at - REMINDER_BEFORE, event.pk)
    scheduling.at(erase_event_list, event.ends_at + ERASE_AFTER, event.pk)


def _tell_registered(event: Event, template: str, subject: str, **extra) -> None:
    registrations = event.registrations.filter(cancelled_at__isnull=True).exclude(email="")
    for registration in registrations:
        mail.send_later(
            to=registration.email,
            subject=subject % {"title": event.title},
            template=template,
            context={"event": event, "registration": registration, **extra},
        )


@transaction.atomic
def event_publish(*, event: Event, actor: User) -> Event:
    """Put the event in the public calendar and open its registrations."""
    check_perm(actor, "network.manage_event", event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.DRAFT:
        raise ValidationError(_("Cet événement est déjà publié."))
    if event.starts_at < timezone.now():
        raise ValidationError(_("Cette date est passée : changez-la avant de publier."))
    event.status = EventStatus.PUBLISHED
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at"])
    _schedule_reminders(event)
    return event


@transaction.atomic
def event_cancel(*, event: Event, actor: User, reason: str = "") -> Event:
    """Cancel the event: it stays in the calendar, marked cancelled; everyone registered is told."""
    check_perm(actor, "network.manage_event", event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError(_("Cet événement est déjà annulé."))
    if event.is_past:
        raise ValidationError(_("Cet événement a déjà eu lieu."))
    was_public = event.status == EventStatus.PUBLISHED
    event.status = EventStatus.CANCELLED
    event.cancelled_at = timezone.now()
    event.sequence += 1
    event.save(update_fields=["status", "cancelled_at", "sequence"])
    if was_public:
        _tell_registered(
            event, "event_cancelled", _("Annulé : %(title)s"), reason=squash_spaces(reason)[:300]
        )
    return event


def _check_capacity(capacity) -> None:
    if capacity is not None and not 1 <= capacity <= 10_000:
        raise ValidationError(_("Le nombre de places va de 1 à 10 000 (vide : sans limite)."))


@transaction.atomic
def session_save(
    *,
    event: Event,
    actor: User,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    kind: str = SessionKind.WORKSHOP,
    room: str = "",
    capacity: int | None = None,
    description: str = "",
    session: Session | None = None,
) -> Session:
    """Add a session to the programme, or change one. Places can grow (the waiting list moves up)
    but not shrink below the places already confirmed."""
    from mille.network.services.registrations import offer_free_places

    check_perm(actor, "network.manage_event", event)
    if session is not None and session.event_id != event.pk:
        raise ValidationError(_("Cette séance n'est pas celle de cet événement."))
    if event.is_cancelled:
        raise ValidationError(_("Cet événement est annulé : son programme ne change plus."))
    if kind not in SessionKind.values:
        raise ValidationError(_("Choisissez un type de séance dans la liste."))
    _check_times(starts_at, ends_at)
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ValidationError(
            _("La séance doit avoir lieu pendant l'événement (du %(start)s au %(end)s).")
            % {
                "start": timezone.localtime(event.starts_at).strftime("%d/%m/%Y %H:%M"),
                "end": timezone.localtime(event.ends_at).strftime("%d/%m/%Y %H:%M"),
            }
        )
    _check_capacity(capacity)
    title = squash_spaces(title)[:140]
    if not title:
        raise ValidationError(_("Donnez un titre à la séance."))
    if session is not None:
        session = Session.objects.select_for_update().get(pk=session.pk)
        held = session.seats.filter(status__in=HOLDING).count()
        if capacity is not None and capacity < held:
            raise ValidationError(
                _(
                    "%(n)d places sont déjà prises : le nombre de places ne peut pas descendre "
                    "en dessous."
                )
                % {"n": held}
            )
    else:
        session = Session(event=event)
    session.title, session.kind, session.room = title, kind, squash_spaces(room)[:100]
    session.starts_at, session.ends_at, session.capacity = starts_at, ends_at, capacity
    session.description = squash_spaces(description)[:600]
    session.save()
    event.sequence += 1
    event.save(update_fields=["sequence"])
    offer_free_places(session)
    return session


@transaction.atomic
def session_delete(*, session: Session, actor: User) -> None:
    """Take a session out of the programme, while nobody holds a place in it."""
    check_perm(actor, "network.manage_event", session.event)
    if session.seats.exclude(status=SeatStatus.CANCELLED).exists():
        raise ValidationError(
            _("Des personnes sont inscrites à cette séance : elle ne peut pas être retirée.")
        )
    if session.event.sessions.count() == 1:
        raise ValidationError(_("Un événement garde au moins une séance."))
    session.delete()


def events_to_remind(now: datetime | None = None):
    now = now or timezone.now()
    return Event.objects.filter(
        Q(status=EventStatus.PUBLISHED),
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_BEFORE,
    )
