"""French search: stems, no accents, same results on PostgreSQL and SQLite (CI runs both)."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from mille.library import search
from mille.library.selectors import library_results, parse_query


def results(querystring: str):
    return library_results(parse_query(QueryDict(querystring)))


def titles(querystring: str) -> set[str]:
    return {row.title for row in results(querystring).rows}


@pytest.mark.django_db
@pytest.mark.parametrize("word", ["élève", "eleve", "élèves", "ÉLÈVES", "Eleves"])
def test_accents_case_and_plural_find_the_same_items(word):
    found = titles(f"q={word}")
    assert found == titles("q=élève")
    assert "Un partenariat intermédiaire centré sur l'école : PERSEVAL, Académie de Lille" in found


@pytest.mark.django_db
def test_parents_eloignes_finds_the_lille_fives_sheet_first_with_highlights():
    found = results("q=parents éloignés")
    assert found.total >= 1
    first = found.rows[0]
    assert first.title.startswith("Travailler dans la durée")
    assert "<mark>parents</mark>" in first.excerpt
    assert "<mark>éloignés</mark>" in first.excerpt


@pytest.mark.django_db
def test_stemming_links_verb_forms():
    assert titles("q=décrocheurs") & titles("q=décrochage")


@pytest.mark.django_db
def test_empty_result_suggests_close_terms():
    found = results("q=décrochge")
    assert found.total == 0
    assert "décrochage" in found.suggestions
    assert titles("q=" + found.suggestions[0])


@pytest.mark.django_db
def test_facets_filter_and_count():
    everything = results("")
    assert everything.total == 8
    type_facet = next(facet for facet in everything.facets if facet.name == "type")
    assert dict((option.value, option.count) for option in type_facet.options)["experience"] == 6
    assert results("type=experience&level=maximal").total == 2
    assert results("type=experience&departement=62").total == 2
    assert results("theme=decrochage").total == 2
    assert results("scheme=reaap&type=experience").total == 1
    assert results("audience=jeunes").total == 1
    combined = results("q=parents&type=guide")
    assert [row.kind for row in combined.rows] == ["guide"]


@pytest.mark.django_db
def test_unknown_filters_and_pages_are_ignored():
    query = parse_query(QueryDict("type=nope&theme=zzz&page=abc&level=x"))
    assert not query.filtered and query.page == 1


@pytest.mark.django_db
def test_query_syntax_never_breaks_the_search():
    for text in ['"', "NEAR(", "a OR", "-", "*", "l'école ; DROP TABLE", "AND AND", "'\"'"]:
        results(f"q={text}")


@pytest.mark.django_db
def test_search_uses_the_database_engine():
    sql, _ = search.match_sql("élèves")
    expected = (
        "websearch_to_tsquery('mille_french'" if connection.vendor == "postgresql" else "MATCH"
    )
    assert expected in sql


def test_pure_helpers():
    assert search.query_stems("Les élèves et les parents") == ["elev", "parent"]
    marked, found = search.excerpt("Des élèves heureux.", "eleve")
    assert found and "<mark>élèves</mark>" in marked
    assert search.excerpt("<script>", "script")[0] == "&lt;<mark>script</mark>&gt;"


@pytest.mark.django_db
def test_listing_query_count_is_constant(client, django_assert_max_num_queries):
    url = reverse("library:index")
    client.get(url + "?q=parents")
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(14):
        response = client.get(url + "?q=parents&type=experience")
    assert response.status_code == 200
    with django_assert_max_num_queries(1):
        client.get(url + "?q=parents&type=experience")
