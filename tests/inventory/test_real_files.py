"""The import against files in the shapes they are published in (issue 20): the data·inclusion
API's pages, services files, the data·inclusion template, the Annuaire de l'éducation in UTF-8
with a BOM and in Windows-1252, Paris, Lyon and Marseille's arrondissements, and sizes."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mille.inventory import exchange, services
from mille.inventory.models import Resource
from mille.territories.models import Commune
from tests.factories import UserFactory, make_group

DATA = Path(__file__).resolve().parent.parent / "data"
DI = DATA / "data-inclusion"
ANNUAIRE = DATA / "annuaire"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _post(client, group, kind, name, content: bytes):
    return client.post(
        reverse("inventory:import", args=[group.slug]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def _upload(client, group, kind, path: Path):
    return _post(client, group, kind, path.name, path.read_bytes())


def _confirm(client, group, response, *, public=False):
    page = response.content.decode()
    assert 'name="confirm"' in page, page
    token = page.split('name="confirm" value="')[1].split('"')[0]
    data = {"confirm": token, **({"public": "1"} if public else {})}
    return client.post(reverse("inventory:import_confirm", args=[group.slug]), data)


def _names(group) -> list[str]:
    return sorted(Resource.objects.filter(group=group).values_list("name", flat=True))


# --- 1. The API's envelope ----------------------------------------------------------------------


def test_api_page_is_read_and_outside_rows_are_set_aside_and_shown(group, coordinator):
    client = _client(coordinator)
    response = _upload(client, group, "data_inclusion", DI / "api-structures-page.json")
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 fiches prêtes" in page
    # Mulhouse, Bourges and Les Mureaux are not the Lille group's communes: shown, not added.
    assert "3 lignes laissées de côté : hors de vos communes" in page
    for name in ("Espace France Services de Mulhouse", "Mission locale de Bourges"):
        assert name in page
    _confirm(client, group, response)
    assert _names(group) == ["CCAS de Lille — accueil de Fives", "Centre social Mosaïque"]
    mosaique = Resource.objects.get(name="Centre social Mosaïque")
    assert mosaique.category == "centre_social"  # its network is the FCSF
    assert (mosaique.source, mosaique.source_id) == (
        "dora",
        "dora--1f6b2c0e-8d6a-4a51-9c43-6c0b1f1f0a01",
    )
    assert mosaique.siret == "77567227200013" and mosaique.phone == "+33320000001"
    assert mosaique.email == "accueil@mosaique.example.fr"
    assert mosaique.data_updated_on.isoformat() == "2026-09-01"
    # The API lets « www.… » through: read as an https address.
    ccas = Resource.objects.get(source="soliguide")
    assert ccas.website == "https://www.ccas-lille.example.fr" and ccas.category == "ccas"


def test_the_same_file_again_offers_nothing_new(group, coordinator):
    client = _client(coordinator)
    _confirm(
        client, group, _upload(client, group, "data_inclusion", DI / "api-structures-page.json")
    )
    again = _upload(client, group, "data_inclusion", DI / "api-structures-page.json")
    page = again.content.decode()
    assert "0 fiches prêtes" in page and 'name="confirm"' not in page
    assert "2 lignes laissées de côté : déjà dans l&#x27;état des lieux" in page
    assert Resource.objects.filter(group=group).count() == 2


def test_cursor_pages_saved_one_after_the_other():
    report = exchange.read_data_inclusion(
        (DI / "api-structures-cursor-pages.json").read_bytes(), "pages.json"
    )
    assert report.problems == []
    assert [row.source_id for row in report.rows] == [
        "dora--page1-a",
        "dora--page1-b",
        "dora--page2-a",
    ]


@pytest.mark.parametrize(
    "content",
    [
        {"data": [{"source": "dora", "id": "dora--x", "nom": "Centre", "date_maj": "2026-01-01"}]},
        {"items": [], "total": 0, "page": 1, "size": 0, "pages": 0},
        [],
    ],
)
def test_a_json_without_structures_says_why(group, coordinator, content):
    response = _post(
        _client(coordinator), group, "data_inclusion", "x.json", json.dumps(content).encode()
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Aucune structure trouvée dans ce fichier" in page and "items" in page


def test_a_list_of_api_pages_and_search_results():
    structure = {
        "source": "dora",
        "id": "dora--s",
        "nom": "Centre social",
        "date_maj": "2026-01-01",
    }
    service = {
        "source": "dora",
        "structure_id": "dora--s",
        "id": "dora--s-1",
        "nom": "Café des parents",
        "description": "Un café pour les parents.",
        "date_maj": "2026-01-01",
        "structure": {**structure, "code_insee": "59350"},
    }
    pages = [{"items": [{"service": service, "distance": 120}], "total": 1}]
    report = exchange.read_data_inclusion(json.dumps(pages).encode(), "search.json")
    assert report.problems == []
    assert [row.name for row in report.rows] == ["Centre social"]
    assert report.rows[0].services == ["Café des parents"]


# --- 2. Services files --------------------------------------------------------------------------


def _own_export(client, group, fmt, kind=""):
    url = reverse("inventory:export", args=[group.slug, fmt]) + (f"?type={kind}" if kind else "")
    return client.get(url).content


def test_a_services_file_is_never_imported_as_places(group, coordinator, lille):
    services.resource_create(
        group=group,
        actor=coordinator,
        commune=lille,
        name="Centre social Mosaïque",
        category="centre_social",
        schemes=["reaap", "clas"],
    )
    client = _client(coordinator)
    services_csv = _own_export(client, group, "csv", "services")
    fresh = make_group(coordinator=UserFactory(), name="Groupe neuf")
    coordinator_b = fresh.memberships.get(role="coordinator").user
    client_b = _client(coordinator_b)
    response = _post(client_b, fresh, "data_inclusion", "services.csv", services_csv)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ce fichier décrit des services, pas des lieux" in page
    assert "REAAP" not in _names(fresh) and Resource.objects.filter(group=fresh).count() == 0
    assert "2 lignes laissées de côté : service dont la structure" in page


def test_services_go_onto_their_structures(group, coordinator):
    client = _client(coordinator)
    structures = {
        "items": [
            {
                "source": "dora",
                "id": "dora--cs-mosaique",
                "nom": "Centre social Mosaïque",
                "date_maj": "2026-09-01",
                "code_insee": "59350",
                "description": "Accueil des familles.",
            }
        ]
    }
    _confirm(
        client,
        group,
        _post(client, group, "data_inclusion", "s.json", json.dumps(structures).encode()),
    )
    services_csv = (DI / "services-errors.csv").read_text(encoding="utf-8").splitlines()
    valid = "\r\n".join(services_csv[:4]).replace(",publics_precision,", ",publics_precisions,")
    response = _post(client, group, "data_inclusion", "services.csv", valid.encode())
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "1 fiche déjà dans l'état des lieux complétée par ses services" in page
    assert "2 lignes laissées de côté : ligne de description ou d&#x27;exemple du modèle" in page
    _confirm(client, group, response)
    mosaique = Resource.objects.get(group=group)
    assert "Services : Accompagnement à la scolarité" in mosaique.description
    # Again: nothing new.
    again = _post(client, group, "data_inclusion", "services.csv", valid.encode())
    assert "service déjà indiqué sur sa fiche" in again.content.decode()


# --- 3. and 7. The Annuaire's own details -------------------------------------------------------


@pytest.mark.parametrize("name", ["annuaire-utf8-bom.csv", "annuaire-cp1252.csv"])
def test_annuaire_as_published(group, coordinator, name):
    client = _client(coordinator)
    response = _upload(client, group, "annuaire", ANNUAIRE / name)
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "5 fiches prêtes" in page
    assert "1 ligne laissée de côté : en double dans le fichier" in page
    assert "1 ligne laissée de côté : établissement marqué « A FERMER »" in page
    assert "École élémentaire du Moulin" in page  # the notice names the school
    _confirm(client, group, response, public=True)
    schools = {r.name: r for r in Resource.objects.filter(group=group)}
    assert sorted(schools) == [
        "Collège Boris Vian",
        "EREA Les Hauts de Lille",
        "Lycée polyvalent Armand Carrel",
        "École maternelle publique Les Tilleuls",
        "École primaire Jules Ferry",
    ]
    assert Resource.objects.filter(uai="0599104D").count() == 1
    ferry = schools["École primaire Jules Ferry"]
    assert ferry.phone == "03 20 11 22 33" and ferry.email == "ce.0599101a@ac-lille.fr"
    assert ferry.siret == "19599101000017" and ferry.data_updated_on.isoformat() == "2025-03-12"
    assert ferry.is_public and ferry.source == "annuaire-education"
    assert schools["École maternelle publique Les Tilleuls"].website == (
        "https://www.tilleuls-fives.example.fr"
    )
    assert schools["EREA Les Hauts de Lille"].category == "erea"
    assert [s.code for s in schools["Collège Boris Vian"].schemes.all()] == ["rep_plus"]


def test_marseille_takes_the_schools_of_its_arrondissements(db):
    marseille = make_group(name="Parents de Marseille", insee=("13055",))
    coordinator = marseille.memberships.get(role="coordinator").user
    client = _client(coordinator)
    response = _upload(client, marseille, "annuaire", ANNUAIRE / "annuaire-utf8-bom.csv")
    assert "3 fiches prêtes" in response.content.decode()
    _confirm(client, marseille, response)
    placed = dict(Resource.objects.filter(group=marseille).values_list("name", "commune_id"))
    assert placed == {
        "École élémentaire des Micocouliers": "13215",
        "Collège des Pins d'Alep": "13215",
        "École maternelle des Oliviers": "13214",
    }


def test_a_group_on_one_arrondissement(db):
    quinzieme = Commune.objects.get(insee="13215")
    north = make_group(name="Parents des quartiers nord", insee=("13215",))
    assert list(north.communes.all()) == [quinzieme]
    coordinator = north.memberships.get(role="coordinator").user
    client = _client(coordinator)
    response = _upload(client, north, "annuaire", ANNUAIRE / "annuaire-utf8-bom.csv")
    _confirm(client, north, response)
    assert _names(north) == ["Collège des Pins d'Alep", "École élémentaire des Micocouliers"]
    # A data·inclusion record with the city's code and the arrondissement's postal code.
    record = {
        "source": "dora",
        "id": "dora--cs-nord",
        "nom": "Centre social du Nord",
        "date_maj": "2026-01-01",
        "code_insee": "13055",
        "code_postal": "13015",
    }
    response = _post(client, north, "data_inclusion", "r.json", json.dumps([record]).encode())
    _confirm(client, north, response)
    assert Resource.objects.get(source_id="dora--cs-nord").commune_id == "13215"


# --- 6. Messages --------------------------------------------------------------------------------


def test_services_template_every_problem_in_french_with_real_lines(group, coordinator):
    report = exchange.read_data_inclusion((DI / "services-errors.csv").read_bytes(), "s.csv")
    problems = {(p.line, p.field): p.message for p in report.problems}
    assert problems == {
        (1, "publics_precision"): (
            "Colonne inconnue « publics_precision ». Vouliez-vous dire « publics_precisions » ?"
        ),
        (5, "description"): "Champ obligatoire absent.",
        (5, "thematiques"): (
            "Valeur inconnue « famille--soutien-a-la-parentalite ». Vouliez-vous dire "
            "« famille--soutien-a-la-parentalite-et-a-leducation » ?"
        ),
        (5, "frais"): "Valeur inconnue « gratuite ». Vouliez-vous dire « gratuit » ?",
        (6, "date_maj"): "La date de dernière modification ne peut pas être dans le futur.",
        (6, "publics"): "`tous-publics` ne peut pas être utilisé avec d’autres valeurs.",
    }
    assert report.counts == {exchange.Reason.TEMPLATE: 2}
    page = _upload(_client(coordinator), group, "data_inclusion", DI / "services-errors.csv")
    text = page.content.decode()
    assert "Ligne 0" not in text and "Field required" not in text and "Input should" not in text


def test_a_bad_header_does_not_stop_the_report():
    report = exchange.read_data_inclusion(
        (DI / "structures-bad-header.csv").read_bytes(), "structures.csv"
    )
    assert [(p.line, p.field) for p in report.problems] == [
        (1, "date_maj"),
        (2, "code_postal"),
        (3, "courriel"),
        (3, "reseaux_porteurs"),
    ]
    assert "Renommez-la « date_maj »" in report.problems[0].message
    assert report.problems[3].message == "Valeur inconnue « caff ». Vouliez-vous dire « caf » ?"


def test_a_wrong_list_value_never_prints_the_whole_list():
    structure = {
        "source": "x",
        "id": "x--1",
        "nom": "Mission locale",
        "date_maj": "2026-01-01",
        "code_insee": "59350",
        "reseaux_porteurs": ["mission-locales"],
    }
    report = exchange.read_data_inclusion(json.dumps([structure]).encode(), "x.json")
    (problem,) = report.problems
    assert problem.message == (
        "Valeur inconnue « mission-locales ». Vouliez-vous dire « mission-locale » ?"
    )


# --- 8. Size ------------------------------------------------------------------------------------


def test_a_large_file_is_read_as_a_stream():
    lines = ["source,id,nom,date_maj,code_insee,code_postal"]
    lines += [f"dora,dora--{i},Structure {i},2026-01-01,59350,59000" for i in range(12_000)]
    stream = io.BytesIO("\n".join(lines).encode())
    report = exchange.read_data_inclusion(stream, "big.csv", insee_codes={"59350"})
    assert report.problems == [] and len(report.rows) == 12_000
    assert report.rows[-1].line == 12_001


@pytest.fixture
def lille(db):
    return Commune.objects.get(insee="59350")
