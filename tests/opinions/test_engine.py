"""Edge cases, determinism and warm starts of the opinion engine."""

import json
import math
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from mille.opinions import Choice, Conversation, OpinionDataError, Options, Votes, analyse
from mille.opinions.cli import to_json
from mille.opinions.compare import adjusted_rand_index
from mille.opinions.synthetic import conversation, more_votes


def assert_finite_json(result):
    json.dumps(to_json(result), allow_nan=False)
    if result.declared is not None:
        json.dumps(to_json(result, {pid: "g" for pid in result.participant_ids}), allow_nan=False)


def test_choice_parsing():
    assert Choice.parse("agree") is Choice.AGREE
    assert Choice.parse(-1) is Choice.DISAGREE
    assert Choice.parse(" pass ") is Choice.PASS
    for bad in ("maybe", 2, None, True, 0.5):
        with pytest.raises(OpinionDataError, match="Unknown vote value"):
            Choice.parse(bad)


def test_unknown_vote_value_is_a_clear_error():
    with pytest.raises(OpinionDataError, match="Unknown vote value"):
        Votes.from_records([("a", "s1", "peut-être")])
    with pytest.raises(OpinionDataError, match="Unknown vote value"):
        Votes.from_arrays(["a"], ["s"], [0], [0], [3])


def test_empty_conversation_gives_an_empty_result():
    result = analyse(Votes.from_records([]))
    assert result.k == 0 and result.silhouette is None
    assert result.opinion.statements == () and result.opinion.consensus_agree == ()
    assert_finite_json(result)


def test_one_participant_is_not_clustered():
    result = analyse(Votes.from_records([("a", f"s{i}", "agree") for i in range(10)]))
    assert result.k == 0 and result.group_of("a") is None
    assert all(0 < s.gic <= 1 for s in result.opinion.statements)
    assert_finite_json(result)


def test_all_passes_give_no_groups_and_no_nan():
    records = [(f"p{p}", f"s{s}", "pass") for p in range(30) for s in range(8)]
    result = analyse(Votes.from_records(records))
    assert result.k == 0
    assert not np.isnan(result.coordinates).any() and not np.isnan(result.priority).any()
    assert result.opinion.consensus_agree == () and result.opinion.divisive == ()
    assert_finite_json(result)


def test_latest_vote_counts_and_ties_go_to_the_later_event():
    votes = Votes.from_records(
        [
            ("a", "s", "agree", 5.0),
            ("a", "s", "disagree", 1.0),
            ("b", "s", "agree", 2.0),
            ("b", "s", "pass", 2.0),
        ]
    )
    counts = analyse(votes).opinion.statement("s").counts
    assert (counts.agree, counts.disagree, counts.passes) == (1, 0, 1)


def planted(participants=60, statements=12, seed=0):
    """Two clear camps: camp 0 agrees with even statements, camp 1 with odd ones."""
    rng = np.random.default_rng(seed)
    records = []
    for p in range(participants):
        camp = p % 2
        for s in range(statements):
            if rng.random() < 0.15:
                continue
            likes = (s % 2 == 0) == (camp == 0)
            value = "agree" if (rng.random() < 0.9) == likes else "disagree"
            records.append((f"p{p}", f"s{s}", value))
    camps = {f"p{p}": str(p % 2) for p in range(participants)}
    return records, camps


def test_planted_camps_are_found_and_described():
    records, camps = planted()
    # A statement everyone agrees with, and one moderated out.
    records += [(f"p{p}", "shared", "agree") for p in range(60)]
    records += [(f"p{p}", "hidden", "agree") for p in range(60)]
    result = analyse(Conversation(Votes.from_records(records), frozenset({"hidden"}), camps))
    assert result.k == 2
    found = [result.group_of(pid) for pid in camps]
    assert adjusted_rand_index(found, list(camps.values())) == 1.0
    assert (
        "shared" in result.opinion.consensus_agree and "shared" in result.declared.consensus_agree
    )
    assert "hidden" not in result.opinion.consensus_agree
    assert (
        result.opinion.statement("hidden").moderated
        and result.priority[result.statement_ids.index("hidden")] == 0
    )
    assert set(result.opinion.divisive) >= {f"s{s}" for s in range(12)} - set()
    reps = result.declared.representative
    assert set(reps["0"]) <= {f"s{s}" for s in range(12)} and reps["0"] and reps["1"]
    even = result.declared.statement("s0").repness
    assert {r.group: r.direction for r in even if r.significant} == {"0": "agree", "1": "disagree"}
    assert_finite_json(result)


def test_small_group_floor():
    """No opinion group of fewer than min_group_size participants."""
    records, _ = planted(participants=8)
    assert analyse(Votes.from_records(records)).k == 0
    assert analyse(Votes.from_records(records), Options(min_group_size=2)).k == 2


def test_polis_procedure_has_no_floor_and_workshops_keep_theirs():
    """Pol.is's procedure finds the two camps of 4; the default one shows no
    group of fewer than 5 people, whatever it is asked."""
    records, camps = planted(participants=8)
    votes = Votes.from_records(records)
    polis = analyse(votes, Options.polis())
    assert polis.k == 2 and sorted(polis.opinion.groups.values()) == [4, 4]
    found = [polis.group_of(pid) for pid in camps]
    assert adjusted_rand_index(found, list(camps.values())) == 1.0
    assert analyse(votes, Options.polis(min_group_size=5)).k == 2  # not used by Pol.is's
    assert Options().procedure == "mille" and Options().min_group_size == 5
    workshop = analyse(votes)
    assert workshop.k == 0 and workshop.opinion.groups == {}
    records, _ = planted(participants=14, seed=2)
    for result in (
        analyse(Votes.from_records(records)),
        analyse(Votes.from_records(records), Options(seed=3)),
    ):
        assert all(size >= 5 for size in result.opinion.groups.values())


def test_unknown_procedure_is_a_clear_error():
    with pytest.raises(OpinionDataError, match="Unknown procedure"):
        Options(procedure="kmeans")


def test_deterministic_for_a_seed():
    votes, _ = conversation(300, 40, 6000, seed=3)
    first, second = analyse(votes, Options(seed=7)), analyse(votes, Options(seed=7))
    assert np.array_equal(first.group, second.group)
    assert np.array_equal(first.coordinates, second.coordinates)


@pytest.mark.parametrize("procedure", ["mille", "polis"])
def test_warm_start_is_cheaper_and_does_not_flicker(procedure):
    options = Options(procedure=procedure)
    votes, hidden = conversation(2000, 200, 200_000, seed=1)
    cold = analyse(votes, options)
    later = more_votes(votes, hidden, 0.01)
    warm = analyse(later, options, previous=cold)
    fresh = analyse(later, options)
    assert warm.timings["pca_iterations"] < fresh.timings["pca_iterations"]
    same = (cold.group >= 0) & (warm.group >= 0)
    assert warm.k == cold.k
    assert (cold.group[same] == warm.group[same]).mean() > 0.99  # same ids, not just same partition
    assert adjusted_rand_index(warm.group, fresh.group) > 0.95


@pytest.mark.parametrize("procedure", ["mille", "polis"])
def test_k_changes_only_after_several_updates(procedure):
    options = Options(procedure=procedure)
    records, _ = planted(participants=60)
    votes = Votes.from_records(records)
    result = analyse(votes, options)
    assert result.k == 2
    # Pretend the previous updates had settled on k = 3.
    held = replace(result, k=3, state=replace(result.state, k_candidate=3, k_streak=0))
    seen = []
    for _ in range(4):
        held = analyse(votes, options, previous=held)
        seen.append((held.k, held.state.k_streak))
    assert seen == [(3, 1), (3, 2), (3, 3), (2, 0)]


def test_the_engine_imports_no_django():
    code = "import sys, mille.opinions.cli, mille.opinions.synthetic; sys.exit('django' in sys.modules)"
    assert (
        subprocess.run(
            [sys.executable, "-c", code], cwd=Path(__file__).parents[2], check=False
        ).returncode
        == 0
    )


def test_the_command_imports_no_scipy_for_a_small_export():
    """scipy takes longer to import than a 50,000-vote analysis: the command
    (and a cold analysis under 200,000 votes) does without it."""
    code = (
        "import io, sys, contextlib; from mille.opinions.cli import main; "
        "out = io.StringIO(); redirect = contextlib.redirect_stdout(out); "
        "redirect.__enter__(); code = main(['analyse', 'tests/data/polis/bg2050-volunteers']); "
        "redirect.__exit__(None, None, None); "
        "sys.exit(code or 10 * any(m.split('.')[0] == 'scipy' for m in sys.modules))"
    )
    assert (
        subprocess.run(
            [sys.executable, "-c", code], cwd=Path(__file__).parents[2], check=False
        ).returncode
        == 0
    )


def test_gic_is_a_product_over_groups():
    records = [("a", "s", "agree"), ("b", "s", "agree"), ("c", "s", "disagree"), ("d", "s", "pass")]
    groups = {"a": "x", "b": "x", "c": "y", "d": "y"}
    figures = analyse(
        Conversation(Votes.from_records(records), declared_groups=groups)
    ).declared.statement("s")
    assert math.isclose(figures.gic, (2 + 1) / (2 + 2) * (0 + 1) / (2 + 2))
