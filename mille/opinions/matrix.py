"""The participant x statement vote matrix, latest vote per cell.

Cells hold +1 (agree), -1 (disagree), 0 (pass); a cell with no vote is absent
from the sparse structure. `voted` marks which cells exist, passes included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .model import Votes

if TYPE_CHECKING:
    import scipy.sparse as sp


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    rows: np.ndarray  # participant index of each kept vote, sorted (row-major)
    cols: np.ndarray  # statement index
    values: np.ndarray  # float64: +1, -1, 0
    n_participants: int
    n_statements: int

    def csr(self, values: np.ndarray | None = None) -> sp.csr_matrix:
        """CSR matrix of `values` (default: the votes) on the voted cells."""
        import scipy.sparse as sp  # imported when needed: a slow import

        data = self.values if values is None else values
        indptr = np.zeros(self.n_participants + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.rows, minlength=self.n_participants), out=indptr[1:])
        return sp.csr_matrix(
            (data, self.cols.astype(np.int32, copy=False), indptr),
            shape=(self.n_participants, self.n_statements),
        )


def latest_votes(votes: Votes) -> VoteMatrix:
    """Keep the latest vote of each (participant, statement): the one with the
    greatest time, and among equal times the later event. Cost: one sort of the
    cell keys; ties are resolved only inside the (usually few) repeated cells."""
    n_s = max(len(votes.statement_ids), 1)
    key = votes.participant.astype(np.int64) * n_s + votes.statement
    n = len(key)
    if n == 0:
        empty = np.zeros(0, dtype=np.int32)
        return VoteMatrix(
            empty, empty, np.zeros(0), len(votes.participant_ids), len(votes.statement_ids)
        )
    order = np.argsort(key)
    sorted_key = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
    if len(starts) == n:
        kept = order
    else:
        run_length = np.diff(np.r_[starts, n])
        repeated = np.repeat(run_length > 1, run_length)
        keep = ~repeated
        positions = np.flatnonzero(repeated)
        events = order[positions]
        run_of = np.repeat(np.arange(len(starts)), run_length)[positions]
        ranked = np.lexsort((events, votes.time[events], run_of))
        ranked_runs = run_of[ranked]
        last = np.r_[ranked_runs[1:] != ranked_runs[:-1], True]
        keep[positions[ranked[last]]] = True
        kept = order[keep]
    kept_key = key[kept]
    return VoteMatrix(
        rows=(kept_key // n_s).astype(np.int32),
        cols=(kept_key % n_s).astype(np.int32),
        values=votes.value[kept].astype(np.float64),
        n_participants=len(votes.participant_ids),
        n_statements=len(votes.statement_ids),
    )
