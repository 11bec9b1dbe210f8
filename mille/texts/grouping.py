"""Group a workshop's contributions by same idea (the crossing's statements, second pass)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .clustering import average_linkage
from .features import Analyzer, tfidf
from .label import make_label
from .model import Group, Options

DEFAULT_OPTIONS = Options()


def similarity(texts: Sequence[str], lang: str = "fr", options: Options = DEFAULT_OPTIONS):
    """Cosine similarity of every pair of texts: stems and character n-grams, weighted.

    Rounded to 9 decimals so that sums done in another order (threads, libraries) cannot
    change which pair is closest."""
    analyzer = Analyzer(lang, options.ngram)
    stems = [analyzer.stems(t) for t in texts]
    by_words = tfidf(stems)
    by_chars = tfidf([analyzer.ngrams(s) for s in stems])
    w = options.word_weight
    sim = w * (by_words @ by_words.T) + (1.0 - w) * (by_chars @ by_chars.T)
    return np.round(sim, 9)


def group_texts(
    texts: Sequence[str], lang: str = "fr", options: Options = DEFAULT_OPTIONS
) -> list[Group]:
    """Partition `texts` into groups of the same idea, largest groups first.

    Every index is in exactly one group; a lone idea is a group of one; texts with nothing but
    blanks form one last group with an empty label. Same input, same output."""
    blank = [i for i, t in enumerate(texts) if not t.strip()]
    kept = [i for i, t in enumerate(texts) if t.strip()]
    groups: list[Group] = []
    if kept:
        sim = similarity([texts[i] for i in kept], lang, options)
        cluster = average_linkage(1.0 - sim, options.threshold)
        for c in range(int(cluster.max()) + 1):
            local = np.flatnonzero(cluster == c)
            # Closest to the centroid = highest mean similarity to the group (unit vectors);
            # ties go to the shorter text, then to the first one.
            closeness = sim[np.ix_(local, local)].sum(axis=1)
            best = min(
                range(len(local)),
                key=lambda k: (-closeness[k], len(texts[kept[local[k]]]), local[k]),
            )
            typical = kept[local[best]]
            groups.append(
                Group(
                    members=tuple(kept[k] for k in local),
                    typical=typical,
                    label=make_label(texts[typical]),
                )
            )
        groups.sort(key=lambda g: (-len(g.members), g.members[0]))
    if blank:
        groups.append(Group(members=tuple(blank), typical=blank[0], label=""))
    return groups
