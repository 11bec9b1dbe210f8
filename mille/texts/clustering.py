"""Agglomerative clustering with average linkage, stopped at a distance threshold.

Start with every item alone; repeatedly merge the two closest clusters while their distance is
at most the threshold. The distance between clusters A and B is the mean distance between their
items; after merging i and j, the Lance-Williams update gives it for every other cluster k:

    d(k, i ∪ j) = (|i| d(k, i) + |j| d(k, j)) / (|i| + |j|)

Ties go to the lowest pair of indices, so the result depends only on the input.
"""

from __future__ import annotations

import numpy as np


def average_linkage(distance: np.ndarray, threshold: float) -> np.ndarray:
    """Cluster number of each item (numbered by first item) for a symmetric distance matrix."""
    n = distance.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    d = np.array(distance, dtype=np.float64)
    np.fill_diagonal(d, np.inf)
    size = np.ones(n)
    owner = np.arange(n)
    for _ in range(n - 1):
        flat = int(np.argmin(d))
        i, j = divmod(flat, n)
        if not d[i, j] <= threshold:
            break
        i, j = min(i, j), max(i, j)
        merged = (size[i] * d[i] + size[j] * d[j]) / (size[i] + size[j])
        d[i, :] = merged
        d[:, i] = merged
        d[j, :] = np.inf
        d[:, j] = np.inf
        d[i, i] = np.inf
        size[i] += size[j]
        owner[owner == j] = i
    _, first = np.unique(owner, return_index=True)
    renumber = {int(owner[k]): c for c, k in enumerate(sorted(first))}
    return np.array([renumber[int(o)] for o in owner], dtype=np.int64)
