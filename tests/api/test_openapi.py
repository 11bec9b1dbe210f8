"""The OpenAPI document against the API itself (in place of schemathesis): every GET operation,
called with path parameters from the demo data and a token of the coordinator of Lille-Fives,
answers without a server error and with a body that matches the operation's schema; hostile
query parameters get a 400 in JSON, never a 5xx."""

import json

import pytest
from django.test import Client

from tests.api.schema import response_schema, validate

HOSTILE = [
    {"limit": "١٢"},
    {"offset": "١٢"},
    {"limit": "0"},
    {"limit": "100000"},
    {"limit": "9" * 40},
    {"offset": "-1"},
    {"offset": "9" * 40},
    {"limit": "1e3"},
    {"departement": "١٢"},
    {"departement": "59; DROP TABLE"},
    {"commune": "5935\u0000"},
    {"commune": "٥٩٣٥٠"},
    {"dispositif": "é" * 500},
    {"theme": "../../etc"},
    {"depuis": "2024-13-45"},
    {"jusqu_au": "١٢-٠١-٢٠٢٤"},
]


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "get":
                yield path, operation


def _url(path: str, world) -> str:
    for name in ("slug", "code"):
        path = path.replace(f"{{{name}}}", world[name])
    assert "{" not in path, path
    return path


def _client(operation, world) -> Client:
    if operation.get("security"):
        return Client(headers={"Authorization": f"Bearer {world['raw']}"})
    return Client()


def test_the_document_is_served_and_has_no_docs_page(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert client.get("/api/v1/docs", follow=True).status_code == 404


def test_every_get_operation_answers_with_its_schema(world):
    document = json.loads(Client().get("/api/v1/openapi.json").content)
    operations = list(_operations(document))
    assert len(operations) >= 10
    for path, operation in operations:
        response = _client(operation, world).get(_url(path, world))
        assert response.status_code == 200, (path, response.content[:300])
        assert response["Content-Type"].startswith("application/json")
        schema = response_schema(operation, 200)
        problems = validate(json.loads(response.content), schema, document)
        assert not problems, (path, problems[:5])


def test_errors_match_their_schema_too(world):
    document = json.loads(Client().get("/api/v1/openapi.json").content)
    for path, operation in _operations(document):
        url = _url(path, world)
        if operation.get("security"):
            response = Client().get(url)
            assert response.status_code == 401
            assert not validate(
                json.loads(response.content), response_schema(operation, 401), document
            )
        if "{" in path:
            missing = _url(path.replace("{slug}", "inconnu").replace("{code}", "99"), world)
            response = _client(operation, world).get(missing)
            assert response.status_code == 404, (path, response.content)
            assert not validate(
                json.loads(response.content), response_schema(operation, 404), document
            )


def test_hostile_query_parameters_get_a_json_400_never_a_server_error(world):
    document = json.loads(Client().get("/api/v1/openapi.json").content)
    for path, operation in _operations(document):
        names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        client = _client(operation, world)
        for params in HOSTILE:
            if not set(params) <= names:
                continue
            response = client.get(_url(path, world), params)
            assert response.status_code == 400, (path, params, response.status_code)
            body = json.loads(response.content)
            assert body["detail"].startswith("Paramètre invalide"), body
            assert not validate(body, response_schema(operation, 400), document)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/groupes/%D9%A1%D9%A2",
        "/api/v1/groupes/" + "x" * 5000,
        "/api/v1/observatoire/%D9%A5%D9%A9",
        "/api/v1/observatoire/999999999999999999999",
        "/api/v1/observatoire/2C",
    ],
)
def test_hostile_path_parameters_get_a_json_404(db, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert json.loads(response.content) == {"detail": "Introuvable."}
