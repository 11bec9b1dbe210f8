"""analyse(): from votes to opinion groups and per-statement figures."""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from . import clustering, pca, stats
from .matrix import latest_votes
from .model import Analysis, Conversation, OpinionDataError, Options, Votes, WarmState


def analyse(
    conversation: Conversation | Votes,
    options: Options | None = None,
    previous: Analysis | None = None,
) -> Analysis:
    """Analyse a conversation. With `previous`, start from its result (warm
    start): its axes seed the PCA, its groups seed k-means, its ids are kept,
    and k changes only once a new k has been best `k_switch_after` times in a row."""
    options = options or Options()
    if isinstance(conversation, Votes):
        conversation = Conversation(conversation)
    if not isinstance(conversation, Conversation):
        raise OpinionDataError("Expected a Conversation or Votes.")
    clock = _Clock()
    votes = conversation.votes
    rng = np.random.default_rng(options.seed)
    statement_ids = votes.statement_ids
    participant_ids = votes.participant_ids
    n_p = len(participant_ids)

    matrix = latest_votes(votes)
    clock.tick("matrix")
    active = np.array([sid not in conversation.moderated_out for sid in statement_ids], dtype=bool)
    n_moderated = int((~active).sum())
    voted = np.bincount(matrix.rows, minlength=n_p)
    voted_active = np.bincount(matrix.rows, weights=active[matrix.cols], minlength=n_p)

    means, xc = pca.centred(matrix, active)
    start = _previous_axes(previous, statement_ids)
    components = pca.leading_axes(
        xc, 2, rng, start=start, tol=options.pca_tolerance, max_iter=options.pca_max_iterations
    )
    axes = pca.orient(components.axes, start)
    clock.tick("pca")
    coordinates = pca.project_participants(xc, axes, voted_active, n_moderated)
    statement_xy = pca.project_statements(axes, means, active)
    extremity = np.linalg.norm(statement_xy, axis=1)

    # Who is clustered: enough votes, or clustered before (membership never shrinks).
    polis = options.procedure == "polis"
    if polis:
        # Pol.is counts every vote (statements moderated out included) against
        # the statements voted on, and tops up to 15 with the keenest voters.
        n_voted = int((np.bincount(matrix.cols, minlength=len(statement_ids)) > 0).sum())
        clustered = voted >= max(min(options.min_votes, n_voted), 1)
    else:
        threshold = min(options.min_votes, int(active.sum()))
        clustered = (voted_active >= max(threshold, 1)) & (voted_active > 0)
    previous_labels = np.full(n_p, -1)
    previous_base = np.full(n_p, -1)
    if previous is not None:
        index = {pid: i for i, pid in enumerate(previous.participant_ids)}
        base_before = previous.state.base_of if previous.state.procedure == "polis" else None
        for i, pid in enumerate(participant_ids):
            j = index.get(pid)
            if j is not None:
                was = bool(previous.clustered[j])
                clustered[i] |= was and (voted[i] > 0 if polis else voted_active[i] > 0)
                previous_labels[i] = previous.group[j]
                if base_before is not None:
                    previous_base[i] = base_before[j]
    if polis:
        order = _polis_rows(votes, n_p)
        if clustered.sum() < _POLIS_GREEDY:
            keen = order[np.argsort(-voted[order], kind="stable")]
            keen = keen[~clustered[keen] & (voted[keen] > 0)]
            clustered[keen[: _POLIS_GREEDY - int(clustered.sum())]] = True
        found = _polis_groups(coordinates, clustered, order, previous, previous_base, options)
    else:
        found = _groups(coordinates, clustered, previous, previous_labels, options, rng)
    labels, k, silhouette, k_candidate, k_streak, found = _settle(
        found, coordinates, clustered, previous, previous_labels, options
    )
    clock.tick("clustering")

    group_ids = sorted(set(labels[labels >= 0].tolist()))
    member_index = np.full(n_p, -1)
    for position, gid in enumerate(group_ids):
        member_index[labels == gid] = position
    opinion = stats.lens(
        matrix,
        statement_ids,
        active,
        member_index,
        [str(g) for g in group_ids],
        population=clustered if k else voted > 0,
        z_star=options.significance,
        per_group=options.representative_per_group,
    )
    a, d, s = stats.group_counts(matrix, np.where(clustered, 0, -1), 1)
    routing = stats.priority(a[0], d[0], s[0], extremity, active)

    declared = None
    if conversation.declared_groups is not None:
        declared_of = [conversation.declared_groups.get(pid) for pid in participant_ids]
        names = sorted({g for g in declared_of if g is not None}, key=_natural)
        position = {g: i for i, g in enumerate(names)}
        declared_index = np.array(
            [-1 if g is None else position[g] for g in declared_of], dtype=np.int64
        )
        declared = stats.lens(
            matrix,
            statement_ids,
            active,
            declared_index,
            names,
            population=voted > 0,
            z_star=options.significance,
            per_group=options.representative_per_group,
        )
    clock.tick("statistics")

    state = WarmState(
        components=_frozen(axes.T.copy()),
        k_candidate=k_candidate,
        k_streak=k_streak,
        base_centres=None if found is None else _maybe_frozen(found.kept_base),
        procedure=options.procedure,
        base_of=_base_of(found, n_p) if polis else None,
        group_of_base=(
            MappingProxyType(found.group_of_base)
            if polis and found is not None and found.group_of_base is not None
            else None
        ),
    )
    return Analysis(
        k=k,
        silhouette=silhouette,
        participant_ids=participant_ids,
        group=_frozen(labels),
        coordinates=_frozen(coordinates),
        clustered=_frozen(clustered),
        statement_ids=statement_ids,
        statement_coordinates=_frozen(statement_xy),
        extremity=_frozen(extremity),
        priority=_frozen(routing),
        opinion=opinion,
        declared=declared,
        state=state,
        timings=MappingProxyType(clock.laps | {"pca_iterations": components.iterations}),
    )


_POLIS_GREEDY = 15  # Pol.is clusters at least this many participants (the keenest voters)


@dataclass
class _Found:
    """Base clusters and the candidate groupings of one analysis."""

    members: np.ndarray  # clustered participants
    points: np.ndarray  # their positions
    base_of: np.ndarray  # base cluster of each member
    centres: np.ndarray  # base centres
    results: dict  # k -> (group of each base cluster, silhouette)
    kept_base: np.ndarray | None = None
    group_of_base: dict | None = None
    prefer_larger_k: bool = False  # on equal silhouettes (Pol.is's max-key keeps the last k)


def _groups(coordinates, clustered, previous, previous_labels, options, rng):
    """Our procedure: exact base clusters up to 1,000 positions, best of several
    k-means runs per k with groups of at least min_group_size, weighted silhouette."""
    members = np.flatnonzero(clustered)
    if len(members) < 2:
        return None
    points = coordinates[members]
    previous_base = None
    if previous is not None and previous.state.procedure == "mille":
        previous_base = previous.state.base_centres
    centres, weights, base_of = clustering.base_clusters(
        _rounded(points), options.base_clusters, rng, init=previous_base
    )

    # Warm seeds: where the previous groups' members sit now.
    warm_seeds = {}
    if previous is not None and previous.k:
        prior = previous_labels[members]
        known = prior >= 0
        if known.any():
            ids = np.unique(prior[known])
            seeds = np.array([points[prior == g].mean(axis=0) for g in ids])
            warm_seeds[len(ids)] = seeds

    results = {}
    for k in clustering.candidate_ks(len(centres), options.max_groups):
        found = clustering.kmeans(
            centres,
            weights,
            k,
            rng,
            restarts=options.restarts // 4 if warm_seeds else options.restarts,
            init=warm_seeds.get(k),
            min_size=options.min_group_size,
        )
        if found is None:
            continue
        base_labels = found[0]
        if len(np.unique(base_labels)) < 2:
            continue
        results[k] = (base_labels, clustering.weighted_silhouette(centres, weights, base_labels))
    kept_base = centres if len(centres) == options.base_clusters else None
    return _Found(members, points, base_of, centres, results, kept_base=kept_base)


def _polis_rows(votes: Votes, n_p: int) -> np.ndarray:
    """Participants in Pol.is's row order: by their first vote (then by index)."""
    first = np.full(n_p, np.inf)
    np.minimum.at(first, votes.participant, votes.time)
    return np.lexsort((np.arange(n_p), first))


def _polis_groups(coordinates, clustered, order, previous, previous_base, options):
    """Pol.is's procedure: base clusters from the first distinct positions in row
    order (or from the previous base clusters), groups for each k from the first
    k distinct base centres (or the previous groups for that k), one run each,
    Pol.is's silhouette; no floor on group size. A k whose run loses a group
    (a centre left alone) is not a candidate."""
    members = order[clustered[order]]
    if len(members) < 2:
        return None
    points = _rounded(coordinates[members])
    state = previous.state if previous is not None else None
    warm = state is not None and state.procedure == "polis" and state.base_centres is not None
    if warm:
        start, origin = clustering.polis_warm_start(
            points, previous_base[members], len(state.base_centres), options.base_clusters
        )
    else:
        start = clustering.first_distinct(points, options.base_clusters)
        origin = np.full(len(start), -1)
    ones = np.ones(len(points))
    base_of, centres, kept = clustering.polis_lloyd(
        points, ones, start, clustering.POLIS_BASE_STEPS
    )
    base_before = origin[kept]  # previous base cluster of each base cluster (-1: new)
    weights = np.bincount(base_of, minlength=len(centres)).astype(float)
    results, group_of_base = {}, {}
    before = dict(state.group_of_base or {}) if warm else {}
    for k in clustering.candidate_ks(len(centres), options.max_groups):
        if k in before:
            groups_before = before[k]
            prior = np.where(base_before >= 0, groups_before[np.maximum(base_before, 0)], -1)
            start, _ = clustering.polis_warm_start(
                centres, prior, int(groups_before.max()) + 1, k, weights
            )
        else:
            start = clustering.first_distinct(centres, k)
        base_labels, found, _ = clustering.polis_lloyd(
            centres, weights, start, clustering.POLIS_GROUP_STEPS
        )
        if len(found) < k:
            continue
        group_of_base[k] = _frozen(base_labels)
        results[k] = (base_labels, clustering.polis_silhouette(centres, base_labels))
    return _Found(
        members,
        points,
        base_of,
        centres,
        results,
        kept_base=centres,
        group_of_base=group_of_base,
        prefer_larger_k=True,
    )


def _settle(found, coordinates, clustered, previous, previous_labels, options):
    """Labels per participant (-1 outside), k, silhouette, and the k-smoothing state."""
    n_p = len(coordinates)
    labels = np.full(n_p, -1)
    if found is None or not found.results:
        return labels, 0, None, 0, 0, found
    results = found.results
    tie = 1 if found.prefer_larger_k else -1
    best_k = max(results, key=lambda k: (round(results[k][1], 12), tie * k))

    k, candidate, streak = best_k, best_k, 0
    if previous is not None and previous.k in results and best_k != previous.k:
        state = previous.state
        streak = state.k_streak + 1 if state.k_candidate == best_k else 1
        k = best_k if streak >= options.k_switch_after else previous.k
        if k == best_k:
            streak = 0
    base_labels, silhouette = results[k]
    # Members' groups, numbered from 0 in the order they first appear among the base clusters.
    _, first = np.unique(base_labels, return_index=True)
    renumber = np.zeros(base_labels.max() + 1, dtype=np.int64)
    renumber[base_labels[np.sort(first)]] = np.arange(len(first))
    raw = renumber[base_labels][found.base_of]
    k_found = len(first)
    points, members = found.points, found.members
    # Canonical cold ids: biggest group first (ties: lowest mean position).
    sizes = np.bincount(raw, minlength=k_found)
    order = sorted(
        range(k_found),
        key=lambda g: (-sizes[g], tuple(points[raw == g].mean(axis=0)) if sizes[g] else ()),
    )
    rank = np.empty(k_found, dtype=np.int64)
    rank[order] = np.arange(k_found)
    current = np.full(n_p, -1)
    current[members] = rank[raw]
    if previous is not None and previous.k:
        current = clustering.align_labels(previous_labels, current, k_found)
    return current, k_found, float(silhouette), candidate, streak, found


def _rounded(points: np.ndarray) -> np.ndarray:
    """Positions rounded to 9 significant digits of the largest one, so that
    participants who voted alike are at exactly the same place."""
    scale = float(np.abs(points).max()) or 1.0
    return np.round(points / scale, 9) * scale


def _previous_axes(previous: Analysis | None, statement_ids) -> np.ndarray | None:
    if previous is None:
        return None
    index = {sid: i for i, sid in enumerate(previous.statement_ids)}
    start = np.zeros((len(statement_ids), 2))
    for j, sid in enumerate(statement_ids):
        i = index.get(sid)
        if i is not None:
            start[j] = previous.state.components[:, i]
    return start if np.any(start) else None


def _base_of(found, n_p: int) -> np.ndarray | None:
    if found is None:
        return None
    base_of = np.full(n_p, -1)
    base_of[found.members] = found.base_of
    return _frozen(base_of)


def _maybe_frozen(array):
    return None if array is None else _frozen(array)


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.asarray(array)
    array.flags.writeable = False
    return array


def _natural(label: str):
    return (0, int(label), "") if label.isascii() and label.lstrip("-").isdigit() else (1, 0, label)


class _Clock:
    def __init__(self):
        self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def tick(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.last = now
