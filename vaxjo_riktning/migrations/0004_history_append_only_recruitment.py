"""The event tables that recruitment's history of competences, ad competences and assessments
added after 0003 refuse UPDATE and DELETE too (protect() is idempotent: every event table is
protected again)."""

from django.db import migrations

from vaxjo_riktning import append_only


def forwards(apps, schema_editor):
    append_only.protect(schema_editor.connection, append_only.event_tables(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("vaxjo_riktning", "0003_history_append_only"),
        ("recruitment", "0002_history_competences_assessments"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
