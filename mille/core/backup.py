"""Backups of a whole site: its database and its uploaded files in one zip file, restored on the
same site or another one (SQLite or PostgreSQL, either way: a laptop's site moves to a server).

An archive holds `manifest.json` (format and its version, the application's version, the date,
the database it came from, the number of rows per model, the SHA-256 and size of every other
member), `data.jsonl` (every row, one JSON object a line, from Django's serializer: independent of
the database; times to the microsecond) and `media/<name>`, every file that a FileField of any
model names, read through the field's storage. Models are found through `django.apps`: this
module knows no domain app.

Left out: content types and permissions (the target site has its own, rows point to them by
natural key), sessions, Wagtail's search index (made again), and the rows of a storage that keeps
files in the database (`dbfiles.DBFile`): those files travel under `media/` and go back through
the storage.

`backup_write` writes an archive, `archive_check` refuses a damaged or too recent one with a French
message (`BackupError`), `restore` replaces the database's content with an archive's. A restore
sends `site_restored`: apps that keep data outside their models (a full-text index) rebuild it.
See docs/backup.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.core import serializers
from django.core.cache import caches
from django.core.exceptions import FieldDoesNotExist
from django.core.files.base import File
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "mille-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
SERIAL_FORMAT = "mille-jsonl"
serializers.register_serializer(SERIAL_FORMAT, "mille.core.backup_serializer")
MEDIA_DIR = "media/"
CHUNK = 1024 * 1024
# Never dumped: the target site makes its own content types and permissions after `migrate`
# (rows name them by natural key); sessions are log-ins of the moment; Wagtail's search index is
# made again from the pages after a restore (`site_restored`), in the target database's own form.
EXCLUDED = ("contenttypes", "auth.Permission", "sessions", "wagtailsearch")
# Kept on the target when its database is emptied: the rows above point to them.
KEPT_TABLES = ("contenttypes.ContentType", "auth.Permission")
# A storage that keeps uploaded files in the database: its files go under media/, and back
# through the storage.
DATABASE_FILES = "dbfiles.DBFile"

# Sent inside the restore's transaction, after the rows are loaded: an app that keeps data outside
# its models (a full-text index in its own table or column) rebuilds it from them.
site_restored = Signal()


class BackupError(Exception):
    """An archive that cannot be restored, or a restore refused; the message is for the operator."""


@dataclass
class Summary:
    """What a backup holds or a restore wrote."""

    rows: int = 0
    models: int = 0
    files: int = 0
    bytes: int = 0
    missing_files: list[str] = field(default_factory=list)
    created_at: str = ""
    app_version: str = ""


def app_version() -> str:
    try:
        return metadata.version("mille")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def sha256_of(stream) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def excluded_labels() -> list[str]:
    labels = list(EXCLUDED)
    if _model(DATABASE_FILES) is not None:
        labels.append(DATABASE_FILES)
    return labels


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _is_excluded(model: type[models.Model]) -> bool:
    excluded = {label.lower() for label in excluded_labels()}
    return model._meta.app_label in excluded or model._meta.label_lower in excluded


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    """Every concrete FileField (ImageField included) of every installed model."""
    for model in apps.get_models():
        if model._meta.proxy or _is_excluded(model):
            continue
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field


def referenced_files() -> dict[str, list[tuple[type[models.Model], models.FileField]]]:
    """Each file name that a row names, with the fields (and so the storages) that name it."""
    names: dict[str, list] = {}
    for model, model_field in file_fields():
        values = (
            model._base_manager.exclude(**{model_field.attname: ""})
            .exclude(**{f"{model_field.attname}__isnull": True})
            .values_list(model_field.attname, flat=True)
            .distinct()
        )
        for name in values:
            names.setdefault(name, []).append((model, model_field))
    return names


def _storages(fields: list[tuple[type[models.Model], models.FileField]]) -> list:
    found: list = []
    for _model_class, model_field in fields:
        if not any(storage is model_field.storage for storage in found):
            found.append(model_field.storage)
    return found


def safe_member_name(name: str) -> bool:
    """A member name that stays inside the archive and the storage: relative, no `..`."""
    if not name or "\\" in name or name.startswith("/") or "\x00" in name:
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


@contextmanager
def _snapshot(connection):
    """One consistent view of the database while it is dumped: every table as it was when the
    dump began (PostgreSQL: one repeatable-read transaction; SQLite: one transaction)."""
    first = not connection.in_atomic_block
    with transaction.atomic(using=connection.alias):
        if first and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


# --- Writing --------------------------------------------------------------------------------


def _member(name: str) -> zipfile.ZipInfo:
    """A stored (not compressed: audio and documents are compressed already) member, dated now."""
    info = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    return info


def backup_write(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the archive of the whole site (database and uploaded files) to `path`."""
    connection = connections[using]
    summary = Summary()
    with tempfile.TemporaryDirectory(prefix="mille-backup-") as work:
        data_path = Path(work) / DATA
        with _snapshot(connection):
            call_command(
                "dumpdata",
                format=SERIAL_FORMAT,
                output=str(data_path),
                exclude=excluded_labels(),
                use_natural_foreign_keys=True,
                use_base_manager=True,
                database=using,
                verbosity=0,
            )
            files = referenced_files()
        counts: Counter[str] = Counter()
        with data_path.open("rb") as lines:
            for line in lines:
                if line.strip():
                    counts[json.loads(line)["model"]] += 1
        with data_path.open("rb") as stream:
            data_sha, data_size = sha256_of(stream)

        manifest_files = []
        # Readable by the site's own user only: the archive holds personal data.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(descriptor, "wb") as raw,
            zipfile.ZipFile(raw, "w", allowZip64=True) as archive,
        ):
            archive.write(data_path, DATA, zipfile.ZIP_DEFLATED)
            for name, fields in sorted(files.items()):
                storage = fields[0][1].storage
                if not safe_member_name(name) or not storage.exists(name):
                    summary.missing_files.append(name)
                    continue
                digest, size = hashlib.sha256(), 0
                with (
                    storage.open(name, "rb") as source,
                    archive.open(_member(MEDIA_DIR + name), "w", force_zip64=True) as target,
                ):
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        target.write(chunk)
                manifest_files.append(
                    {
                        "name": name,
                        "sha256": digest.hexdigest(),
                        "size": size,
                        "fields": sorted({f"{m._meta.label}.{f.name}" for m, f in fields}),
                    }
                )
                summary.files += 1
                summary.bytes += size
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "app_version": app_version(),
                "created_at": timezone.now().isoformat(),
                "database_vendor": connection.vendor,
                "excluded": excluded_labels(),
                "counts": dict(sorted(counts.items())),
                "data": {"name": DATA, "sha256": data_sha, "size": data_size},
                "files": manifest_files,
                "missing_files": summary.missing_files,
            }
            archive.writestr(
                MANIFEST,
                json.dumps(manifest, ensure_ascii=False, indent=1),
                zipfile.ZIP_DEFLATED,
            )
    summary.rows = sum(counts.values())
    summary.models = len(counts)
    return summary


# --- Reading --------------------------------------------------------------------------------


def _damaged(detail: str) -> BackupError:
    return BackupError(
        _("Cette sauvegarde est abîmée ou incomplète (%(detail)s) : rien n'a été restauré.")
        % {"detail": detail}
    )


def archive_check(path: Path) -> dict:
    """The archive's manifest, once every member is found whole; BackupError otherwise."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as error:
        raise BackupError(_("Fichier introuvable : %(path)s.") % {"path": path}) from error
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(
            _("Ce fichier n'est pas une sauvegarde de Mille (ce n'est pas un fichier zip).")
        ) from error
    with archive:
        names = archive.namelist()
        if MANIFEST not in names:
            raise BackupError(
                _("Ce fichier n'est pas une sauvegarde de Mille (il n'a pas de manifeste).")
            )
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except (ValueError, zipfile.BadZipFile, OSError) as error:
            raise _damaged(_("manifeste illisible")) from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(_("Ce fichier n'est pas une sauvegarde de Mille."))
        version = manifest.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise _damaged(_("version du format illisible"))
        if version > FORMAT_VERSION:
            raise BackupError(
                _(
                    "Cette sauvegarde vient d'une version plus récente de Mille (format "
                    "%(version)d, ce site lit jusqu'au format %(known)d). Mettez ce site à jour "
                    "avant de la restaurer."
                )
                % {"version": version, "known": FORMAT_VERSION}
            )
        try:
            expected = {manifest["data"]["name"]: manifest["data"]}
            expected.update({MEDIA_DIR + entry["name"]: entry for entry in manifest["files"]})
            counts = manifest["counts"]
        except (KeyError, TypeError) as error:
            raise _damaged(_("manifeste incomplet")) from error
        if not isinstance(counts, dict) or DATA not in expected:
            raise _damaged(_("manifeste incomplet"))
        for name in expected:
            if not safe_member_name(name):
                raise _damaged(_("nom de fichier refusé : %(name)s") % {"name": name[:80]})
        present = set(names) - {MANIFEST}
        if missing := sorted(set(expected) - present):
            raise _damaged(_("fichier manquant : %(name)s") % {"name": missing[0][:80]})
        if extra := sorted(present - set(expected)):
            raise _damaged(_("fichier inattendu : %(name)s") % {"name": extra[0][:80]})
        for name, entry in sorted(expected.items()):
            try:
                with archive.open(name) as member:
                    digest, size = sha256_of(member)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise _damaged(_("fichier illisible : %(name)s") % {"name": name[:80]}) from error
            if digest != entry.get("sha256") or size != entry.get("size"):
                raise _damaged(_("l'empreinte de %(name)s ne correspond pas") % {"name": name[:80]})
    return manifest


# --- Restoring ------------------------------------------------------------------------------


def database_has_site(using: str = DEFAULT_DB_ALIAS) -> bool:
    """A database holds a site once it has accounts; `migrate` alone makes none."""
    return get_user_model()._base_manager.using(using).exists()


def _empty_database(connection) -> None:
    """Every table of the site's models emptied, except content types and permissions (kept:
    the archive's rows name them), with their sequences reset."""
    kept = {apps.get_model(label)._meta.db_table for label in KEPT_TABLES}
    tables = [
        table
        for table in connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        if table not in kept
    ]
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    if connection.vendor == "postgresql":
        # TRUNCATE refuses a table with foreign-key checks still deferred in this transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    connection.ops.execute_sql_flush(statements)


def _content_types_and_permissions(using: str) -> None:
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)


BATCH = 500


def _insert(model: type[models.Model], batch: list, using: str) -> None:
    """Insert rows of one model as they were, as a fixture's raw save does (`auto_now` dates
    kept, no signals), but many rows a statement; then their many-to-many links."""
    connection = connections[using]
    fields = [f for f in model._meta.local_concrete_fields if not f.generated]
    instances = [item.object for item in batch]
    size = max(1, connection.ops.bulk_batch_size(fields, instances) or BATCH)
    for start in range(0, len(instances), size):
        model._base_manager.using(using)._insert(
            instances[start : start + size], fields=fields, using=using, raw=True
        )
    for item in batch:
        for name, values in (item.m2m_data or {}).items():
            relation = model._meta.get_field(name)
            through = relation.remote_field.through
            source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            through._base_manager.using(using).bulk_create(
                [through(**{f"{source}_id": item.object.pk, f"{target}_id": v}) for v in values]
            )
        item.m2m_data = None


def load_rows(data_path: Path, *, using: str = DEFAULT_DB_ALIAS) -> set[type[models.Model]]:
    """Load an archive's rows, as `loaddata` does, but many rows a statement.

    `loaddata` saves each row alone (an UPDATE tried, then an INSERT): 35,000 communes take half a
    minute. Rows of a model without parent model go in batches; the others through the
    serializer's own raw save. Rows that name a row not yet loaded are completed at the end.
    """
    connection = connections[using]
    loaded: set[type[models.Model]] = set()
    deferred = []
    pending: list = []
    pending_label = ""

    def flush() -> None:
        nonlocal pending
        if pending:
            _insert(type(pending[0].object), pending, using)
            pending = []

    def deserialize(line: str):
        return next(
            serializers.deserialize(
                SERIAL_FORMAT, line, using=using, handle_forward_references=True
            )
        )

    with connection.constraint_checks_disabled(), data_path.open(encoding="utf-8") as stream:
        for line in stream:
            if not line.strip():
                continue
            # Rows are read one by one, once the rows before them are in the database: a row
            # names another by natural key, which must be found there.
            label = json.loads(line)["model"]
            if label != pending_label or len(pending) >= BATCH:
                flush()
                pending_label = label
            item = deserialize(line)
            if item.deferred_fields and pending:
                flush()
                item = deserialize(line)
            model = type(item.object)
            loaded.add(model)
            if item.deferred_fields:
                deferred.append(item)
            if model._meta.parents:
                item.save(using=using)
            else:
                pending.append(item)
        flush()
        for item in deferred:
            item.save_deferred_fields(using=using)
    connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
    statements = connection.ops.sequence_reset_sql(no_style(), list(loaded))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    return loaded


def counts_differ(expected: dict[str, int], using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The models whose number of rows is not the archive's, as « label: found/expected »."""
    differ = []
    for label, count in sorted(expected.items()):
        model = _model(label)
        found = model._base_manager.using(using).count() if model is not None else 0
        if found != count:
            differ.append(f"{label} : {found}/{count}")
    return differ


def restore(path: Path, *, replace: bool = False, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Replace the database's content and write the files of the archive at `path`.

    Nothing is touched before the whole archive is checked. Emptying, loading, writing the files
    and checking them are one transaction: on any error the database is left as it was (files
    already written through a storage outside the database stay, under their own names).
    """
    manifest = archive_check(path)
    if database_has_site(using) and not replace:
        raise BackupError(
            _(
                "Cette base contient déjà un site (des comptes y sont inscrits) : rien n'a été "
                "restauré. Pour le remplacer entièrement par la sauvegarde, relancez avec "
                "--replace, après avoir sauvegardé ce site s'il le faut."
            )
        )
    missing = [label for label in manifest["counts"] if _model(label) is None]
    if missing:
        raise BackupError(
            _(
                "Cette sauvegarde contient des données que ce site ne connaît pas (%(models)s) : "
                "mettez ce site à jour (manage.py migrate) avant de la restaurer."
            )
            % {"models": ", ".join(missing[:5])}
        )
    connection = connections[using]
    summary = Summary(
        rows=sum(manifest["counts"].values()),
        models=len(manifest["counts"]),
        created_at=str(manifest.get("created_at", "")),
        app_version=str(manifest.get("app_version", "")),
    )
    with tempfile.TemporaryDirectory(prefix="mille-restore-") as work, zipfile.ZipFile(path) as zf:
        data_path = Path(work) / DATA
        with zf.open(DATA) as source, data_path.open("wb") as target:
            shutil.copyfileobj(source, target, CHUNK)
        with transaction.atomic(using=using):
            _content_types_and_permissions(using)
            _empty_database(connection)
            try:
                load_rows(data_path, using=using)
            except (DatabaseError, DeserializationError, FieldDoesNotExist, ValueError) as error:
                raise BackupError(
                    _(
                        "Les données de la sauvegarde n'ont pas pu être chargées : rien n'a été "
                        "restauré (%(error)s)."
                    )
                    % {"error": str(error)[:300]}
                ) from error
            site_restored.send(sender=None, using=using)
            if differ := counts_differ(manifest["counts"], using):
                raise BackupError(
                    _("Après chargement, des nombres de lignes diffèrent (%(models)s).")
                    % {"models": ", ".join(differ[:5])}
                )
            for entry in manifest["files"]:
                summary.bytes += _write_file(zf, entry)
                summary.files += 1
    for alias in settings.CACHES:
        caches[alias].clear()
    return summary


def _write_file(archive: zipfile.ZipFile, entry: dict) -> int:
    """Write one file back through each storage that its fields use, then read it back."""
    name = entry["name"]
    fields = [
        (model, model._meta.get_field(field_name))
        for model, field_name in (
            (apps.get_model(label.rsplit(".", 1)[0]), label.rsplit(".", 1)[1])
            for label in entry["fields"]
        )
    ]
    for storage in _storages(fields):
        if storage.exists(name):
            # The archive is the site's truth: a file of the same name is replaced.
            storage.delete(name)
        with archive.open(MEDIA_DIR + name) as member:
            saved = storage.save(name, File(member, name=name))
        if saved != name:
            raise BackupError(
                _("Le fichier %(name)s n'a pas pu être écrit sous son nom (%(saved)s).")
                % {"name": name, "saved": saved}
            )
        with storage.open(name, "rb") as written:
            digest, size = sha256_of(written)
        if digest != entry["sha256"] or size != entry["size"]:
            raise BackupError(
                _("Le fichier %(name)s relu après écriture ne correspond pas à la sauvegarde.")
                % {"name": name}
            )
    return entry["size"]
