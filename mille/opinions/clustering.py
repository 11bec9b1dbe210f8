"""Opinion groups: two-stage k-means on the participants' 2-D positions.

1. Base clusters: with up to 1,000 distinct positions, each distinct position
   is its own base cluster (weight = participants there), so the groups are
   exact; beyond, k-means makes 100 base clusters, which bounds the cost of
   step 2 and of the silhouette at any scale (as Pol.is does).
2. Groups: weighted k-means of the base centres (weight = members) for each
   k = 2 .. K, K = min(max_groups, 2 + floor(n_base / 12), n_base), as Pol.is
   does: few distinct positions do not support many groups.
3. k is the one with the best silhouette, computed as if every participant sat
   at its base centre: for a base centre i of group G (w: participants there),
       a(i) = sum_{j in G} w_j d_ij / W_G,
       b(i) = min_{H != G} sum_{j in H} w_j d_ij / W_H,
       s(i) = (b - a) / max(a, b)   (0 when G has a single position),
   and the score is the w-weighted mean of s. These are the participants'
   mean distances to each group (their own position included), so the score
   does not change when every participant is counted twice.

Each group must hold at least `min_group_size` participants (5 by default):
figures shown for a group of one or two would disclose individual votes, and
no statistical test can say anything about them. For each k, the solution kept
is the lowest-inertia one among the restarts that meet that size; a k with no
such solution is not a candidate. This also keeps a lone outlier, whose
distance dominates inertia and silhouette, from becoming "an opinion group".

Every k-means here is Lloyd's algorithm from k-means++ seeds drawn from a
seeded generator (several restarts, lowest weighted inertia kept), so the
result is deterministic for a given seed.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment


def _sq_distances(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances, ||x||^2 - 2 x.c + ||c||^2 (clipped at 0)."""
    d = (
        (points**2).sum(axis=1)[:, None]
        - 2.0 * points @ centres.T
        + (centres**2).sum(axis=1)[None, :]
    )
    return np.maximum(d, 0.0, out=d)


def _plus_plus(points, weights, k, rng):
    n = len(points)
    first = rng.choice(n, p=weights / weights.sum())
    centres = [points[first]]
    nearest = ((points - points[first]) ** 2).sum(axis=1)
    for _ in range(1, k):
        mass = nearest * weights
        total = mass.sum()
        if total <= 0:
            break
        chosen = rng.choice(n, p=mass / total)
        centres.append(points[chosen])
        nearest = np.minimum(nearest, ((points - points[chosen]) ** 2).sum(axis=1))
    return np.array(centres)


def lloyd(points, weights, centres, max_iter=100, tol=1e-10):
    """Weighted Lloyd iterations until no point changes group (or the centres
    stop moving); empty clusters keep their centre."""
    centres = centres.copy()
    labels = np.full(len(points), -1, dtype=np.int64)
    k = len(centres)
    for _ in range(max_iter):
        previous, labels = labels, _sq_distances(points, centres).argmin(axis=1)
        if np.array_equal(previous, labels):
            break
        mass = np.bincount(labels, weights=weights, minlength=k)
        moved = centres.copy()
        for axis in range(points.shape[1]):
            sums = np.bincount(labels, weights=weights * points[:, axis], minlength=k)
            np.divide(sums, mass, out=moved[:, axis], where=mass > 0)
        shift = np.abs(moved - centres).max()
        centres = moved
        if shift <= tol:
            break
    distances = _sq_distances(points, centres)
    labels = distances.argmin(axis=1)
    inertia = float((weights * distances[np.arange(len(points)), labels]).sum())
    return labels, centres, inertia


def kmeans(points, weights, k, rng, restarts=10, init=None, max_iter=100, min_size=0.0):
    """Lowest-inertia of `restarts` k-means++ runs (and of `init`, when given)
    among the solutions whose every group weighs at least `min_size`; None if none does."""
    best = None

    def valid(result):
        mass = np.bincount(result[0], weights=weights, minlength=k)
        return len(mass) == k and mass.min() >= min_size and (mass > 0).all()

    if init is not None and len(init) == k:
        result = lloyd(points, weights, init, max_iter)
        if valid(result):
            best = result
    for attempt in range(restarts):
        # Alternate k-means++ seeds with plain random seeds: k-means++ favours far
        # points, so with outliers the random ones find the size-valid optima.
        if attempt % 2 == 0:
            seeds = _plus_plus(points, weights, k, rng)
        else:
            seeds = points[rng.choice(len(points), size=min(k, len(points)), replace=False)]
        if len(seeds) < k:
            break
        result = lloyd(points, weights, seeds, max_iter)
        # A warm start is kept unless a fresh start is clearly better (no flicker).
        margin = 0.99 if init is not None else 1.0
        if valid(result) and (best is None or result[2] < best[2] * margin - 1e-12):
            best = result
    return best


def base_clusters(
    points: np.ndarray, base: int, rng, exact_limit: int = 1000, init=None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(centres, weights, base label of each point)."""
    rounded = np.round(points, 12)
    distinct, inverse = np.unique(rounded, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    counts = np.bincount(inverse).astype(float)
    if len(distinct) <= max(base, exact_limit):
        return distinct, counts, inverse
    if init is not None and len(init) == base:
        labels, centres, _ = lloyd(distinct, counts, init, max_iter=50)
    else:
        labels, centres, _ = kmeans(distinct, counts, base, rng, restarts=1, max_iter=50)
    weights = np.bincount(labels, weights=counts, minlength=base)
    used = weights > 0
    renumber = np.cumsum(used) - 1
    return centres[used], weights[used], renumber[labels][inverse]


def weighted_silhouette(points, weights, labels) -> float:
    """Silhouette of the participants, each at its base centre (see module doc)."""
    groups = np.unique(labels)
    if len(groups) < 2:
        return 0.0
    distances = np.sqrt(_sq_distances(points, points))
    mass = np.array([weights[labels == g].sum() for g in groups])
    positions = np.array([(labels == g).sum() for g in groups])
    sums = np.stack(
        [(distances[:, labels == g] * weights[labels == g]).sum(axis=1) for g in groups], axis=1
    )
    mean_distance = sums / mass
    own = np.searchsorted(groups, labels)
    rows = np.arange(len(points))
    a = mean_distance[rows, own]
    mean_distance[rows, own] = np.inf
    b = mean_distance.min(axis=1)
    top = np.maximum(a, b)
    s = np.divide(b - a, top, out=np.zeros(len(points)), where=top > 0)
    s[positions[own] <= 1] = 0.0
    return float((weights * s).sum() / weights.sum())


def candidate_ks(n_base: int, max_groups: int) -> range:
    return range(2, min(max_groups, 2 + n_base // 12, n_base) + 1)


def align_labels(previous: np.ndarray, current: np.ndarray, k: int) -> np.ndarray:
    """Rename current groups 0..k-1 to the previous ids they overlap most
    (Hungarian assignment on shared members); groups with no match take ids
    no previous group uses. `previous` holds -1 for 'no group'."""
    mapping = np.full(k, -1)
    both = (previous >= 0) & (current >= 0)
    if both.any():
        prev_ids = np.unique(previous[both])
        overlap = np.zeros((k, len(prev_ids)))
        np.add.at(overlap, (current[both], np.searchsorted(prev_ids, previous[both])), 1)
        rows, cols = linear_sum_assignment(-overlap)
        for r, c in zip(rows, cols, strict=True):
            if overlap[r, c] > 0:
                mapping[r] = prev_ids[c]
    taken = set(mapping[mapping >= 0].tolist())
    fresh = (i for i in range(k + len(taken) + 1) if i not in taken)
    for r in range(k):
        if mapping[r] < 0:
            mapping[r] = next(fresh)
    out = np.full(len(current), -1)
    out[current >= 0] = mapping[current[current >= 0]]
    return out
