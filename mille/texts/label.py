"""A short statement drawn from a contribution: its first clause, cleaned and capitalised."""

from __future__ import annotations

import re

MAX_LENGTH = 90

_SPACES = re.compile(r"\s+")
# Bullets, dashes, list numbers and opening quotes a facilitator's notes often start with.
_LEADING = re.compile(r"^(?:[-–—•*·>]+|\d{1,3}[.)]|[«“\"'(\[])\s*")
_SENTENCE_END = re.compile(r"\s?[.!?…;]+(?=\s|$)")
_TRAILING = " \t,;:.!?…-–—«“\"'(/"


def _trim(text: str) -> str:
    text = text.rstrip(_TRAILING)
    # A cut can leave an opening guillemet or parenthesis alone: drop it and what follows;
    # a dropped leading quote leaves its closing one alone at the end.
    for opening, closing in (("«", "»"), ("(", ")"), ("“", "”")):
        if text.count(opening) > text.count(closing):
            text = text[: text.rindex(opening)].rstrip(_TRAILING)
        elif text.count(closing) > text.count(opening) and text.endswith(closing):
            text = text[:-1].rstrip(_TRAILING)
    return text


def make_label(text: str, max_length: int = MAX_LENGTH) -> str:
    """The first clause of `text`, at most `max_length` characters, without trailing punctuation.

    Falls back on the whole cleaned text when the first clause would be too short to mean much."""
    text = _SPACES.sub(" ", text).strip()
    while True:
        stripped = _LEADING.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    if not text:
        return ""
    end = _SENTENCE_END.search(text)
    clause = text[: end.start()] if end and end.start() >= 12 else text
    question = bool(end and end.group().strip().startswith("?") and clause is not text)
    colon = clause.find(" : ")
    if colon >= 15:
        clause, question = clause[:colon], False
    if len(clause) > max_length:
        question = False
        cut = clause.rfind(", ", 0, max_length)
        if cut >= 50:  # a shorter head is often a bare subordinate clause (« Quand je… »)
            clause = clause[:cut]
        else:
            space = clause.rfind(" ", 0, max_length - 1)
            clause = clause[: space if space > 0 else max_length - 1]
            clause = _trim(clause) + "…"
    label = _trim(clause) if not clause.endswith("…") else clause
    if not label:
        return ""
    label = label[0].upper() + label[1:]
    return label + " ?" if question and label[-1] != "…" else label
