"""Registration with or without an account, places and the waiting list.

Places are counted per session: confirmed and offered places hold a seat. A person ticks the sessions
they want; a session that is full is refused (nothing is written) unless the person chose its
waiting list. When a held place is freed, the next person waiting is offered it: with an e-mail, they
have `event.offer_hours` to accept through their link, after which the place goes to the next; with
no e-mail, the organiser calls them and confirms (or passes to the next).

A registration made with an e-mail address waits for the address to be confirmed (the link of the
first e-mail); its places are held meanwhile, and given back after `CONFIRM_HOURS`.
"""

import re
import secrets
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.network.models import (
    Access,
    Event,
    EventStatus,
    Registration,
    Seat,
    SeatStatus,
    Session,
)
from mille.network.models.events import HOLDING
from mille.network.services import mail, scheduling

CONFIRM_HOURS = 48
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_PHONE = re.compile(r"^\+?\d{8,15}$")


def normalize_phone(raw: str) -> str:
    """« 06 12 34 56 78 », « 06.12.34.56.78 » and « 0612345678 » are one number."""
    phone = re.sub(r"[\s.\-()/]", "", raw or "")
    if phone and not _PHONE.match(phone):
        raise ValidationError(
            _("Ce numéro de téléphone n'est pas complet : écrivez-le avec ses 10 chiffres.")
        )
    return phone


def normalize_email(raw: str) -> str:
    email = (raw or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError(
                _("Cette adresse e-mail n'est pas complète (exemple : prenom@exemple.fr).")
            ) from error
    return email


def held_counts(sessions) -> dict[int, int]:
    """Confirmed and offered places of each session, in one query."""
    rows = (
        Seat.objects.filter(session__in=sessions, status__in=HOLDING)
        .values("session_id")
        .annotate(n=Count("pk"))
    )
    return {row["session_id"]: row["n"] for row in rows}


def _is_full(session: Session, held: dict[int, int]) -> bool:
    return session.capacity is not None and held.get(session.pk, 0) >= session.capacity


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(8))


def _already(event: Event, email: str, phone: str, user) -> Registration | None:
    match = Q()
    if email:
        match |= Q(email=email)
    if phone:
        match |= Q(phone=phone)
    if user is not None and user.is_authenticated:
        match |= Q(user=user)
    if not match:
        return None
    return event.registrations.filter(match, cancelled_at__isnull=True).first()


def _send_link(registration: Registration, template: str, subject: str, *, now=False) -> None:
    (mail.send_now if now else mail.send_later)(
        to=registration.email,
        subject=subject % {"title": registration.event.title},
        template=template,
        context={
            "registration": registration,
            "event": registration.event,
            "seats": list(registration.seats.select_related("session")),
            "confirm_hours": CONFIRM_HOURS,
        },
    )


def registration_create(
    *,
    event: Event,
    name: str,
    sessions=(),
    waitlist=(),
    email: str = "",
    phone: str = "",
    needs=(),
    needs_note: str = "",
    user: User | None = None,
    entered_by: User | None = None,
) -> Registration:
    """Register a person for the sessions they chose (and the waiting lists they chose).
    Someone already registered is refused, and gets their registration's link again."""
    if entered_by is not None:
        check_perm(entered_by, "network.manage_event", event)
    else:
        check_perm(user or AnonymousUser(), "network.register", event)
    if (
        previous := _already(event, normalize_email(email), normalize_phone(phone), user)
    ) is not None:
        if previous.email:
            _send_link(previous, "registration_link", _("Votre inscription : %(title)s"), now=True)
        raise ValidationError(
            _(
                "Vous êtes déjà inscrit·e à cet événement. Pour changer vos séances, utilisez le "
                "lien de votre inscription (nous venons de le renvoyer à votre adresse e-mail, "
                "si vous en avez donné une)."
            )
        )
    with transaction.atomic():
        return _create(
            event=event,
            name=name,
            sessions=sessions,
            waitlist=waitlist,
            email=email,
            phone=phone,
            needs=needs,
            needs_note=needs_note,
            user=user,
            entered_by=entered_by,
        )


def _create(
    *, event, name, sessions, waitlist, email, phone, needs, needs_note, user, entered_by
) -> Registration:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.takes_registrations:
        raise ValidationError(_("Les inscriptions à cet événement sont fermées."))
    name = squash_spaces(name)[:80]
    if not name:
        raise ValidationError(_("Écrivez votre nom ou votre prénom."))
    email, phone = normalize_email(email), normalize_phone(phone)
    if not (email or phone) and entered_by is None:
        raise ValidationError(
            _(
                "Donnez une adresse e-mail ou un numéro de téléphone : c'est pour vous prévenir "
                "si quelque chose change."
            )
        )
    needs = list(dict.fromkeys(needs or []))
    if any(need not in Access.values for need in needs):
        raise ValidationError(_("Ce besoin n'est pas dans la liste."))
    wanted = {session.pk: session for session in sessions}
    waiting = {session.pk: session for session in waitlist if session.pk not in wanted}
    chosen = list(wanted.values()) + list(waiting.values())
    if not chosen:
        raise ValidationError(_("Cochez au moins une séance."))
    if any(session.event_id != event.pk for session in chosen):
        raise ValidationError(_("Cette séance n'est pas celle de cet événement."))
    if _already(event, email, phone, user) is not None:
        raise ValidationError(_("Vous êtes déjà inscrit·e à cet événement."))
    sessions_now = {s.pk: s for s in Session.objects.select_for_update().filter(pk__in=wanted)}
    held = held_counts(list(sessions_now.values()) + list(waiting.values()))
    full = [s.title for s in sessions_now.values() if _is_full(s, held)]
    if full:
        raise ValidationError(
            _(
                "La séance « %(title)s » est complète : rien n'est enregistré. Vous pouvez cocher "
                "« Liste d'attente » pour cette séance, ou choisir une autre séance."
            )
            % {"title": full[0]}
        )
    now = timezone.now()
    confirmed = (
        not email
        or entered_by is not None
        or (user is not None and user.is_authenticated and user.email == email)
    )
    try:
        registration = Registration.objects.create(
            event=event,
            name=name,
            email=email,
            phone=phone,
            needs=needs,
            needs_note=squash_spaces(needs_note)[:200],
            token=secrets.token_urlsafe(24),
            checkin_code=_code(),
            user=user if user is not None and user.is_authenticated else None,
            entered_by=entered_by,
            confirmed_at=now if confirmed else None,
        )
    except IntegrityError as error:
        raise ValidationError(_("Vous êtes déjà inscrit·e à cet événement.")) from error
    seats = [
        Seat(registration=registration, session=session, status=SeatStatus.CONFIRMED)
        for session in sessions_now.values()
    ]
    seats += [
        Seat(
            registration=registration,
            session=session,
            status=SeatStatus.WAITING if _is_full(session, held) else SeatStatus.CONFIRMED,
        )
        for session in waiting.values()
    ]
    Seat.objects.bulk_create(seats)
    if email:
        if confirmed:
            _send_link(registration, "registration_link", _("Votre inscription : %(title)s"))
        else:
            from mille.network.tasks import release_if_unconfirmed

            scheduling.at(
                release_if_unconfirmed, now + timedelta(hours=CONFIRM_HOURS), registration.pk
            )
            _send_link(
                registration, "registration_confirm", _("Confirmez votre inscription : %(title)s")
            )
    return registration


def _check_active(registration: Registration) -> None:
    if registration.cancelled_at is not None:
        raise ValidationError(_("Cette inscription est annulée."))
    if registration.event.is_cancelled:
        raise ValidationError(_("Cet événement est annulé."))
    if registration.event.is_past:
        raise ValidationError(_("Cet événement a déjà eu lieu."))


@transaction.atomic
def registration_confirm(*, registration: Registration) -> Registration:
    """The person confirms their e-mail address (the link of the first e-mail)."""
    _check_active(registration)
    if registration.confirmed_at is None:
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["confirmed_at"])
    return registration


def _seat(registration: Registration, session: Session, *, lock: bool = True) -> Seat:
    seats = Seat.objects.select_for_update() if lock else Seat.objects
    seat = seats.filter(registration=registration, session=session).first()
    if seat is None:
        raise ValidationError(_("Vous n'êtes pas inscrit·e à cette séance."))
    return seat


def _release(seats: list[Seat], status: str) -> None:
    """Mark seats left; places they held go to the next people waiting."""
    freed = {seat.session_id for seat in seats if seat.status in HOLDING}
    for seat in seats:
        seat.status = status
        seat.offer_expires_at = None
    Seat.objects.bulk_update(seats, ["status", "offer_expires_at"])
    for session in Session.objects.filter(pk__in=freed).select_related("event"):
        offer_free_places(session)


@transaction.atomic
def seat_cancel(*, registration: Registration, session: Session) -> None:
    """Leave one session (its place, or its waiting list)."""
    _check_active(registration)
    seat = _seat(registration, session)
    if seat.status not in (*HOLDING, SeatStatus.WAITING):
        raise ValidationError(_("Vous n'avez plus de place à cette séance."))
    _release([seat], SeatStatus.CANCELLED)
    if not registration.seats.filter(status__in=(*HOLDING, SeatStatus.WAITING)).exists():
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["cancelled_at"])


@transaction.atomic
def registration_cancel(*, registration: Registration) -> None:
    """Cancel the whole registration, in one click: every place goes to the next people."""
    _check_active(registration)
    seats = list(
        Seat.objects.select_for_update().filter(
            registration=registration, status__in=(*HOLDING, SeatStatus.WAITING)
        )
    )
    _release(seats, SeatStatus.CANCELLED)
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["cancelled_at"])


def offer_free_places(session: Session, now: datetime | None = None) -> list[Seat]:
    """Offer each free place of the session to the next person waiting (oldest first)."""
    from mille.network.tasks import expire_offer

    if session.capacity is None and not session.seats.filter(status=SeatStatus.WAITING).exists():
        return []
    now = now or timezone.now()
    event = session.event
    if event.is_cancelled or session.starts_at <= now:
        return []
    held = session.seats.filter(status__in=HOLDING).count()
    free = (session.capacity - held) if session.capacity is not None else 10**9
    offered = []
    if free <= 0:
        return offered
    waiting = (
        session.seats.select_related("registration")
        .filter(status=SeatStatus.WAITING)
        .order_by("created_at", "pk")[: min(free, 1000)]
    )
    for seat in waiting:
        seat.status = SeatStatus.OFFERED
        seat.offered_at = now
        seat.offer_expires_at = (
            min(now + timedelta(hours=event.offer_hours), session.starts_at)
            if seat.registration.email
            else None
        )
        seat.save(update_fields=["status", "offered_at", "offer_expires_at"])
        offered.append(seat)
        if seat.registration.email:
            mail.send_later(
                to=seat.registration.email,
                subject=_("Une place se libère : %(title)s") % {"title": event.title},
                template="offer",
                context={"registration": seat.registration, "seat": seat, "event": event},
            )
            scheduling.at(expire_offer, seat.offer_expires_at, seat.pk)
    return offered


@transaction.atomic
def offer_accept(*, registration: Registration, session: Session) -> Seat:
    """Take the place offered, before the time runs out."""
    _check_active(registration)
    seat = _seat(registration, session)
    if seat.status == SeatStatus.CONFIRMED:
        return seat
    if seat.status == SeatStatus.EXPIRED or (
        seat.status == SeatStatus.OFFERED and not seat.offer_is_open
    ):
        raise ValidationError(
            _(
                "Le délai pour accepter cette place est passé : elle est proposée à la personne "
                "suivante. Rien n'a changé pour vous."
            )
        )
    if seat.status != SeatStatus.OFFERED:
        raise ValidationError(_("Aucune place ne vous est proposée pour cette séance."))
    seat.status = SeatStatus.CONFIRMED
    seat.offer_expires_at = None
    seat.save(update_fields=["status", "offer_expires_at"])
    if registration.confirmed_at is None:
        # Following the offer's link proves the address.
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["confirmed_at"])
    return seat


@transaction.atomic
def offer_decline(*, registration: Registration, session: Session) -> None:
    """Let the offered place go to the next person."""
    _check_active(registration)
    seat = _seat(registration, session)
    if seat.status != SeatStatus.OFFERED:
        raise ValidationError(_("Aucune place ne vous est proposée pour cette séance."))
    _release([seat], SeatStatus.DECLINED)


@transaction.atomic
def offer_confirm_for(*, seat: Seat, actor: User) -> Seat:
    """The organiser confirms an offered place for someone they reached (by phone, in person)."""
    check_perm(actor, "network.manage_event", seat.session.event)
    seat = Seat.objects.select_for_update().select_related("registration").get(pk=seat.pk)
    if seat.status != SeatStatus.OFFERED:
        raise ValidationError(_("Cette place n'est plus proposée."))
    seat.status = SeatStatus.CONFIRMED
    seat.offer_expires_at = None
    seat.save(update_fields=["status", "offer_expires_at"])
    return seat


@transaction.atomic
def offer_pass(*, seat: Seat, actor: User) -> None:
    """The organiser could not reach the person: the place goes to the next one."""
    check_perm(actor, "network.manage_event", seat.session.event)
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    if seat.status != SeatStatus.OFFERED:
        raise ValidationError(_("Cette place n'est plus proposée."))
    _release([seat], SeatStatus.EXPIRED)


@transaction.atomic
def offers_expire(*, now: datetime | None = None, seat_id: int | None = None) -> int:
    """Offers whose time has run out go to the next person; returns how many expired."""
    now = now or timezone.now()
    seats = Seat.objects.select_for_update().filter(
        status=SeatStatus.OFFERED, offer_expires_at__isnull=False, offer_expires_at__lte=now
    )
    if seat_id is not None:
        seats = seats.filter(pk=seat_id)
    seats = list(seats)
    _release(seats, SeatStatus.EXPIRED)
    return len(seats)


@transaction.atomic
def unconfirmed_release(*, now: datetime | None = None, registration_id: int | None = None) -> int:
    """Registrations whose address was never confirmed give their places back."""
    now = now or timezone.now()
    stale = Registration.objects.select_for_update().filter(
        cancelled_at__isnull=True,
        confirmed_at__isnull=True,
        created_at__lte=now - timedelta(hours=CONFIRM_HOURS),
    )
    if registration_id is not None:
        stale = stale.filter(pk=registration_id)
    stale = list(stale)
    for registration in stale:
        seats = list(registration.seats.filter(status__in=(*HOLDING, SeatStatus.WAITING)))
        _release(seats, SeatStatus.CANCELLED)
        registration.cancelled_at = now
        registration.save(update_fields=["cancelled_at"])
    return len(stale)


def reminders_send(*, event: Event, now: datetime | None = None) -> int:
    """The day-before reminder, by e-mail where one was given; returns how many were sent."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status != EventStatus.PUBLISHED or event.reminded_at is not None:
            return 0
        if not (now < event.starts_at <= now + timedelta(hours=36)):
            return 0
        event.reminded_at = now
        event.save(update_fields=["reminded_at"])
        registrations = (
            event.registrations.filter(cancelled_at__isnull=True)
            .exclude(email="")
            .filter(seats__status=SeatStatus.CONFIRMED)
            .distinct()
        )
        count = 0
        for registration in registrations:
            _send_link(registration, "reminder", _("Demain : %(title)s"))
            count += 1
        return count
