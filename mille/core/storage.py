"""Uploaded files (voices, documents) kept in the database, so that every app server reads the
same files whatever its local disk holds (settings: MEDIA_STORAGE=database, docs/deploy.md).

django-dbfiles stores each file in one row (`dbfiles.DBFile`, a BinaryField). Mille serves files
only through its own views, which check who may read each one and call `field.open()`; dbfiles'
URLs and admin stay unregistered. This subclass makes it behave as the file system does where
Mille relies on it: a missing file raises FileNotFoundError (an OSError), a file is saved from its
first byte even when it was read before, and a folder can be listed with its files' times (the
état des lieux imports waiting for their confirmation, mille/inventory/stash.py).
"""

from dbfiles.models import DBFile
from dbfiles.storage import DBStorage
from django.core.files.base import ContentFile


class DatabaseStorage(DBStorage):
    def _open(self, name, mode="rb"):
        try:
            row = DBFile.objects.only("content").get(name=name)
        except DBFile.DoesNotExist:
            raise FileNotFoundError(name) from None
        return ContentFile(bytes(row.content), name=name)

    def _save(self, name, content):
        # chunks() starts from the first byte; read() would start wherever a check left it.
        data = b"".join(content.chunks())
        name = self.get_available_name(name, max_length=255)
        DBFile.objects.create(content=data, name=name)
        return name

    def size(self, name):
        try:
            return DBFile.objects.only("size").get(name=name).size
        except DBFile.DoesNotExist:
            raise FileNotFoundError(name) from None

    def get_modified_time(self, name):
        try:
            return DBFile.objects.only("updated_on").get(name=name).updated_on
        except DBFile.DoesNotExist:
            raise FileNotFoundError(name) from None

    def listdir(self, path):
        """The folders and files directly in `path` (names are paths: "a/b/c.webm")."""
        prefix = f"{path.strip('/')}/" if path.strip("/") else ""
        folders, files = set(), []
        for name in DBFile.objects.filter(name__startswith=prefix).values_list("name", flat=True):
            rest = name[len(prefix) :]
            if "/" in rest:
                folders.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(folders), sorted(files)
