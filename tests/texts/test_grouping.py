"""Properties of the text grouping: a partition of the input, deterministic, any language."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mille.texts import Group, Options, group_texts
from mille.texts.clustering import average_linkage

WORDS = (
    "devoirs maison école maîtresse prof cantine cher écrans téléphone parents familles "
    "réunion soir bus collège langue traduire portail accueil harcèlement notes"
).split()


def assert_partition(groups: list[Group], n: int) -> None:
    seen = sorted(i for g in groups for i in g.members)
    assert seen == list(range(n))
    for g in groups:
        assert g.members
        assert list(g.members) == sorted(g.members)
        assert g.typical in g.members


sentences = st.lists(st.sampled_from(WORDS), min_size=0, max_size=8).map(" ".join)
texts_strategy = st.lists(st.one_of(sentences, st.text(max_size=40)), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=texts_strategy, lang=st.sampled_from(["fr", "en", "tr", "ar", "xx"]))
def test_any_list_of_texts_is_partitioned_the_same_way_twice(texts, lang):
    groups = group_texts(texts, lang)
    assert_partition(groups, len(texts))
    assert groups == group_texts(list(texts), lang)
    for g in groups:
        assert len(g.label) <= 91
        assert g.label == g.label.strip()


def test_no_text_gives_no_group():
    assert group_texts([]) == []


def test_a_single_text_is_a_group_of_one():
    assert group_texts(["Les devoirs sont trop durs pour nous."]) == [
        Group(members=(0,), typical=0, label="Les devoirs sont trop durs pour nous")
    ]


def test_blank_lines_form_one_last_group_with_an_empty_label():
    texts = ["", "La cantine coûte trop cher.", "   ", "La cantine est trop chère !", "\t"]
    groups = group_texts(texts)
    assert_partition(groups, len(texts))
    assert groups[-1] == Group(members=(0, 2, 4), typical=0, label="")
    assert groups[0].members == (1, 3)


def test_only_blank_lines():
    assert group_texts(["", " "]) == [Group(members=(0, 1), typical=0, label="")]


def test_texts_without_content_words_stay_alone():
    groups = group_texts(["Oui.", "Et alors ?", "Les devoirs, trop durs", "Les devoirs sont durs"])
    assert_partition(groups, 4)
    assert (2, 3) in [g.members for g in groups]
    assert (0,) in [g.members for g in groups] and (1,) in [g.members for g in groups]


def test_same_idea_with_other_words_is_grouped():
    texts = [
        "Le prof donne trop de devoirs le soir.",
        "La cantine coûte trop cher pour les familles.",
        "L'enseignant donne beaucoup de travail à la maison.",
        "Le prix du restaurant scolaire est trop élevé pour les parents.",
    ]
    groups = group_texts(texts)
    assert sorted(g.members for g in groups) == [(0, 2), (1, 3)]


def test_the_typical_member_is_the_one_closest_to_the_others():
    texts = [
        "Les écrans prennent trop de place.",
        "Les écrans et le téléphone prennent trop de place à la maison.",
        "Le téléphone à la maison, tout le temps.",
    ]
    (group,) = group_texts(texts, options=Options(threshold=0.99))
    assert group.typical == 1
    assert group.label == "Les écrans et le téléphone prennent trop de place à la maison"


def test_largest_groups_come_first():
    texts = ["Le bus est en retard.", "La cantine est chère.", "La cantine coûte cher."]
    groups = group_texts(texts)
    assert [len(g.members) for g in groups] == [2, 1]


def test_the_threshold_bounds_the_number_of_groups():
    texts = ["devoirs maison", "cantine chère", "bus retard", "devoirs soir"]
    assert len(group_texts(texts, options=Options(threshold=0.0))) == 4
    assert len(group_texts(texts, options=Options(threshold=1.0))) == 1


def test_each_language_runs_and_groups_its_own_paraphrases():
    cases = {
        "en": ["Homework is too hard.", "The homework is too hard for us.", "Bus is late."],
        "tr": ["Ödevler çok zor.", "Ödevler bizim için çok zor.", "Otobüs geç geliyor."],
        "ar": ["الواجبات صعبة جدا", "الواجبات المنزلية صعبة", "الحافلة تتأخر دائما"],
        "de": ["Hausaufgaben sind schwer.", "Die Hausaufgaben sind schwer.", "Der Bus kommt spät."],
    }
    for lang, texts in cases.items():
        groups = group_texts(texts, lang)
        assert_partition(groups, 3)
        assert groups[0].members == (0, 1), lang


def test_average_linkage_merges_by_mean_distance():
    # a-b close, c at 0.5 from a and 0.9 from b: mean 0.7 from {a, b}.
    d = np.array([[0.0, 0.1, 0.5], [0.1, 0.0, 0.9], [0.5, 0.9, 0.0]])
    assert average_linkage(d, 0.69).tolist() == [0, 0, 1]
    assert average_linkage(d, 0.7).tolist() == [0, 0, 0]
    assert average_linkage(np.zeros((0, 0)), 0.5).tolist() == []
