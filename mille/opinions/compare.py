"""Comparing two partitions without regard to labels."""

from __future__ import annotations

import numpy as np


def adjusted_rand_index(a, b) -> float:
    """Hubert & Arabie's adjusted Rand index of two labelings of the same items:
    (sum_ij C(n_ij, 2) - E) / (mean(sum_i C(a_i, 2), sum_j C(b_j, 2)) - E),
    E = sum_i C(a_i, 2) sum_j C(b_j, 2) / C(n, 2). 1 for identical partitions."""
    a, b = np.asarray(a), np.asarray(b)
    if len(a) != len(b):
        raise ValueError("Both labelings must cover the same items.")
    n = len(a)
    if n < 2:
        return 1.0
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    table = np.zeros((ai.max() + 1, bi.max() + 1))
    np.add.at(table, (ai, bi), 1)

    def pairs(x):
        return (x * (x - 1) / 2).sum()

    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2)
    top = (rows + cols) / 2
    if top == expected:
        return 1.0
    return float((index - expected) / (top - expected))
