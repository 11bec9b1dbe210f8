"""What a person does, in a real browser: sign up by code, create a group, invite, find it."""

import re

import pytest
from django.core import mail

from mille.groups.models import LocalGroup, Membership

pytestmark = pytest.mark.django_db(transaction=True)


def _code_from_last_mail() -> str:
    return re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", mail.outbox[-1].body).group(1)


def _sign_up(page, email: str, name: str) -> None:
    page.goto(page.base + "/accounts/signup/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Prénom ou surnom (facultatif)").fill(name)
    page.get_by_role("button", name=re.compile("Création de compte|Inscription")).click()
    page.wait_for_url(re.compile("confirm-email"))
    page.get_by_label("Code").fill(_code_from_last_mail())
    page.get_by_role("button", name=re.compile("Confirmer")).click()
    page.wait_for_url(re.compile("/compte/"))


def test_sign_up_create_group_invite_join_and_find(page_at, live_server):
    page = page_at(width=360)
    _sign_up(page, "nadia@example.org", "Nadia")
    assert page.get_by_role("heading", name="Bonjour Nadia").is_visible()

    # Create a group on two communes with the picker, by keyboard and by touch.
    page.goto(page.base + "/groupes/nouveau/")
    page.get_by_label("Nom du groupe").fill("Parents de Fives et Roubaix")
    search = page.get_by_label("Ajouter une commune : tapez son nom ou son code postal")
    search.fill("Lille")
    page.get_by_role("button", name=re.compile(r"Ajouter Lille \(59000\)")).click()
    page.locator("#chosen-communes li").first.wait_for()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'commune-search'"
    )
    page.wait_for_function(
        "() => document.getElementById('messages').textContent.includes('est ajoutée')"
    )
    search.fill("Roubaix")
    page.get_by_role("button", name=re.compile(r"Ajouter Roubaix")).click()
    page.locator("#chosen-communes li").nth(1).wait_for()
    page.get_by_role("button", name="Créer le groupe").click()
    page.wait_for_url(re.compile("/groupes/parents-de-fives-et-roubaix"))
    group = LocalGroup.objects.get()
    assert set(group.communes.values_list("name", flat=True)) == {"Lille", "Roubaix"}

    # Invite someone: the link works for a new person who signs up from it.
    page.get_by_role("link", name="Inviter").click()
    page.get_by_role("button", name="Créer un lien d'invitation").click()
    link = page.get_by_label("Lien d'invitation").input_value()
    assert "/invitation/" in link

    guest = page_at(width=360)
    guest.goto(link)
    guest.get_by_role("link", name="Créer mon compte").click()
    guest.get_by_label("Adresse e-mail").fill("fatou@example.org")
    guest.get_by_role("button", name=re.compile("Création de compte|Inscription")).click()
    guest.wait_for_url(re.compile("confirm-email"))
    guest.get_by_label("Code").fill(_code_from_last_mail())
    guest.get_by_role("button", name=re.compile("Confirmer")).click()
    guest.wait_for_url(re.compile("/invitation/"))
    guest.get_by_role("button", name="Rejoindre le groupe").click()
    guest.wait_for_url(re.compile("/groupes/parents-de-fives-et-roubaix"))
    assert Membership.objects.filter(group=group, user__email="fatou@example.org").exists()

    # The group is in the directory (live search) and on the map.
    guest.goto(guest.base + "/groupes/")
    guest.get_by_label("Nom, commune ou code postal").fill("roubaix")
    guest.locator("#directory-results h3", has_text="Parents de Fives et Roubaix").wait_for()
    guest.wait_for_url(re.compile("q=roubaix"))

    guest.goto(guest.base + "/groupes/carte/")
    guest.wait_for_selector("#groups-map[data-loaded='1']")
    marker = guest.locator(".leaflet-marker-icon")
    assert marker.count() == 1
    marker.first.click()
    assert guest.get_by_role("link", name="Parents de Fives et Roubaix").is_visible()
    assert page.errors == [] and guest.errors == []


def test_typed_commune_without_picker_and_clear_errors(page_at, live_server):
    page = page_at(width=1280)
    _sign_up(page, "karim@example.org", "Karim")
    page.goto(page.base + "/groupes/nouveau/")
    page.get_by_label("Nom du groupe").fill("Groupe test")
    page.get_by_label("Communes du territoire").fill("Saint-Denis")
    page.get_by_role("button", name="Créer le groupe").click()
    summary = page.get_by_role("alert")
    assert "Plusieurs communes s'appellent « Saint-Denis »" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert not LocalGroup.objects.exists()
    page.get_by_label("Communes du territoire").fill("Saint-Denis (93200)")
    page.get_by_role("button", name="Créer le groupe").click()
    page.wait_for_url(re.compile("/groupes/groupe-test"))
    assert LocalGroup.objects.get().communes.get().insee == "93066"
