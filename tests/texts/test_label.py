"""Suggested statements drawn from a contribution."""

import pytest

from mille.texts.label import make_label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("la cantine coûte trop cher.", "La cantine coûte trop cher"),
        ("  - Les devoirs, c'est trop !!!  ", "Les devoirs, c'est trop"),
        ("Les mots de l'école : cycle, socle, compétences...", "Les mots de l'école"),
        ("« Les réunions sont à 17 h » ; on travaille", "Les réunions sont à 17 h"),
        (
            "Pourquoi les réunions sont à 17 h ? On travaille.",
            "Pourquoi les réunions sont à 17 h ?",
        ),
        ("1. Plus de bus le matin", "Plus de bus le matin"),
        ("Oui.", "Oui"),
        ("...", ""),
        ("", ""),
    ],
)
def test_first_clause_cleaned_and_capitalised(text, label):
    assert make_label(text) == label


def test_a_long_clause_is_cut_at_a_comma_or_a_word():
    text = (
        "Les dossiers pour obtenir une aide humaine prennent des mois entiers, "
        "et pendant ce temps l'enfant attend sans aucune aide dans la classe de son école"
    )
    assert (
        make_label(text) == "Les dossiers pour obtenir une aide humaine prennent des mois entiers"
    )
    words = "mot " * 40
    label = make_label(words)
    assert len(label) <= 90 and label.endswith("mot…")


def test_an_unclosed_guillemet_left_by_a_cut_is_dropped():
    text = "Sur le bulletin il y a des mots comme « acquis, en cours d'acquisition, non acquis, dépassé »"
    label = make_label(text, max_length=60)
    assert "«" not in label and len(label) <= 60


def test_a_bare_subordinate_clause_is_not_a_statement():
    text = (
        "Quand je vais voir l'assistante sociale, j'ai peur qu'on me dise que je suis "
        "une mauvaise mère."
    )
    assert make_label(text) == (
        "Quand je vais voir l'assistante sociale, j'ai peur qu'on me dise que je suis une…"
    )
