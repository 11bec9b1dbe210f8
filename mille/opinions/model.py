"""Inputs and outputs of the opinion engine: frozen dataclasses, no Django.

Vote values follow the open-data convention: agree = +1, disagree = -1, pass = 0.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np


class OpinionDataError(ValueError):
    """Input the engine cannot analyse; the message says what is wrong."""


class Choice(enum.IntEnum):
    AGREE = 1
    DISAGREE = -1
    PASS = 0

    @classmethod
    def parse(cls, value: object) -> Choice:
        """Accept a Choice, 1 / -1 / 0 (int or text) or agree / disagree / pass."""
        if isinstance(value, Choice):
            return value
        if isinstance(value, bool):
            raise OpinionDataError(
                f"Unknown vote value: {value!r} (expected agree, disagree or pass)."
            )
        if isinstance(value, int | np.integer):
            if int(value) in (1, -1, 0):
                return cls(int(value))
        elif isinstance(value, float) and value in (1.0, -1.0, 0.0):
            return cls(int(value))
        elif isinstance(value, str):
            text = value.strip().lower()
            named = {"agree": cls.AGREE, "disagree": cls.DISAGREE, "pass": cls.PASS}
            if text in named:
                return named[text]
            if text in ("1", "+1", "-1", "0"):
                return cls(int(text))
        raise OpinionDataError(f"Unknown vote value: {value!r} (expected agree, disagree or pass).")


def _frozen_array(values, dtype) -> np.ndarray:
    array = np.ascontiguousarray(values, dtype=dtype)
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class Votes:
    """Vote events, columnar: event i is (participant_ids[participant[i]],
    statement_ids[statement[i]], value[i], time[i]). A participant may vote
    several times on a statement; the latest one counts (ties: the later event)."""

    participant_ids: tuple[str, ...]
    statement_ids: tuple[str, ...]
    participant: np.ndarray
    statement: np.ndarray
    value: np.ndarray
    time: np.ndarray

    def __post_init__(self):
        n = len(self.participant)
        if not (len(self.statement) == len(self.value) == len(self.time) == n):
            raise OpinionDataError("Vote columns have different lengths.")
        if n:
            if self.participant.min() < 0 or self.participant.max() >= len(self.participant_ids):
                raise OpinionDataError("A vote refers to an unknown participant.")
            if self.statement.min() < 0 or self.statement.max() >= len(self.statement_ids):
                raise OpinionDataError("A vote refers to an unknown statement.")
            if not np.isin(self.value, (-1, 0, 1)).all():
                bad = self.value[~np.isin(self.value, (-1, 0, 1))][0]
                raise OpinionDataError(f"Unknown vote value: {bad!r} (expected 1, -1 or 0).")
            if not np.isfinite(self.time).all():
                raise OpinionDataError("A vote has no valid time.")
        if len(set(self.participant_ids)) != len(self.participant_ids):
            raise OpinionDataError("Participant ids must be unique.")
        if len(set(self.statement_ids)) != len(self.statement_ids):
            raise OpinionDataError("Statement ids must be unique.")

    def __len__(self) -> int:
        return len(self.value)

    @classmethod
    def from_arrays(cls, participant_ids, statement_ids, participant, statement, value, time=None):
        n = len(value)
        return cls(
            participant_ids=tuple(str(p) for p in participant_ids),
            statement_ids=tuple(str(s) for s in statement_ids),
            participant=_frozen_array(participant, np.int32),
            statement=_frozen_array(statement, np.int32),
            value=_frozen_array(value, np.int8),
            time=_frozen_array(np.arange(n) if time is None else time, np.float64),
        )

    @classmethod
    def from_records(
        cls,
        records: Iterable[tuple[object, object, object] | tuple[object, object, object, float]],
        statements: Iterable[object] = (),
        participants: Iterable[object] = (),
    ) -> Votes:
        """Build from (participant, statement, choice[, time]) tuples. Without a
        time, the order of the records is the order of the votes. Statements and
        participants without votes may be declared so that they appear in results."""
        p_index: dict[str, int] = {}
        s_index: dict[str, int] = {}
        for pid in participants:
            p_index.setdefault(str(pid), len(p_index))
        for sid in statements:
            s_index.setdefault(str(sid), len(s_index))
        rows, cols, values, times = [], [], [], []
        for position, record in enumerate(records):
            if len(record) not in (3, 4):
                raise OpinionDataError(
                    f"Vote {position + 1}: expected (participant, statement, choice[, time])."
                )
            pid, sid, choice = str(record[0]), str(record[1]), Choice.parse(record[2])
            rows.append(p_index.setdefault(pid, len(p_index)))
            cols.append(s_index.setdefault(sid, len(s_index)))
            values.append(int(choice))
            when = float(record[3]) if len(record) == 4 else float(position)
            times.append(when)
        return cls.from_arrays(tuple(p_index), tuple(s_index), rows, cols, values, times)


@dataclass(frozen=True, eq=False)
class Conversation:
    """What is analysed: the votes, the statements moderated out, and optionally
    a declared group per participant id (None or absent: no declared group)."""

    votes: Votes
    moderated_out: frozenset[str] = frozenset()
    declared_groups: Mapping[str, str | None] | None = None

    def __post_init__(self):
        object.__setattr__(self, "moderated_out", frozenset(str(s) for s in self.moderated_out))
        if self.declared_groups is not None:
            cleaned = {
                str(pid): (None if group is None or str(group) == "" else str(group))
                for pid, group in self.declared_groups.items()
            }
            object.__setattr__(self, "declared_groups", MappingProxyType(cleaned))


PROCEDURES = ("mille", "polis")


@dataclass(frozen=True)
class Options:
    """Method parameters. Defaults follow the published Pol.is method.

    `procedure` says how opinion groups are found (docs/opinions.md, section 3):
    "mille" (the default, for workshops: exact base clusters up to 1,000
    positions, best of `restarts` k-means runs, no group under `min_group_size`
    people) or "polis" (Pol.is's own procedure, to find the groups a Pol.is
    export holds: `base_clusters` base clusters from Pol.is's deterministic
    start, one run per k, Pol.is's silhouette; `min_group_size` and `restarts`
    are not used). `Options.polis()` is the preset the command uses."""

    seed: int = 0
    min_votes: int = (
        7  # clustered when votes (passes included) >= min(min_votes, active statements)
    )
    max_groups: int = 5
    base_clusters: int = 100  # used beyond 1,000 distinct positions
    min_group_size: int = 5  # no opinion group of fewer participants
    restarts: int = 40  # k-means++ restarts per k
    significance: float = 1.2816  # one-sided 90 %
    representative_per_group: int = 5
    k_switch_after: int = (
        4  # a new best k replaces the current one after this many updates in a row
    )
    pca_tolerance: float = 1e-7
    pca_max_iterations: int = 500
    procedure: str = "mille"

    def __post_init__(self):
        if self.procedure not in PROCEDURES:
            raise OpinionDataError(
                f"Unknown procedure {self.procedure!r} (expected {' or '.join(PROCEDURES)})."
            )

    @classmethod
    def polis(cls, **changes) -> Options:
        """Pol.is's procedure, for Pol.is exports (no floor on group size)."""
        return cls(**({"procedure": "polis"} | changes))


@dataclass(frozen=True)
class GroupCounts:
    agree: int
    disagree: int
    passes: int

    @property
    def seen(self) -> int:
        return self.agree + self.disagree + self.passes


@dataclass(frozen=True)
class Repness:
    """How far a statement sets group `group` apart from the other groups."""

    group: str
    direction: str  # "agree" or "disagree"
    probability: float  # pa or pd, with +1/+2 pseudocounts
    ratio: float  # probability / same probability over the other groups
    z: float  # two-proportion z-test, this group vs the other groups
    probability_z: float  # one-proportion z-test of probability against 1/2
    significant: bool


@dataclass(frozen=True)
class StatementFigures:
    id: str
    moderated: bool
    counts: GroupCounts  # every participant's latest vote
    groups: Mapping[str, GroupCounts]
    agreement: Mapping[str, float]  # (A_g + 1) / (S_g + 2) per group
    gic: float
    repness: tuple[Repness, ...]


@dataclass(frozen=True)
class Lens:
    """Per-statement figures for one way of grouping participants
    (opinion groups found from the votes, or declared groups)."""

    groups: Mapping[str, int]  # group id -> members counted
    statements: tuple[StatementFigures, ...]
    consensus_agree: tuple[str, ...]
    consensus_disagree: tuple[str, ...]
    divisive: tuple[str, ...]
    representative: Mapping[str, tuple[str, ...]]

    def statement(self, statement_id: str) -> StatementFigures:
        for figures in self.statements:
            if figures.id == statement_id:
                return figures
        raise KeyError(statement_id)


@dataclass(frozen=True, eq=False)
class WarmState:
    """What a later analysis starts from (warm start), beyond the Analysis itself:
    the axes, the k-smoothing state and the base centres."""

    components: np.ndarray  # 2 x statements, in Analysis.statement_ids order
    k_candidate: int
    k_streak: int
    base_centres: np.ndarray | None = None
    procedure: str = "mille"
    # Pol.is's procedure only: base cluster of each participant (-1: none), in
    # Analysis.participant_ids order, and for each k the group of each base cluster.
    base_of: np.ndarray | None = None
    group_of_base: Mapping[int, np.ndarray] | None = None


@dataclass(frozen=True, eq=False)
class Analysis:
    k: int
    silhouette: float | None
    participant_ids: tuple[str, ...]
    group: np.ndarray  # opinion group per participant, -1 when not clustered
    coordinates: np.ndarray  # participants x 2
    clustered: np.ndarray  # bool per participant
    statement_ids: tuple[str, ...]
    statement_coordinates: np.ndarray  # statements x 2
    extremity: np.ndarray
    priority: np.ndarray  # routing weight of each statement (0 when moderated out)
    opinion: Lens
    declared: Lens | None
    state: WarmState = field(repr=False)
    timings: Mapping[str, float] = field(default_factory=dict, compare=False)

    def group_of(self, participant_id: str) -> int | None:
        index = self.participant_ids.index(participant_id)
        return None if self.group[index] < 0 else int(self.group[index])
