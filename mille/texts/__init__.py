"""Grouping a workshop's contributions by same idea: pure Python and numpy, no Django.

Short sentences written by parents, teachers and social workers (in French first) become groups
of the same idea, each with a typical contribution and a suggested statement for the vote of the
crossing (`croisement`: the crossing of peer groups' views). Classic methods only: stems,
synonyms, TF-IDF, cosine similarity and average-linkage clustering.
"""

from .grouping import group_texts, similarity
from .model import Group, Options
from .scoring import adjusted_rand_index

__all__ = ["Group", "Options", "adjusted_rand_index", "group_texts", "similarity"]
