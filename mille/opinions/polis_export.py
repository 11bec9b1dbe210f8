"""Read a Pol.is open-data export folder (votes.csv, comments.csv, participants-votes.csv).

votes.csv can hold millions of rows: its columns are taken out whole (the csv
module's C reader, then numpy), with no Python work per vote.
"""

from __future__ import annotations

import csv
import io
from operator import itemgetter, methodcaller
from pathlib import Path

import numpy as np

from .model import Choice, Conversation, OpinionDataError, Votes


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
    votes = _read_votes(votes_path, statements)
    groups = None
    if declared:
        path = folder / "participants-votes.csv"
        if not path.exists():
            raise OpinionDataError(
                f"No participants-votes.csv in {folder}: declared groups need it."
            )
        groups = {}
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            if "participant" not in header:
                raise OpinionDataError("participants-votes.csv lacks the column: participant.")
            who = header.index("participant")
            group = header.index("group-id") if "group-id" in header else None
            for row in reader:
                if len(row) > who:
                    value = row[group].strip() if group is not None and len(row) > group else ""
                    groups[row[who].strip()] = value or None
    return Conversation(votes, frozenset(moderated), groups)


def _read_votes(path: Path, statements: list[str]) -> Votes:
    header, columns, n_rows = _table(path)
    missing = {"comment-id", "voter-id", "vote"} - set(header)
    if missing:
        raise OpinionDataError(f"votes.csv lacks the column(s): {', '.join(sorted(missing))}.")
    participant_ids, participant = _indexed(columns("voter-id"))
    comment_ids, statement = _indexed(columns("comment-id"))
    # Statements: those of comments.csv first, then any other in order of first vote.
    position = {sid: i for i, sid in enumerate(dict.fromkeys(statements))}
    for sid in comment_ids:
        position.setdefault(sid, len(position))
    statement = np.array([position[sid] for sid in comment_ids], dtype=np.int64)[statement]

    values, value_of = _indexed(columns("vote"))
    try:
        codes = np.array([int(Choice.parse(v)) for v in values], dtype=np.int8)
    except OpinionDataError as error:
        raise OpinionDataError(f"votes.csv: {error}") from error
    # Line numbers as a reader of the file sees them (header = line 1, blank lines skipped).
    lines = np.arange(2, n_rows + 2, dtype=np.float64)
    time = lines if "timestamp" not in header else _times(columns("timestamp"), lines)
    return Votes.from_arrays(
        participant_ids,
        tuple(position),
        participant,
        statement,
        codes[value_of],
        time,
    )


def _table(path: Path):
    """(header, columns, number of rows) of votes.csv; columns(name) gives one
    column as a list of stripped strings (a row that stops short of it is an
    error, or an empty timestamp).
    A file with no quotes, no blank line and the same number of fields on every
    line (as Pol.is writes votes.csv) is split with two str methods; any other
    goes through the csv module."""
    text = path.read_bytes().decode("utf-8")  # line ends as they are, for the csv module
    if '"' not in text and "\r" not in text.replace("\r\n", "\n"):
        head, _, body = text.replace("\r\n", "\n").partition("\n")
        header = head.split(",")
        lines = body[:-1].split("\n") if body.endswith("\n") else body.split("\n") if body else []
        width = len(header) - 1
        if lines and set(map(methodcaller("count", ","), lines)) == {width}:
            fields = ",".join(lines).split(",")

            def columns(name: str) -> list[str]:
                return _stripped(fields[header.index(name) :: len(header)])

            return header, columns, len(lines)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    rows = [row for row in reader if row]  # blank lines are skipped

    def columns(name: str) -> list[str]:
        index = header.index(name)
        if rows and min(map(len, rows)) > index:
            return _stripped(list(map(itemgetter(index), rows)))
        if name != "timestamp":
            line = next(i for i, row in enumerate(rows, start=2) if len(row) <= index)
            raise OpinionDataError(f"votes.csv line {line}: missing value.")
        return _stripped([row[index] if len(row) > index else "" for row in rows])

    return header, columns, len(rows)


def _stripped(values: list[str]) -> list[str]:
    return list(map(str.strip, values))


def _indexed(values: list[str]) -> tuple[list[str], np.ndarray]:
    """(distinct values in order of first appearance, index of each value)."""
    distinct = list(dict.fromkeys(values))
    index = {value: i for i, value in enumerate(distinct)}
    return distinct, np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))


def _times(column: list[str], lines: np.ndarray) -> np.ndarray:
    """The timestamp column; a row without one counts by its line number."""
    if "" not in column:
        try:
            return np.fromiter(map(float, column), dtype=np.float64, count=len(column))
        except ValueError:
            pass
    text = np.array(column, dtype=str)
    empty = text == ""
    times = lines.copy()
    try:
        times[~empty] = text[~empty].astype(np.float64)
    except ValueError:
        for line, value in zip(lines[~empty], text[~empty].tolist(), strict=True):
            try:
                float(value)
            except ValueError as error:
                raise OpinionDataError(
                    f"votes.csv line {int(line)}: bad timestamp {value!r}."
                ) from error
        raise
    return times
