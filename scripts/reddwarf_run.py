"""Run red-dwarf's Pol.is pipeline on a Pol.is export folder (for `make bench`).

Runs in its own virtual environment (red-dwarf needs pandas and scikit-learn,
which Mille does not). Prints one JSON line: seconds, k, and each clustered
participant's group. Usage: python scripts/reddwarf_run.py DIR [--seed N] [--repeat N]
"""

import argparse
import csv
import json
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")


def load(folder: Path):
    votes = []
    with (folder / "votes.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            votes.append(
                {
                    "participant_id": int(row["voter-id"]),
                    "statement_id": int(row["comment-id"]),
                    "vote": int(row["vote"]),
                    "modified": float(row["timestamp"]),
                }
            )
    # Keep each participant's latest vote per statement (red-dwarf expects one).
    latest = {}
    for vote in sorted(votes, key=lambda v: v["modified"]):
        latest[(vote["participant_id"], vote["statement_id"])] = vote
    votes = list(latest.values())
    moderated, meta = [], []
    with (folder / "comments.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("moderated", "").strip() == "-1":
                moderated.append(int(row["comment-id"]))
            if row.get("is-meta", "").strip().lower() == "true":
                meta.append(int(row["comment-id"]))
    return votes, moderated, meta


def main():
    from reddwarf.implementations.polis import run_pipeline

    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    votes, moderated, meta = load(Path(args.folder))
    best = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = run_pipeline(
            votes=votes,
            mod_out_statement_ids=moderated + meta,
            meta_statement_ids=meta,
            random_state=args.seed,
        )
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    frame = result.participants_df
    groups = {
        str(pid): int(row["cluster_id"])
        for pid, row in frame.iterrows()
        if row["to_cluster"] and row["cluster_id"] == row["cluster_id"]
    }
    labels = result.clusterer.labels_ if result.clusterer is not None else []
    print(json.dumps({"seconds": best, "k": len(set(labels)), "groups": groups}))


if __name__ == "__main__":
    main()
