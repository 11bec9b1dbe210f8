"""Reads for the partnership pages. Lists are built in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from mille.core.tallies import count_by_choice, count_per_quarter
from mille.groups.models import LocalGroup
from mille.inventory.models import Resource, Scheme
from mille.partnerships.models import (
    Acknowledgement,
    ActionFollowUp,
    Aspect,
    Contact,
    ConventionVersion,
    Evaluation,
    EvaluationAspect,
    EvaluationQuestion,
    Expectation,
    Indicator,
    IndicatorValue,
    Level,
    Meeting,
    Partnership,
    Representative,
    Side,
    ThreadHolding,
)
from mille.workshops.models import Action, Contribution, Statement

SCHEME_LABELS = dict(Scheme.choices)


@dataclass(frozen=True)
class Rhythm:
    """The agreed rhythm of meetings and where the partnership stands with it."""

    every_weeks: int | None
    last: datetime | None
    next: datetime | None

    @property
    def due(self) -> date | None:
        if not self.every_weeks or self.last is None:
            return None
        return (timezone.localtime(self.last) + timedelta(weeks=self.every_weeks)).date()

    @property
    def overdue(self) -> bool:
        """No meeting planned, and the last one is older than the agreed rhythm."""
        return self.next is None and self.due is not None and self.due < timezone.localdate()


def rhythm(partnership: Partnership, last=None, next_=None) -> Rhythm:
    return Rhythm(partnership.meeting_every_weeks, last, next_)


@dataclass
class PartnershipRow:
    partnership: Partnership
    holder: str
    actions: int
    rhythm: Rhythm
    convention: int | None


def group_partnerships(group: LocalGroup) -> list[PartnershipRow]:
    """The group's partnerships with who holds the thread, their actions and meeting rhythm:
    four queries whatever their number."""
    now = timezone.now()
    partnerships = list(
        Partnership.objects.filter(group=group)
        .select_related("structure", "group")
        .annotate(
            action_count=Count("actions", distinct=True),
            last_meeting=Max("meetings__starts_at", filter=Q(meetings__starts_at__lt=now)),
            next_meeting=Min("meetings__starts_at", filter=Q(meetings__starts_at__gte=now)),
        )
    )
    ids = [p.pk for p in partnerships]
    holders = dict(
        ThreadHolding.objects.filter(partnership_id__in=ids, until__isnull=True).values_list(
            "partnership_id", "holder"
        )
    )
    conventions = dict(
        ConventionVersion.objects.filter(partnership_id__in=ids)
        .values("partnership_id")
        .annotate(latest=Max("number"))
        .values_list("partnership_id", "latest")
    )
    return [
        PartnershipRow(
            p,
            holders.get(p.pk, ""),
            p.action_count,
            rhythm(p, p.last_meeting, p.next_meeting),
            conventions.get(p.pk),
        )
        for p in partnerships
    ]


def structures_for_partnership(group: LocalGroup) -> QuerySet[Resource]:
    """The structures of the group's état des lieux (its own and those shared with it) that are not
    yet partners."""
    return (
        Resource.objects.filter(Q(group=group) | Q(shared_with=group))
        .exclude(partnerships__group=group)
        .distinct()
        .order_by("name")
    )


@dataclass
class ConventionView:
    version: ConventionVersion
    parts: list
    acknowledgements: list
    previous: list


def current_convention(partnership: Partnership) -> ConventionView | None:
    versions = list(
        partnership.conventions.select_related("created_by").prefetch_related(
            "parts",
            Prefetch("acknowledgements", queryset=Acknowledgement.objects.select_related("by")),
        )
    )
    if not versions:
        return None
    latest = versions[0]
    return ConventionView(
        latest, list(latest.parts.all()), list(latest.acknowledgements.all()), versions[1:]
    )


@dataclass
class PartnershipPage:
    partnership: Partnership
    contacts: list
    thread: list
    expectations: dict
    level_history: list
    convention: ConventionView | None
    meetings: list
    rhythm: Rhythm
    actions: list
    evaluations: list
    representatives: list
    scheme_labels: list = field(default_factory=list)


def partnership_page(partnership: Partnership, *, member: bool) -> PartnershipPage:
    """Everything a partnership's page shows. Representatives (not members) see the shared part:
    no contact details of the group's side, no representatives list."""
    meetings = list(partnership.meetings.prefetch_related("next_actions"))
    now = timezone.now()
    past = [m for m in meetings if m.starts_at < now]
    future = [m for m in meetings if m.starts_at >= now]
    expectations = {(e.side, e.aspect): e.text for e in partnership.expectations.all()}
    return PartnershipPage(
        partnership=partnership,
        contacts=list(partnership.contacts.all()),
        thread=list(partnership.thread.all()),
        expectations={
            side: [
                (aspect, label, expectations.get((side, aspect), ""))
                for aspect, label in Aspect.choices
            ]
            for side, _label in Side.choices
        },
        level_history=list(partnership.level_history.select_related("by")),
        convention=current_convention(partnership),
        meetings=meetings,
        rhythm=rhythm(
            partnership,
            max((m.starts_at for m in past), default=None),
            min((m.starts_at for m in future), default=None),
        ),
        actions=list(partnership_actions(partnership)),
        evaluations=list(partnership.evaluations.select_related("workshop")),
        representatives=list(partnership.representatives.select_related("user")) if member else [],
        scheme_labels=[SCHEME_LABELS.get(code, code) for code in partnership.schemes],
    )


def partnership_actions(partnership: Partnership) -> QuerySet[Action]:
    return (
        Action.objects.filter(follow_up__partnerships=partnership)
        .select_related("follow_up")
        .order_by("-created_at")
    )


def partnerships_of_representative(user) -> QuerySet[Partnership]:
    if not user.is_authenticated:
        return Partnership.objects.none()
    return Partnership.objects.filter(representatives__user=user).select_related(
        "structure", "group"
    )


# --- Actions --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionFilters:
    status: str = ""
    partnership: int | None = None


def group_actions(group: LocalGroup, filters: ActionFilters = ActionFilters()) -> list[Action]:
    """The group's actions, with their follow-up and partners: two queries."""
    actions = (
        Action.objects.filter(group=group)
        .select_related("workshop", "follow_up")
        .prefetch_related(
            Prefetch(
                "follow_up__partnerships",
                queryset=Partnership.objects.select_related("structure"),
            )
        )
        .order_by("-created_at", "pk")
    )
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.partnership:
        actions = actions.filter(follow_up__partnerships=filters.partnership)
    return list(actions)


def follow_up_of(action: Action):
    try:
        return action.follow_up
    except Action.follow_up.RelatedObjectDoesNotExist:
        return None


def action_partners(action: Action) -> list[Partnership]:
    follow_up = follow_up_of(action)
    return list(follow_up.partnerships.all()) if follow_up else []


@dataclass
class TimelineMonth:
    month: date
    actions: list


def timeline(actions: list[Action]) -> list[TimelineMonth]:
    """Actions by the month they start (or were decided), most recent first."""
    months: dict[date, list] = defaultdict(list)
    for action in actions:
        follow_up = follow_up_of(action)
        start = (follow_up.starts_on if follow_up else None) or timezone.localtime(
            action.created_at
        ).date()
        months[start.replace(day=1)].append(action)
    return [TimelineMonth(month, months[month]) for month in sorted(months, reverse=True)]


def action_indicators(action: Action) -> list[Indicator]:
    return list(
        action.indicators.prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("measured_on", "pk"))
        )
    )


# --- The shared evaluation ------------------------------------------------------------------------


@dataclass
class AspectAnswers:
    aspect: str
    label: str
    by_peer_group: list  # [(peer group, [texts])]
    statements: list


@dataclass
class ActionBilan:
    action: Action
    aspects: list
    decision: object | None


def evaluation_summary(evaluation: Evaluation) -> list[ActionBilan]:
    """For each action: what each peer group said on each aspect (no names), the statements the
    crossing drew from it, and the collective decision."""
    workshop = evaluation.workshop
    peer_groups = list(workshop.peer_groups.all())
    links = list(
        EvaluationQuestion.objects.filter(evaluation=evaluation).select_related("question")
    )
    by_question = defaultdict(lambda: defaultdict(list))
    for item in Contribution.objects.filter(workshop=workshop, hidden=False).order_by(
        "created_at", "pk"
    ):
        if item.text:
            by_question[item.question_id][item.peer_group_id].append(item.text)
    statements = defaultdict(list)
    for statement in Statement.objects.filter(workshop=workshop, hidden=False).exclude(
        question=None
    ):
        statements[statement.question_id].append(statement.text)
    decisions = {d.action_id: d for d in evaluation.decisions.all()}
    labels = dict(EvaluationAspect.choices)
    result = []
    for action in evaluation.actions.order_by("pk"):
        aspects = []
        for link in sorted(
            (link for link in links if link.action_id == action.pk),
            key=lambda link: list(labels).index(link.aspect),
        ):
            answers = by_question[link.question_id]
            aspects.append(
                AspectAnswers(
                    link.aspect,
                    labels[link.aspect],
                    [(peer, answers[peer.pk]) for peer in peer_groups if answers[peer.pk]],
                    statements[link.question_id],
                )
            )
        result.append(ActionBilan(action, aspects, decisions.get(action.pk)))
    return result


def meeting_for(partnership: Partnership, pk: int) -> Meeting:
    return Meeting.objects.get(partnership=partnership, pk=pk)


def contacts_current(partnership: Partnership) -> list[Contact]:
    return [c for c in partnership.contacts.all() if c.left_on is None]


def is_representative(user, partnership: Partnership) -> bool:
    return (
        user.is_authenticated
        and Representative.objects.filter(user=user, partnership=partnership).exists()
    )


def expectations_of(partnership: Partnership) -> list[Expectation]:
    return list(partnership.expectations.all())


# --- Figures for the observatory (counts of partnerships and actions, not of people) -----------


def partnership_figures(departement: str | None = None, *, since) -> dict:
    """Partnerships by level (their current level), created per quarter; the groups' actions by
    scheme (an action in two schemes counts in both; « aucun » for an action without one)."""
    partnerships = Partnership.objects.all()
    follow_ups = ActionFollowUp.objects.all()
    actions = Action.objects.all()
    if departement:
        partnerships = partnerships.filter(group__departement_id=departement)
        follow_ups = follow_ups.filter(action__group__departement_id=departement)
        actions = actions.filter(group__departement_id=departement)
    by_scheme = dict.fromkeys(Scheme.values, 0)
    with_scheme = 0
    for schemes in follow_ups.values_list("schemes", flat=True):
        known = [code for code in set(schemes or ()) if code in by_scheme]
        with_scheme += bool(known)
        for code in known:
            by_scheme[code] += 1
    labels = dict(Scheme.choices)
    scheme_rows = [(code, str(labels[code]), n) for code, n in by_scheme.items()]
    scheme_rows.append(("", gettext("Sans dispositif"), actions.count() - with_scheme))
    return {
        "by_level": count_by_choice(partnerships, "level", Level.choices),
        "created": count_per_quarter(partnerships, "created_at", since=since),
        "actions_by_scheme": scheme_rows,
    }
