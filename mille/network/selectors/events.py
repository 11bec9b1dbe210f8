"""Reads for the gatherings' pages: the calendar, an event's programme with its places, the
organiser's lists."""

import json
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from mille.core.ics import CalendarEvent
from mille.network.models import Event, EventStatus, Registration, Seat, SeatStatus, Session
from mille.network.models.events import HOLDING
from mille.network.services.mail import absolute


@dataclass(frozen=True)
class EventFilters:
    departement: str = ""
    level: str = ""
    past: bool = False
    group: str = ""


def public_events(filters: EventFilters) -> QuerySet[Event]:
    """Published (and cancelled) events, soonest first; past ones latest first."""
    now = timezone.now()
    qs = Event.objects.exclude(status=EventStatus.DRAFT).select_related(
        "commune", "departement", "group"
    )
    if filters.past:
        qs = qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        qs = qs.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if filters.departement:
        qs = qs.filter(departement_id=filters.departement)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.group:
        qs = qs.filter(group__slug=filters.group)
    return qs


def published_events(
    *, departement: str = "", commune: str = "", since=None, until=None
) -> QuerySet[Event]:
    """Published events (not drafts, not cancelled) for the public API, by start date."""
    qs = Event.objects.filter(status=EventStatus.PUBLISHED).select_related(
        "commune", "departement", "group"
    )
    if departement:
        qs = qs.filter(departement_id=departement.upper())
    if commune:
        qs = qs.filter(commune_id=commune.upper())
    if since is not None:
        qs = qs.filter(ends_at__date__gte=since)
    if until is not None:
        qs = qs.filter(starts_at__date__lte=until)
    return qs.order_by("starts_at", "pk")


def sessions_with_places(sessions) -> list[Session]:
    """Each session with `held`, `waiting` and `left` (None: no limit)."""
    rows = list(
        sessions.annotate(
            held=Count("seats", filter=Q(seats__status__in=HOLDING)),
            waiting=Count("seats", filter=Q(seats__status=SeatStatus.WAITING)),
        ).order_by("starts_at", "pk")
    )
    for session in rows:
        session.left = None if session.capacity is None else max(session.capacity - session.held, 0)
    return rows


def places_by_event(events: list[Event]) -> dict[int, int | None]:
    """Places left per event (None: no limit), for a page of the calendar, in one query."""
    left: dict[int, int | None] = {}
    for session in sessions_with_places(Session.objects.filter(event__in=events)):
        if session.left is None or left.get(session.event_id, 0) is None:
            left[session.event_id] = None
        else:
            left[session.event_id] = left.get(session.event_id, 0) + session.left
    return left


def events_geojson(filters: EventFilters) -> str:
    """Upcoming events with a place on the map, as GeoJSON (public data only)."""
    features = []
    for event in public_events(filters).filter(latitude__isnull=False)[:500]:
        when = timezone.localtime(event.starts_at).strftime("%d/%m/%Y")
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(event.longitude, 5), round(event.latitude, 5)],
                },
                "properties": {
                    "name": event.title,
                    "territory": f"{when} — {event.commune.name if event.commune_id else ''}",
                    "url": event.get_absolute_url(),
                    "recognised": False,
                },
            }
        )
    return json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def calendar_item(event: Event) -> CalendarEvent:
    description = event.summary
    if event.online_url:
        description += f"\n{event.online_url}"
    return CalendarEvent(
        uid=f"evenement-{event.pk}",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        description=description,
        location=event.where,
        url=absolute(event.get_absolute_url()),
        latitude=event.latitude,
        longitude=event.longitude,
        cancelled=event.is_cancelled,
        sequence=event.sequence,
    )


def feed_events() -> list[Event]:
    """The public calendar feed: what is coming, and the last three months."""
    since = timezone.now() - timedelta(days=92)
    return list(
        Event.objects.exclude(status=EventStatus.DRAFT)
        .filter(ends_at__gte=since)
        .select_related("commune")
        .order_by("starts_at", "pk")[:1000]
    )


@dataclass
class OrganiserView:
    sessions: list[Session]
    seats: dict[int, list[Seat]]
    to_call: list[Seat]
    phone_only: list[Registration]
    needs: dict[str, int]
    registrations: int


def organiser_view(event: Event) -> OrganiserView:
    """Everything the organiser's page lists, in a fixed number of queries."""
    sessions = sessions_with_places(event.sessions.all())
    seats = (
        Seat.objects.filter(session__event=event)
        .exclude(status=SeatStatus.CANCELLED)
        .select_related("registration")
        .order_by("session__starts_at", "session_id", "created_at", "pk")
    )
    by_session: dict[int, list[Seat]] = {session.pk: [] for session in sessions}
    to_call = []
    for seat in seats:
        by_session.setdefault(seat.session_id, []).append(seat)
        if seat.status == SeatStatus.OFFERED and not seat.registration.email:
            to_call.append(seat)
    registrations = list(
        event.registrations.filter(cancelled_at__isnull=True).prefetch_related(
            Prefetch("seats", queryset=Seat.objects.filter(status=SeatStatus.CONFIRMED))
        )
    )
    needs: dict[str, int] = {}
    for registration in registrations:
        for need in registration.needs:
            needs[need] = needs.get(need, 0) + 1
    phone_only = [r for r in registrations if not r.email and r.phone and r.seats.all()]
    return OrganiserView(
        sessions=sessions,
        seats=by_session,
        to_call=to_call,
        phone_only=phone_only,
        needs=needs,
        registrations=len(registrations),
    )


def registration_page(registration: Registration) -> list[Seat]:
    return list(
        registration.seats.select_related("session")
        .exclude(status=SeatStatus.CANCELLED)
        .order_by("session__starts_at", "session_id")
    )


def waiting_position(seat: Seat) -> int:
    """1 for the next person to be offered a place."""
    return (
        Seat.objects.filter(session_id=seat.session_id, status=SeatStatus.WAITING)
        .filter(Q(created_at__lt=seat.created_at) | Q(created_at=seat.created_at, pk__lt=seat.pk))
        .count()
        + 1
    )


def registrations_of(user) -> list[Registration]:
    if not user.is_authenticated:
        return []
    return list(
        Registration.objects.filter(
            user=user, cancelled_at__isnull=True, event__ends_at__gte=timezone.now()
        )
        .select_related("event")
        .order_by("event__starts_at")
    )


def events_organised_by(user) -> QuerySet[Event]:
    """Events this person manages and that are not over (for the dashboard)."""
    from mille.network.rules import facilitated_group_ids, referent_departements

    if not user.is_authenticated:
        return Event.objects.none()
    qs = Event.objects.filter(ends_at__gte=timezone.now())
    if not user.is_national_coordinator:
        qs = qs.filter(
            Q(group_id__in=facilitated_group_ids(user))
            | (Q(departement_id__in=referent_departements(user)) & ~Q(level="national"))
        )
    return qs.select_related("commune").order_by("starts_at")


def events_of_group(group, *, start, end) -> QuerySet[Event]:
    """A group's own events (not cancelled) that started in a period, for its periodic report."""
    return (
        Event.objects.filter(group=group, starts_at__date__gte=start, starts_at__date__lte=end)
        .exclude(status=EventStatus.CANCELLED)
        .order_by("starts_at")
    )
