import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.translation import get_language_info

from mille.accounts.models import User
from mille.groups.models import LocalGroup, Recognition
from mille.workshops.crossing import CrossingFigures

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    "portal:home",
    "library:charter",
    "library:faq",
    "core:accessibility",
    "core:privacy",
    "core:legal",
    "core:start",
    "groups:directory",
    "groups:map",
    "groups:departements",
    "account_login",
    "account_signup",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_public_pages_render_in_french_with_security_headers(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert 'href="#contenu"' in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    for external in ("cdn.", "googleapis", "unpkg", "jsdelivr", "<script>"):
        assert external not in html


@pytest.mark.django_db
def test_english_is_served_on_request(client):
    response = client.get(reverse("portal:home"), headers={"Accept-Language": "en"})
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "The groups" in html


@pytest.mark.django_db
def test_language_switch_sets_cookie(client):
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "direction", "words"),
    [("ar", "rtl", "المجموعات"), ("tr", "ltr", "Gruplar"), ("en", "ltr", "The groups")],
)
def test_each_language_is_served_whole_and_in_its_direction(client, code, direction, words):
    client.cookies["django_language"] = code
    html = client.get(reverse("portal:home")).content.decode()
    assert f'<html lang="{code}" dir="{direction}">' in html
    assert words in html
    # The picker names each language in its own name, marked with its own language.
    for own_code in ("fr", "ar", "tr", "en"):
        own_name = get_language_info(own_code)["name_local"]
        assert f'lang="{own_code}"' in html and own_name.capitalize() in html


def test_health_is_plain(client):
    response = client.get(reverse("core:health"))
    assert response.content == b"ok"


@pytest.mark.django_db
def test_home_shows_network_figures(client, group):
    html = client.get(reverse("portal:home")).content.decode()
    assert "groupes locaux" in html


@pytest.mark.django_db
def test_demo_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refused when DEBUG=0"):
        call_command("load_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_loads_once(settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--if-empty")
    assert User.objects.filter(
        email="coordination@example.org", is_national_coordinator=True
    ).exists()
    fives = LocalGroup.objects.get(neighbourhood="Fives")
    assert fives.recognition == Recognition.RECOGNISED
    assert fives.memberships.get(user__email="coordinatrice@example.org").role == "coordinator"
    assert fives.memberships.get(user__email="animateur@example.org").role == "facilitator"
    assert fives.memberships.get(user__email="parent@example.org").role == "member"
    assert User.objects.get(email="parent@example.org").check_password("mille-demo")
    workshop = fives.workshops.get(phase="peer_work")
    assert workshop.peer_groups.count() == 4
    assert workshop.contributions.count() >= 12
    assert workshop.contributions.filter(entered_by__isnull=False).exists()
    assert workshop.participants.filter(user__email="enseignante@example.org").exists()
    assert fives.resources.count() == 10 and fives.resources.filter(visibility="group").exists()
    assert fives.resource_persons.count() == 2 and fives.outings.count() == 4
    assert fives.difficulties.exists() and fives.outreach_places.exists()
    finished = fives.workshops.get(phase="closed", evaluation__isnull=True)
    assert CrossingFigures.from_json(finished.crossing.figures).peer.consensus_agree
    assert finished.tree_nodes.filter(kind="problem").exists()
    assert (
        finished.actions.count() == 2 and finished.participants.filter(dots__isnull=False).exists()
    )
    from mille.library.models import ItemComment, LibraryItemPage, ToolPage

    assert ToolPage.objects.live().get().document.file.size > 1000
    assert LibraryItemPage.objects.filter(local_group=fives, live=False).exists()  # in review
    assert ItemComment.objects.filter(author__email="parent@example.org").exists()
    call_command("load_demo", "--if-empty")
    assert LocalGroup.objects.count() == 5


def _check_deploy(env: dict) -> subprocess.CompletedProcess:
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests, never in deployment
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "-a-real-and-long-random-secret-key-for-production-0123456789",
    "EMAIL_URL": "smtp://mille:secret@mail.example.org:587?tls=True",
    "ALLOWED_HOSTS": "mille.example.org",
}


def test_check_deploy_passes_with_production_values(tmp_path):
    env = {**os.environ, **PRODUCTION, "MILLE_VAR_DIR": str(tmp_path)}
    result = _check_deploy(env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "EMAIL_URL"])
def test_production_refuses_to_start_without(missing, tmp_path):
    """Without its own key anyone could forge a participant's cookie; without a mail route the
    log-in codes would go to the logs. Either stops every command, not only `check --deploy`."""
    env = {**os.environ, **PRODUCTION, "MILLE_VAR_DIR": str(tmp_path)}
    env.pop(missing)
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and f"{missing} must be set" in result.stderr


def test_development_starts_without_secrets(tmp_path):
    env = {**os.environ, "DEBUG": "1", "MILLE_VAR_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    env.pop("EMAIL_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_check_deploy_fails_with_the_development_key(tmp_path):
    env = {**os.environ, **PRODUCTION, "MILLE_VAR_DIR": str(tmp_path)}
    env["SECRET_KEY"] = "django-insecure-mille-local-development-key-change-me"
    result = _check_deploy(env)
    assert result.returncode != 0 and "SECRET_KEY" in result.stdout + result.stderr
