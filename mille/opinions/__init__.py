"""Opinion analysis of agree / disagree / pass votes on short statements.

Pure Python (numpy, scipy): no Django. See docs/opinions.md for every formula.
"""

from .engine import analyse
from .model import (
    Analysis,
    Choice,
    Conversation,
    GroupCounts,
    Lens,
    OpinionDataError,
    Options,
    Repness,
    StatementFigures,
    Votes,
)

__all__ = [
    "Analysis",
    "Choice",
    "Conversation",
    "GroupCounts",
    "Lens",
    "OpinionDataError",
    "Options",
    "Repness",
    "StatementFigures",
    "Votes",
    "analyse",
]
