"""The organiser's side of an event: writing it, its programme, publishing or cancelling, the lists
(registered, waiting, to call), registering someone with no e-mail, attendance by QR code or by the
printed list, the printable sheet and badges, convening the groups, erasing the list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core.pdf import render_pdf
from mille.core.permissions import permission_required
from mille.core.views_helpers import error_text, file_response
from mille.groups.models import LocalGroup
from mille.network.decorators import checkin_view, event_view, seat_view, session_view
from mille.network.forms.events import (
    AttendanceForm,
    CancelEventForm,
    ConveneForm,
    EventForm,
    RegistrationForm,
    SessionForm,
)
from mille.network.models import Access, Event, EventLevel, Registration, Seat, SeatStatus, Session
from mille.network.rules import facilitated_group_ids, referent_departements
from mille.network.selectors import events as selectors
from mille.network.services import attendance, events, registrations
from mille.network.views.common import qr_data_uri

EVENT_FIELDS = (
    "title",
    "summary",
    "starts_at",
    "ends_at",
    "commune",
    "departement",
    "place_name",
    "address",
    "online_url",
    "description",
    "audience",
    "access",
    "access_note",
    "registration_open",
    "offer_hours",
    "testimony_call",
)


def _levels_and_groups(user):
    """The levels this person may organise at, and the groups they may organise for."""
    if user.is_national_coordinator:
        return EventLevel.values, LocalGroup.objects.order_by("name")
    levels = []
    groups = Q(pk__in=facilitated_group_ids(user))
    if referent_departements(user):
        levels += [EventLevel.DEPARTEMENTAL, EventLevel.TRAINING]
        groups |= Q(departement_id__in=referent_departements(user))
    levels.append(EventLevel.LOCAL)
    return levels, LocalGroup.objects.filter(groups).order_by("name")


@require_http_methods(["GET", "POST"])
@permission_required("network.add_event")
def event_new(request: HttpRequest) -> HttpResponse:
    levels, groups = _levels_and_groups(request.user)
    initial = {"level": levels[0], "registration_open": True, "offer_hours": 48}
    if (slug := request.GET.get("groupe")) and (group := groups.filter(slug=slug).first()):
        initial.update(level=EventLevel.LOCAL, group=group)
    form = EventForm(request.POST or None, levels=levels, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = events.event_create(
                actor=request.user,
                level=data["level"],
                group=data["group"],
                capacity=data["capacity"],
                **{name: data[name] for name in EVENT_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("L'événement est créé, en préparation. Ajoutez le programme puis publiez-le."),
            )
            return redirect("network:manage", slug=event.slug)
    return render(
        request, "network/event_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
@event_view("network.manage_event")
def manage(request: HttpRequest, event: Event) -> HttpResponse:
    view = selectors.organiser_view(event)
    context = {
        "event": event,
        "view": view,
        "rows": [(session, view.seats.get(session.pk, [])) for session in view.sessions],
        "needs": [(Access(key).label, count) for key, count in view.needs.items()],
        "can_convene": request.user.has_perm("network.convene_groups", event),
        "cancel_form": CancelEventForm(),
        "now": timezone.now(),
    }
    return render(request, "network/manage.html", context)


def _event_initial(event: Event) -> dict:
    initial = {name: getattr(event, name) for name in EVENT_FIELDS if hasattr(event, name)}
    initial["starts_at"] = timezone.localtime(event.starts_at)
    initial["ends_at"] = timezone.localtime(event.ends_at)
    initial["commune"] = event.commune
    initial["departement"] = event.departement
    return initial


@require_http_methods(["GET", "POST"])
@event_view("network.manage_event")
def event_edit(request: HttpRequest, event: Event) -> HttpResponse:
    form = EventForm(request.POST or None, initial=_event_initial(event), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            events.event_update(
                event=event,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in EVENT_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("L'événement est enregistré."))
            return redirect("network:manage", slug=event.slug)
    context = {"form": form, "event": event}
    return render(request, "network/event_form.html", context, status=400 if form.errors else 200)


def _session_page(request, event, form, session=None) -> HttpResponse:
    context = {"event": event, "form": form, "session": session}
    return render(request, "network/session_form.html", context, status=400 if form.errors else 200)


def _save_session(request, event, form, session=None) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        events.session_save(event=event, actor=request.user, session=session, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, _("Le programme est enregistré."))
    return redirect(reverse("network:manage", args=[event.slug]) + "#programme")


@require_http_methods(["GET", "POST"])
@event_view("network.manage_event")
def session_add(request: HttpRequest, event: Event) -> HttpResponse:
    initial = {
        "starts_at": timezone.localtime(event.starts_at),
        "ends_at": timezone.localtime(event.ends_at),
    }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and (done := _save_session(request, event, form)):
        return done
    return _session_page(request, event, form)


@require_http_methods(["GET", "POST"])
@session_view("network.manage_event")
def session_edit(request: HttpRequest, session: Session) -> HttpResponse:
    initial = {
        "title": session.title,
        "kind": session.kind,
        "starts_at": timezone.localtime(session.starts_at),
        "ends_at": timezone.localtime(session.ends_at),
        "room": session.room,
        "capacity": session.capacity,
        "description": session.description,
    }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and (done := _save_session(request, session.event, form, session)):
        return done
    return _session_page(request, session.event, form, session)


@require_POST
@session_view("network.manage_event")
def session_delete(request: HttpRequest, session: Session) -> HttpResponse:
    try:
        events.session_delete(session=session, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La séance est retirée du programme."))
    return redirect(reverse("network:manage", args=[session.event.slug]) + "#programme")


@require_POST
@event_view("network.manage_event")
def publish(request: HttpRequest, event: Event) -> HttpResponse:
    try:
        events.event_publish(event=event, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("L'événement est publié : il est dans le calendrier."))
    return redirect("network:manage", slug=event.slug)


@require_POST
@event_view("network.manage_event")
def cancel(request: HttpRequest, event: Event) -> HttpResponse:
    form = CancelEventForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        events.event_cancel(event=event, actor=request.user, reason=reason)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("L'événement est annulé ; les personnes inscrites sont prévenues.")
        )
    return redirect("network:manage", slug=event.slug)


@require_http_methods(["GET", "POST"])
@event_view("network.manage_event")
def register_for(request: HttpRequest, event: Event) -> HttpResponse:
    """Register someone who has no e-mail (by phone, at the school gate): confirmed at once."""
    sessions = selectors.sessions_with_places(event.sessions.all())
    form = RegistrationForm(request.POST or None, sessions=sessions, for_organiser=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registrations.registration_create(
                event=event,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                sessions=form.chosen("sessions"),
                waitlist=form.chosen("waitlist"),
                needs=data["needs"],
                needs_note=data["needs_note"],
                entered_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s est inscrit·e.") % {"name": data["name"]})
            return redirect("network:manage", slug=event.slug)
    context = {"event": event, "form": form, "sessions": sessions}
    return render(request, "network/register_for.html", context, status=400 if form.errors else 200)


@require_POST
@seat_view("network.manage_event")
def seat_confirm(request: HttpRequest, seat: Seat) -> HttpResponse:
    try:
        registrations.offer_confirm_for(seat=seat, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("La place de %(name)s est confirmée.") % {"name": seat.registration.name}
        )
    return redirect(reverse("network:manage", args=[seat.session.event.slug]) + "#a-appeler")


@require_POST
@seat_view("network.manage_event")
def seat_pass(request: HttpRequest, seat: Seat) -> HttpResponse:
    try:
        registrations.offer_pass(seat=seat, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La place est proposée à la personne suivante."))
    return redirect(reverse("network:manage", args=[seat.session.event.slug]) + "#a-appeler")


def _present_seats(event: Event):
    return (
        Seat.objects.filter(
            session__event=event, status__in=(SeatStatus.CONFIRMED, SeatStatus.OFFERED)
        )
        .select_related("registration", "session")
        .order_by("session__starts_at", "session_id", "registration__name", "pk")
    )


@require_http_methods(["GET", "POST"])
@event_view("network.manage_event")
def attendance_list(request: HttpRequest, event: Event) -> HttpResponse:
    """Enter the ticks of the printed list (or tick here, on a tablet at the door)."""
    seats = list(_present_seats(event))
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, seat_ids=[seat.pk for seat in seats]
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = attendance.attendance_save(
                event=event, actor=request.user, present_seat_ids=form.cleaned_data["present"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Présences enregistrées : %(n)d.") % {"n": count})
            return redirect("network:attendance", slug=event.slug)
    sessions = []
    for seat in seats:
        if not sessions or sessions[-1][0].pk != seat.session_id:
            sessions.append((seat.session, []))
        sessions[-1][1].append(seat)
    context = {"event": event, "sessions": sessions, "erased": event.attendance_erased_at}
    return render(request, "network/attendance.html", context)


@require_http_methods(["GET", "POST"])
@checkin_view("network.manage_event")
def checkin(request: HttpRequest, registration: Registration) -> HttpResponse:
    """What the badge's QR code opens on the organiser's phone: the person, one button."""
    event = registration.event
    if request.method == "POST":
        try:
            attendance.attendance_check_in(
                event=event, actor=request.user, registration=registration
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("%(name)s est là. Bienvenue !") % {"name": registration.name}
            )
        return redirect("network:checkin", slug=event.slug, code=registration.checkin_code)
    seats = list(
        registration.seats.select_related("session")
        .filter(status__in=(SeatStatus.CONFIRMED, SeatStatus.OFFERED))
        .order_by("session__starts_at")
    )
    needs = [Access(value).label for value in registration.needs if value in Access.values]
    context = {"registration": registration, "event": event, "seats": seats, "needs": needs}
    return render(request, "network/checkin.html", context)


def _pdf(template: str, context: dict, name: str) -> HttpResponse:
    return file_response(render_pdf(template, context), name, "application/pdf", inline=True)


@require_GET
@event_view("network.manage_event")
def attendance_pdf(request: HttpRequest, event: Event) -> HttpResponse:
    """The sheet to print and tick at the door, one page per session."""
    seats = list(_present_seats(event))
    sessions = []
    for seat in seats:
        if not sessions or sessions[-1][0].pk != seat.session_id:
            sessions.append((seat.session, []))
        sessions[-1][1].append(seat)
    context = {"event": event, "sessions": sessions, "now": timezone.now(), "blank_rows": range(8)}
    return _pdf("network/pdf/attendance.html", context, f"presence-{event.slug}.pdf")


@require_GET
@event_view("network.manage_event")
def badges_pdf(request: HttpRequest, event: Event) -> HttpResponse:
    """Badges: the person's name, their sessions, and the QR code of their check-in."""
    people = list(
        event.registrations.filter(cancelled_at__isnull=True)
        .prefetch_related("seats__session")
        .order_by("name", "pk")
    )
    badges = []
    for registration in people:
        url = request.build_absolute_uri(
            reverse("network:checkin", args=[event.slug, registration.checkin_code])
        )
        sessions = [
            seat.session.title
            for seat in registration.seats.all()
            if seat.status in (SeatStatus.CONFIRMED, SeatStatus.OFFERED)
        ]
        if sessions:
            badges.append(
                {"registration": registration, "sessions": sessions, "qr": qr_data_uri(url, 4)}
            )
    context = {"event": event, "badges": badges}
    return _pdf("network/pdf/badges.html", context, f"badges-{event.slug}.pdf")


@require_POST
@event_view("network.manage_event")
def erase(request: HttpRequest, event: Event) -> HttpResponse:
    try:
        attendance.attendance_erase(event=event, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La liste des noms est effacée. Les nombres restent."))
    return redirect("network:manage", slug=event.slug)


@require_http_methods(["GET", "POST"])
@event_view("network.convene_groups")
def convene(request: HttpRequest, event: Event) -> HttpResponse:
    """The référent convenes the groups of the département to the gathering."""
    from mille.network.services import departements

    groups = LocalGroup.objects.filter(departement_id=event.departement_id).order_by("name")
    form = ConveneForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            count = departements.groups_convene(
                event=event, actor=request.user, groups=form.cleaned_data["groups"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Groupes conviés : %(n)d. Chacun a reçu l'invitation.") % {"n": count}
            )
            return redirect("network:manage", slug=event.slug)
    convened = set(event.convocations.values_list("group_id", flat=True))
    context = {"event": event, "form": form, "convened": convened, "groups": list(groups)}
    return render(request, "network/convene.html", context, status=400 if form.errors else 200)
