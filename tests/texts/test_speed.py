"""500 contributions, as a workshop may hold, are all grouped (the time is measured by
`make bench`, scripts/bench_texts.py: about 0.25 s on 2 cores)."""

import random

from mille.texts import group_texts
from mille.texts.scoring import read_labelled
from tests.texts.test_cli import DATA


def five_hundred_contributions() -> list[str]:
    """The labelled sets, then shuffled and shortened copies of their lines."""
    texts = read_labelled(DATA / "contributions_fr.tsv")[1]
    texts += read_labelled(DATA / "contributions_fr_heldout.tsv")[1]
    rng = random.Random(1)
    base = list(texts)
    while len(texts) < 500:
        words = rng.choice(base).split()
        rng.shuffle(words)
        texts.append(" ".join(words[: max(3, len(words) - 2)]))
    return texts


def test_five_hundred_contributions_each_in_one_group():
    texts = five_hundred_contributions()
    groups = group_texts(texts)
    members = sorted(i for g in groups for i in g.members)
    assert members == list(range(500))
    assert all(g.typical in g.members and (g.label or not texts[g.typical].strip()) for g in groups)
