"""Statistical secrecy for published counts of people (pure: no Django).

The rule (after the official statistics' secrecy rules): no published cell may describe between 1
and 4 people.

- Primary suppression: a count from 1 to 4 is not published (« moins de 5 »). Zero is published:
  it describes nobody.
- Secondary suppression: in a table whose total is published, a single suppressed cell could be
  recomputed as the total minus the others; the smallest other non-zero cell is suppressed too.
- Rounding: every other published count of people is rounded to the nearest multiple of 5, totals
  included, so that a suppressed cell cannot be recomputed from totals across tables either (the
  uncertainty of a difference of rounded figures covers the whole 1–4 range).

Counts that are not people (groups, workshops, statements, actions, partnerships, outings) are
published as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 5
BASE = 5


@dataclass(frozen=True)
class Cell:
    """A published figure: `value` is None when the cell is suppressed."""

    value: int | None
    rounded: bool = False

    @property
    def suppressed(self) -> bool:
        return self.value is None


def is_small(count: int) -> bool:
    return 0 < count < THRESHOLD


def round_count(count: int) -> int:
    """To the nearest multiple of BASE, halves upwards; a count of 5 or more never rounds below 5."""
    return max(BASE, (count + BASE // 2) // BASE * BASE) if count >= THRESHOLD else count


def exact(counts: list[int], total: int | None = None) -> tuple[list[Cell], Cell | None]:
    return [Cell(n) for n in counts], (None if total is None else Cell(total))


def protect(counts: list[int], total: int | None = None) -> tuple[list[Cell], Cell | None]:
    """The cells of one table column (and its total, if published) as the public may see them."""
    hidden = {index for index, n in enumerate(counts) if is_small(n)}
    if total is not None and len(hidden) == 1:
        others = [(n, index) for index, n in enumerate(counts) if n > 0 and index not in hidden]
        if others:
            hidden.add(min(others)[1])
    cells = [
        Cell(None) if index in hidden else Cell(round_count(n), rounded=n >= THRESHOLD)
        for index, n in enumerate(counts)
    ]
    if total is None:
        return cells, None
    return cells, (
        Cell(None) if is_small(total) else Cell(round_count(total), rounded=total >= THRESHOLD)
    )


def protect_one(count: int) -> Cell:
    (cell,), _total = protect([count])
    return cell


def protected_share(part: int, whole: int) -> int | None:
    """A part of a whole in percent, published only when neither the part nor the rest is a
    small count (else the share and the rounded whole would give the small count back); rounded
    to 5 points."""
    rest = whole - part
    if whole <= 0 or is_small(part) or is_small(rest):
        return None
    return round(100 * part / whole / 5) * 5
