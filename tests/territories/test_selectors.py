import pytest

from mille.territories.models import Commune, Departement
from mille.territories.selectors import CommuneLookupError, commune_resolve, commune_search

pytestmark = pytest.mark.django_db


def test_reference_is_complete():
    assert Departement.objects.count() == 101
    assert Commune.objects.count() > 34000
    lille = Commune.objects.get(insee="59350")
    assert lille.name == "Lille" and "59000" in lille.postal_codes.split()
    assert 50 < lille.latitude < 51 and 3 < lille.longitude < 3.2


def test_search_by_name_ignores_accents_and_ranks_by_population():
    results = commune_search(query="saint etienne")
    assert results[0].insee == "42218"
    assert commune_search(query="Lil")[0].name == "Lille"


def test_search_by_postal_code():
    assert "Lille" in [c.name for c in commune_search(query="59000")]
    assert commune_search(query="a") == []


@pytest.mark.parametrize(
    ("token", "insee"),
    [
        ("Lille", "59350"),
        ("lille", "59350"),
        ("Lille (59000)", "59350"),
        ("59800", "59350"),
        ("42218", "42218"),
        ("Saint-Denis (93200)", "93066"),
        ("saint etienne", "42218"),
    ],
)
def test_resolve(token, insee):
    assert commune_resolve(token).insee == insee


def test_resolve_ambiguous_lists_candidates():
    with pytest.raises(CommuneLookupError) as error:
        commune_resolve("Saint-Denis")
    assert len(error.value.candidates) > 1


def test_resolve_unknown():
    with pytest.raises(CommuneLookupError) as error:
        commune_resolve("Lile-sur-Rien")
    assert error.value.candidates == []


ARRONDISSEMENTS = {
    "75": ("75056", 75101, 20),
    "69": ("69123", 69381, 9),
    "13": ("13055", 13201, 16),
}


def test_arrondissements_are_communes_of_their_city():
    for departement, (city, first, count) in ARRONDISSEMENTS.items():
        codes = [str(code) for code in range(first, first + count)]
        arrondissements = Commune.objects.filter(insee__in=codes)
        assert arrondissements.count() == count
        assert {a.parent_id for a in arrondissements} == {city}
        assert {a.departement_id for a in arrondissements} == {departement}
    assert Commune.objects.get(insee="75056").arrondissements.count() == 20
    # The cities keep every postal code of their arrondissements.
    assert "13015" in Commune.objects.get(insee="13055").postal_codes.split()


def test_arrondissement_found_by_name_and_postal_code():
    assert commune_search(query="Marseille 15e")[0].insee == "13215"
    assert "13215" in [c.insee for c in commune_search(query="13015")]
    assert commune_resolve("13015").insee == "13215"
    assert commune_resolve("Marseille 15e Arrondissement").insee == "13215"
    assert commune_resolve("Marseille").insee == "13055"
    assert commune_resolve("69003").insee == "69383"


def test_loading_again_changes_nothing():
    from mille.territories.reference import load_arrondissements

    before = Commune.objects.count()
    assert load_arrondissements(Commune) == 45
    assert Commune.objects.count() == before
    assert Commune.objects.get(insee="13213").parent_id == "13055"
