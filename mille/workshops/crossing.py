"""Glue between the workshop's votes and the opinion engine (``mille.opinions``).

Every participant's latest vote is a record; a show of hands for a peer group (people without a
phone) becomes that many one-vote voters of the group. Two runs of the engine: with everyone, for the
peer-group lens (how each peer group voted, what unites, what divides); with the phone votes only,
for the opinion groups, the map and the routing of the next statement — a raised hand is no person
whose other votes are known.
The figures are stored as plain JSON (``CrossingResult.figures``) for the pages to read.
"""

from __future__ import annotations

import math

from mille.opinions import Conversation, Options, Votes, analyse
from mille.workshops.models import RoomCount, Statement, Vote, Workshop

SEED = 0


def _records(workshop: Workshop, statement_ids: set[int]):
    declared: dict[str, str] = {}
    records = []
    votes = Vote.objects.filter(statement_id__in=statement_ids).values_list(
        "participant_id", "participant__peer_group_id", "statement_id", "value", "updated_at"
    )
    for participant_id, peer_group_id, statement_id, value, updated_at in votes:
        person = f"p{participant_id}"
        declared[person] = f"g{peer_group_id}"
        records.append((person, f"s{statement_id}", int(value), updated_at.timestamp()))
    rooms = RoomCount.objects.filter(statement_id__in=statement_ids).values_list(
        "statement_id", "peer_group_id", "agree", "disagree", "passes"
    )
    for statement_id, peer_group_id, agree, disagree, passes in rooms:
        for label, value, count in (("a", 1, agree), ("d", -1, disagree), ("p", 0, passes)):
            for index in range(count):
                person = f"h{statement_id}.{peer_group_id}.{label}{index}"
                declared[person] = f"g{peer_group_id}"
                records.append((person, f"s{statement_id}", value, 0.0))
    return records, declared


def _number(value) -> float | None:
    return (
        None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
    )


def _lens(lens) -> dict:
    return {
        "groups": dict(lens.groups),
        "statements": {
            figures.id: {
                "counts": [figures.counts.agree, figures.counts.disagree, figures.counts.passes],
                "groups": {
                    group: [counts.agree, counts.disagree, counts.passes]
                    for group, counts in figures.groups.items()
                },
                "agreement": {g: _number(v) for g, v in figures.agreement.items()},
                "gic": _number(figures.gic),
            }
            for figures in lens.statements
        },
        "consensus_agree": list(lens.consensus_agree),
        "consensus_disagree": list(lens.consensus_disagree),
        "divisive": list(lens.divisive),
        "representative": {g: list(ids) for g, ids in lens.representative.items()},
    }


def compute(workshop: Workshop) -> dict:
    """The figures of the crossing, from the votes as they are now."""
    statement_ids = set(
        Statement.objects.filter(
            workshop=workshop, hidden=False, merged_into__isnull=True
        ).values_list("pk", flat=True)
    )
    records, declared = _records(workshop, statement_ids)
    empty = {"k": 0, "peer": None, "opinion": None, "priority": {}, "points": [], "voters": 0}
    if not records:
        return empty
    statements = [f"s{pk}" for pk in sorted(statement_ids)]
    everyone = analyse(
        Conversation(
            Votes.from_records(records, statements=statements, participants=sorted(declared)),
            declared_groups=declared,
        ),
        Options(seed=SEED),
    )
    phone_records = [record for record in records if record[0].startswith("p")]
    phones = sorted(person for person in declared if person.startswith("p"))
    analysis = analyse(
        Conversation(Votes.from_records(phone_records, statements=statements, participants=phones)),
        Options(seed=SEED),
    )
    points = []
    for index, person in enumerate(analysis.participant_ids):
        if not analysis.clustered[index]:
            continue
        x, y = analysis.coordinates[index]
        points.append(
            {
                "x": _number(x),
                "y": _number(y),
                "opinion": int(analysis.group[index]),
                "peer": declared.get(person),
            }
        )
    return {
        "k": analysis.k,
        "voters": sum(1 for person in declared if person.startswith("p")),
        "hands": sum(1 for person in declared if person.startswith("h")),
        "peer": _lens(everyone.declared) if everyone.declared else None,
        "opinion": _lens(analysis.opinion),
        "priority": {
            sid: _number(weight)
            for sid, weight in zip(analysis.statement_ids, analysis.priority, strict=True)
        },
        "points": points,
    }
