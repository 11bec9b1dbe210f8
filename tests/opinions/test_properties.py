"""Properties of the opinion engine, checked by hypothesis on planted conversations."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mille.opinions import Conversation, Options, Votes, analyse
from mille.opinions.compare import adjusted_rand_index


@st.composite
def conversations(draw):
    """Camps of participants with their own agreement profiles, random gaps and re-votes."""
    camps = draw(st.integers(2, 3))
    statements = draw(st.integers(6, 14))
    per_camp = draw(st.lists(st.integers(8, 25), min_size=camps, max_size=camps))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    profile = rng.choice([1, -1], size=(camps, statements))
    records, time = [], 0
    for camp, size in enumerate(per_camp):
        for member in range(size):
            pid = f"c{camp}m{member}"
            for s in range(statements):
                if rng.random() < 0.2:
                    continue
                roll = rng.random()
                value = (
                    0 if roll < 0.1 else (profile[camp, s] if roll < 0.85 else -profile[camp, s])
                )
                records.append((pid, f"s{s}", int(value), float(time)))
                time += 1
    declared = {p: p[:2] for p, *_ in records}
    return records, declared


def run(records, declared, **options):
    return analyse(
        Conversation(Votes.from_records(records), declared_groups=declared), Options(**options)
    )


def by_participant(result):
    return {pid: result.group[i] for i, pid in enumerate(result.participant_ids)}


common = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(conversations(), st.randoms(use_true_random=False), st.sampled_from(["mille", "polis"]))
def test_relabelling_changes_only_labels(data, random, procedure):
    """Also with Pol.is's procedure, whose start depends on the participants'
    order: that order is the order of their first votes, which relabelling keeps."""
    records, declared = data
    participants = sorted({r[0] for r in records})
    statements = sorted({r[1] for r in records})
    new_p = dict(zip(participants, random.sample(range(1000), len(participants)), strict=True))
    new_s = dict(zip(statements, random.sample(range(1000), len(statements)), strict=True))
    shuffled = [(f"P{new_p[p]}", f"S{new_s[s]}", v, t) for p, s, v, t in records]
    random.shuffle(shuffled)  # order of events changes, their times do not
    first = run(records, declared, procedure=procedure)
    second = run(shuffled, {f"P{new_p[p]}": g for p, g in declared.items()}, procedure=procedure)
    assert first.k == second.k
    a, b = by_participant(first), by_participant(second)
    assert (
        adjusted_rand_index([a[p] for p in participants], [b[f"P{new_p[p]}"] for p in participants])
        == 1.0
    )
    for sid in statements:
        one, two = first.declared.statement(sid), second.declared.statement(f"S{new_s[sid]}")
        assert one.counts == two.counts and dict(one.groups) == dict(two.groups)
        assert abs(one.gic - two.gic) < 1e-12
        assert (
            abs(first.opinion.statement(sid).gic - second.opinion.statement(f"S{new_s[sid]}").gic)
            < 1e-12
        )
    renamed = {f"S{new_s[s]}" for s in first.declared.consensus_agree}
    assert renamed == set(second.declared.consensus_agree)


@common
@given(conversations())
def test_gic_in_unit_interval_and_unanimity_is_consensus(data):
    records, declared = data
    voters = sorted({r[0] for r in records})
    records = records + [(p, "everyone", 1, 1e9) for p in voters]
    result = run(records, declared)
    for lens in (result.opinion, result.declared):
        assert all(0 < f.gic <= 1 for f in lens.statements)
        assert "everyone" in lens.consensus_agree
        assert "everyone" not in lens.divisive
    assert np.isfinite(result.coordinates).all() and np.isfinite(result.priority).all()


@common
@given(conversations())
def test_duplicated_participants_keep_group_proportions(data):
    """Everyone voting twice as two people: same groups, same shares.
    The floor on group size counts people, so it is off here (see clustering)."""
    records, declared = data
    twins = records + [(p + "-twin", s, v, t + 0.5) for p, s, v, t in records]
    twins_declared = declared | {p + "-twin": g for p, g in declared.items()}
    one, two = (
        run(records, declared, min_group_size=0),
        run(twins, twins_declared, min_group_size=0),
    )
    assert one.k == two.k
    shares_one = (
        sorted(np.bincount(one.group[one.group >= 0]) / (one.group >= 0).sum()) if one.k else []
    )
    shares_two = (
        sorted(np.bincount(two.group[two.group >= 0]) / (two.group >= 0).sum()) if two.k else []
    )
    assert np.allclose(shares_one, shares_two)
    groups_two = by_participant(two)
    assert all(groups_two[p] == groups_two[p + "-twin"] for p in declared)
