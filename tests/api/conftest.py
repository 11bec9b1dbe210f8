import pytest

from mille.accounts.models import User
from mille.api import services
from mille.demo.loader import load_demo
from mille.groups.models import LocalGroup

# The observatory's small network, whose small counts must stay hidden in the API too.
from tests.observatory.conftest import network  # noqa: F401


@pytest.fixture
def world(db):
    """The demo data, and a token of Lille-Fives' coordinator on its own data."""
    load_demo()
    lille = LocalGroup.objects.get(neighbourhood="Fives")
    coordinator = User.objects.get(email="coordinatrice@example.org")
    _token, raw = services.api_token_create(
        user=coordinator,
        name="Tableur",
        scopes=["groups:read", "inventory:read", "actions:read"],
    )
    return {"slug": lille.slug, "code": "59", "raw": raw}
