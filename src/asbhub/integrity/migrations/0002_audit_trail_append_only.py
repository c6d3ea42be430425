"""Make the review's audit trail append-only in the database itself, as the access log is.

PostgreSQL refuses row updates and deletions; SQLite refuses updates (Django's test flush
empties tables with DELETE there).
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER cdi_audit_no_update BEFORE UPDATE ON integrity_cdiauditentry
       BEGIN SELECT RAISE(ABORT, 'The review audit trail is append-only.'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS cdi_audit_no_update"]
POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION cdi_audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'The review audit trail is append-only.'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER cdi_audit_no_change BEFORE UPDATE OR DELETE ON integrity_cdiauditentry
       FOR EACH ROW EXECUTE FUNCTION cdi_audit_append_only()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS cdi_audit_no_change ON integrity_cdiauditentry",
    "DROP FUNCTION IF EXISTS cdi_audit_append_only()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("integrity", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
