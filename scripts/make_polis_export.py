"""Write a synthetic conversation as a Pol.is open-data export folder.

Usage: .venv/bin/python scripts/make_polis_export.py DIR [--participants 1000]
       [--statements 100] [--votes 50000] [--groups 3] [--seed 0]

DIR gets votes.csv (timestamp, datetime, comment-id, voter-id, vote, in time
order), comments.csv and participants-votes.csv (the hidden group of each
participant as group-id), as Pol.is exports them, for timing the command:

    time .venv/bin/python -m mille.opinions analyse DIR > /dev/null
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_export(
    target: Path, participants: int, statements: int, votes: int, groups: int = 3, seed: int = 0
) -> list[int]:
    """Write the folder; return the hidden group of each participant."""
    from mille.opinions.synthetic import conversation

    events, hidden = conversation(participants, statements, votes, groups=groups, seed=seed)
    target.mkdir(parents=True, exist_ok=True)
    start = 1_700_000_000_000
    with (target / "votes.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        for when, statement, participant, value in zip(
            events.time.astype(int).tolist(),
            events.statement.tolist(),
            events.participant.tolist(),
            events.value.tolist(),
            strict=True,
        ):
            writer.writerow([start + 1000 * when, "", statement, participant, value])
    with (target / "comments.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "timestamp",
                "datetime",
                "comment-id",
                "author-id",
                "agrees",
                "disagrees",
                "moderated",
                "comment-body",
            ]
        )
        writer.writerows(
            [
                start,
                "",
                j,
                0,
                0,
                0,
                -1 if j == statements - 1 else 1,
                f"Statement {j}, with a comma",
            ]
            for j in range(statements)
        )
    with (target / "participants-votes.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant", "group-id"])
        writer.writerows(enumerate(hidden.tolist()))
    return hidden.tolist()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--statements", type=int, default=100)
    parser.add_argument("--votes", type=int, default=50_000)
    parser.add_argument("--groups", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_export(
        Path(args.folder), args.participants, args.statements, args.votes, args.groups, args.seed
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
