"""schemathesis against the API's own OpenAPI document: for every operation it generates requests
from the document (valid ones, and ones that break it), calls the application in process and
checks that no answer is a server error and that every answer (status, headers, content type,
body) matches what the document promises. Token operations are called with a token of
Lille-Fives' coordinator; the demo data gives the API something to answer with."""

import json

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from mille.api.v1 import api

# Each operation gets this many generated requests (and schemathesis adds its own explicit
# examples and boundary values).
EXAMPLES = 25


# The document the API serves at /api/v1/openapi.json, read without a request, so that each
# operation becomes its own test at collection; requests go to the application in process.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    # The application is called directly, not through Django's test client: like that client,
    # keep each request from closing the connection that holds the test's transaction.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_its_promises(case, world):
    # Rate limits are proved elsewhere (test_public.py); here they would only cut the run short.
    cache.clear()
    headers = {}
    if case.operation.definition.raw.get("security") and not _breaks_the_token(case):
        headers["Authorization"] = f"Bearer {world['raw']}"
    case.call_and_validate(headers=headers)


def _breaks_the_token(case) -> bool:
    """A case that leaves out or breaks the Authorization header (it must then be refused):
    the coordinator's token is not added to it."""
    if "authorization" in {name.lower() for name in case.headers or {}}:
        return True
    data = case.meta.phase.data if case.meta else None
    mutations = getattr(data, "mutations", ()) or ()
    return getattr(data, "parameter", None) == "Authorization" or any(
        mutation.parameter == "Authorization" for mutation in mutations
    )


def test_the_document_tested_is_the_one_served(client, db):
    served = client.get("/api/v1/openapi.json").json()
    built = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    # Only the "servers" list differs: the served one names the host asked.
    assert {**served, "servers": []} == {**built, "servers": []}
    assert len(served["paths"]) >= 10
