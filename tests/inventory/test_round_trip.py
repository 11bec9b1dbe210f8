"""A group's own export, in every format, imported into a fresh group on the same communes, gives
back every field a coordinator entered (issue 20, point 5)."""

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from data_inclusion.schema.v1 import Service, Structure
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mille.inventory import exchange, services
from mille.inventory.models import Resource
from mille.territories.models import Commune
from tests.factories import make_group

DATA = Path(__file__).resolve().parent.parent / "data"
FIELDS = [
    "name",
    "category",
    "address",
    "commune_id",
    "public_contact",
    "opening_hours",
    "audience",
    "description",
    "visibility",
    "uai",
    "phone",
    "email",
    "website",
    "siret",
    "data_updated_on",
]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _import(client, group, kind, name, content: bytes, *, confirm=True, public=True):
    """Import a file; a round trip keeps each entry's visibility when the person importing
    chooses to show the entries (`public`), as the import page offers."""
    response = client.post(
        reverse("inventory:import", args=[group.slug]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )
    page = response.content.decode()
    if confirm:
        assert 'name="confirm"' in page, page
        token = page.split('name="confirm" value="')[1].split('"')[0]
        data = {"confirm": token, **({"public": "1"} if public else {})}
        client.post(reverse("inventory:import_confirm", args=[group.slug]), data)
    return response


@pytest.fixture
def original(group, coordinator):
    """A group's état des lieux with every kind of field filled, by hand and by imports."""
    lille = Commune.objects.get(insee="59350")
    client = _client(coordinator)
    _import(
        client,
        group,
        "annuaire",
        "annuaire.csv",
        (DATA / "annuaire/annuaire-cp1252.csv").read_bytes(),
    )
    record = {
        "source": "dora",
        "id": "dora--caf-lille",
        "nom": "CAF du Nord — accueil de Lille",
        "date_maj": "2026-06-15",
        "code_insee": "59350",
        "code_postal": "59000",
        "siret": "53424757600019",
        "telephone": "+33320000000",
        "courriel": "accueil@caf-lille.example.fr",
        "reseaux_porteurs": ["caf"],
        "mille_dispositifs": ["clas"],
    }
    _import(client, group, "data_inclusion", "caf.json", json.dumps([record]).encode())
    services.resource_create(
        group=group,
        actor=coordinator,
        commune=lille,
        name="Centre social Mosaïque",
        category="centre_social",
        address="20 rue Pierre Legrand",
        latitude="50.630512",
        longitude="3.092134",
        public_contact="Mme Diallo, au 06 00 00 00 00, le mardi",
        phone="03 20 00 00 01",
        email="accueil@mosaique.example.fr",
        website="https://mosaique.example.fr/familles",
        opening_hours="du lundi au vendredi, 9 h – 18 h",
        audience="Familles du quartier de Fives",
        description="Accueil des familles.\nAteliers parents, « café des parents ».",
        visibility="group",
        schemes=["clas", "reaap", "asl", "pedt"],
    )
    # Values the schema refuses as they are: a two-letter name, a 3-letter description, a name
    # ending with a point.
    services.resource_create(
        group=group,
        actor=coordinator,
        commune=lille,
        name="AB",
        category="asso_parents",
        description="Oui",
        visibility="public",
    )
    services.resource_create(
        group=group,
        actor=coordinator,
        commune=lille,
        name="Permanence des parents relais du jeudi.",
        category="maison_parents",
        visibility="group",
        schemes=["oepre"],
    )
    Resource.objects.filter(name="AB").update(data_updated_on=date(2025, 1, 2))
    return group


def _snapshot(group) -> dict:
    entries = {}
    for resource in Resource.objects.filter(group=group).prefetch_related("schemes"):
        values = {name: getattr(resource, name) for name in FIELDS}
        values["point"] = (round(resource.latitude, 6), round(resource.longitude, 6))
        values["schemes"] = sorted(s.code for s in resource.schemes.all())
        values["provenance"] = (
            (resource.source, resource.source_id)
            if resource.source
            else (exchange.SOURCE, exchange.mille_id(resource))
        )
        entries[resource.name] = values
    return entries


def _fresh_group():
    fresh = make_group(name="Un groupe tout neuf à Fives")
    return fresh, _client(fresh.memberships.get(role="coordinator").user)


def _export(client, group, fmt, kind=""):
    url = reverse("inventory:export", args=[group.slug, fmt]) + (f"?type={kind}" if kind else "")
    return client.get(url).content


def test_exports_validate_with_warnings_as_errors(original, coordinator):
    data = json.loads(_export(_client(coordinator), original, "json"))
    assert len(data["structures"]) == 9 and len(data["services"]) == 5
    for item in data["structures"]:
        Structure.model_validate(item, context={"ignore_warnings": False})
    for item in data["services"]:
        Service.model_validate(item, context={"ignore_warnings": False})
    short = next(s for s in data["structures"] if s.get("mille_nom") == "AB")
    assert len(short["nom"]) >= 3 and short["mille_description"] == "Oui"
    for fmt, kind, model in (("csv", "", Structure), ("csv", "services", Service)):
        rows = csv.DictReader(
            io.StringIO(_export(_client(coordinator), original, fmt, kind).decode())
        )
        for row in rows:
            item = exchange.data_inclusion._cells(row)
            model.model_validate(item, context={"ignore_warnings": False})


def test_round_trip_json(original, coordinator):
    before = _snapshot(original)
    # What is compared is what the coordinator knew.
    school = before["École primaire Jules Ferry"]
    assert (school["category"], school["uai"], school["schemes"]) == (
        "ecole_elementaire",
        "0599101A",
        ["rep_plus"],
    )
    assert school["provenance"] == ("annuaire-education", "0599101A")
    assert school["data_updated_on"] == date(2025, 3, 12)
    caf = before["CAF du Nord — accueil de Lille"]
    assert caf["provenance"] == ("dora", "dora--caf-lille") and caf["siret"] == "53424757600019"
    assert before["Centre social Mosaïque"]["visibility"] == "group"
    assert before["Centre social Mosaïque"]["schemes"] == ["asl", "clas", "pedt", "reaap"]
    fresh, client = _fresh_group()
    _import(
        client,
        fresh,
        "data_inclusion",
        "export.json",
        _export(_client(coordinator), original, "json"),
    )
    assert _snapshot(fresh) == before


def test_round_trip_csv_structures_then_services(original, coordinator):
    before = _snapshot(original)
    source = _client(coordinator)
    fresh, client = _fresh_group()
    _import(client, fresh, "data_inclusion", "structures.csv", _export(source, original, "csv"))
    assert _snapshot(fresh) == before
    # The services file finds its structures again, and adds nothing they do not show already.
    response = _import(
        client,
        fresh,
        "data_inclusion",
        "services.csv",
        _export(source, original, "csv", "services"),
        confirm=False,
    )
    page = response.content.decode()
    assert "5 lignes laissées de côté : service déjà indiqué sur sa fiche" in page
    assert _snapshot(fresh) == before


def test_round_trip_services_complete_what_a_plain_tool_stripped(original, coordinator):
    """Structures read by a tool that keeps the schema's fields only: the services file brings
    the schemes that are data·inclusion « thématiques » back onto them."""
    source = _client(coordinator)
    rows = list(csv.DictReader(io.StringIO(_export(source, original, "csv").decode())))
    plain = io.StringIO()
    writer = csv.DictWriter(plain, fieldnames=list(Structure.model_fields), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    fresh, client = _fresh_group()
    _import(client, fresh, "data_inclusion", "plain.csv", plain.getvalue().encode())
    _import(
        client,
        fresh,
        "data_inclusion",
        "services.csv",
        _export(source, original, "csv", "services"),
    )
    mosaique = Resource.objects.get(group=fresh, name="Centre social Mosaïque")
    assert sorted(s.code for s in mosaique.schemes.all()) == ["asl", "clas", "reaap"]
    caf = Resource.objects.get(group=fresh, name="CAF du Nord — accueil de Lille")
    assert [s.code for s in caf.schemes.all()] == ["clas"]


def test_an_import_keeps_entries_within_the_group_unless_chosen(original, coordinator):
    fresh, client = _fresh_group()
    page = _import(
        client,
        fresh,
        "data_inclusion",
        "export.json",
        _export(_client(coordinator), original, "json"),
        public=False,
    ).content.decode()
    assert 'name="public"' in page  # the choice is offered, unticked
    assert 'name="public" value="1" checked' not in page
    imported = Resource.objects.filter(group=fresh)
    assert imported.exists()
    assert not imported.filter(visibility="public").exists()
    # Their telephone and e-mail are kept for the members, never shown to visitors.
    with_phone = imported.exclude(phone="").first()
    assert with_phone is not None
    visitor = Client().get(reverse("inventory:detail", args=[with_phone.pk]))
    assert visitor.status_code == 404


def test_an_import_never_makes_a_group_only_entry_public(original, coordinator):
    fresh, client = _fresh_group()
    _import(
        client,
        fresh,
        "data_inclusion",
        "export.json",
        _export(_client(coordinator), original, "json"),
    )
    private = set(
        Resource.objects.filter(group=original, visibility="group").values_list("name", flat=True)
    )
    assert private == {"Centre social Mosaïque", "Permanence des parents relais du jeudi."}
    assert (
        set(Resource.objects.filter(group=fresh, visibility="group").values_list("name", flat=True))
        == private
    )
