"""Attendance: by QR code at the door (the badge's code opens the person's check-in page on the
organiser's phone), or by ticking the printed list and entering it afterwards. After the event the
list of names is erased; each session keeps how many were registered, came, and waited."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.network.models import Event, Registration, Seat, SeatStatus

ERASE_AFTER = timedelta(days=30)


def _check_list_kept(event: Event) -> None:
    if event.attendance_erased_at is not None:
        raise ValidationError(
            _("La liste des inscrits est déjà effacée ; seuls les nombres restent.")
        )


@transaction.atomic
def attendance_check_in(
    *, event: Event, actor: User, registration: Registration, session_ids=None
) -> int:
    """Mark the person present in the given sessions (by default every place they hold today, or
    every place if none is today). Returns how many places were marked."""
    check_perm(actor, "network.manage_event", event)
    _check_list_kept(event)
    if registration.event_id != event.pk:
        raise ValidationError(_("Cette personne n'est pas inscrite à cet événement."))
    seats = Seat.objects.select_for_update().filter(
        registration=registration, status__in=(SeatStatus.CONFIRMED, SeatStatus.OFFERED)
    )
    if session_ids is not None:
        seats = seats.filter(session_id__in=session_ids)
    else:
        today = seats.filter(session__starts_at__date=timezone.localdate())
        seats = today if today.exists() else seats
    marked = seats.filter(attended_at__isnull=True).update(attended_at=timezone.now())
    if not marked and not seats.exists():
        raise ValidationError(_("Cette personne n'a pas de place confirmée à ces séances."))
    return marked


@transaction.atomic
def attendance_save(*, event: Event, actor: User, present_seat_ids) -> int:
    """The ticks of the printed list, entered after the event: exactly these places were present."""
    check_perm(actor, "network.manage_event", event)
    _check_list_kept(event)
    present = {int(pk) for pk in present_seat_ids}
    seats = Seat.objects.select_for_update().filter(
        session__event=event, status__in=(SeatStatus.CONFIRMED, SeatStatus.OFFERED)
    )
    if present - set(seats.values_list("pk", flat=True)):
        raise ValidationError(_("Une des personnes cochées n'est pas sur la liste."))
    now = timezone.now()
    seats.filter(pk__in=present, attended_at__isnull=True).update(attended_at=now)
    seats.exclude(pk__in=present).update(attended_at=None)
    return len(present)


@transaction.atomic
def attendance_erase(
    *, event: Event, actor: User | None = None, now: datetime | None = None
) -> bool:
    """Erase names and contacts once the event is over; keep each session's counts. `actor` is
    None when the erasure is the automatic one, `ERASE_AFTER` the end."""
    now = now or timezone.now()
    if actor is not None:
        check_perm(actor, "network.manage_event", event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.attendance_erased_at is not None:
        return False
    if event.ends_at > now and not event.is_cancelled:
        raise ValidationError(_("La liste s'efface après l'événement, pas avant."))
    sessions = event.sessions.annotate(
        registered=Count("seats", filter=Q(seats__status=SeatStatus.CONFIRMED)),
        attended=Count("seats", filter=Q(seats__attended_at__isnull=False)),
        waited=Count(
            "seats",
            filter=Q(
                seats__status__in=(SeatStatus.WAITING, SeatStatus.OFFERED, SeatStatus.EXPIRED)
            ),
        ),
    )
    for session in sessions:
        session.kept_registered = session.registered
        session.kept_attended = session.attended
        session.kept_waiting = session.waited
        session.save(update_fields=["kept_registered", "kept_attended", "kept_waiting"])
    event.registrations.all().delete()
    event.attendance_erased_at = now
    event.save(update_fields=["attendance_erased_at"])
    return True


def events_to_erase(now: datetime | None = None):
    now = now or timezone.now()
    return Event.objects.filter(attendance_erased_at__isnull=True, ends_at__lte=now - ERASE_AFTER)
