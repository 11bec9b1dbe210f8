"""The suppression rule, on its own (pure functions) and as properties."""

from hypothesis import given
from hypothesis import strategies as st

from mille.core.disclosure import (
    Cell,
    protect,
    protect_one,
    protected_share,
    round_count,
)

counts = st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=12)


def published(cells: list[Cell]) -> list[int]:
    return [cell.value for cell in cells if not cell.suppressed]


def test_small_counts_are_hidden_zero_is_not():
    assert protect_one(0) == Cell(0)
    for small in (1, 2, 3, 4):
        assert protect_one(small).suppressed
    assert protect_one(5) == Cell(5, rounded=True)


def test_rounding_to_five():
    assert [round_count(n) for n in (5, 6, 7, 8, 12, 13, 100)] == [5, 5, 5, 10, 10, 15, 100]


def test_a_lone_hidden_cell_hides_the_smallest_other_one_too():
    cells, total = protect([2, 40, 9, 0], total=51)
    assert [cell.suppressed for cell in cells] == [True, False, True, False]
    assert total == Cell(50, rounded=True)


def test_without_a_total_no_secondary_suppression():
    cells, total = protect([2, 40, 9])
    assert [cell.suppressed for cell in cells] == [True, False, False]
    assert total is None


def test_a_small_total_is_hidden():
    cells, total = protect([1, 2, 0], total=3)
    assert total.suppressed and all(cell.suppressed for cell in cells[:2])


def test_the_share_is_hidden_when_either_part_is_small():
    assert protected_share(9, 11) is None  # 2 with an account
    assert protected_share(2, 11) is None
    assert protected_share(0, 20) == 0
    assert protected_share(40, 100) == 40
    assert protected_share(5, 0) is None


@given(counts, st.booleans())
def test_no_published_count_is_between_1_and_4(values, with_total):
    cells, total = protect(values, total=sum(values) if with_total else None)
    shown = published(cells) + ([] if total is None or total.suppressed else [total.value])
    assert not [n for n in shown if 0 < n < 5]


@given(counts)
def test_a_hidden_cell_cannot_be_recomputed_from_the_total(values):
    """With the total published, no table has exactly one hidden cell; and every published count
    is a multiple of 5, so the difference of the total and the others says nothing finer."""
    cells, total = protect(values, total=sum(values))
    hidden = [cell for cell in cells if cell.suppressed]
    assert len(hidden) != 1 or total.suppressed
    assert all(n % 5 == 0 for n in published(cells))


@given(st.integers(min_value=0, max_value=10_000))
def test_rounding_keeps_counts_close(count):
    cell = protect_one(count)
    if count >= 5:
        assert abs(cell.value - count) <= 2 and cell.value >= 5
