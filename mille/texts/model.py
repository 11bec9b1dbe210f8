"""What the grouping returns and how it is tuned: frozen dataclasses, no Django."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    """Contributions that say the same idea.

    `members` are 0-based indices into the input list, in increasing order; `typical` is the
    member closest to the group's centroid; `label` a short statement drawn from it, ready to be
    edited into a statement for the vote. Blank contributions are gathered in one group whose
    label is empty."""

    members: tuple[int, ...]
    typical: int
    label: str


@dataclass(frozen=True)
class Options:
    """How alike two groups must be to merge, and what makes them alike.

    `threshold` is the largest average cosine distance (1 - similarity) at which two groups
    still merge; `word_weight` the share of word stems in the direct similarity (the rest:
    character n-grams of sizes `ngram`); `shared_neighbours` the share of the similarity that
    comes from having the same `neighbours` nearest texts (0: direct similarity only).
    Chosen on tests/data/texts (see its README): the adjusted Rand index is flat for
    thresholds from 0.86 to 0.92."""

    threshold: float = 0.88
    word_weight: float = 0.5
    ngram: tuple[int, int] = (3, 5)
    shared_neighbours: float = 0.3
    neighbours: int = 5
