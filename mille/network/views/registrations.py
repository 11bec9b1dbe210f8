"""A person's own registration, reached by the secret link of their e-mails (or kept on their
phone): see the places, confirm the address, accept or decline a freed place, cancel."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core.views_helpers import error_text
from mille.network.decorators import registration_view
from mille.network.models import Access, Registration, SeatStatus, Session
from mille.network.selectors import events as event_selectors
from mille.network.services import registrations as services
from mille.network.views.common import qr_data_uri


def _session(registration: Registration, session_pk: int) -> Session:
    return get_object_or_404(Session, pk=session_pk, event_id=registration.event_id)


@require_GET
@registration_view(None)
def registration(request: HttpRequest, registration: Registration) -> HttpResponse:
    seats = event_selectors.registration_page(registration)
    for seat in seats:
        seat.position = (
            event_selectors.waiting_position(seat) if seat.status == SeatStatus.WAITING else None
        )
    own_url = request.build_absolute_uri(registration.get_absolute_url())
    checkin_url = request.build_absolute_uri(
        reverse("network:checkin", args=[registration.event.slug, registration.checkin_code])
    )
    context = {
        "registration": registration,
        "event": registration.event,
        "seats": seats,
        "own_url": own_url,
        "checkin_qr": qr_data_uri(checkin_url),
        "needs": [Access(value).label for value in registration.needs if value in Access.values],
        "active": registration.cancelled_at is None
        and not registration.event.is_past
        and not registration.event.is_cancelled,
    }
    return render(request, "network/registration.html", context)


@require_http_methods(["GET", "POST"])
@registration_view(None)
def registration_confirm(request: HttpRequest, registration: Registration) -> HttpResponse:
    """The link of the first e-mail: one button confirms the address (a link checker that opens
    the page confirms nothing)."""
    if request.method == "POST":
        try:
            services.registration_confirm(registration=registration)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Merci, votre adresse est confirmée. À bientôt !"))
        return redirect(registration)
    return render(request, "network/registration_confirm.html", {"registration": registration})


@require_http_methods(["GET", "POST"])
@registration_view(None)
def registration_cancel(request: HttpRequest, registration: Registration) -> HttpResponse:
    """Cancelling is one link, then one button."""
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _(
                    "Votre inscription est annulée. Merci d'avoir prévenu : votre place ira à une autre personne."
                ),
            )
        return redirect(registration)
    return render(request, "network/registration_cancel.html", {"registration": registration})


@require_POST
@registration_view(None)
def seat_cancel(request: HttpRequest, registration: Registration, session_pk: int) -> HttpResponse:
    try:
        services.seat_cancel(registration=registration, session=_session(registration, session_pk))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("C'est noté : vous ne venez pas à cette séance."))
    return redirect(registration)


@require_POST
@registration_view(None)
def offer_accept(request: HttpRequest, registration: Registration, session_pk: int) -> HttpResponse:
    try:
        services.offer_accept(registration=registration, session=_session(registration, session_pk))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La place est à vous. À bientôt !"))
    return redirect(registration)


@require_POST
@registration_view(None)
def offer_decline(
    request: HttpRequest, registration: Registration, session_pk: int
) -> HttpResponse:
    try:
        services.offer_decline(
            registration=registration, session=_session(registration, session_pk)
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("C'est noté : la place va à la personne suivante."))
    return redirect(registration)
