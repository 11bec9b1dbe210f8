"""The one format of the figures: typed, integer ids, a JSON round trip, and a warm start read back
from storage that continues exactly as from the analysis itself."""

import json

import numpy as np
import pytest

from mille.opinions import Conversation, OpinionDataError, analyse
from mille.opinions.figures import Figures
from mille.opinions.synthetic import conversation, more_votes


def _stored(figures: Figures) -> Figures:
    """Through JSON text, as the database keeps it."""
    return Figures.from_json(json.loads(json.dumps(figures.to_json(), allow_nan=False)))


def test_round_trip_keeps_every_figure_with_integer_ids():
    votes, hidden = conversation(120, 25, 2500, seed=4)
    declared = {pid: str(hidden[i]) for i, pid in enumerate(votes.participant_ids)}
    result = analyse(Conversation(votes, declared_groups=declared))
    for figures in (
        Figures.from_analysis(result, warm=True),
        Figures.from_analysis(result, declared),
    ):
        back = _stored(figures)
        assert back == figures
        assert back.to_json() == figures.to_json()
        assert all(isinstance(row.id, int) for row in back.statements + back.participants)
        assert all(isinstance(g, int) for row in back.statements for g in row.groups)
    opinion = Figures.from_analysis(result)
    assert opinion.statement(3).agree == result.opinion.statement("3").counts.agree
    assert opinion.statement(999) is None


def test_warm_start_from_storage_equals_warm_start_from_the_analysis():
    votes, hidden = conversation(300, 30, 6000, seed=2)
    first = analyse(votes)
    later = more_votes(votes, hidden, 0.02)
    stored = _stored(Figures.from_analysis(first, warm=True)).continuation
    assert stored is not None
    from_memory, from_storage = analyse(later, previous=first), analyse(later, previous=stored)
    assert from_storage.k == from_memory.k
    assert np.array_equal(from_storage.group, from_memory.group)
    assert from_storage.state.k_streak == from_memory.state.k_streak


def test_unreadable_figures_are_a_clear_error():
    with pytest.raises(OpinionDataError):
        Figures.from_json({"format": 99})
    with pytest.raises(OpinionDataError):
        Figures.from_json({"k": 2})
