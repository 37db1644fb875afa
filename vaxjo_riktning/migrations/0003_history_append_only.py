"""Every pghistory event table refuses UPDATE and DELETE, for every role: see
vaxjo_riktning/append_only.py for why a trigger, and docs/operations.md for the grants a DBA sets."""

from django.db import migrations

from vaxjo_riktning import append_only


def forwards(apps, schema_editor):
    append_only.protect(schema_editor.connection, append_only.event_tables(apps))


def backwards(apps, schema_editor):
    append_only.unprotect(schema_editor.connection, append_only.event_tables(apps))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP FUNCTION IF EXISTS {append_only.FUNCTION}()")


class Migration(migrations.Migration):
    # After every app's event tables exist.
    dependencies = [
        ("vaxjo_riktning", "0002_unit_history"),
        ("processes", "0004_process_area_history"),
        ("goals", "0023_overlap_queue_order"),
        ("recruitment", "0001_initial"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
