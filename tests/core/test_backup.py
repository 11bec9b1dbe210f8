"""Backups of a whole site (`manage.py backup` / `restore`, mille/core/backup.py): the demo and
a few uploaded files go round trip, and a damaged, too recent or misdirected restore is refused."""

import hashlib
import io
import json
import shutil
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mille.core import backup
from mille.demo.loader import load_demo
from mille.governance.models import Body, Meeting, MeetingDocument
from mille.groups.models import LocalGroup
from mille.library import models as library_models
from mille.library import selectors as library_selectors
from mille.workshops.models import Contribution
from tests.factories import UserFactory, make_group

pytestmark = pytest.mark.django_db

AUDIO = b"OggS" + bytes(range(256)) * 40
PDF = b"%PDF-1.4\n" + b"compte rendu " * 300 + b"\n%%EOF\n"


def _dump() -> list[str]:
    """Every row the backup keeps, as the serializer writes it (natural keys: ids of content
    types differ between databases)."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        format=backup.SERIAL_FORMAT,
        exclude=backup.excluded_labels(),
        use_natural_foreign_keys=True,
        use_base_manager=True,
        stdout=out,
    )
    return sorted(line for line in out.getvalue().splitlines() if line)


def _files() -> dict[str, str]:
    return {
        name: hashlib.sha256(fields[0][1].storage.open(name).read()).hexdigest()
        for name, fields in backup.referenced_files().items()
    }


@pytest.fixture
def site(django_capture_on_commit_callbacks):
    """The demo, with a workshop's audio answer, a meeting's document, a recorded testimony and
    a task waiting in the database queue."""
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    contribution = Contribution.objects.order_by("pk").first()
    contribution.audio.save("reponse.ogg", ContentFile(AUDIO))
    MeetingDocument.objects.create(
        meeting=Meeting.objects.order_by("pk").first(),
        title="Compte rendu",
        file=ContentFile(PDF, name="compte-rendu.pdf"),
        content_type="application/pdf",
    )
    testimony = library_models.TestimonyPage.objects.get()
    testimony.audio.save("temoignage.ogg", ContentFile(AUDIO[::-1]))
    DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="mille.workshops.tasks.crossing_analyse",
        backend_name="default",
        queue_name="default",
        run_after=testimony.first_published_at,
    )


def _found(words: str) -> list[str]:
    """The library's search results, through its full-text index."""
    results = library_selectors.compute_results(
        library_selectors.parse_query(QueryDict(f"q={words}"))
    )
    return [row.title for row in results.rows]


def test_round_trip_through_an_empty_database(site, tmp_path, client):
    rows, files, found = _dump(), _files(), _found("élèves")
    assert found
    assert len(files) == 4  # the three uploads and the demo's library poster
    archive = tmp_path / "site.zip"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "Sauvegarde écrite" in out.getvalue()
    assert archive.stat().st_mode & 0o777 == 0o600
    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    assert manifest["format_version"] == backup.FORMAT_VERSION
    assert manifest["database_vendor"] in ("sqlite", "postgresql")
    assert manifest["counts"]["workshops.contribution"] == Contribution.objects.count()
    assert {entry["name"]: entry["sha256"] for entry in manifest["files"]} == files
    assert not {"contenttypes.contenttype", "auth.permission"} & set(manifest["counts"])

    with pytest.raises(CommandError, match="contient déjà un site"):
        call_command("restore", str(archive))

    # A new server: `migrate` made its frame (pages, vocabulary), and no file is there.
    connection.check_constraints()  # PostgreSQL: TRUNCATE refuses checks deferred in this test
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not LocalGroup.objects.exists()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "restaurée et vérifiée" in out.getvalue()
    assert _dump() == rows
    assert _files() == files

    # The site works: a group's page, the library's search, a new group (new ids, no collision).
    group = LocalGroup.objects.get(slug="parents-et-ecole-a-fives-lille")
    assert client.get(reverse("groups:detail", args=[group.slug])).status_code == 200
    assert client.get(reverse("library:index") + "?q=élèves").status_code == 200
    assert _found("élèves") == found
    before = LocalGroup.objects.order_by("pk").last().pk
    assert make_group(name="Parents de Lens", insee=("62498",)).pk > before


def _rewrite(source, target, change):
    """A copy of an archive with one member changed by `change(name, content)`."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info.filename)))


def _new_storage(settings):
    """Uploaded files kept outside MEDIA_ROOT (as with the database storage): a fresh, empty one."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_a_damaged_or_newer_archive_is_refused_and_nothing_changes(tmp_path, settings):
    _new_storage(settings)
    UserFactory(email="gardee@example.org")
    group = make_group(name="Parents du Havre", insee=("76351",))
    document = MeetingDocument.objects.create(
        meeting=Meeting.objects.create(
            body=Body.objects.get_or_create(kind="comite")[0], held_on=timezone.localdate()
        ),
        title="Compte rendu",
        file=ContentFile(PDF, name="compte-rendu.pdf"),
        content_type="application/pdf",
    )
    # A row whose file is lost: the backup says so and goes on.
    MeetingDocument.objects.create(
        meeting=document.meeting, title="Perdu", file="governance/perdu.pdf", content_type=""
    )
    archive = tmp_path / "site.zip"
    errors = io.StringIO()
    call_command("backup", str(archive), stdout=io.StringIO(), stderr=errors)
    assert (
        "introuvable dans le stockage, non sauvegardé : governance/perdu.pdf" in errors.getvalue()
    )
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("backup", str(archive), stdout=io.StringIO())

    damaged = tmp_path / "abimee.zip"
    _rewrite(
        archive,
        damaged,
        lambda name, content: content[:-3] + b"xyz" if name.startswith("media/") else content,
    )
    with pytest.raises(CommandError, match="abîmée.*empreinte de media/governance"):
        call_command("restore", str(damaged), "--replace")

    def newer(name, content):
        if name != "manifest.json":
            return content
        manifest = json.loads(content)
        manifest["format_version"] = backup.FORMAT_VERSION + 1
        return json.dumps(manifest).encode()

    newer_archive = tmp_path / "recente.zip"
    _rewrite(archive, newer_archive, newer)
    with pytest.raises(CommandError, match="version plus récente de Mille"):
        call_command("restore", str(newer_archive), "--replace")

    not_an_archive = tmp_path / "texte.zip"
    not_an_archive.write_text("bonjour")
    with pytest.raises(CommandError, match="pas une sauvegarde de Mille"):
        call_command("restore", str(not_an_archive), "--replace")

    # Rows that do not load (here a field renamed, the manifest made to match): all rolled back.
    data = zipfile.ZipFile(archive).read("data.jsonl").replace(b'"description":', b'"descriptif":')

    def unloadable(name, content):
        if name == "data.jsonl":
            return data
        if name == "manifest.json":
            manifest = json.loads(content)
            manifest["data"].update(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
            return json.dumps(manifest).encode()
        return content

    make_group(name="Parents de Lens", insee=("62498",))
    unloadable_archive = tmp_path / "illisible.zip"
    _rewrite(archive, unloadable_archive, unloadable)
    with pytest.raises(CommandError, match="n'ont pas pu être chargées"):
        call_command("restore", str(unloadable_archive), "--force")
    assert LocalGroup.objects.filter(name="Parents de Lens").exists()

    # Nothing was touched; --replace then puts back the site as it was saved, its files through
    # the storage (another server's, empty).
    _new_storage(settings)
    assert not default_storage.exists(document.file.name)
    call_command("restore", str(archive), "--replace", stdout=io.StringIO())
    assert set(LocalGroup.objects.values_list("name", flat=True)) == {group.name}
    restored = MeetingDocument.objects.get(title="Compte rendu")
    assert restored.file.name == document.file.name and restored.file.read() == PDF


def test_every_model_with_files_is_found_without_knowing_the_apps():
    labels = {f"{model._meta.label}.{field.name}" for model, field in backup.file_fields()}
    assert {
        "workshops.Contribution.audio",
        "governance.MeetingDocument.file",
        "library.TestimonyPage.audio",
        "partnerships.ActionDocument.file",
    } <= labels
    assert not any(model._meta.label == "dbfiles.DBFile" for model in apps.get_models()) or (
        "dbfiles.DBFile" in backup.excluded_labels()
    )
