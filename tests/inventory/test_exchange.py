import csv
import io
import json
from pathlib import Path

import pytest
from data_inclusion.schema.v1 import Service, Structure
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mille.inventory import exchange, services
from mille.inventory.models import Resource
from mille.territories.models import Commune

DATA = Path(__file__).resolve().parent.parent / "data"


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def lille(db):
    return Commune.objects.get(insee="59350")


def _upload(path: Path):
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_export_is_valid_data_inclusion(group, member, outsider, lille):
    services.resource_create(
        group=group,
        actor=member,
        commune=lille,
        name="CAF de Lille",
        category="caf",
        visibility="public",
        schemes=["reaap"],
        description="Accueil des familles.",
    )
    services.resource_create(
        group=group, actor=member, commune=lille, name="Mme D.", category="autre"
    )
    data = json.loads(
        _client(member).get(reverse("inventory:export", args=[group.slug, "json"])).content
    )
    assert len(data["structures"]) == 2
    for item in data["structures"]:
        Structure.model_validate(item)
    for item in data["services"]:
        Service.model_validate(item)
    caf = next(s for s in data["structures"] if s["nom"] == "CAF de Lille")
    assert caf["reseaux_porteurs"] == ["caf"] and caf["code_insee"] == "59350"
    assert data["services"][0]["thematiques"] == [
        "famille--soutien-a-la-parentalite-et-a-leducation"
    ]
    # Non-members get the public entries only; the private « Mme D. » does not leave.
    public = (
        _client(outsider)
        .get(reverse("inventory:export", args=[group.slug, "csv"]))
        .content.decode()
    )
    rows = list(csv.DictReader(io.StringIO(public)))
    assert [r["nom"] for r in rows] == ["CAF de Lille"]
    services_csv = _client(member).get(
        reverse("inventory:export", args=[group.slug, "csv"]) + "?type=services"
    )
    assert "structure_id" in services_csv.content.decode().splitlines()[0]


def test_read_valid_file():
    report = exchange.read_data_inclusion(
        (DATA / "data-inclusion/structures.json").read_bytes(), "structures.json"
    )
    assert report.problems == []
    assert [r.name for r in report.rows] == [
        "Centre social Mosaïque",
        "CAF du Nord — accueil de Lille",
    ]
    assert report.rows[1].category == "caf"
    assert report.rows[0].services == ["Accompagnement à la scolarité"]


def test_read_file_with_errors_reports_line_and_field():
    report = exchange.read_data_inclusion(
        (DATA / "data-inclusion/structures-errors.csv").read_bytes(), "x.csv"
    )
    fields = {(p.line, p.field) for p in report.problems}
    assert (3, "nom") in fields and (4, "date_maj") in fields
    assert [r.name for r in report.rows] == ["Médiathèque Jean Lévy", "Association Lire Ensemble"]


def test_bad_files():
    assert exchange.read_data_inclusion(b"\xff\xfe\x00garbage", "x.json").problems
    assert (
        exchange.read_data_inclusion(b"{not json", "x.json")
        .problems[0]
        .message.startswith("Le JSON n'est pas valable (ligne 1")
    )
    assert (
        exchange.read_data_inclusion(b"a,b\n1,2\n", "x.csv").problems[0].message
        == "Colonne obligatoire absente."
    )
    assert exchange.read_data_inclusion(b"x", "x.pdf").problems


def test_import_is_all_or_nothing(group, member):
    client = _client(member)
    url = reverse("inventory:import", args=[group.slug])
    response = client.post(
        url,
        {"kind": "data_inclusion", "file": _upload(DATA / "data-inclusion/structures-errors.csv")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "date_maj" in page and 'name="confirm"' not in page
    # Nulle-Part (99999) is no commune of the group: set aside and shown, as the Annuaire does.
    assert "hors de vos communes" in page and "Association Lire Ensemble" in page
    assert Resource.objects.count() == 0
    # A valid file: a report first, nothing written; then the confirmation writes it all.
    response = client.post(
        url, {"kind": "data_inclusion", "file": _upload(DATA / "data-inclusion/structures.json")}
    )
    assert response.status_code == 200 and Resource.objects.count() == 0
    token = response.content.decode().split('name="confirm" value="')[1].split('"')[0]
    confirm = reverse("inventory:import_confirm", args=[group.slug])
    assert client.post(confirm, {"confirm": "wrong"}).status_code == 302
    assert Resource.objects.count() == 0
    assert client.post(confirm, {"confirm": token}).status_code == 302
    assert sorted(Resource.objects.values_list("name", flat=True)) == [
        "CAF du Nord — accueil de Lille",
        "Centre social Mosaïque",
    ]
    # The token works once.
    client.post(confirm, {"confirm": token})
    assert Resource.objects.count() == 2


def test_annuaire_import(group, member):
    client = _client(member)
    url = reverse("inventory:import", args=[group.slug])
    response = client.post(url, {"kind": "annuaire", "file": _upload(DATA / "annuaire/sample.csv")})
    assert response.status_code == 200
    page = response.content.decode()
    assert "4 fiches prêtes" in page  # Lille's four schools; Roubaix and the CIO are left aside
    token = page.split('name="confirm" value="')[1].split('"')[0]
    client.post(reverse("inventory:import_confirm", args=[group.slug]), {"confirm": token})
    schools = {r.name: r for r in Resource.objects.prefetch_related("schemes")}
    assert schools["Ecole maternelle Les Tilleuls"].category == "ecole_maternelle"
    assert schools["Collège Boris Vian"].category == "college"
    assert [s.code for s in schools["Ecole primaire Jules Ferry"].schemes.all()] == ["rep_plus"]
    assert schools["Ecole primaire Jules Ferry"].uai == "0599901A"
    # The same file again: schools already listed are left aside.
    again = client.post(url, {"kind": "annuaire", "file": _upload(DATA / "annuaire/sample.csv")})
    assert "4 lignes laissées de côté : déjà dans l&#x27;état des lieux" in again.content.decode()


def test_import_permissions(group, outsider, other_coordinator):
    url = reverse("inventory:import", args=[group.slug])
    assert Client().get(url).status_code == 302
    for user in (outsider, other_coordinator):
        assert _client(user).get(url).status_code == 403
        response = _client(user).post(
            url, {"kind": "annuaire", "file": _upload(DATA / "annuaire/sample.csv")}
        )
        assert response.status_code == 403
    assert Resource.objects.count() == 0


def test_pdf_by_category(group, member, outsider, lille):
    from pypdf import PdfReader

    services.resource_create(
        group=group,
        actor=member,
        commune=lille,
        name="Médiathèque Jean Lévy",
        category="mediatheque",
        visibility="public",
    )
    services.resource_create(
        group=group, actor=member, commune=lille, name="Permanence privée", category="autre"
    )
    text = (
        PdfReader(
            io.BytesIO(_client(member).get(reverse("inventory:pdf", args=[group.slug])).content)
        )
        .pages[0]
        .extract_text()
    )
    assert "Médiathèque" in text and "Permanence privée" in text
    public = (
        PdfReader(
            io.BytesIO(_client(outsider).get(reverse("inventory:pdf", args=[group.slug])).content)
        )
        .pages[0]
        .extract_text()
    )
    assert "Médiathèque" in public and "Permanence privée" not in public


def test_public_pdf_is_made_once_per_state_of_the_data_and_throttled(
    client, group, member, lille, monkeypatch
):
    from mille.inventory import views as inventory_views

    made = []
    real = inventory_views.render_pdf
    monkeypatch.setattr(
        inventory_views,
        "render_pdf",
        lambda *args, **kwargs: made.append(1) or real(*args, **kwargs),
    )
    url = reverse("inventory:pdf", args=[group.slug])

    def public_entry(name):
        return services.resource_create(
            group=group,
            actor=member,
            commune=lille,
            name=name,
            category="autre",
            visibility="public",
        )

    first = public_entry("Ludothèque")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert len(made) == 1  # the second visitor gets the kept copy
    public_entry("Maison de quartier")
    assert client.get(url).status_code == 200
    assert len(made) == 2  # a new entry, a new PDF
    services.resource_update(
        resource=first,
        actor=member,
        commune=lille,
        name="Ludothèque municipale",
        category="autre",
        visibility="public",
    )
    client.get(url)
    assert len(made) == 3  # an edit too
    # A member's PDF (with group-only entries) is never taken from the public copy.
    _client(member).get(url)
    assert len(made) == 4
    # Past the limit, a visitor waits, with a French message and a Retry-After.
    for _ in range(inventory_views.PUBLIC_PDF_LIMIT.attempts):
        client.get(url)
    response = client.get(url)
    assert response.status_code == 429
    assert "Réessayez dans" in response.content.decode() and response["Retry-After"]
