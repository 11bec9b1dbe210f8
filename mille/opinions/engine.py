"""analyse(): from votes to opinion groups and per-statement figures."""

from __future__ import annotations

import time
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
    threshold = min(options.min_votes, int(active.sum()))
    clustered = (voted_active >= max(threshold, 1)) & (voted_active > 0)
    previous_labels = np.full(n_p, -1)
    if previous is not None:
        index = {pid: i for i, pid in enumerate(previous.participant_ids)}
        for i, pid in enumerate(participant_ids):
            j = index.get(pid)
            if j is not None:
                clustered[i] |= bool(previous.clustered[j]) and voted_active[i] > 0
                previous_labels[i] = previous.group[j]

    labels, k, silhouette, k_candidate, k_streak, base_centres = _groups(
        coordinates, clustered, previous, previous_labels, options, rng
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
        base_centres=base_centres,
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


def _groups(coordinates, clustered, previous, previous_labels, options, rng):
    """Labels per participant (-1 outside), k, silhouette, and the k-smoothing state."""
    n_p = len(coordinates)
    labels = np.full(n_p, -1)
    members = np.flatnonzero(clustered)
    if len(members) < 2:
        return labels, 0, None, 0, 0, None
    points = coordinates[members]
    scale = float(np.abs(points).max()) or 1.0
    points_for_base = np.round(points / scale, 9) * scale
    previous_base = previous.state.base_centres if previous is not None else None
    centres, weights, base_of = clustering.base_clusters(
        points_for_base, options.base_clusters, rng, init=previous_base
    )
    ks = clustering.candidate_ks(len(centres), options.max_groups)
    if len(ks) == 0:
        return labels, 0, None, 0, 0, None

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
    for k in ks:
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
    if not results:
        return labels, 0, None, 0, 0, None
    best_k = max(results, key=lambda k: (round(results[k][1], 12), -k))

    k, candidate, streak = best_k, best_k, 0
    if previous is not None and previous.k in results and best_k != previous.k:
        state = previous.state
        streak = state.k_streak + 1 if state.k_candidate == best_k else 1
        k = best_k if streak >= options.k_switch_after else previous.k
        if k == best_k:
            streak = 0
    base_labels, silhouette = results[k]
    raw = base_labels[base_of]
    # Canonical cold ids: biggest group first (ties: lowest mean position).
    sizes = np.bincount(raw, minlength=k)
    order = sorted(
        range(k),
        key=lambda g: (-sizes[g], tuple(points[raw == g].mean(axis=0)) if sizes[g] else ()),
    )
    rank = np.empty(k, dtype=np.int64)
    rank[order] = np.arange(k)
    current = np.full(n_p, -1)
    current[members] = rank[raw]
    if previous is not None and previous.k:
        current = clustering.align_labels(previous_labels, current, k)
    kept_base = centres if len(centres) == options.base_clusters else None
    return current, k, float(silhouette), candidate, streak, kept_base


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
