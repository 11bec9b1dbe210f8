"""Reads for the workshop pages. Isolation lives here: a participant reads only their own peer
group's contributions; a workshop's facilitators read them all."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core import signing
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext

from mille.core.tallies import count_by_choice, count_per_quarter
from mille.groups.models import LocalGroup
from mille.opinions.figures import Figures
from mille.workshops import codes
from mille.workshops.crossing import FORMAT as CROSSING_FORMAT
from mille.workshops.crossing import CrossingFigures
from mille.workshops.models import (
    Action,
    ActionStatus,
    Contribution,
    CrossingResult,
    Dot,
    JoinCode,
    NodeKind,
    Participant,
    PeerGroup,
    Phase,
    Pledge,
    Question,
    RoomCount,
    Statement,
    TreeNode,
    Vote,
    Workshop,
)

COOKIE_SALT = "mille.workshops.participant"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365


def cookie_name(workshop_id: int) -> str:
    return f"atelier{workshop_id}"


def participant_cookie_value(participant: Participant) -> str:
    return signing.dumps(participant.pk, salt=COOKIE_SALT, compress=False)


def _cookie_participant_pk(request: HttpRequest, workshop_id: int) -> int | None:
    raw = request.COOKIES.get(cookie_name(workshop_id))
    if not raw:
        return None
    try:
        pk = signing.loads(raw, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:
        return None
    return pk if isinstance(pk, int) else None


def _find_participant(
    request: HttpRequest, workshop_id: int, *, with_workshop: bool
) -> Participant | None:
    related = ("peer_group", "workshop") if with_workshop else ("peer_group",)
    queryset = Participant.objects.select_related(*related).filter(workshop_id=workshop_id)
    pk = _cookie_participant_pk(request, workshop_id)
    participant = queryset.filter(pk=pk).first() if pk is not None else None
    if participant is None and request.user.is_authenticated:
        participant = queryset.filter(user=request.user).first()
    return participant


def participant_for(request: HttpRequest, workshop: Workshop) -> Participant | None:
    """The participant this device (or this account) is in the workshop, if any."""
    memo = request.__dict__.setdefault("_participant_memo", {})
    if workshop.pk not in memo:
        participant = _find_participant(request, workshop.pk, with_workshop=False)
        if participant is not None:
            participant.workshop = workshop
        memo[workshop.pk] = participant
    return memo[workshop.pk]


def may_hear(participant: Participant, contribution) -> bool:
    """Peer-group isolation for voices: a participant hears their own peer group's contributions,
    and of the hidden ones only their own."""
    return participant.peer_group_id == contribution.peer_group_id and (
        not contribution.hidden or contribution.participant_id == participant.pk
    )


def poll_context(request: HttpRequest, workshop_id: int) -> Participant | None:
    """For the wall's poll: the participant with its peer group and workshop, in one query."""
    return _find_participant(request, workshop_id, with_workshop=True)


def join_code_lookup(raw: str) -> JoinCode | None:
    code = codes.normalise(raw)
    if not codes.looks_valid(code, codes.JOIN_CODE_LENGTH):
        return None
    return (
        JoinCode.objects.select_related("workshop__group", "peer_group").filter(code=code).first()
    )


def workshops_of_group(group: LocalGroup) -> QuerySet[Workshop]:
    return group.workshops.annotate(
        participant_count=Count("participants", distinct=True),
        contribution_count=Count(
            "contributions", filter=Q(contributions__hidden=False), distinct=True
        ),
    ).order_by("-created_at")


def workshops_of_user(user) -> list[Workshop]:
    """Open workshops the user facilitates or takes part in with their account."""
    if not user.is_authenticated:
        return []
    facilitated = Workshop.objects.filter(facilitators=user).exclude(phase=Phase.CLOSED)
    joined = Workshop.objects.filter(participants__user=user).exclude(phase=Phase.CLOSED)
    facilitated_ids = set(facilitated.values_list("pk", flat=True))
    workshops = list(
        Workshop.objects.filter(pk__in=facilitated_ids | set(joined.values_list("pk", flat=True)))
        .select_related("group")
        .order_by("-created_at")[:20]
    )
    for workshop in workshops:
        workshop.i_facilitate = workshop.pk in facilitated_ids
    return workshops


def workshop_for_setup(pk: int) -> Workshop:
    return (
        Workshop.objects.select_related("group")
        .prefetch_related(
            "sessions",
            Prefetch("questions", queryset=Question.objects.select_related("session")),
            Prefetch("peer_groups", queryset=PeerGroup.objects.select_related("join_code")),
            "facilitators",
        )
        .get(pk=pk)
    )


def general_join_code(workshop: Workshop) -> JoinCode | None:
    return workshop.join_codes.filter(peer_group__isnull=True).first()


def _visible(queryset: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return queryset.filter(hidden=False).select_related("participant")


def own_contributions(participant: Participant, question_id: int) -> QuerySet[Contribution]:
    """The person's own answers to a question, hidden ones included (they may still edit them)."""
    return Contribution.objects.filter(
        participant=participant, question_id=question_id, merged_into__isnull=True
    ).order_by("created_at", "pk")


def wall(participant: Participant, question: Question | None = None) -> QuerySet[Contribution]:
    """What a participant may read: their own peer group's visible contributions."""
    queryset = _visible(
        Contribution.objects.filter(
            workshop_id=participant.workshop_id, peer_group_id=participant.peer_group_id
        )
    )
    if question is not None:
        queryset = queryset.filter(question=question)
    return queryset.order_by("created_at", "pk")


@dataclass(frozen=True)
class WallCell:
    peer_group: PeerGroup
    contributions: list[Contribution]


@dataclass(frozen=True)
class QuestionRow:
    question: Question
    cells: list[WallCell]


def facilitator_board(workshop: Workshop, *, include_hidden: bool = True) -> list[QuestionRow]:
    """Every question × every peer group, for the workshop's facilitators: one query for the
    contributions, peer groups and questions coming from ``workshop_for_setup``'s prefetch."""
    peer_groups = list(workshop.peer_groups.all())
    questions = list(workshop.questions.all())
    contributions = Contribution.objects.filter(workshop=workshop).select_related(
        "participant", "entered_by", "hidden_by"
    )
    if not include_hidden:
        contributions = contributions.filter(hidden=False)
    grid: dict[tuple[int, int], list[Contribution]] = {}
    for item in contributions.order_by("created_at", "pk"):
        grid.setdefault((item.question_id, item.peer_group_id), []).append(item)
    return [
        QuestionRow(
            question,
            [WallCell(peer, grid.get((question.pk, peer.pk), [])) for peer in peer_groups],
        )
        for question in questions
    ]


def export_rows(workshop: Workshop, *, pseudonyms: bool) -> list[dict]:
    """Visible contributions for CSV/JSON export (facilitators only)."""
    queryset = (
        Contribution.objects.filter(workshop=workshop, hidden=False)
        .select_related("peer_group", "question", "participant")
        .order_by("peer_group__order", "question__order", "created_at", "pk")
    )
    rows = []
    for item in queryset:
        row = {
            "groupe_de_pairs": item.peer_group.name,
            "question": item.question.text,
            "texte": item.text,
            "audio": bool(item.audio),
            "duree_audio_s": round(item.audio_seconds, 1) if item.audio_seconds else None,
            "saisie_par_animateur": item.on_behalf,
            "nombre_de_personnes": item.merged_count,
            "date": item.created_at.isoformat(timespec="seconds"),
        }
        if pseudonyms:
            row["pseudonyme"] = item.participant.nickname if item.participant else ""
        rows.append(row)
    return rows


def participants_per_group(workshop: Workshop) -> dict[int, int]:
    counts = (
        Participant.objects.filter(workshop=workshop)
        .values("peer_group")
        .annotate(count=Count("pk"))
    )
    return {row["peer_group"]: row["count"] for row in counts}


def phase_allows_contributions(workshop: Workshop) -> bool:
    return workshop.phase == Phase.PEER_WORK


# --- Crossing ----------------------------------------------------------------------------------


def statements_in_vote(workshop: Workshop) -> QuerySet[Statement]:
    return Statement.objects.filter(workshop=workshop, hidden=False, merged_into__isnull=True)


def crossing_figures(workshop: Workshop) -> tuple[CrossingFigures | None, CrossingResult | None]:
    """The stored analysis, typed; None when there is none or it is of an older format."""
    result = CrossingResult.objects.filter(workshop=workshop).first()
    return (CrossingFigures.from_json(result.figures) if result else None), result


@dataclass(frozen=True)
class ContributionGroup:
    """Contributions with the same idea, across peer groups: one statement for the vote."""

    index: int
    members: list[Contribution]
    typical: Contribution
    peer_groups: list[PeerGroup]
    label: str


def contribution_groups(workshop: Workshop) -> list[ContributionGroup]:
    """The workshop's visible written contributions grouped by same idea (mille.texts, offline),
    largest groups first; a lone idea is a group of one."""
    from mille.texts import group_texts

    contributions = list(
        _visible(Contribution.objects.filter(workshop=workshop, merged_into__isnull=True))
        .exclude(text="")
        .select_related("peer_group")
        .order_by("question__order", "peer_group__order", "created_at", "pk")
    )
    language = (translation.get_language() or "fr").split("-")[0]
    groups = group_texts([c.text for c in contributions], lang=language)
    result = []
    for index, group in enumerate(groups):
        members = [contributions[i] for i in group.members]
        peers = {c.peer_group_id: c.peer_group for c in members}
        result.append(
            ContributionGroup(
                index=index,
                members=members,
                typical=contributions[group.typical],
                peer_groups=sorted(peers.values(), key=lambda p: (p.order, p.pk)),
                label=group.label,
            )
        )
    return result


def results_version(workshop_pk: int) -> str:
    """Changes whenever a vote arrives or an analysis is stored: what a polled results page
    compares with the version it shows. One query."""
    row = (
        Workshop.objects.filter(pk=workshop_pk)
        .values_list("vote_version", "crossing__vote_version", "crossing__computed_at")
        .first()
    )
    if row is None:
        return ""
    votes, stored, when = row
    return f"{votes}.{stored if stored is not None else '-'}.{when.timestamp() if when else '-'}"


def next_statement(participant: Participant) -> Statement | None:
    """The statement most useful to vote on next: not yet voted by this person, highest routing
    weight from the last analysis (Pol.is's priority, kept on each statement), then fewest votes,
    then oldest. One query."""
    return (
        statements_in_vote(participant.workshop)
        .exclude(votes__participant=participant)
        .annotate(vote_count=Count("votes"))
        .order_by("-priority", "vote_count", "created_at", "pk")
        .first()
    )


def vote_progress(participant: Participant) -> tuple[int, int]:
    total = statements_in_vote(participant.workshop).count()
    done = Vote.objects.filter(
        participant=participant, statement__in=statements_in_vote(participant.workshop)
    ).count()
    return done, total


@dataclass(frozen=True)
class GroupBar:
    peer_group: PeerGroup
    agree: int
    disagree: int
    passes: int

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.passes

    def _percent(self, count: int) -> int:
        return round(100 * count / self.total) if self.total else 0

    @property
    def agree_percent(self) -> int:
        return self._percent(self.agree)

    @property
    def disagree_percent(self) -> int:
        return self._percent(self.disagree)

    @property
    def pass_percent(self) -> int:
        return max(0, 100 - self.agree_percent - self.disagree_percent) if self.total else 0


@dataclass(frozen=True)
class StatementResult:
    statement: Statement
    bars: list[GroupBar]
    total: int


@dataclass(frozen=True)
class CrossingView:
    statements: list[StatementResult]
    consensus: list[StatementResult]
    consensus_against: list[StatementResult]
    divisive: list[StatementResult]
    participation: list[tuple[PeerGroup, int, int]]  # peer group, people by phone, most hands
    opinion_groups: list[tuple[int, int]]  # group number, size
    points: list[dict]
    computed_at: object
    stale: bool
    version: int = -1  # the vote version the figures are of (-1: none readable)
    opinion: Figures | None = None  # the opinion groups' lens, as stored

    def opinion_votes(self, statement_pk: int) -> list[OpinionVotes]:
        return _opinion_votes(self.opinion, statement_pk)


def crossing_view(workshop: Workshop) -> CrossingView:
    """Everything the results page shows, read from the stored analysis."""
    figures, result = crossing_figures(workshop)
    peer_groups = list(workshop.peer_groups.all())
    statements = list(statements_in_vote(workshop).select_related("question"))
    peer = figures.peer if figures else None
    rows = {}
    for statement in statements:
        row = peer.statement(statement.pk) if peer else None
        cells = row.groups if row else {}
        bars = []
        for p in peer_groups:
            cell = cells.get(p.pk)
            bars.append(
                GroupBar(p, *((cell.agree, cell.disagree, cell.passes) if cell else (0, 0, 0)))
            )
        rows[statement.pk] = StatementResult(statement, bars, sum(b.total for b in bars))

    def pick(ids):
        return [rows[i] for i in ids if i in rows]

    voters = Counter()
    for participant_peer in (
        Vote.objects.filter(statement__in=statements)
        .values_list("participant__peer_group_id", "participant_id")
        .distinct()
    ):
        voters[participant_peer[0]] += 1
    hands: dict[int, int] = {}
    for room in RoomCount.objects.filter(statement__in=statements):
        hands[room.peer_group_id] = max(
            hands.get(room.peer_group_id, 0), room.agree + room.disagree + room.passes
        )
    opinion = figures.opinion if figures else None
    return CrossingView(
        statements=list(rows.values()),
        consensus=pick(peer.consensus_agree if peer else ()),
        consensus_against=pick(peer.consensus_disagree if peer else ()),
        divisive=pick(peer.divisive if peer else ()),
        participation=[(p, voters.get(p.pk, 0), hands.get(p.pk, 0)) for p in peer_groups],
        opinion_groups=sorted((int(g.id), g.size) for g in opinion.groups) if opinion else [],
        points=figures.points() if figures else [],
        computed_at=result.computed_at if result else None,
        stale=figures is None or result.vote_version < workshop.vote_version,
        version=result.vote_version if result and figures else -1,
        opinion=opinion,
    )


@dataclass(frozen=True)
class OpinionVotes:
    group: int  # opinion group number, from 0
    size: int
    agree: int
    disagree: int
    passes: int


def opinion_votes(workshop: Workshop, statement_pk: int) -> list[OpinionVotes]:
    """How each opinion group voted on one statement (phones only), from the stored analysis."""
    figures, _result = crossing_figures(workshop)
    return _opinion_votes(figures.opinion if figures else None, statement_pk)


def _opinion_votes(opinion: Figures | None, statement_pk: int) -> list[OpinionVotes]:
    if opinion is None:
        return []
    row = opinion.statement(statement_pk)
    cells = row.groups if row else {}
    result = []
    for group in opinion.groups:
        cell = cells.get(group.id)
        counts = (cell.agree, cell.disagree, cell.passes) if cell else (0, 0, 0)
        result.append(OpinionVotes(int(group.id), group.size, *counts))
    return sorted(result, key=lambda item: item.group)


# --- Problem tree, priorities, actions ---------------------------------------------------------


@dataclass
class TreeBranch:
    node: TreeNode
    children: list[TreeBranch]


@dataclass(frozen=True)
class ProblemTree:
    problem: TreeNode | None
    causes: list[TreeBranch]
    consequences: list[TreeBranch]
    objectives: list[TreeNode]
    nodes: list[TreeNode]

    @property
    def is_empty(self) -> bool:
        return not self.nodes

    @property
    def problem_branch(self) -> TreeBranch | None:
        return TreeBranch(self.problem, []) if self.problem else None

    @property
    def objective_branches(self) -> list[TreeBranch]:
        return [TreeBranch(node, []) for node in self.objectives]


def problem_tree(workshop: Workshop) -> ProblemTree:
    """The whole tree in one query, as nested branches."""
    nodes = list(TreeNode.objects.filter(workshop=workshop).select_related("answers", "statement"))
    by_parent: dict[int | None, list[TreeNode]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)

    def branches(parent_id, kind) -> list[TreeBranch]:
        return [
            TreeBranch(node, branches(node.pk, kind))
            for node in by_parent.get(parent_id, [])
            if node.kind == kind
        ]

    return ProblemTree(
        problem=next((n for n in nodes if n.kind == NodeKind.PROBLEM), None),
        causes=branches(None, NodeKind.CAUSE),
        consequences=branches(None, NodeKind.CONSEQUENCE),
        objectives=[n for n in nodes if n.kind == NodeKind.OBJECTIVE],
        nodes=nodes,
    )


@dataclass(frozen=True)
class Priority:
    label: str
    node: TreeNode | None
    action: Action | None
    total: int
    per_group: list[tuple[PeerGroup, int]]
    mine: int


def priorities(workshop: Workshop, participant: Participant | None = None) -> list[Priority]:
    """Objectives and actions with their dots, overall and per peer group, most dotted first."""
    peer_groups = list(workshop.peer_groups.all())
    counts = Counter()
    mine = Counter()
    for node_id, action_id, peer_group_id, participant_id in Dot.objects.filter(
        participant__workshop=workshop
    ).values_list("node_id", "action_id", "participant__peer_group_id", "participant_id"):
        key = ("n", node_id) if node_id else ("a", action_id)
        counts[(key, peer_group_id)] += 1
        if participant is not None and participant_id == participant.pk:
            mine[key] += 1
    items = [
        (("n", n.pk), n.text, n, None)
        for n in TreeNode.objects.filter(workshop=workshop, kind=NodeKind.OBJECTIVE)
    ] + [(("a", a.pk), a.title, None, a) for a in Action.objects.filter(workshop=workshop)]
    result = []
    for key, label, node, action in items:
        per_group = [(peer, counts[(key, peer.pk)]) for peer in peer_groups]
        result.append(
            Priority(label, node, action, sum(c for _p, c in per_group), per_group, mine[key])
        )
    result.sort(key=lambda item: (-item.total, item.label))
    return result


def dots_left(participant: Participant) -> int:
    used = Dot.objects.filter(participant=participant).count()
    return max(0, participant.workshop.dots_per_person - used)


def workshop_actions(workshop: Workshop) -> QuerySet[Action]:
    return Action.objects.filter(workshop=workshop).select_related("objective").order_by("pk")


def group_actions(group: LocalGroup) -> QuerySet[Action]:
    return Action.objects.filter(group=group).select_related("workshop", "objective")


def pledges(workshop: Workshop) -> QuerySet[Pledge]:
    return Pledge.objects.filter(participant__workshop=workshop).select_related(
        "participant__peer_group"
    )


# --- Figures for the observatory (counts only; the observatory suppresses small counts) --------

# Peer groups are named by each facilitator: the observatory lists the most frequent names and
# pools the rest.
PEER_GROUP_NAMES_SHOWN = 8


def _in_departement(queryset: QuerySet, departement: str | None, path: str) -> QuerySet:
    return queryset.filter(**{f"{path}departement_id": departement}) if departement else queryset


def workshop_figures(departement: str | None = None, *, since) -> dict:
    """Workshops by phase (and created per quarter), and the peer groups represented: how many
    workshops had a peer group of each name, and how many people took part in them."""
    workshops = _in_departement(Workshop.objects.all(), departement, "group__")
    peer_groups = _in_departement(PeerGroup.objects.all(), departement, "workshop__group__")
    named = (
        peer_groups.order_by()
        .values("name")
        .annotate(
            workshops=Count("workshop", distinct=True),
            people=Count("participants", distinct=True),
        )
        .order_by("-workshops", "name")
    )
    shown, others = [], {"name": gettext("Autres groupes de pairs"), "workshops": 0, "people": 0}
    for index, row in enumerate(named):
        if index < PEER_GROUP_NAMES_SHOWN:
            shown.append(row)
        else:
            others["workshops"] += row["workshops"]
            others["people"] += row["people"]
    if others["workshops"]:
        shown.append(others)
    return {
        "by_phase": count_by_choice(workshops, "phase", Phase.choices),
        "created": count_per_quarter(workshops, "created_at", since=since),
        "peer_groups": [(row["name"], row["workshops"], row["people"]) for row in shown],
    }


def participation_figures(departement: str | None = None, *, since) -> dict:
    """People taking part in workshops (a participant per workshop), those who joined without an
    account, and who joined per quarter."""
    participants = _in_departement(Participant.objects.all(), departement, "workshop__group__")
    totals = participants.order_by().aggregate(
        people=Count("pk"), without_account=Count("pk", filter=Q(user__isnull=True))
    )
    return {**totals, "joined": count_per_quarter(participants, "created_at", since=since)}


def statement_vote_figures(departement: str | None = None, *, since) -> dict:
    """Statements put to the vote, votes cast (by phone, and by show of hands in the room), the
    people who voted by phone; statements and votes per quarter."""
    statements = _in_departement(
        Statement.objects.filter(hidden=False, merged_into__isnull=True),
        departement,
        "workshop__group__",
    )
    votes = _in_departement(Vote.objects.all(), departement, "statement__workshop__group__")
    room = _in_departement(RoomCount.objects.all(), departement, "statement__workshop__group__")
    vote_totals = votes.order_by().aggregate(
        votes=Count("pk"), voters=Count("participant", distinct=True)
    )
    hands = room.order_by().aggregate(
        agree=Sum("agree"), disagree=Sum("disagree"), passes=Sum("passes")
    )
    return {
        "statements": statements.count(),
        **vote_totals,
        "room_votes": sum(value or 0 for value in hands.values()),
        "statements_per_quarter": count_per_quarter(statements, "created_at", since=since),
        "votes_per_quarter": count_per_quarter(votes, "updated_at", since=since),
    }


def action_figures(departement: str | None = None, *, since) -> dict:
    """Actions of the groups by status, and created per quarter."""
    actions = _in_departement(Action.objects.all(), departement, "group__")
    return {
        "by_status": count_by_choice(actions, "status", ActionStatus.choices),
        "created": count_per_quarter(actions, "created_at", since=since),
    }


def consensus_statement_ids(departement: str | None = None) -> set[int]:
    """The statements that found consensus in a crossing (every peer group agreed), read from each
    workshop's stored analysis: only its list of ids is loaded, not the whole analysis."""
    rows = _in_departement(CrossingResult.objects.all(), departement, "workshop__group__")
    ids: set[int] = set()
    for stored_format, agree in rows.values_list(
        "figures__format", "figures__peer__consensus__agree"
    ):
        if stored_format != CROSSING_FORMAT or not isinstance(agree, list):
            continue
        ids.update(int(i) for i in agree if str(i).isdigit())
    return ids


def statements_with_group(ids) -> QuerySet:
    """Statements still in the vote, with their workshop's group and département (for lists)."""
    return (
        Statement.objects.filter(pk__in=ids, hidden=False, merged_into__isnull=True)
        .select_related("workshop__group__departement")
        .order_by("-created_at", "-pk")
    )
