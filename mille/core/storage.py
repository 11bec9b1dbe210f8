"""Uploaded files (voices, documents) kept in the database, so that every app server reads the
same files whatever its local disk holds (settings: MEDIA_STORAGE=database, docs/deploy.md).

django-dbfiles stores each file in one row (`dbfiles.DBFile`, a BinaryField). Mille serves files
only through its own views, which check who may read each one and call `field.open()`; dbfiles'
URLs and admin stay unregistered. This subclass makes it behave as the file system does where
Mille relies on it: a missing file raises FileNotFoundError (an OSError), and a file is saved from
its first byte even when it was read before.
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
