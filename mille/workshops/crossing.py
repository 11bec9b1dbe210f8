"""Glue between the workshop's votes and the opinion engine (``mille.opinions``).

Every participant's latest vote is a record; a show of hands for a peer group (people without a
phone) becomes that many one-vote voters of the group. Two runs of the engine: with everyone, for the
peer-group lens (how each peer group voted, what unites, what divides); with the phone votes only,
for the opinion groups, the map and the routing of the next statement — a raised hand is no person
whose other votes are known.

The figures are typed (`CrossingFigures`, built of the engine's `Figures`, integer ids: participant,
statement and peer-group primary keys) and stored as their JSON (``CrossingResult.figures``). The
phones' analysis keeps its warm state, and the next analysis continues from it: opinion groups keep
their numbers from one vote to the next, and k changes only after several updates agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from mille.opinions import Conversation, OpinionDataError, Options, Votes, analyse
from mille.opinions.figures import Continuation, Figures
from mille.workshops.models import RoomCount, Statement, Vote, Workshop

SEED = 0
FORMAT = 2


@dataclass(frozen=True)
class CrossingFigures:
    """What the crossing's pages read: the peer-group lens (everyone, hands included), the
    opinion groups and map (phones only), and who voted."""

    voters: int = 0  # people who voted by phone
    hands: int = 0  # raised hands counted, all statements together
    peer: Figures | None = None  # lens "declared": group ids are peer-group primary keys
    opinion: Figures | None = None  # lens "opinion", with the warm state for the next analysis
    peer_of: Mapping[int, int] = field(default_factory=dict)  # participant pk -> peer-group pk

    @property
    def k(self) -> int:
        return self.opinion.k if self.opinion else 0

    @property
    def continuation(self) -> Continuation | None:
        return self.opinion.continuation if self.opinion else None

    def priorities(self) -> dict[int, float]:
        """Routing weight of each statement (Pol.is's priority), for the next statement to vote."""
        if self.opinion is None:
            return {}
        return {row.id: row.priority or 0.0 for row in self.opinion.statements}

    def points(self) -> list[dict]:
        """The opinion map: clustered phones, with their opinion group and peer group."""
        if self.opinion is None:
            return []
        return [
            {"x": p.x, "y": p.y, "opinion": p.group, "peer": self.peer_of.get(p.id)}
            for p in self.opinion.participants
            if p.group is not None
        ]

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "voters": self.voters,
            "hands": self.hands,
            "peer": self.peer.to_json() if self.peer else None,
            "opinion": self.opinion.to_json() if self.opinion else None,
            "peer_of": {str(p): g for p, g in self.peer_of.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping | None) -> CrossingFigures | None:
        """None when nothing is stored or the stored figures are of an older format."""
        if not data or data.get("format") != FORMAT:
            return None
        try:
            return cls(
                voters=int(data["voters"]),
                hands=int(data["hands"]),
                peer=Figures.from_json(data["peer"]) if data["peer"] else None,
                opinion=Figures.from_json(data["opinion"]) if data["opinion"] else None,
                peer_of=MappingProxyType({int(p): int(g) for p, g in data["peer_of"].items()}),
            )
        except (KeyError, TypeError, ValueError, OpinionDataError):
            return None


def _records(workshop: Workshop, statement_ids: set[int]):
    declared: dict[str, str] = {}
    records = []
    votes = Vote.objects.filter(statement_id__in=statement_ids).values_list(
        "participant_id", "participant__peer_group_id", "statement_id", "value", "updated_at"
    )
    for participant_id, peer_group_id, statement_id, value, updated_at in votes:
        person = str(participant_id)
        declared[person] = str(peer_group_id)
        records.append((person, str(statement_id), int(value), updated_at.timestamp()))
    rooms = RoomCount.objects.filter(statement_id__in=statement_ids).values_list(
        "statement_id", "peer_group_id", "agree", "disagree", "passes"
    )
    for statement_id, peer_group_id, agree, disagree, passes in rooms:
        for label, value, count in (("a", 1, agree), ("d", -1, disagree), ("p", 0, passes)):
            for index in range(count):
                person = f"h{statement_id}.{peer_group_id}.{label}{index}"
                declared[person] = str(peer_group_id)
                records.append((person, str(statement_id), value, 0.0))
    return records, declared


def compute(workshop: Workshop, previous: Continuation | None = None) -> CrossingFigures:
    """The figures of the crossing, from the votes as they are now; with `previous` (the stored
    analysis' warm state), the opinion groups continue from it and keep their numbers."""
    statement_ids = set(
        Statement.objects.filter(
            workshop=workshop, hidden=False, merged_into__isnull=True
        ).values_list("pk", flat=True)
    )
    records, declared = _records(workshop, statement_ids)
    if not records:
        return CrossingFigures()
    statements = [str(pk) for pk in sorted(statement_ids)]
    everyone = analyse(
        Conversation(
            Votes.from_records(records, statements=statements, participants=sorted(declared)),
            declared_groups=declared,
        ),
        Options(seed=SEED),
    )
    phone_records = [record for record in records if not record[0].startswith("h")]
    phones = sorted(person for person in declared if not person.startswith("h"))
    analysis = analyse(
        Conversation(Votes.from_records(phone_records, statements=statements, participants=phones)),
        Options(seed=SEED),
        previous=previous,
    )
    return CrossingFigures(
        voters=len(phones),
        hands=len(declared) - len(phones),
        peer=Figures.from_analysis(everyone, declared, participants=False),
        opinion=Figures.from_analysis(analysis, warm=True),
        peer_of=MappingProxyType({int(p): int(declared[p]) for p in phones}),
    )
