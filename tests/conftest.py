import pytest
from django.core.cache import cache
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import UserFactory, add_member, make_group

# Property tests share the machine with browsers and a second test process: time is no property.
hypothesis_settings.register_profile(
    "mille", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("mille")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files (audio, documents, open data) go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator(db):
    return UserFactory(email="coord@example.org", display_name="Nadia")


@pytest.fixture
def group(coordinator):
    return make_group(coordinator=coordinator, name="Parents et école à Fives")


@pytest.fixture
def other_group(db):
    return make_group(name="Parents de Roubaix", insee=("59512",))


@pytest.fixture
def member(group):
    return add_member(group, UserFactory(email="membre@example.org", display_name="Fatou")).user


@pytest.fixture
def facilitator(group):
    return add_member(
        group, UserFactory(email="anim@example.org", display_name="Karim"), role="facilitator"
    ).user


@pytest.fixture
def outsider(db):
    return UserFactory(email="dehors@example.org", display_name="Paul")


@pytest.fixture
def national(db):
    return UserFactory(
        email="national@example.org", display_name="Coordination", is_national_coordinator=True
    )


@pytest.fixture
def other_coordinator(other_group):
    return other_group.memberships.get(role="coordinator").user
