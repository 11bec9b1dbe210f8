"""The figures of an analysis in one typed, storable form: frozen dataclasses with integer ids, and
one `to_json` / `from_json`. The command line prints them; Mille stores them with a workshop and
reads them back for its pages; `Figures.continuation` gives the next analysis its warm start, so
that opinion groups keep their numbers from one update to the next.

Ids are integers: Pol.is's participant and comment ids, Mille's primary keys (a label that is
not a number, as in a hand-made test, stays text).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

import numpy as np

from .model import Analysis, Lens, OpinionDataError, WarmState

FORMAT = 1
Id = int | str


def _id(value) -> Id:
    """An id as an integer; a label that is not one (a test's "a", a group "g") stays text."""
    if isinstance(value, bool) or value is None:
        raise OpinionDataError(f"Expected an id, got {value!r}.")
    if isinstance(value, int):
        return value
    text = str(value)
    return int(text) if text.isascii() and text.lstrip("-").isdigit() else text


def _number(value, digits: int = 12) -> float | None:
    if value is None:
        return None
    value = float(value)
    return round(value, digits) if math.isfinite(value) else None


@dataclass(frozen=True)
class GroupCell:
    """A statement's votes within one group, and the group's agreement (A + 1) / (S + 2)."""

    agree: int
    disagree: int
    passes: int
    agreement: float | None

    @property
    def seen(self) -> int:
        return self.agree + self.disagree + self.passes


@dataclass(frozen=True)
class RepnessRow:
    group: Id
    direction: str
    probability: float | None
    ratio: float | None
    z: float | None
    probability_z: float | None
    significant: bool


@dataclass(frozen=True)
class StatementRow:
    id: Id
    moderated: bool
    gic: float | None
    agree: int
    disagree: int
    passes: int
    x: float | None
    y: float | None
    priority: float | None
    groups: Mapping[Id, GroupCell]
    repness: tuple[RepnessRow, ...] = ()


@dataclass(frozen=True)
class ParticipantRow:
    id: Id
    group: Id | None
    x: float | None
    y: float | None


@dataclass(frozen=True)
class GroupRow:
    id: Id
    size: int
    representative: tuple[Id, ...]


@dataclass(frozen=True, eq=False)
class Continuation:
    """What `analyse(previous=…)` reads of an earlier analysis; an `Analysis` offers the same."""

    k: int
    participant_ids: tuple[str, ...]
    group: np.ndarray
    clustered: np.ndarray
    statement_ids: tuple[str, ...]
    state: WarmState


@dataclass(frozen=True)
class Figures:
    """One lens of an analysis: the opinion groups found from the votes, or declared groups."""

    lens: str  # "opinion" or "declared"
    k: int
    silhouette: float | None
    participants: tuple[ParticipantRow, ...]
    groups: tuple[GroupRow, ...]
    statements: tuple[StatementRow, ...]
    consensus_agree: tuple[Id, ...]
    consensus_disagree: tuple[Id, ...]
    divisive: tuple[Id, ...]
    continuation: Continuation | None = field(default=None, compare=False, repr=False)

    @cached_property
    def _by_id(self) -> Mapping[Id, StatementRow]:
        return MappingProxyType({row.id: row for row in self.statements})

    def statement(self, statement_id: Id) -> StatementRow | None:
        return self._by_id.get(statement_id)

    @classmethod
    def from_analysis(
        cls,
        result: Analysis,
        declared: Mapping[str, str | None] | None = None,
        *,
        participants: bool = True,
        warm: bool = False,
    ) -> Figures:
        """With `declared` (participant id -> declared group), each participant's group is its
        declared one and every per-group figure uses the declared groups (`result.declared`)."""
        lens: Lens | None = result.opinion if declared is None else result.declared
        if lens is None:
            raise OpinionDataError("This analysis has no declared groups.")
        rows = []
        if participants:
            for i, pid in enumerate(result.participant_ids):
                if declared is None:
                    group = int(result.group[i]) if result.group[i] >= 0 else None
                else:
                    group = None if declared.get(pid) is None else _id(declared[pid])
                rows.append(
                    ParticipantRow(
                        _id(pid),
                        group,
                        _number(result.coordinates[i, 0]),
                        _number(result.coordinates[i, 1]),
                    )
                )
        statements = []
        for j, figures in enumerate(lens.statements):
            statements.append(
                StatementRow(
                    id=_id(figures.id),
                    moderated=figures.moderated,
                    gic=_number(figures.gic, 17),
                    agree=figures.counts.agree,
                    disagree=figures.counts.disagree,
                    passes=figures.counts.passes,
                    x=_number(result.statement_coordinates[j, 0]),
                    y=_number(result.statement_coordinates[j, 1]),
                    priority=_number(result.priority[j]),
                    groups=MappingProxyType(
                        {
                            _id(g): GroupCell(
                                c.agree, c.disagree, c.passes, _number(figures.agreement[g])
                            )
                            for g, c in figures.groups.items()
                        }
                    ),
                    repness=tuple(
                        RepnessRow(
                            _id(r.group),
                            r.direction,
                            _number(r.probability),
                            _number(r.ratio),
                            _number(r.z),
                            _number(r.probability_z),
                            r.significant,
                        )
                        for r in figures.repness
                    ),
                )
            )
        continuation = None
        if warm:
            continuation = Continuation(
                k=result.k,
                participant_ids=result.participant_ids,
                group=result.group,
                clustered=result.clustered,
                statement_ids=result.statement_ids,
                state=result.state,
            )
        return cls(
            lens="opinion" if declared is None else "declared",
            k=result.k,
            silhouette=None if result.silhouette is None else _number(result.silhouette),
            participants=tuple(rows),
            groups=tuple(
                GroupRow(_id(g), size, tuple(_id(s) for s in lens.representative.get(g, ())))
                for g, size in lens.groups.items()
            ),
            statements=tuple(statements),
            consensus_agree=tuple(_id(s) for s in lens.consensus_agree),
            consensus_disagree=tuple(_id(s) for s in lens.consensus_disagree),
            divisive=tuple(_id(s) for s in lens.divisive),
            continuation=continuation,
        )

    # --- JSON ------------------------------------------------------------------------------------

    def to_json(self) -> dict:
        payload = {
            "format": FORMAT,
            "k": self.k,
            "silhouette": self.silhouette,
            "lens": self.lens,
            "participants": [
                {"id": p.id, "group": p.group, "x": p.x, "y": p.y} for p in self.participants
            ],
            "groups": [
                {"id": g.id, "size": g.size, "representative": list(g.representative)}
                for g in self.groups
            ],
            "statements": [_statement_json(s) for s in self.statements],
            "consensus": {
                "agree": list(self.consensus_agree),
                "disagree": list(self.consensus_disagree),
            },
            "divisive": list(self.divisive),
        }
        if self.continuation is not None:
            payload["state"] = _continuation_json(self.continuation)
        return payload

    @classmethod
    def from_json(cls, data: Mapping) -> Figures:
        if not isinstance(data, Mapping) or data.get("format", FORMAT) != FORMAT:
            raise OpinionDataError("Unknown figures format.")
        try:
            return cls(
                lens=str(data["lens"]),
                k=int(data["k"]),
                silhouette=data.get("silhouette"),
                participants=tuple(
                    ParticipantRow(_id(p["id"]), p["group"], p["x"], p["y"])
                    for p in data["participants"]
                ),
                groups=tuple(
                    GroupRow(_id(g["id"]), int(g["size"]), tuple(map(_id, g["representative"])))
                    for g in data["groups"]
                ),
                statements=tuple(_statement_from_json(s) for s in data["statements"]),
                consensus_agree=tuple(map(_id, data["consensus"]["agree"])),
                consensus_disagree=tuple(map(_id, data["consensus"]["disagree"])),
                divisive=tuple(map(_id, data["divisive"])),
                continuation=_continuation_from_json(data["state"]) if "state" in data else None,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise OpinionDataError(f"Figures cannot be read: {error!r}.") from None


def _statement_json(s: StatementRow) -> dict:
    return {
        "id": s.id,
        "moderated": s.moderated,
        "gic": s.gic,
        "agree": s.agree,
        "disagree": s.disagree,
        "pass": s.passes,
        "x": s.x,
        "y": s.y,
        "priority": s.priority,
        "groups": {
            str(g): {
                "agree": c.agree,
                "disagree": c.disagree,
                "pass": c.passes,
                "agreement": c.agreement,
            }
            for g, c in s.groups.items()
        },
        "repness": [
            {
                "group": r.group,
                "direction": r.direction,
                "probability": r.probability,
                "ratio": r.ratio,
                "z": r.z,
                "probability_z": r.probability_z,
                "significant": r.significant,
            }
            for r in s.repness
        ],
    }


def _statement_from_json(s: Mapping) -> StatementRow:
    return StatementRow(
        id=_id(s["id"]),
        moderated=bool(s["moderated"]),
        gic=s["gic"],
        agree=int(s["agree"]),
        disagree=int(s["disagree"]),
        passes=int(s["pass"]),
        x=s["x"],
        y=s["y"],
        priority=s["priority"],
        groups=MappingProxyType(
            {
                _id(g): GroupCell(
                    int(c["agree"]), int(c["disagree"]), int(c["pass"]), c["agreement"]
                )
                for g, c in s["groups"].items()
            }
        ),
        repness=tuple(
            RepnessRow(
                _id(r["group"]),
                str(r["direction"]),
                r["probability"],
                r["ratio"],
                r["z"],
                r["probability_z"],
                bool(r["significant"]),
            )
            for r in s["repness"]
        ),
    )


def _continuation_json(c: Continuation) -> dict:
    state = c.state
    return {
        "k": c.k,
        "participants": [_id(p) for p in c.participant_ids],
        "group": [int(g) for g in c.group],
        "clustered": [bool(b) for b in c.clustered],
        "statements": [_id(s) for s in c.statement_ids],
        "components": [[float(v) for v in row] for row in state.components],
        "k_candidate": state.k_candidate,
        "k_streak": state.k_streak,
        "base_centres": None
        if state.base_centres is None
        else [[float(v) for v in row] for row in state.base_centres],
    }


def _array(values, dtype, shape_tail: tuple[int, ...] = ()) -> np.ndarray:
    array = np.asarray(values, dtype=dtype)
    if array.size == 0 and shape_tail:
        array = array.reshape((0, *shape_tail))
    array.flags.writeable = False
    return array


def _continuation_from_json(data: Mapping) -> Continuation:
    statements = tuple(str(s) for s in data["statements"])
    components = _array(data["components"], np.float64)
    if components.shape != (2, len(statements)):
        raise ValueError("components do not match the statements")
    participants = tuple(str(p) for p in data["participants"])
    group = _array(data["group"], np.int64)
    clustered = _array(data["clustered"], bool)
    if not (len(group) == len(clustered) == len(participants)):
        raise ValueError("participants, groups and clustered differ in length")
    centres = data.get("base_centres")
    return Continuation(
        k=int(data["k"]),
        participant_ids=participants,
        group=group,
        clustered=clustered,
        statement_ids=statements,
        state=WarmState(
            components=components,
            k_candidate=int(data["k_candidate"]),
            k_streak=int(data["k_streak"]),
            base_centres=None if centres is None else _array(centres, np.float64, (2,)),
        ),
    )
