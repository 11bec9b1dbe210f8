"""Grouping quality on labelled French contributions (tests/data/texts), by adjusted Rand index.

The floors sit a little below what the default options measure (0.530 on the set used to choose
them, 0.546 on the held-out one); a trivial grouping scores about 0 and must fail them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mille.opinions.compare import adjusted_rand_index as reference_ari
from mille.texts import adjusted_rand_index, group_texts
from mille.texts.scoring import group_of_each, read_labelled
from tests.texts.test_cli import DATA

FLOORS = {"contributions_fr.tsv": 0.48, "contributions_fr_heldout.tsv": 0.45}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_grouping_finds_the_ideas_of_a_labelled_set(name):
    labels, texts = read_labelled(DATA / name)
    groups = group_texts(texts, "fr")
    assert FLOORS[name] <= adjusted_rand_index(labels, group_of_each(groups, len(texts)))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_trivial_groupings_fall_below_the_floor(name):
    labels, texts = read_labelled(DATA / name)
    all_in_one = [0] * len(texts)
    all_alone = list(range(len(texts)))
    assert adjusted_rand_index(labels, all_in_one) < FLOORS[name]
    assert adjusted_rand_index(labels, all_alone) < FLOORS[name]


def test_the_labelled_sets_are_big_enough():
    labels, texts = read_labelled(DATA / "contributions_fr.tsv")
    assert len(texts) >= 150 and 20 <= len(set(labels)) <= 30
    held_labels, held_texts = read_labelled(DATA / "contributions_fr_heldout.tsv")
    assert len(held_texts) >= 40
    assert not set(held_texts) & set(texts)


def test_adjusted_rand_index_known_values():
    assert adjusted_rand_index("aabb", "xxyy") == 1.0
    assert adjusted_rand_index("aabb", "abab") == pytest.approx(-0.5)
    assert adjusted_rand_index("aaaa", "abcd") == 0.0
    assert adjusted_rand_index("a", "b") == 1.0
    with pytest.raises(ValueError):
        adjusted_rand_index("ab", "a")


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4)), min_size=2, max_size=40))
def test_adjusted_rand_index_agrees_with_the_opinion_engines(pairs):
    truth, found = zip(*pairs, strict=True)
    assert adjusted_rand_index(truth, found) == pytest.approx(reference_ari(truth, found))
    assert adjusted_rand_index(truth, found) == pytest.approx(adjusted_rand_index(found, truth))
