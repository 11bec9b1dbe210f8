"""Reads for the départemental level: a référent's overview of its groups, a group's recognition
file, the coordination's queues."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from mille.groups.models import CriterionStatus, LocalGroup, Recognition
from mille.network.models import (
    CoordinationRequest,
    Event,
    EventStatus,
    RecognitionOpinion,
    Referent,
    RequestStatus,
    VisitorQuestion,
)
from mille.territories.models import Departement


def departements_of(user) -> list[Departement]:
    """The départements the user is référent of."""
    if not user.is_authenticated:
        return []
    return list(
        Departement.objects.filter(
            referents__user=user, referents__revoked_at__isnull=True
        ).order_by("code")
    )


def departement_groups(departement: Departement) -> list[LocalGroup]:
    """The groups of the département, each with its criteria met, open requests and last opinion."""
    opinions = RecognitionOpinion.objects.select_related("by").order_by("-at", "-pk")
    return list(
        LocalGroup.objects.filter(departement=departement)
        .annotate(
            criteria_met=Count(
                "assessments", filter=Q(assessments__status=CriterionStatus.MET), distinct=True
            ),
            open_requests=Count(
                "coordination_requests",
                filter=~Q(coordination_requests__status=RequestStatus.CLOSED),
                distinct=True,
            ),
        )
        .prefetch_related(Prefetch("referent_opinions", queryset=opinions, to_attr="opinions"))
        .order_by("name")
    )


def departement_events(departement: Departement) -> list[Event]:
    return list(
        Event.objects.filter(departement=departement, ends_at__gte=timezone.now())
        .exclude(status=EventStatus.CANCELLED)
        .annotate(convened=Count("convocations"))
        .order_by("starts_at")
    )


def group_file(group: LocalGroup) -> dict:
    """A group's recognition file, as the référent follows it: criteria and their evidence, the
    history, the opinions, the requests to the coordination."""
    return {
        "assessments": list(group.assessments.all()),
        "events": list(group.recognition_events.select_related("by")[:10]),
        "opinions": list(group.referent_opinions.select_related("by")[:10]),
        "requests": list(group.coordination_requests.all()[:10]),
    }


def recognition_requests_with_opinions() -> list[LocalGroup]:
    """Groups waiting for the national decision, with their référents' opinions."""
    opinions = RecognitionOpinion.objects.select_related("by").order_by("-at", "-pk")
    return list(
        LocalGroup.objects.filter(recognition=Recognition.SUBMITTED)
        .select_related("departement")
        .prefetch_related(Prefetch("referent_opinions", queryset=opinions, to_attr="opinions"))
        .order_by("updated_at")
    )


def active_referents() -> QuerySet[Referent]:
    return (
        Referent.objects.filter(revoked_at__isnull=True)
        .select_related("user", "departement")
        .order_by("departement_id", "granted_at")
    )


def requests_queue(status: str = "") -> QuerySet[CoordinationRequest]:
    qs = CoordinationRequest.objects.select_related("group", "group__departement").annotate(
        message_count=Count("messages")
    )
    if status:
        qs = qs.filter(status=status)
    else:
        qs = qs.exclude(status=RequestStatus.CLOSED)
    return qs.order_by("-updated_at", "-pk")


def questions_queue(status: str = VisitorQuestion.Status.NEW) -> QuerySet[VisitorQuestion]:
    return VisitorQuestion.objects.filter(status=status).order_by("-created_at", "-pk")
