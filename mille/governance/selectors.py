"""Reads for the governance pages. A group's period is read through the other apps' selectors."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from mille.core.text import normalize_search
from mille.governance.models import (
    Body,
    Decision,
    Meeting,
    MemberAssociation,
    PeriodicReport,
    ReportStatus,
    Seat,
    WorkingGroup,
)
from mille.groups.models import LocalGroup
from mille.network.selectors.events import events_of_group
from mille.partnerships.models import Level
from mille.partnerships.selectors import group_partnerships
from mille.workshops.models import ActionStatus
from mille.workshops.selectors import group_actions, workshops_of_group

# Seed 004: « dix-sept têtes de réseaux d'associations nationales ».
ASSOCIATIONS_IN_SEED = 17


def _current_seats() -> QuerySet[Seat]:
    today = timezone.localdate()
    return (
        Seat.objects.filter(start_on__lte=today)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .select_related("user", "association")
    )


def associations() -> list[MemberAssociation]:
    """Every member association with its representatives: two queries."""
    return list(MemberAssociation.objects.prefetch_related("representatives"))


def bodies() -> list[Body]:
    """The three bodies with their current members and their count of meetings."""
    return list(
        Body.objects.annotate(meeting_count=Count("meetings", distinct=True)).prefetch_related(
            Prefetch("seats", queryset=_current_seats(), to_attr="current_seats")
        )
    )


def working_groups() -> list[WorkingGroup]:
    return list(WorkingGroup.objects.prefetch_related("members"))


def body_by_kind(kind: str) -> Body:
    return get_object_or_404(Body, kind=kind)


@dataclass
class BodyPage:
    body: Body
    seats: list[Seat]
    past_seats: list[Seat]
    meetings: list[Meeting]


def body_page(body: Body) -> BodyPage:
    today = timezone.localdate()
    seats = list(Seat.objects.filter(body=body).select_related("user", "association"))
    current = [s for s in seats if s.start_on <= today and (s.end_on is None or s.end_on >= today)]
    past = [s for s in seats if s.end_on is not None and s.end_on < today]
    meetings = list(
        body.meetings.annotate(decision_count=Count("decisions", distinct=True)).order_by(
            "-held_on"
        )
    )
    return BodyPage(body, current, past, meetings)


def load_meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("body", "minutes_by", "created_by"), pk=pk
    )


@dataclass
class MeetingPage:
    meeting: Meeting
    agenda: list
    documents: list
    decisions: list


def meeting_page(meeting: Meeting) -> MeetingPage:
    return MeetingPage(
        meeting,
        list(meeting.agenda.all()),
        list(meeting.documents.select_related("uploaded_by")),
        list(meeting.decisions.select_related("recorded_by")),
    )


def decision_search(query: str = "", body_kind: str = "") -> QuerySet[Decision]:
    """The decision log, newest first; each word of the query must appear in the title or the
    text, whatever its accents and case."""
    decisions = Decision.objects.select_related("body", "meeting", "recorded_by")
    for word in normalize_search(query).split()[:8]:
        decisions = decisions.filter(search_key__contains=word)
    if body_kind:
        decisions = decisions.filter(body__kind=body_kind)
    return decisions


@dataclass
class PeriodSummary:
    """What a group's data says of a period: the pre-filling of its periodic report."""

    start: date
    end: date
    workshops: list[str] = field(default_factory=list)
    actions_by_status: list[tuple[str, int]] = field(default_factory=list)
    partnerships_by_level: list[tuple[str, int]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        """A first draft for « ce qui s'est passé », in French, that the coordinators rewrite."""
        lines = []
        if self.workshops:
            lines.append(_("Ateliers : %(list)s.") % {"list": ", ".join(self.workshops)})
        if self.actions_by_status:
            lines.append(
                _("Actions : %(list)s.")
                % {"list": ", ".join(f"{n} {label.lower()}" for label, n in self.actions_by_status)}
            )
        if self.partnerships_by_level:
            lines.append(
                _("Partenariats : %(list)s.")
                % {
                    "list": ", ".join(
                        f"{n} {_('de niveau')} {label.lower()}"
                        for label, n in self.partnerships_by_level
                    )
                }
            )
        if self.events:
            lines.append(_("Rencontres : %(list)s.") % {"list": ", ".join(self.events)})
        return "\n".join(lines)


def period_summary(group: LocalGroup, start: date, end: date) -> PeriodSummary:
    """Workshops started in the period, the actions by status, the partnerships by level and the
    group's events in the period."""
    workshops = [
        w.title
        for w in workshops_of_group(group).filter(
            created_at__date__gte=start, created_at__date__lte=end
        )
    ]
    statuses = Counter(
        group_actions(group).filter(created_at__date__lte=end).values_list("status", flat=True)
    )
    levels = Counter(row.partnership.level for row in group_partnerships(group))
    events = [e.title for e in events_of_group(group, start=start, end=end)]
    return PeriodSummary(
        start,
        end,
        workshops,
        [(label, statuses[value]) for value, label in ActionStatus.choices if statuses[value]],
        [(label, levels[value]) for value, label in Level.choices if levels[value]],
        events,
    )


def group_reports(group: LocalGroup) -> list[PeriodicReport]:
    return list(group.reports.select_related("written_by", "answered_by"))


def reports_inbox() -> list[PeriodicReport]:
    """The sent reports, those waiting for an answer first."""
    return list(
        PeriodicReport.objects.exclude(status=ReportStatus.DRAFT)
        .select_related("group", "written_by", "answered_by")
        .order_by("status", "-sent_at")
    )


def load_report(slug: str, pk: int) -> PeriodicReport:
    return get_object_or_404(
        PeriodicReport.objects.select_related("group", "written_by", "answered_by"),
        pk=pk,
        group__slug=slug,
    )


def load_report_by_pk(pk: int) -> PeriodicReport:
    return get_object_or_404(PeriodicReport.objects.select_related("group"), pk=pk)
