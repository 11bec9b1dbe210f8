"""Principal components of the vote matrix, without ever filling it in.

Pol.is fills each missing vote with its statement's mean, centres every column on
that mean and runs PCA. A filled cell then equals its column's centre, so the
centred matrix is zero there: it is exactly the sparse matrix

    X[i, j] = v_ij - c_j   for each vote v_ij,   0 where i did not vote on j,

with c_j the mean of the votes on statement j (passes count as 0). Statements
moderated out are zero columns. The two leading principal axes are the top
eigenvectors of C = X^T X, found by block subspace iteration with Rayleigh-Ritz
steps: Q <- orth(X^T (X Q)), stopping when every wanted Ritz pair has a residual
||C q - theta q|| <= tol * theta_1. Each step costs two sparse products (4 nnz
flops per column of Q); X^T X is never formed. A warm start begins from the
previous axes, so a few new votes need few steps.

Projection of participant i (Pol.is's sparsity-aware projection):

    p_i = sqrt(n_cols / max(n_i, 1)) * X[i, :] @ W

with W the two axes, n_cols all statements (moderated ones included) and n_i the
statements i voted on plus the moderated ones (which Pol.is holds as zero votes).
Statement j is placed where a participant who agreed with j alone would be:

    s_j = sqrt(n_cols) * (1 - c_j) * W[j, :],   extremity_j = ||s_j||.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .matrix import VoteMatrix

# How X @ Q and X^T @ Y are computed: a dense array when X has at most DENSE_CELLS
# cells (16 MB); else numpy bincounts up to SCIPY_FROM_VOTES votes; beyond, scipy.sparse
# products, several times faster but slow to import (about 0.2 s: more than the
# whole analysis of a 50,000-vote conversation).
DENSE_CELLS = 2_000_000
SCIPY_FROM_VOTES = 200_000


class Centred:
    """The centred sparse matrix X (participants x statements), as its voted
    cells (rows sorted, cols, data), with the two products the PCA needs."""

    def __init__(
        self,
        matrix: VoteMatrix,
        data: np.ndarray,
        scipy_from: int = SCIPY_FROM_VOTES,
        dense_cells: int = DENSE_CELLS,
    ):
        self.rows, self.cols, self.data = matrix.rows, matrix.cols, data
        self.shape = (matrix.n_participants, matrix.n_statements)
        self.nnz = len(data)
        self._dense = self._csr = None
        if self.shape[0] * self.shape[1] <= dense_cells:
            self._dense = np.zeros(self.shape)
            self._dense[self.rows, self.cols] = data
        elif self.nnz >= scipy_from:
            self._csr = matrix.csr(data)

    def dot(self, q: np.ndarray) -> np.ndarray:
        """X @ q, q: statements x b."""
        if self._dense is not None:
            return self._dense @ q
        if self._csr is not None:
            return self._csr @ q
        out = np.empty((self.shape[0], q.shape[1]))
        for j in range(q.shape[1]):
            out[:, j] = np.bincount(
                self.rows, weights=self.data * q[self.cols, j], minlength=self.shape[0]
            )
        return out

    def tdot(self, y: np.ndarray) -> np.ndarray:
        """X^T @ y, y: participants x b."""
        if self._dense is not None:
            return self._dense.T @ y
        if self._csr is not None:
            return self._csr.T @ y
        out = np.empty((self.shape[1], y.shape[1]))
        for j in range(y.shape[1]):
            out[:, j] = np.bincount(
                self.cols, weights=self.data * y[self.rows, j], minlength=self.shape[1]
            )
        return out


@dataclass(frozen=True, eq=False)
class Components:
    axes: np.ndarray  # statements x 2
    variances: np.ndarray  # eigenvalues of X^T X (2,)
    iterations: int


def centred(matrix: VoteMatrix, active: np.ndarray) -> tuple[np.ndarray, Centred]:
    """Column means over votes, and the centred sparse matrix (active columns only)."""
    n_s, cols = matrix.n_statements, matrix.cols
    sums = np.bincount(cols, weights=matrix.values, minlength=n_s)
    counts = np.bincount(cols, minlength=n_s)
    means = np.divide(sums, counts, out=np.zeros(n_s), where=counts > 0)
    means[~active] = 0.0
    data = matrix.values - means[cols]
    data[~active[cols]] = 0.0
    return means, Centred(matrix, data)


def _orthonormal(z: np.ndarray) -> np.ndarray:
    q, r = np.linalg.qr(z)
    # Columns with no weight (rank deficiency) are left as returned: still orthonormal.
    return q


def leading_axes(
    xc: Centred,
    n_axes: int = 2,
    rng: np.random.Generator | None = None,
    start: np.ndarray | None = None,
    tol: float = 1e-9,
    max_iter: int = 500,
    oversample: int = 6,
) -> Components:
    n_s = xc.shape[1]
    axes_wanted = min(n_axes, n_s)
    if n_s == 0 or xc.nnz == 0:
        return Components(np.zeros((n_s, n_axes)), np.zeros(n_axes), 0)
    rng = rng or np.random.default_rng(0)
    block = min(n_s, axes_wanted + oversample)
    columns = []
    if start is not None:
        columns.append(start[:, :axes_wanted])
    missing = block - sum(c.shape[1] for c in columns)
    if missing > 0:
        columns.append(rng.standard_normal((n_s, missing)))
    q = _orthonormal(np.hstack(columns))
    theta = np.zeros(block)
    vectors = q
    iterations = 0
    while iterations < max_iter:
        iterations += 1
        z = xc.tdot(xc.dot(q))
        h = q.T @ z
        h = (h + h.T) / 2
        theta, v = np.linalg.eigh(h)
        theta, v = theta[::-1], v[:, ::-1]
        vectors = q @ v
        residual = z @ v[:, :axes_wanted] - vectors[:, :axes_wanted] * theta[:axes_wanted]
        scale = max(theta[0], np.finfo(float).tiny)
        if theta[0] <= 1e-12 or np.linalg.norm(residual, axis=0).max() <= tol * scale:
            break
        q = _orthonormal(z @ v)
    axes = np.zeros((n_s, n_axes))
    axes[:, :axes_wanted] = vectors[:, :axes_wanted]
    variances = np.zeros(n_axes)
    variances[:axes_wanted] = np.clip(theta[:axes_wanted], 0.0, None)
    for a in range(axes_wanted):
        if variances[a] <= 1e-12:
            axes[:, a] = 0.0
    return Components(axes, variances, iterations)


def orient(axes: np.ndarray, reference: np.ndarray | None) -> np.ndarray:
    """Fix each axis's sign: along the reference axis when there is one (warm
    start: no flip between updates), else so that its largest loading is positive."""
    oriented = axes.copy()
    for a in range(axes.shape[1]):
        column = oriented[:, a]
        if reference is not None and np.any(reference[:, a]):
            sign = np.sign(column @ reference[:, a])
        else:
            sign = np.sign(column[np.argmax(np.abs(column))]) if np.any(column) else 1.0
        if sign < 0:
            oriented[:, a] = -column
    return oriented


def project_participants(
    xc: Centred, axes: np.ndarray, voted: np.ndarray, n_moderated: int
) -> np.ndarray:
    n_cols = xc.shape[1]
    scale = np.sqrt(n_cols / np.maximum(voted + n_moderated, 1))
    return xc.dot(axes) * scale[:, None]


def project_statements(axes: np.ndarray, means: np.ndarray, active: np.ndarray) -> np.ndarray:
    n_cols = axes.shape[0]
    coordinates = np.sqrt(n_cols) * (1.0 - means)[:, None] * axes
    coordinates[~active] = 0.0
    return coordinates
