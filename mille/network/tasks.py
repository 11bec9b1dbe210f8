"""Background work of the network (django-tasks). Tasks take ids, never model instances; each
checks the stored state again, so a task that runs late, twice, or after a change does no harm."""

from django.utils import timezone
from django_tasks import task

from mille.network.models import Event


@task()
def expire_offer(seat_id: int) -> int:
    """An offered place whose time ran out goes to the next person waiting."""
    from mille.network.services.registrations import offers_expire

    return offers_expire(seat_id=seat_id)


@task()
def send_event_reminders(event_id: int) -> int:
    from mille.network.services.events import REMINDER_BEFORE, _schedule_reminders
    from mille.network.services.registrations import reminders_send

    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    if event.starts_at - REMINDER_BEFORE > timezone.now():
        # The event moved later since this reminder was planned: plan it again.
        _schedule_reminders(event)
        return 0
    return reminders_send(event=event)


@task()
def erase_event_list(event_id: int) -> bool:
    """The list of names goes `ERASE_AFTER` the end of the event; the counts stay."""
    from mille.network.services import attendance, scheduling

    event = Event.objects.filter(pk=event_id, attendance_erased_at__isnull=True).first()
    if event is None:
        return False
    due = event.ends_at + attendance.ERASE_AFTER
    if due > timezone.now():
        # The event moved later since this was planned.
        scheduling.at(erase_event_list, due, event.pk)
        return False
    return attendance.attendance_erase(event=event)


@task()
def release_if_unconfirmed(registration_id: int) -> int:
    """A registration whose address was never confirmed gives its places back."""
    from mille.network.services.registrations import unconfirmed_release

    return unconfirmed_release(registration_id=registration_id)


@task()
def send_newsletter_batch(issue_id: int, first_pk: int, last_pk: int) -> dict:
    """Send the deliveries of one batch of an issue (see `services.sending`)."""
    from mille.network.services.sending import send_batch

    return send_batch(issue_id=issue_id, first_pk=first_pk, last_pk=last_pk)


@task()
def network_sweep() -> dict:
    """Everything due: expired offers, unconfirmed registrations, reminders, erasures, and
    deliveries left waiting. `manage.py network_sweep` runs it too (a daily cron is enough)."""
    from mille.network.services import attendance, registrations, sending
    from mille.network.services.events import events_to_remind

    now = timezone.now()
    done = {
        "offers_expired": registrations.offers_expire(now=now),
        "unconfirmed_released": registrations.unconfirmed_release(now=now),
        "reminded": sum(
            registrations.reminders_send(event=event, now=now) for event in events_to_remind(now)
        ),
        "erased": sum(
            attendance.attendance_erase(event=event, now=now)
            for event in attendance.events_to_erase(now)
        ),
        "deliveries_resumed": sending.resume_stalled(now=now),
    }
    return done


@task(takes_context=True)
def daily_network_sweep(context) -> dict:
    """`network_sweep` once a day in the worker (`manage.py network_sweep --schedule`)."""
    from mille.core import daily

    return daily.run_daily(daily_network_sweep, context, network_sweep.call)
