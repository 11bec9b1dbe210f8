"""Read a Pol.is open-data export folder (votes.csv, comments.csv, participants-votes.csv)."""

from __future__ import annotations

import csv
from pathlib import Path

from .model import Conversation, OpinionDataError, Votes


def read_export(folder: str | Path, declared: bool = False) -> Conversation:
    """Votes from votes.csv (latest per cell counts), statements moderated out
    (moderated = -1, or is-meta true) from comments.csv, and with `declared`
    the export's group-id per participant as declared groups."""
    folder = Path(folder)
    votes_path = folder / "votes.csv"
    if not votes_path.exists():
        raise OpinionDataError(f"No votes.csv in {folder}.")
    statements: list[str] = []
    moderated: set[str] = set()
    comments_path = folder / "comments.csv"
    if comments_path.exists():
        with comments_path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                sid = row["comment-id"].strip()
                statements.append(sid)
                if (
                    row.get("moderated", "").strip() == "-1"
                    or row.get("is-meta", "").strip().lower() == "true"
                ):
                    moderated.add(sid)
    with votes_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"comment-id", "voter-id", "vote"} - set(reader.fieldnames or ())
        if missing:
            raise OpinionDataError(f"votes.csv lacks the column(s): {', '.join(sorted(missing))}.")
        records = []
        for line, row in enumerate(reader, start=2):
            try:
                when = float(row["timestamp"]) if row.get("timestamp") else float(line)
            except ValueError as error:
                raise OpinionDataError(
                    f"votes.csv line {line}: bad timestamp {row['timestamp']!r}."
                ) from error
            try:
                records.append(
                    (row["voter-id"].strip(), row["comment-id"].strip(), row["vote"].strip(), when)
                )
            except AttributeError as error:
                raise OpinionDataError(f"votes.csv line {line}: missing value.") from error
    try:
        votes = Votes.from_records(records, statements=statements)
    except OpinionDataError as error:
        raise OpinionDataError(f"votes.csv: {error}") from error
    groups = None
    if declared:
        path = folder / "participants-votes.csv"
        if not path.exists():
            raise OpinionDataError(
                f"No participants-votes.csv in {folder}: declared groups need it."
            )
        with path.open(newline="", encoding="utf-8") as handle:
            groups = {
                row["participant"].strip(): (row.get("group-id") or "").strip() or None
                for row in csv.DictReader(handle)
            }
    return Conversation(votes, frozenset(moderated), groups)
