"""Benchmark of the opinion engine (part of `make bench`).

Each case runs in a fresh process pinned to one core with one BLAS thread:
cold analysis time, peak memory of the analysis (peak RSS above the RSS once
the votes are in memory), and a warm re-analysis after 1 % more votes. Then the
two shared Pol.is conversations through our engine (our procedure, and Pol.is's:
Options(procedure="polis"), the command's default) and through red-dwarf (its own
virtual environment, RED_DWARF_PYTHON), with the adjusted Rand index of each
against Pol.is's own groups.

Usage: .venv/bin/python scripts/bench_opinions.py [--quick]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLIS = ROOT / "tests" / "data" / "polis"
CASES = {
    "2,000 x 200 (50 % voted)": (2_000, 200, 200_000),
    "10,000 x 2,000 (1,000,000 votes)": (10_000, 2_000, 1_000_000),
    "100,000 x 5,000 (10,000,000 votes)": (100_000, 5_000, 10_000_000),
}
ONE_CORE = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_case(participants: int, statements: int, events: int, repeat: int) -> dict:
    """In a child process: one core, fresh memory."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from mille.opinions import analyse
    from mille.opinions.synthetic import conversation, more_votes

    votes, hidden = conversation(participants, statements, events, seed=0)
    later = more_votes(votes, hidden, 0.01)
    baseline = rss_mb()
    cold_times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = analyse(votes)
        cold_times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    warm_times = []
    for _ in range(repeat):
        start = time.perf_counter()
        warm = analyse(later, previous=result)
        warm_times.append(time.perf_counter() - start)
    return {
        "cold_s": min(cold_times),
        "warm_s": min(warm_times),
        "peak_mb": peak - baseline,
        "k": result.k,
        "warm_k": warm.k,
        "phases": {k: round(v, 3) for k, v in result.timings.items()},
        "warm_phases": {k: round(v, 3) for k, v in warm.timings.items()},
    }


def polis_groups(folder: Path) -> dict[str, str]:
    with (folder / "participants-votes.csv").open(newline="", encoding="utf-8") as handle:
        return {
            row["participant"]: row["group-id"] for row in csv.DictReader(handle) if row["group-id"]
        }


def ours_on(folder: Path, repeat: int = 5, procedure: str = "mille") -> dict:
    from mille.opinions import Options, analyse
    from mille.opinions.compare import adjusted_rand_index
    from mille.opinions.polis_export import read_export

    conversation = read_export(folder)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = analyse(conversation, Options(seed=0, procedure=procedure))
        times.append(time.perf_counter() - start)
    theirs = polis_groups(folder)
    index = {pid: i for i, pid in enumerate(result.participant_ids)}
    ids = [p for p in theirs if p in index]
    ours = [int(result.group[index[p]]) for p in ids]
    return {
        "seconds": min(times),
        "k": result.k,
        "ari": adjusted_rand_index(ours, [theirs[p] for p in ids]),
    }


def reddwarf_on(folder: Path, python: str) -> dict | None:
    from mille.opinions.compare import adjusted_rand_index

    completed = subprocess.run(
        [
            python,
            str(ROOT / "scripts" / "reddwarf_run.py"),
            str(folder),
            "--seed",
            "0",
            "--repeat",
            "3",
        ],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | ONE_CORE,
    )
    if completed.returncode != 0:
        print(completed.stderr[-2000:], file=sys.stderr)
        return None
    output = json.loads(completed.stdout.strip().splitlines()[-1])
    theirs = polis_groups(folder)
    ids = list(theirs)
    labels = [output["groups"].get(p, -1) for p in ids]
    return {
        "seconds": output["seconds"],
        "k": output["k"],
        "ari": adjusted_rand_index(labels, [theirs[p] for p in ids]),
    }


def synthetic_folder(target: Path, participants: int, statements: int, events: int) -> list[int]:
    """Write a synthetic conversation as a Pol.is export; return the hidden groups."""
    from mille.opinions.synthetic import conversation

    votes, hidden = conversation(participants, statements, events, seed=0)
    target.mkdir(parents=True, exist_ok=True)
    with (target / "votes.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "comment-id", "voter-id", "vote"])
        writer.writerows(
            zip(
                votes.time.astype(int), votes.statement, votes.participant, votes.value, strict=True
            )
        )
    with (target / "comments.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["comment-id", "moderated"])
        writer.writerows((j, 1) for j in range(statements))
    with (target / "participants-votes.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant", "group-id"])
        writer.writerows(enumerate(hidden.tolist()))
    return hidden.tolist()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip the 10,000,000-vote case")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        p, s, e = map(int, args.case.split(","))
        print(json.dumps(run_case(p, s, e, repeat=3 if e <= 1_000_000 else 1)))
        return

    print(
        "\nOpinion engine: one core, synthetic conversations (3 hidden groups, re-votes included)"
    )
    print(f"{'case':38} {'cold s':>8} {'warm s':>8} {'peak MB':>8} {'k':>3}  phases (cold)")
    for name, (p, s, e) in CASES.items():
        if args.quick and e > 1_000_000:
            continue
        completed = subprocess.run(
            [sys.executable, __file__, "--case", f"{p},{s},{e}"],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ | ONE_CORE | {"PYTHONPATH": str(ROOT)},
        )
        row = json.loads(completed.stdout.strip().splitlines()[-1])
        print(
            f"{name:38} {row['cold_s']:8.3f} {row['warm_s']:8.3f} {row['peak_mb']:8.0f} {row['k']:3d}  {row['phases']}"
        )
        print(f"{'':38} {'':8} {'':8} {'':8} {row['warm_k']:3d}  warm: {row['warm_phases']}")

    python = os.environ.get("RED_DWARF_PYTHON")
    print(
        "\nPol.is conversations, --seed 0, best of several runs: ARI against Pol.is's group-id over the\n"
        "participants Pol.is clustered; for the synthetic one, against its hidden groups"
    )
    print(
        f"{'conversation':24} {'ours s':>8} {'k':>3} {'ARI':>6} | {'red-dwarf s':>11} {'k':>3} {'ARI':>6} | {'speed-up':>8}"
        f" | {'polis s':>8} {'k':>3} {'ARI':>6}"
    )
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix="mille-bench-"))
    synthetic_folder(scratch / "synthetic-2000x200", 2_000, 200, 200_000)
    folders = [f for f in sorted(POLIS.iterdir()) if (f / "votes.csv").exists()]
    for folder in folders + [scratch / "synthetic-2000x200"]:
        ours = ours_on(folder)
        polis = ours_on(folder, procedure="polis")
        tail = f" | {polis['seconds']:8.3f} {polis['k']:3d} {polis['ari']:6.3f}"
        theirs = reddwarf_on(folder, python) if python else None
        if theirs:
            print(
                f"{folder.name:24} {ours['seconds']:8.3f} {ours['k']:3d} {ours['ari']:6.3f} | {theirs['seconds']:11.3f} "
                f"{theirs['k']:3d} {theirs['ari']:6.3f} | {theirs['seconds'] / ours['seconds']:7.1f}x"
                + tail
            )
        else:
            print(
                f"{folder.name:24} {ours['seconds']:8.3f} {ours['k']:3d} {ours['ari']:6.3f} | "
                f"{'red-dwarf not available':31}" + tail
            )


if __name__ == "__main__":
    if hasattr(os, "sched_setaffinity") and "--case" not in sys.argv:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    sys.path.insert(0, str(ROOT))
    main()
