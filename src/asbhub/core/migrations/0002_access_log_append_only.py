"""Make the access log append-only in the database itself, not only in the application.

PostgreSQL refuses row updates and deletions (TRUNCATE, a DBA's act, still works);
SQLite refuses updates.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER access_log_no_update BEFORE UPDATE ON core_accesslogentry
       BEGIN SELECT RAISE(ABORT, 'The access log is append-only.'); END""",
    # No DELETE trigger on SQLite: Django's test flush empties tables with DELETE. The
    # application refuses deletion (model, queryset, admin); PostgreSQL refuses it too.
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS access_log_no_update",
]
POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'The access log is append-only.'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON core_accesslogentry
       FOR EACH ROW EXECUTE FUNCTION access_log_append_only()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS access_log_no_change ON core_accesslogentry",
    "DROP FUNCTION IF EXISTS access_log_append_only()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
