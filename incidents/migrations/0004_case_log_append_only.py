"""Make the case log append-only in the database itself, start its chain, date current statuses.

Triggers refuse UPDATE and DELETE on every row (and TRUNCATE on PostgreSQL), whoever sends
them. Someone who can drop the triggers can still rewrite rows; `manage.py verify_log` and
published checkpoints are what expose that.
"""

from django.db import migrations
from django.db.models import F

MESSAGE = "the case log is append-only"

POSTGRESQL_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION incidents_caseevent_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP;
    END
    $$;
    """,
    """
    CREATE TRIGGER incidents_caseevent_no_update_or_delete
    BEFORE UPDATE OR DELETE ON incidents_caseevent
    FOR EACH ROW EXECUTE FUNCTION incidents_caseevent_refuse_change();
    """,
    """
    CREATE TRIGGER incidents_caseevent_no_truncate
    BEFORE TRUNCATE ON incidents_caseevent
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_caseevent_refuse_change();
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS incidents_caseevent_no_update_or_delete ON incidents_caseevent;",
    "DROP TRIGGER IF EXISTS incidents_caseevent_no_truncate ON incidents_caseevent;",
    "DROP FUNCTION IF EXISTS incidents_caseevent_refuse_change();",
]
SQLITE_CREATE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS incidents_caseevent_no_update BEFORE UPDATE ON incidents_caseevent
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE refused'); END;
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS incidents_caseevent_no_delete BEFORE DELETE ON incidents_caseevent
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE refused'); END;
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS incidents_caseevent_no_update;",
    "DROP TRIGGER IF EXISTS incidents_caseevent_no_delete;",
]
STATEMENTS = {
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
}


def create_triggers(connection):
    for statement in STATEMENTS[connection.vendor][0]:
        with connection.cursor() as cursor:
            cursor.execute(statement)


def drop_triggers(connection):
    for statement in STATEMENTS[connection.vendor][1]:
        with connection.cursor() as cursor:
            cursor.execute(statement)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor not in STATEMENTS:
        raise RuntimeError(f"No append-only triggers written for {schema_editor.connection.vendor}.")
    create_triggers(schema_editor.connection)
    apps.get_model("incidents", "CaseLogHead").objects.get_or_create(pk=1)
    apps.get_model("incidents", "Incident").objects.filter(status_changed_at__isnull=True).update(
        status_changed_at=F("created_at")
    )


def backwards(apps, schema_editor):
    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_case_log")]

    operations = [migrations.RunPython(forwards, backwards)]
