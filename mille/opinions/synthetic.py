"""Synthetic conversations for benchmarks and tests.

Participants belong to `groups` hidden opinion groups; each group has its own
probabilities of agreeing / disagreeing with each statement. Vote events pick
random (participant, statement) cells, so some cells are voted twice (the later
vote counts), as in real conversations.
"""

from __future__ import annotations

import numpy as np

from .model import Votes


def conversation(
    participants: int,
    statements: int,
    events: int,
    groups: int = 3,
    seed: int = 0,
) -> tuple[Votes, np.ndarray]:
    """(votes, hidden group of each participant)."""
    rng = np.random.default_rng(seed)
    hidden = rng.integers(0, groups, participants)
    agree = rng.beta(2, 2, size=(groups, statements))
    disagree = (1 - agree) * rng.uniform(0.5, 0.95, size=(groups, statements))
    who = rng.integers(0, participants, events, dtype=np.int32)
    what = rng.integers(0, statements, events, dtype=np.int32)
    g = hidden[who]
    u = rng.random(events)
    pa, pd = agree[g, what], disagree[g, what]
    value = np.where(u < pa, 1, np.where(u < pa + pd, -1, 0)).astype(np.int8)
    votes = Votes.from_arrays(
        [str(i) for i in range(participants)],
        [str(j) for j in range(statements)],
        who,
        what,
        value,
        np.arange(events, dtype=np.float64),
    )
    return votes, hidden


def more_votes(
    votes: Votes, hidden: np.ndarray, fraction: float, seed: int = 1, groups: int = 3
) -> Votes:
    """The same conversation with `fraction` more vote events at later times."""
    rng = np.random.default_rng(seed)
    extra = max(1, int(len(votes) * fraction))
    n_p, n_s = len(votes.participant_ids), len(votes.statement_ids)
    who = rng.integers(0, n_p, extra, dtype=np.int32)
    what = rng.integers(0, n_s, extra, dtype=np.int32)
    value = rng.choice(np.array([1, -1, 0], dtype=np.int8), size=extra, p=[0.45, 0.4, 0.15])
    start = float(votes.time.max()) + 1 if len(votes) else 0.0
    return Votes.from_arrays(
        votes.participant_ids,
        votes.statement_ids,
        np.concatenate([votes.participant, who]),
        np.concatenate([votes.statement, what]),
        np.concatenate([votes.value, value]),
        np.concatenate([votes.time, start + np.arange(extra)]),
    )
