"""Trigram indexes for name search on PostgreSQL (the search uses LIKE '% word%').

On SQLite this migration does nothing: the embedded default is for small data.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_search_name_trgm ON people_person USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS alias_search_name_trgm ON people_alias USING gin (search_name gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS person_search_name_trgm",
    "DROP INDEX IF EXISTS alias_search_name_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
