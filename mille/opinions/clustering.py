"""Opinion groups: two-stage k-means on the participants' 2-D positions.

1. Base clusters: with up to 1,000 distinct positions, each distinct position
   is its own base cluster (weight = participants there), so the groups are
   exact; beyond, k-means makes 100 base clusters (fitted on a seeded sample
   of at most 20,000 positions, then every position joins its nearest centre),
   which bounds the cost of step 2 and of the silhouette at any scale.
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

Pol.is's own procedure (Options(procedure="polis"), the functions named
polis_*) differs on purpose, to find the groups Pol.is finds in its exports:
always (up to) 100 base clusters, every k-means started from the first k
distinct points in row order (or from the previous update's clusters), one
run, a few steps (`polis_lloyd`), the silhouette an unweighted mean over the
base centres (`polis_silhouette`), and no floor on group size.
"""

from __future__ import annotations

import numpy as np

# Pol.is's k-means: a step assigns every point to its nearest centre, drops the
# centres left alone and moves the others to their members' (weighted) mean;
# it stops once every centre moved less than POLIS_TOLERANCE, or after
# 1 + 10 steps for base clusters (base-iters 10) and 1 + 20 for groups (the
# k-means default: Pol.is's group-iters setting is not read).
POLIS_TOLERANCE = 0.01
POLIS_BASE_STEPS = 11
POLIS_GROUP_STEPS = 21


def _sq_distances(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances, ||x||^2 - 2 x.c + ||c||^2 (clipped at 0)."""
    d = (
        (points**2).sum(axis=1)[:, None]
        - 2.0 * points @ centres.T
        + (centres**2).sum(axis=1)[None, :]
    )
    return np.maximum(d, 0.0, out=d)


def _plus_plus(points, weights, k, rng, runs):
    """k-means++ seeds for `runs` independent runs at once: (runs, k, 2)."""
    n = len(points)
    chosen = np.empty((runs, k), dtype=np.int64)
    cumulative = np.cumsum(weights)
    chosen[:, 0] = np.minimum(
        np.searchsorted(cumulative, rng.random(runs) * cumulative[-1], side="right"), n - 1
    )
    nearest = ((points[None, :, :] - points[chosen[:, 0]][:, None, :]) ** 2).sum(axis=2)
    for step in range(1, k):
        mass = np.cumsum(nearest * weights, axis=1)
        total = mass[:, -1]
        target = rng.random(runs) * total
        pick = (mass <= target[:, None]).sum(axis=1)
        # A run whose points all coincide with its seeds takes any point.
        pick = np.where(total > 0, np.minimum(pick, n - 1), rng.integers(0, n, runs))
        chosen[:, step] = pick
        nearest = np.minimum(
            nearest, ((points[None, :, :] - points[pick][:, None, :]) ** 2).sum(axis=2)
        )
    return points[chosen]


def lloyd_batch(points, weights, centres, max_iter=100):
    """Weighted Lloyd iterations for several runs at once (centres: runs x k x 2),
    until no point changes group in any run; empty clusters keep their centre.
    Returns labels (runs x n), centres, inertia per run, mass per group."""
    runs, k, _ = centres.shape
    n = len(points)
    centres = centres.copy()
    norms = (points**2).sum(axis=1)
    labels = np.full((runs, n), -1)
    offsets = (np.arange(runs) * k)[:, None]

    def assign(c):
        d = (
            norms[None, :, None]
            - 2.0 * np.matmul(points[None], c.transpose(0, 2, 1))
            + (c**2).sum(axis=2)[:, None, :]
        )
        return np.maximum(d, 0.0, out=d)

    for _ in range(max_iter):
        distances = assign(centres)
        previous, labels = labels, distances.argmin(axis=2)
        if np.array_equal(previous, labels):
            break
        cells = (labels + offsets).ravel()
        w = np.broadcast_to(weights, (runs, n)).ravel()
        mass = np.bincount(cells, weights=w, minlength=runs * k).reshape(runs, k)
        for axis in range(points.shape[1]):
            sums = np.bincount(
                cells,
                weights=w * np.broadcast_to(points[:, axis], (runs, n)).ravel(),
                minlength=runs * k,
            )
            sums = sums.reshape(runs, k)
            np.divide(sums, mass, out=centres[:, :, axis], where=mass > 0)
    distances = assign(centres)
    labels = distances.argmin(axis=2)
    inertia = (np.take_along_axis(distances, labels[:, :, None], axis=2)[:, :, 0] * weights).sum(
        axis=1
    )
    mass = np.stack([np.bincount(row, weights=weights, minlength=k) for row in labels])
    return labels, centres, inertia, mass


def lloyd(points, weights, centres, max_iter=100):
    labels, moved, inertia, _ = lloyd_batch(points, weights, centres[None], max_iter)
    return labels[0], moved[0], float(inertia[0])


def kmeans(points, weights, k, rng, restarts=10, init=None, max_iter=100, min_size=0.0):
    """Lowest-inertia of `restarts` runs (half from k-means++ seeds, half from
    random points: k-means++ favours far points, so with outliers the random
    ones find the size-valid optima) among the solutions whose every group
    weighs at least `min_size`; None if none does. A warm `init` is kept unless
    a fresh run is better by more than 1 % (no flicker between updates)."""
    n = len(points)
    if n < k:
        return None
    seeds = []
    if restarts:
        plus = (restarts + 1) // 2
        seeds.append(_plus_plus(points, weights, k, rng, plus))
        if restarts - plus:
            picks = np.argsort(rng.random((restarts - plus, n)), axis=1)[:, :k]
            seeds.append(points[picks])
    warm = init is not None and len(init) == k
    if warm:
        seeds.insert(0, np.asarray(init, dtype=float)[None])
    if not seeds:
        return None
    labels, centres, inertia, mass = lloyd_batch(points, weights, np.concatenate(seeds), max_iter)
    valid = (mass.min(axis=1) >= min_size) & (mass > 0).all(axis=1)
    if not valid.any():
        return None
    score = np.where(valid, inertia, np.inf)
    best = int(np.argmin(score))
    if warm and valid[0] and score[best] >= score[0] * 0.99 - 1e-12:
        best = 0
    return labels[best], centres[best], float(inertia[best])


def base_clusters(
    points: np.ndarray, base: int, rng, exact_limit: int = 1000, init=None, sample: int = 20000
):
    """(centres, weights, base label of each point). Beyond `sample` distinct
    positions, the base centres are fitted on a seeded sample of them, then every
    position joins its nearest centre and the centres are recomputed once."""
    keyed = points[:, 0] + 1j * points[:, 1]
    distinct_keys, inverse = np.unique(keyed, return_inverse=True)
    inverse = inverse.reshape(-1)
    distinct = np.column_stack([distinct_keys.real, distinct_keys.imag])
    counts = np.bincount(inverse).astype(float)
    if len(distinct) <= max(base, exact_limit):
        return distinct, counts, inverse
    fit = distinct
    fit_counts = counts
    if len(distinct) > sample:
        chosen = np.sort(rng.choice(len(distinct), size=sample, replace=False))
        fit, fit_counts = distinct[chosen], counts[chosen]
    if init is not None and len(init) == base:
        _, centres, _ = lloyd(fit, fit_counts, init, max_iter=30)
    else:
        _, centres, _ = kmeans(fit, fit_counts, base, rng, restarts=1, max_iter=30)
    labels = _sq_distances(distinct, centres).argmin(axis=1)
    weights = np.bincount(labels, weights=counts, minlength=len(centres))
    used = weights > 0
    for axis in range(2):
        sums = np.bincount(labels, weights=counts * distinct[:, axis], minlength=len(centres))
        np.divide(sums, weights, out=centres[:, axis], where=used)
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
    from scipy.optimize import linear_sum_assignment  # only on warm starts: a slow import

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


def _nearest(points: np.ndarray, centres: np.ndarray, chunk: int = 32768) -> np.ndarray:
    """Index of each point's nearest centre (first one on ties), by blocks of rows."""
    out = np.empty(len(points), dtype=np.int64)
    for start in range(0, len(points), chunk):
        block = points[start : start + chunk]
        out[start : start + chunk] = _sq_distances(block, centres).argmin(axis=1)
    return out


def _sorted_rows(rows: np.ndarray) -> np.ndarray:
    return rows[np.lexsort(rows.T[::-1])]


def first_distinct(points: np.ndarray, k: int) -> np.ndarray:
    """The first k distinct rows of `points`, in their order (Pol.is's cold start)."""
    _, first = np.unique(points, axis=0, return_index=True)
    return points[np.sort(first)[:k]].copy()


def polis_lloyd(points, weights, centres, steps, tol=POLIS_TOLERANCE):
    """Pol.is's k-means from `centres`: (label of each point, centres, index in
    `centres` of the start of each centre returned). A centre left without
    points is dropped, so there may be fewer centres than given; labels are the
    last step's assignment, as Pol.is keeps them."""
    centres = np.asarray(centres, dtype=float).copy()
    origin = np.arange(len(centres))
    labels = np.zeros(len(points), dtype=np.int64)
    for _ in range(steps):
        labels = _nearest(points, centres)
        mass = np.bincount(labels, weights=weights, minlength=len(centres))
        used = mass > 0
        moved = (
            np.column_stack(
                [
                    np.bincount(labels, weights=weights * points[:, a], minlength=len(centres))
                    for a in range(points.shape[1])
                ]
            )[used]
            / mass[used, None]
        )
        labels = (np.cumsum(used) - 1)[labels]
        settled = len(moved) == len(centres) and bool(
            np.all(np.linalg.norm(_sorted_rows(moved) - _sorted_rows(centres), axis=1) < tol)
        )
        centres, origin = moved, origin[used]
        if settled:
            break
    return labels, centres, origin


def _distinct_count(points: np.ndarray) -> int:
    return len(np.unique(points, axis=0)) if len(points) else 0


def grow(points: np.ndarray, centres: np.ndarray, k: int) -> np.ndarray:
    """While there are fewer than min(k, distinct points) centres, the point
    farthest from every centre becomes one (Pol.is's clean start)."""
    centres = np.asarray(centres, dtype=float).reshape(-1, points.shape[1])
    wanted = min(k, _distinct_count(points))
    while len(centres) < wanted:
        if len(centres) == 0:
            centres = points[:1].copy()
            continue
        gap = _sq_distances(points, centres).min(axis=1)
        far = int(np.argmax(gap))
        if gap[far] <= 0:
            break
        centres = np.vstack([centres, points[far]])
    return centres


def polis_warm_start(points, previous_of, n_previous, k, weights=None):
    """Pol.is's clean start from the previous clusters: each one moved to the
    (weighted) mean of where its members are now (previous_of: previous cluster
    of each point, -1 for newcomers), those nobody is left in dropped, identical
    ones merged, then grown to min(k, distinct points). Returns the centres and,
    for each, the previous cluster it comes from (-1: grown)."""
    weights = np.ones(len(points)) if weights is None else weights
    known = (previous_of >= 0) & (previous_of < n_previous)
    mass = np.bincount(previous_of[known], weights=weights[known], minlength=n_previous)
    sums = np.column_stack(
        [
            np.bincount(
                previous_of[known], weights=weights[known] * points[known, a], minlength=n_previous
            )
            for a in range(points.shape[1])
        ]
    )
    origin = np.flatnonzero(mass > 0)
    centres = sums[origin] / mass[origin, None]
    if len(centres):
        _, first = np.unique(centres, axis=0, return_index=True)
        first = np.sort(first)
        centres, origin = centres[first], origin[first]
    grown = grow(points, centres, k)
    return grown, np.concatenate([origin, np.full(len(grown) - len(origin), -1)])


def polis_silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """Pol.is's silhouette: the plain mean over the points (base centres) of
    (b - a) / max(a, b), a = mean distance to the other members of its group,
    b = the least mean distance to another group; 0 for a point alone."""
    groups, own = np.unique(labels, return_inverse=True)
    if len(groups) < 2:
        return 0.0
    distances = np.sqrt(_sq_distances(points, points))
    np.fill_diagonal(distances, 0.0)
    sizes = np.bincount(own)
    sums = np.stack([distances[:, own == g].sum(axis=1) for g in range(len(groups))], axis=1)
    rows = np.arange(len(points))
    alone = sizes[own] <= 1
    a = sums[rows, own] / np.maximum(sizes[own] - 1, 1)
    mean = sums / sizes
    mean[rows, own] = np.inf
    b = mean.min(axis=1)
    top = np.maximum(a, b)
    s = np.divide(b - a, top, out=np.zeros(len(points)), where=(top > 0) & ~alone)
    return float(s.mean())
