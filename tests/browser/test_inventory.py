"""The état des lieux in real Chromium: add by commune and by touching the map, import a
data·inclusion file, filter the map, print; axe-core on every page at 360 and 1280 px."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mille.inventory import services
from mille.inventory.models import Resource
from mille.territories.models import Commune
from tests.browser.conftest import axe_check, login_cookie

pytestmark = pytest.mark.django_db(transaction=True)
DATA = Path(__file__).resolve().parent.parent / "data"


def test_coordinator_builds_the_inventory(page_at, group, coordinator):
    page = page_at(width=1280)
    login_cookie(page, coordinator)
    lille = Commune.objects.get(insee="59350")
    # By commune.
    page.goto(page.base + reverse("inventory:create", args=[group.slug]))
    page.get_by_label("Nom du lieu, du service ou du collectif").fill("Centre social Mosaïque")
    page.get_by_label("Catégorie").select_option(label="Centre social")
    page.get_by_label("Commune", exact=True).select_option(label=str(lille))
    page.get_by_label("CLAS (accompagnement à la scolarité)").check()
    page.get_by_label("Tout le monde").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("La fiche « Centre social Mosaïque » est ajoutée.").wait_for()
    # By touching the map.
    page.goto(page.base + reverse("inventory:create", args=[group.slug]))
    page.get_by_label("Nom du lieu, du service ou du collectif").fill("PMI de Fives")
    page.get_by_label("Catégorie").select_option(label="PMI")
    page.get_by_label("Commune", exact=True).select_option(label=str(lille))
    page.locator("#picker-map").click(position={"x": 200, "y": 120})
    page.get_by_text("Repère placé :").wait_for()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("La fiche « PMI de Fives » est ajoutée.").wait_for()
    pmi = Resource.objects.get(name="PMI de Fives")
    assert (pmi.latitude, pmi.longitude) != (lille.latitude, lille.longitude)
    # Import a data·inclusion file: a report first, then the confirmation.
    page.goto(page.base + reverse("inventory:import", args=[group.slug]))
    page.get_by_label("Le fichier (.json ou .csv, 100 Mo au plus)").set_input_files(
        str(DATA / "data-inclusion/structures.json")
    )
    page.get_by_role("button", name="Lire le fichier").click()
    page.get_by_text("2 fiches prêtes à être ajoutées").wait_for()
    assert Resource.objects.count() == 2
    page.get_by_role("button", name="Ajouter ces 2 fiches").click()
    page.get_by_text("2 fiches sont importées.").wait_for()
    assert Resource.objects.count() == 4
    # The map, then filtered.
    map_element = page.locator("#resources-map")
    page.wait_for_function("() => document.getElementById('resources-map').dataset.loaded === '4'")
    page.get_by_label("Catégorie").select_option(label="PMI")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_function("() => document.getElementById('resources-map').dataset.loaded === '1'")
    assert map_element.get_attribute("data-loaded") == "1"
    assert "PMI de Fives" in page.locator("main").inner_text()
    # Print.
    response = page.request.get(page.base + reverse("inventory:pdf", args=[group.slug]))
    text = PdfReader(io.BytesIO(response.body())).pages[0].extract_text()
    assert "Centre social Mosaïque" in text and "CAF du Nord" in text
    assert page.errors == []


@pytest.mark.parametrize("width", [360, 1280])
def test_no_axe_violation_on_inventory_pages(page_at, group, coordinator, width):
    lille = Commune.objects.get(insee="59350")
    resource = services.resource_create(
        group=group,
        actor=coordinator,
        commune=lille,
        name="Médiathèque Jean Lévy",
        category="mediatheque",
        visibility="public",
        schemes=["clas"],
    )
    services.person_create(
        group=group,
        actor=coordinator,
        consent_on=timezone.localdate(),
        consent_means="oral",
        name_or_role="La directrice",
        can_help_with="Les inscriptions",
    )
    services.difficulty_create(
        group=group,
        actor=coordinator,
        text="Des enfants fatigués",
        themes=["sleep"],
        raised_by=["parent"],
    )
    place = services.outreach_place_create(
        group=group, actor=coordinator, kind="market", label="Marché de Fives"
    )
    services.outing_create(
        group=group, actor=coordinator, on=timezone.localdate(), people_met=8, place=place
    )
    visitor = page_at(width=width)
    for path in (reverse("inventory:inventory", args=[group.slug]), resource.get_absolute_url()):
        axe_check(visitor, path)
    page = page_at(width=width)
    login_cookie(page, coordinator)
    for path in (
        reverse("inventory:inventory", args=[group.slug]),
        reverse("inventory:create", args=[group.slug]),
        reverse("inventory:edit", args=[resource.pk]),
        resource.get_absolute_url(),
        reverse("inventory:import", args=[group.slug]),
        reverse("inventory:persons", args=[group.slug]),
        reverse("inventory:difficulties", args=[group.slug]),
        reverse("inventory:outreach", args=[group.slug]),
    ):
        axe_check(page, path)
    # The import report, with its table of problems.
    page.goto(page.base + reverse("inventory:import", args=[group.slug]))
    page.get_by_label("Le fichier (.json ou .csv, 100 Mo au plus)").set_input_files(
        str(DATA / "data-inclusion/structures-errors.csv")
    )
    page.get_by_role("button", name="Lire le fichier").click()
    page.get_by_text("Les problèmes, ligne par ligne").wait_for()
    # The rows set aside (here a commune outside the group's), in their own table.
    page.get_by_text("Voir les lignes laissées de côté").click()
    page.get_by_text("Les lignes laissées de côté, et pourquoi").wait_for()
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.conftest import AXE_OPTIONS

    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
