"""Per-statement figures for a grouping of participants.

For group g and statement j, from each member's latest vote:
A_g agree, D_g disagree, S_g seen (agree + disagree + pass).

- Agreement  pa_g = (A_g + 1) / (S_g + 2);  pd_g = (D_g + 1) / (S_g + 2).
- Group-informed consensus  GIC_j = prod_g (A_g + 1) / (S_g + 2): high only when
  every group agrees; each factor is in (0, 1), so GIC is in (0, 1].
  With no groups, the whole population counts as one group.
- Representativeness of j for g, against the rest R = the other groups together:
      ra = pa_g / ((A_R + 1) / (S_R + 2))                       (rd likewise)
      pat = 2 sqrt(S_g + 1) ((A_g + 1) / (S_g + 1) - 1/2)       (one-proportion z)
      rat = two_prop(A_g + 1, A_R + 1, S_g + 1, S_R + 1)
      two_prop(s1, s2, n1, n2) = (s1/n1 - s2/n2) / sqrt(ph (1 - ph) (1/n1 + 1/n2)),
                                 ph = (s1 + s2) / (n1 + n2)  (0 when ph = 1)
  The direction is agree when rat > rdt; the statement is significant for g when
  (rat > z* and pat > z*) or (rdt > z* and pdt > z*), z* = 1.2816 (90 %, one-sided).
  A group's representative statements: significant ones ranked by
  ratio * z * probability * probability_z, best `n` kept, agreements first.
- Consensus (what unites): agree-consensus when every group that saw j has
  pa_g > 1/2 and the whole population's pat > z*; ranked by GIC. Disagree-
  consensus likewise with pd, ranked by prod_g (D_g + 1) / (S_g + 2).
- Divisive (where groups differ): spread_j = max_g pa_g - min_g pa_g over groups
  that saw j; divisive when the two-proportion z between those two groups
  exceeds z*; ranked by spread.
- Routing priority (which statement to show next), over all clustered voters,
  P = S - A - D passes, E = extremity:
      importance = (1 - (P + 1)/(S + 2)) (E + 1) (A + 1)/(S + 2)
      priority   = (importance (1 + 8 * 2^(-S/5)))^2
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from .matrix import VoteMatrix
from .model import GroupCounts, Lens, Repness, StatementFigures


def group_counts(matrix: VoteMatrix, member_group: np.ndarray, n_groups: int):
    """Arrays (n_groups, n_statements) of A, D, S for participants whose
    member_group is in 0..n_groups-1 (others, -1, are not counted)."""
    n_s = matrix.n_statements
    g = member_group[matrix.rows]
    mask = g >= 0
    cell = g[mask].astype(np.int64) * n_s + matrix.cols[mask]
    values = matrix.values[mask]
    size = n_groups * n_s
    agree = np.bincount(cell, weights=values > 0, minlength=size).reshape(n_groups, n_s)
    disagree = np.bincount(cell, weights=values < 0, minlength=size).reshape(n_groups, n_s)
    seen = np.bincount(cell, minlength=size).reshape(n_groups, n_s).astype(float)
    return agree, disagree, seen


def two_prop(s1, s2, n1, n2):
    s1, s2, n1, n2 = s1 + 1.0, s2 + 1.0, n1 + 1.0, n2 + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(np.clip(pooled * (1 - pooled), 0, None) * (1 / n1 + 1 / n2))
    z = np.divide(
        s1 / n1 - s2 / n2, spread, out=np.zeros(np.broadcast(s1, s2).shape), where=spread > 0
    )
    return np.where(pooled >= 1.0, 0.0, z)


def prop_test(successes, n):
    return 2.0 * np.sqrt(n + 1.0) * ((successes + 1.0) / (n + 1.0) - 0.5)


def gic(agree, seen):
    """Group-informed consensus per statement (product over groups)."""
    return np.prod((agree + 1.0) / (seen + 2.0), axis=0)


def _repness(agree, disagree, seen, z_star):
    rest_a = agree.sum(axis=0) - agree
    rest_d = disagree.sum(axis=0) - disagree
    rest_s = seen.sum(axis=0) - seen
    pa = (agree + 1) / (seen + 2)
    pd = (disagree + 1) / (seen + 2)
    ra = pa / ((rest_a + 1) / (rest_s + 2))
    rd = pd / ((rest_d + 1) / (rest_s + 2))
    pat, pdt = prop_test(agree, seen), prop_test(disagree, seen)
    rat, rdt = two_prop(agree, rest_a, seen, rest_s), two_prop(disagree, rest_d, seen, rest_s)
    agree_side = rat > rdt
    significant = ((rat > z_star) & (pat > z_star)) | ((rdt > z_star) & (pdt > z_star))
    probability = np.where(agree_side, pa, pd)
    ratio = np.where(agree_side, ra, rd)
    z = np.where(agree_side, rat, rdt)
    probability_z = np.where(agree_side, pat, pdt)
    metric = ratio * z * probability * probability_z
    return agree_side, significant, probability, ratio, z, probability_z, metric


def lens(
    matrix: VoteMatrix,
    statement_ids: tuple[str, ...],
    active: np.ndarray,
    member_group: np.ndarray,
    group_ids: list[str],
    population: np.ndarray,
    z_star: float,
    per_group: int,
) -> Lens:
    """Figures for groups 0..len(group_ids)-1 (member_group: index per
    participant, -1 outside). `population` marks who counts in the overall tests."""
    n_groups = len(group_ids)
    total_a, total_d, total_s = group_counts(
        matrix, np.zeros(matrix.n_participants, dtype=np.int64), 1
    )
    a, d, s = group_counts(matrix, member_group, n_groups)
    pop_a, pop_d, pop_s = group_counts(matrix, np.where(population, 0, -1), 1)
    if n_groups:
        gic_values, gid_values = gic(a, s), np.prod((d + 1.0) / (s + 2.0), axis=0)
        side, significant, probability, ratio, z, probability_z, metric = _repness(a, d, s, z_star)
    else:
        gic_values, gid_values = gic(pop_a, pop_s), np.prod((pop_d + 1.0) / (pop_s + 2.0), axis=0)
    pa_all = (a + 1) / (s + 2)
    seen_by = s > 0
    figures = []
    for j, sid in enumerate(statement_ids):
        reps = ()
        if n_groups >= 2 and active[j]:
            reps = tuple(
                Repness(
                    group=group_ids[g],
                    direction="agree" if side[g, j] else "disagree",
                    probability=float(probability[g, j]),
                    ratio=float(ratio[g, j]),
                    z=float(z[g, j]),
                    probability_z=float(probability_z[g, j]),
                    significant=bool(significant[g, j]),
                )
                for g in range(n_groups)
            )
        figures.append(
            StatementFigures(
                id=sid,
                moderated=not bool(active[j]),
                counts=GroupCounts(
                    int(total_a[0, j]),
                    int(total_d[0, j]),
                    int(total_s[0, j] - total_a[0, j] - total_d[0, j]),
                ),
                groups=MappingProxyType(
                    {
                        group_ids[g]: GroupCounts(
                            int(a[g, j]), int(d[g, j]), int(s[g, j] - a[g, j] - d[g, j])
                        )
                        for g in range(n_groups)
                    }
                ),
                agreement=MappingProxyType(
                    {group_ids[g]: float(pa_all[g, j]) for g in range(n_groups)}
                ),
                gic=float(gic_values[j]),
                repness=reps,
            )
        )

    # What unites: every group that saw it leans the same way, and overall the lean is significant.
    pop_pa, pop_pd = (pop_a[0] + 1) / (pop_s[0] + 2), (pop_d[0] + 1) / (pop_s[0] + 2)
    if n_groups:
        all_agree = np.all((pa_all > 0.5) | ~seen_by, axis=0) & seen_by.any(axis=0)
        all_disagree = np.all(((d + 1) / (s + 2) > 0.5) | ~seen_by, axis=0) & seen_by.any(axis=0)
    else:
        all_agree = (pop_pa > 0.5) & (pop_s[0] > 0)
        all_disagree = (pop_pd > 0.5) & (pop_s[0] > 0)
    agree_ok = active & all_agree & (prop_test(pop_a[0], pop_s[0]) > z_star)
    disagree_ok = active & all_disagree & (prop_test(pop_d[0], pop_s[0]) > z_star)
    consensus_agree = _ranked(statement_ids, agree_ok, gic_values)
    consensus_disagree = _ranked(statement_ids, disagree_ok, gid_values)

    # Where groups differ.
    divisive: tuple[str, ...] = ()
    if n_groups >= 2:
        high = np.where(seen_by, pa_all, -np.inf).argmax(axis=0)
        low = np.where(seen_by, pa_all, np.inf).argmin(axis=0)
        cols = np.arange(len(statement_ids))
        spread = pa_all[high, cols] - pa_all[low, cols]
        z_gap = two_prop(a[high, cols], a[low, cols], s[high, cols], s[low, cols])
        ok = active & (seen_by.sum(axis=0) >= 2) & (z_gap > z_star)
        divisive = _ranked(statement_ids, ok, spread)

    representative = {}
    for g, gid in enumerate(group_ids):
        if n_groups < 2:
            representative[gid] = ()
            continue
        chosen = np.flatnonzero(active & significant[g])
        chosen = chosen[np.lexsort((chosen, -metric[g, chosen]))][:per_group]
        if len(chosen) == 0:
            candidates = np.flatnonzero(active & seen_by[g])
            agreeing = candidates[side[g, candidates]]
            pool = agreeing if len(agreeing) else candidates
            if len(pool):
                chosen = pool[[np.argmax(metric[g, pool])]]
        ordered = sorted(chosen.tolist(), key=lambda j: (not side[g, j], -metric[g, j], j))
        representative[gid] = tuple(statement_ids[j] for j in ordered)

    sizes = np.bincount(member_group[member_group >= 0], minlength=n_groups)
    return Lens(
        groups=MappingProxyType({gid: int(sizes[g]) for g, gid in enumerate(group_ids)}),
        statements=tuple(figures),
        consensus_agree=consensus_agree,
        consensus_disagree=consensus_disagree,
        divisive=divisive,
        representative=MappingProxyType(representative),
    )


def _ranked(ids, mask, score) -> tuple[str, ...]:
    chosen = np.flatnonzero(mask)
    chosen = chosen[np.lexsort((chosen, -score[chosen]))]
    return tuple(ids[j] for j in chosen)


def priority(agree, disagree, seen, extremity, active):
    passes = seen - agree - disagree
    importance = (1 - (passes + 1) / (seen + 2)) * (extremity + 1) * (agree + 1) / (seen + 2)
    value = (importance * (1 + 8 * 2 ** (-seen / 5))) ** 2
    return np.where(active, value, 0.0)
