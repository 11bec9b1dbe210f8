"""Group a workshop's contributions by same idea (the crossing's statements, second pass)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .clustering import average_linkage
from .features import Analyzer, tfidf
from .label import make_label
from .model import Group, Options

DEFAULT_OPTIONS = Options()


def similarity(
    texts: Sequence[str], lang: str = "fr", options: Options = DEFAULT_OPTIONS
) -> np.ndarray:
    """Similarity of every pair of texts, from 0 (nothing in common) to 1.

    Direct similarity: the cosine of stems and of character n-grams, weighted. Short texts
    that say one idea often share no word, but share neighbours: so each text's profile, its
    direct similarity to its `neighbours` nearest texts (itself included), is compared too, and
    the cosine of two profiles makes up `shared_neighbours` of the result (only with more than
    four times `neighbours` texts: among a few texts, every one is everyone's neighbour). Rounded to 9
    decimals so that sums done in another order (threads, libraries) cannot change which pair
    is closest."""
    analyzer = Analyzer(lang, options.ngram)
    stems = [analyzer.stems(t) for t in texts]
    by_words = tfidf(stems)
    by_chars = tfidf([analyzer.ngrams(s) for s in stems])
    w = options.word_weight
    direct = w * (by_words @ by_words.T) + (1.0 - w) * (by_chars @ by_chars.T)
    share = options.shared_neighbours
    if share <= 0 or len(texts) <= 4 * options.neighbours:
        return np.round(direct, 9)
    profile = direct.copy()
    beyond = np.argsort(-direct, axis=1, kind="stable")[:, options.neighbours :]
    np.put_along_axis(profile, beyond, 0.0, axis=1)
    profile = np.maximum(profile, profile.T)
    norms = np.linalg.norm(profile, axis=1)
    profile /= np.where(norms > 0, norms, 1.0)[:, None]
    return np.round((1.0 - share) * direct + share * (profile @ profile.T), 9)


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
