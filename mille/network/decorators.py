"""The network views' decorators, one per kind of object, built with `object_view`. Objects below
an event (a session, a place, a check-in) are found through the event of the URL: another event's
id gives 404. A registration is found by its secret token: holding the link is the right to it."""

from django.shortcuts import get_object_or_404

from mille.core.permissions import object_view
from mille.network.models import (
    CoordinationRequest,
    Event,
    Issue,
    Question,
    Referent,
    Registration,
    Seat,
    Session,
    Survey,
    VisitorQuestion,
)
from mille.territories.models import Departement


def load_event(slug: str) -> Event:
    return get_object_or_404(
        Event.objects.select_related("commune", "departement", "group"), slug=slug
    )


def load_session(slug: str, session_pk: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related("event"), pk=session_pk, event__slug=slug
    )


def load_seat(slug: str, seat_pk: int) -> Seat:
    return get_object_or_404(
        Seat.objects.select_related("session__event", "registration"),
        pk=seat_pk,
        session__event__slug=slug,
    )


def load_checkin(slug: str, code: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event"),
        checkin_code=code.upper(),
        event__slug=slug,
        cancelled_at__isnull=True,
    )


def load_registration(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event", "event__commune"), token=token
    )


def load_departement(code: str) -> Departement:
    return get_object_or_404(Departement, code=code)


def load_request(slug: str, request_pk: int) -> CoordinationRequest:
    return get_object_or_404(
        CoordinationRequest.objects.select_related("group", "group__departement"),
        pk=request_pk,
        group__slug=slug,
    )


def load_visitor_question(pk: int) -> VisitorQuestion:
    return get_object_or_404(VisitorQuestion, pk=pk)


def load_referent(pk: int) -> Referent:
    return get_object_or_404(Referent.objects.select_related("user", "departement"), pk=pk)


def load_issue(pk: int) -> Issue:
    return get_object_or_404(Issue, pk=pk)


def load_survey(slug: str) -> Survey:
    return get_object_or_404(Survey, slug=slug)


def load_survey_by_pk(pk: int) -> Survey:
    return get_object_or_404(Survey, pk=pk)


def load_question(pk: int, question_pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("survey"), pk=question_pk, survey_id=pk
    )


def _event_of(item):
    return item.event


def _session_event(seat):
    return seat.session.event


def _survey_of(question):
    return question.survey


event_view = object_view(load_event, "slug")
session_view = object_view(load_session, "slug", "session_pk", check_on=_event_of)
seat_view = object_view(load_seat, "slug", "seat_pk", check_on=_session_event)
checkin_view = object_view(load_checkin, "slug", "code", check_on=_event_of)
# The token is the right: `registration_view(None)`.
registration_view = object_view(load_registration, "token")
departement_view = object_view(load_departement, "code")
request_view = object_view(load_request, "slug", "request_pk")
visitor_question_view = object_view(load_visitor_question, "pk")
referent_view = object_view(load_referent, "pk")
issue_view = object_view(load_issue, "pk")
survey_view = object_view(load_survey, "slug")
survey_admin_view = object_view(load_survey_by_pk, "pk")
question_view = object_view(load_question, "pk", "question_pk", check_on=_survey_of)
