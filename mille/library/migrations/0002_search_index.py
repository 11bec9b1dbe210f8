"""French full-text search: PostgreSQL `tsvector` column + GIN index; SQLite FTS5 table."""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'mille_french') THEN
           CREATE TEXT SEARCH CONFIGURATION mille_french (COPY = french);
           ALTER TEXT SEARCH CONFIGURATION mille_french
             ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
         END IF;
       END $$""",
    "ALTER TABLE library_searchentry ADD COLUMN vector tsvector",
    "ALTER TABLE library_searchentry ADD COLUMN head tsvector",
    "CREATE INDEX library_searchentry_vector ON library_searchentry USING gin (vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS library_searchentry_vector",
    "ALTER TABLE library_searchentry DROP COLUMN IF EXISTS vector",
    "ALTER TABLE library_searchentry DROP COLUMN IF EXISTS head",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS library_fts USING fts5("
    "title, summary, body, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS library_fts"]


def forward(apps, schema_editor):
    statements = PG_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    statements = PG_BACKWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_BACKWARD
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
