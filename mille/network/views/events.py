"""The public calendar, map and feed, and an event's page with its registration form."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mille.core import ics
from mille.core.views_helpers import paginate, querystring_without_page
from mille.groups.models import LocalGroup
from mille.network.decorators import event_view
from mille.network.forms.events import EventFilterForm, RegistrationForm
from mille.network.models import Access, Event, EventLevel
from mille.network.rules import facilitated_group_ids
from mille.network.selectors import events as event_selectors
from mille.network.services import registrations as registration_services
from mille.network.views.common import too_many


def _filters(request: HttpRequest) -> tuple[EventFilterForm, event_selectors.EventFilters]:
    form = EventFilterForm(request.GET or None)
    filters = event_selectors.EventFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = event_selectors.EventFilters(
            departement=data["departement"].code if data["departement"] else "",
            level=data["niveau"],
            past=data["quand"] == "passes",
            group=request.GET.get("groupe", "")[:140],
        )
    return form, filters


@require_GET
def events(request: HttpRequest) -> HttpResponse:
    """The calendar: events month by month, filtered by département and level."""
    form, filters = _filters(request)
    page = paginate(request, event_selectors.public_events(filters), per_page=20)
    events_of_page = list(page.object_list)
    places = event_selectors.places_by_event(events_of_page)
    for item in events_of_page:
        item.places_left = places.get(item.pk)
    context = {
        "form": form,
        "page": page,
        "events": events_of_page,
        "querystring": querystring_without_page(request),
        "filters": filters,
        "can_add": request.user.has_perm("network.add_event"),
    }
    return render(request, "network/events.html", context)


@require_GET
def events_map(request: HttpRequest) -> HttpResponse:
    form, _filters_ = _filters(request)
    context = {
        "form": form,
        "querystring": request.GET.urlencode(),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    return render(request, "network/events_map.html", context)


@require_GET
def events_geojson(request: HttpRequest) -> HttpResponse:
    _form, filters = _filters(request)
    response = HttpResponse(
        event_selectors.events_geojson(filters), content_type="application/geo+json"
    )
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_GET
def events_feed(request: HttpRequest) -> HttpResponse:
    """`/evenements.ics`: the public events, for a calendar to subscribe to."""
    body = ics.calendar(
        [event_selectors.calendar_item(event) for event in event_selectors.feed_events()],
        now=timezone.now(),
        name=_("Mille et un territoires : les rencontres"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="evenements.ics"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def _testimony_groups(request: HttpRequest) -> list[LocalGroup]:
    """The groups where this person may propose a testimony (the library's form)."""
    ids = facilitated_group_ids(request.user)
    return list(LocalGroup.objects.filter(pk__in=ids).order_by("name")) if ids else []


def render_event(request: HttpRequest, event: Event, form=None, status: int = 200) -> HttpResponse:
    sessions = event_selectors.sessions_with_places(event.sessions.all())
    mine = None
    if request.user.is_authenticated:
        mine = event.registrations.filter(user=request.user, cancelled_at__isnull=True).first()
    context = {
        "event": event,
        "sessions": sessions,
        "form": form or RegistrationForm(sessions=sessions),
        "mine": mine,
        "can_manage": request.user.has_perm("network.manage_event", event),
        "access_labels": [Access(value).label for value in event.access if value in Access.values],
        "needs_choices": Access.choices,
        "testimony_groups": _testimony_groups(request) if event.testimony_call else [],
        "share_url": request.build_absolute_uri(event.get_absolute_url()),
        "EventLevel": EventLevel,
    }
    return render(request, "network/event.html", context, status=status)


@require_GET
@event_view("network.view_event")
def event(request: HttpRequest, event: Event) -> HttpResponse:
    return render_event(request, event)


@require_GET
@event_view("network.view_event")
def event_ics(request: HttpRequest, event: Event) -> HttpResponse:
    body = ics.calendar([event_selectors.calendar_item(event)], now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_POST
@event_view("network.register")
def register(request: HttpRequest, event: Event) -> HttpResponse:
    """Register, with or without an account: the person lands on their registration's page."""
    sessions = list(event.sessions.all())
    form = RegistrationForm(request.POST, sessions=sessions)
    if too_many(request):
        return redirect(event)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = registration_services.registration_create(
                event=event,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                sessions=form.chosen("sessions"),
                waitlist=form.chosen("waitlist"),
                needs=data["needs"],
                needs_note=data["needs_note"],
                user=request.user if request.user.is_authenticated else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if registration.confirmed_at is None:
                messages.success(
                    request,
                    _(
                        "C'est noté, vos places sont gardées. Ouvrez l'e-mail que nous venons "
                        "d'envoyer pour confirmer votre adresse."
                    ),
                )
            else:
                messages.success(request, _("C'est noté : vous êtes inscrit·e."))
            return redirect(registration)
    return render_event(request, event, form=form, status=400)
