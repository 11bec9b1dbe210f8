"""The open data: the command writes the files and their manifest, /donnees/ lists them with
date, size and checksum, Django serves them with their content type, and the observatory's file
holds no count of people between 1 and 4."""

import csv
import hashlib
import io
import json

import pytest
from dbfiles.models import DBFile
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mille.observatory import exports
from tests.observatory.test_views import ROLES, client_as

pytestmark = pytest.mark.django_db

SMALL = {1, 2, 3, 4}


@pytest.fixture
def exported(network):
    out = io.StringIO()
    call_command("opendata_export", stdout=out)
    return out.getvalue()


def rows(name: str) -> list[dict]:
    response = Client().get(reverse("observatory:file", kwargs={"name": name}))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_before_the_first_export_the_page_says_so(network):
    response = Client().get(reverse("observatory:open_data"))
    assert "pas encore été préparés" in response.content.decode()
    assert Client().get("/donnees/observatoire.csv").status_code == 404


def test_the_page_lists_every_file_with_its_checksum(exported):
    page = Client().get(reverse("observatory:open_data")).content.decode()
    assert "Licence Ouverte" in page
    files = exports.published_files()
    assert {entry["name"] for entry in files} == {d.name for d in exports.DATASETS}
    for entry in files:
        stored, _content_type = exports.published_file(entry["name"])
        with stored:
            body = stored.read()
        assert entry["sha256"] == hashlib.sha256(body).hexdigest()
        assert entry["size"] == len(body)
        assert entry["sha256"] in page and entry["name"] in page
        assert entry["sha256"] in exported


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("groupes-locaux.csv", "text/csv; charset=utf-8"),
        ("structures-data-inclusion.json", "application/json; charset=utf-8"),
        ("structures-data-inclusion.csv", "text/csv; charset=utf-8"),
        ("bibliotheque.csv", "text/csv; charset=utf-8"),
        ("observatoire.csv", "text/csv; charset=utf-8"),
    ],
)
def test_each_file_is_served_with_its_content_type(exported, name, content_type):
    response = Client().get(reverse("observatory:file", kwargs={"name": name}))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert f'filename="{name}"' in response["Content-Disposition"]


def test_only_listed_files_are_served(exported):
    stamp = exports._published()[0]
    default_storage.save(f"{exports.FOLDER}/{stamp}-secret.csv", ContentFile(b"x"))
    assert Client().get("/donnees/secret.csv").status_code == 404
    assert Client().get("/donnees/manifest.json").status_code == 404
    assert Client().get("/donnees/..%2Fmille.sqlite3").status_code == 404


def test_groups_carry_public_fields_only(exported, network):
    groups = rows("groupes-locaux.csv")
    assert {row["nom"] for row in groups} == {"Lille-Fives", "Roubaix", "Saint-Étienne"}
    assert not any("membre" in column or "contact" in column for column in groups[0])
    fives = next(row for row in groups if row["nom"] == "Lille-Fives")
    assert fives["reconnu"] == "oui" and fives["departement"] == "59"


def test_public_resources_in_the_data_inclusion_shape(exported, network):
    response = Client().get(
        reverse("observatory:file", kwargs={"name": "structures-data-inclusion.json"})
    )
    data = json.loads(b"".join(response.streaming_content))
    names = {structure["nom"] for structure in data["structures"]}
    assert "École Jules Ferry" in names
    assert all(s["mille_visibilite"] == "public" for s in data["structures"])


def test_the_observatory_file_holds_no_small_count_of_people(exported, network):
    figures = rows("observatoire.csv")
    assert {row["territoire"] for row in figures} == {"FR", "59", "42"}
    people = [row for row in figures if row["personnes"] == "oui"]
    assert len(people) > 50
    values = {int(row["valeur"]) for row in people if row["valeur"]}
    assert not SMALL & values
    assert any(row["valeur"] == "" for row in people)  # some were suppressed
    # Not people: exact, small values included.
    others = {int(row["valeur"]) for row in figures if row["personnes"] == "non" and row["valeur"]}
    assert SMALL & others


def test_the_daily_run_can_be_scheduled():
    out = io.StringIO()
    call_command("opendata_export", "--schedule", stdout=out)
    # Tests run tasks at once: the command says to use cron instead.
    assert "cron" in out.getvalue()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_same_protected_open_data(exported, network, role):
    client = client_as(network, role)
    assert client.get(reverse("observatory:open_data")).status_code == 200
    response = client.get(reverse("observatory:file", kwargs={"name": "observatoire.csv"}))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    people = [row for row in csv.DictReader(io.StringIO(text)) if row["personnes"] == "oui"]
    assert not SMALL & {int(row["valeur"]) for row in people if row["valeur"]}


def test_exports_are_kept_where_every_app_server_reads_them(network, settings):
    """In the database (MEDIA_STORAGE=database): the worker writes, any server serves; each
    export erases those before the last two."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "mille.core.storage.DatabaseStorage"},
    }
    for _ in range(3):
        exports.opendata_export()
    assert len(exports._exports()) == exports.KEPT
    assert DBFile.objects.count() == exports.KEPT * (len(exports.DATASETS) + 1)
    newest = exports.published_files()
    response = Client().get(reverse("observatory:file", kwargs={"name": "observatoire.csv"}))
    body = b"".join(response.streaming_content)
    entry = next(entry for entry in newest if entry["name"] == "observatoire.csv")
    assert hashlib.sha256(body).hexdigest() == entry["sha256"]
