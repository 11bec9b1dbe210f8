import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from mille.core.text import normalize_search


@given(st.text(max_size=60))
def test_normalize_is_idempotent_and_has_no_accent(text):
    once = normalize_search(text)
    assert normalize_search(once) == once
    assert not any(unicodedata.combining(char) for char in once)
    assert "  " not in once and once == once.strip()


def test_french_examples():
    assert normalize_search("Saint-Étienne") == normalize_search("saint etienne") == "saint etienne"
    assert normalize_search("Élèves  d'Œuvre") == "eleves d oeuvre"
