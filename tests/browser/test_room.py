"""A room without network, end to end in real Chromium.

A second server process, bound to another loopback address (127.0.0.2) with its own database,
stands in for the facilitator's laptop (`make room`). Three phones join the workshop there and
answer; the workshop's bundle (`workshop_export`) is then brought into the main site (the live
server) through the group's import page, and the group's actions page lists the workshop's action.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mille.workshops.models import Contribution, Workshop
from tests.browser.conftest import login_cookie

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
LAPTOP_HOST = "127.0.0.2"

SET_UP = """
import json
from mille.workshops.models import Phase, Workshop
w = Workshop.objects.get(phase=Phase.PEER_WORK)
print(json.dumps({
    "id": w.pk,
    "code": w.join_codes.get(peer_group__isnull=True).code,
    "peer": w.peer_groups.first().name,
    "question": w.questions.first().text,
}))
"""

ADD_ACTION = """
from mille.workshops.models import Action, Workshop
w = Workshop.objects.get(pk={pk})
Action.objects.create(group=w.group, workshop=w, title="Café des parents de la salle")
"""


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _manage(env, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def laptop(tmp_path):
    """The laptop: the demo on its own SQLite database, served on 127.0.0.2."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    port = _free_port(LAPTOP_HOST)
    env.update(
        DEBUG="1",
        MILLE_VAR_DIR=str(tmp_path / "laptop"),
        ALLOWED_HOSTS=LAPTOP_HOST,
        PYTHONUNBUFFERED="1",
    )
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_demo")
    info = json.loads(_manage(env, "shell", "-c", SET_UP).strip().splitlines()[-1])
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"{LAPTOP_HOST}:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://{LAPTOP_HOST}:{port}"
    try:
        for _attempt in range(120):
            try:
                urllib.request.urlopen(url + "/sante/", timeout=2)  # noqa: S310 (our own server)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the laptop's server did not start")
        yield {"url": url, "env": env, **info}
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_room_served_by_a_laptop_joins_the_network(page_at, laptop, group, coordinator, tmp_path):
    # Three phones in the room, on the laptop's address.
    for nickname in ("Amina", "Bruno", "Chloé"):
        phone = page_at(360, 740)
        phone.base = laptop["url"]
        phone.goto(phone.base + f"/rejoindre/{laptop['code']}/")
        phone.get_by_label(laptop["peer"]).check()
        phone.get_by_label("Votre prénom ou un surnom").fill(nickname)
        phone.get_by_role("button", name="J'ai compris, je participe").click()
        phone.get_by_role("heading", name="Votre code personnel").wait_for()
        phone.get_by_role("link", name=laptop["question"]).first.click()
        phone.locator("#wall").wait_for()
        phone.wait_for_function("() => document.querySelector('[data-client-id]').value !== ''")
        phone.get_by_label("Votre réponse").fill(f"Dans la salle, {nickname} répond")
        phone.get_by_role("button", name="Envoyer").click()
        expect(phone.locator("#wall")).to_contain_text(f"Dans la salle, {nickname} répond")
        assert phone.errors == []

    # The facilitator's laptop: an action decided in the room, then the bundle.
    _manage(laptop["env"], "shell", "-c", ADD_ACTION.format(pk=laptop["id"]))
    bundle = tmp_path / "atelier.zip"
    _manage(laptop["env"], "workshop_export", str(laptop["id"]), str(bundle))

    # Back on the network's site: the group's coordinator imports it.
    page = page_at(1280, 800)
    login_cookie(page, coordinator)
    page.goto(page.base + reverse("workshops:bundle_import", args=[group.slug]))
    page.get_by_label("Le fichier de l'atelier").set_input_files(str(bundle))
    page.get_by_role("button", name="Importer l'atelier").click()
    expect(page.locator("body")).to_contain_text("est importé")
    imported = Workshop.objects.get(group=group)
    assert set(
        Contribution.objects.filter(
            workshop=imported, text__startswith="Dans la salle"
        ).values_list("participant__nickname", flat=True)
    ) == {"Amina", "Bruno", "Chloé"}

    page.goto(page.base + reverse("partnerships:actions", args=[group.slug]))
    expect(page.locator("main")).to_contain_text("Café des parents de la salle")

    # The same file again changes nothing.
    page.goto(page.base + reverse("workshops:bundle_import", args=[group.slug]))
    page.get_by_label("Le fichier de l'atelier").set_input_files(str(bundle))
    page.get_by_role("button", name="Importer l'atelier").click()
    expect(page.locator("body")).to_contain_text("était déjà à jour")
    assert page.errors == []


@pytest.mark.parametrize("width", [360, 1280])
def test_no_axe_violation_on_the_import_page(page_at, group, coordinator, tmp_path, width):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.conftest import AXE_OPTIONS, axe_check

    page = page_at(width, 800)
    login_cookie(page, coordinator)
    axe_check(page, reverse("workshops:bundle_import", args=[group.slug]))
    axe_check(page, reverse("workshops:group_workshops", args=[group.slug]))
    # The refusal, in French, next to the field.
    broken = tmp_path / "atelier.zip"
    broken.write_bytes(b"pas un zip")
    page.goto(page.base + reverse("workshops:bundle_import", args=[group.slug]))
    page.get_by_label("Le fichier de l'atelier").set_input_files(str(broken))
    page.get_by_role("button", name="Importer l'atelier").click()
    expect(page.locator("main")).to_contain_text("pas un export d'atelier de Mille")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
