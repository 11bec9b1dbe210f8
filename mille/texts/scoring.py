"""Scoring a grouping against labels: the adjusted Rand index, and reading labelled sets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path

from .model import Group


def _pairs(count: int) -> float:
    return count * (count - 1) / 2


def adjusted_rand_index(truth: Sequence[Hashable], found: Sequence[Hashable]) -> float:
    """Hubert and Arabie's adjusted Rand index of two labellings of the same items.

    ARI = (index - expected) / (max - expected), where index = Σ C(n_ij, 2) over the contingency
    table, expected = Σ C(a_i, 2) Σ C(b_j, 2) / C(n, 2), max = (Σ C(a_i, 2) + Σ C(b_j, 2)) / 2.
    1 for identical partitions, about 0 for a random one; 1 when both are trivial and equal."""
    if len(truth) != len(found):
        raise ValueError("The two labellings must cover the same items.")
    n = len(truth)
    index = sum(_pairs(c) for c in Counter(zip(truth, found, strict=True)).values())
    rows = sum(_pairs(c) for c in Counter(truth).values())
    cols = sum(_pairs(c) for c in Counter(found).values())
    total = _pairs(n)
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def group_of_each(groups: Sequence[Group], n: int) -> list[int]:
    """The group number of each of the `n` texts."""
    owner = [-1] * n
    for g, group in enumerate(groups):
        for i in group.members:
            owner[i] = g
    return owner


def read_labelled(path: str | Path) -> tuple[list[str], list[str]]:
    """Labels and texts of a TSV file with a header and columns `label`, `text`."""
    return parse_labelled(Path(path).read_text(encoding="utf-8"))


def parse_labelled(content: str) -> tuple[list[str], list[str]]:
    """Labels and texts of TSV content: a header line, then `label<TAB>text` lines."""
    labels, texts = [], []
    for line in content.splitlines()[1:]:
        if line.strip():
            label, text = line.split("\t", 1)
            labels.append(label)
            texts.append(text)
    return labels, texts
