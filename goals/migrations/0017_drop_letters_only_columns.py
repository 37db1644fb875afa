"""The first, letters-only overlap engine's stored columns and database function go.

similarity_title and similarity_text held each activity's text stemmed by PostgreSQL with its
compound parts added (riktning_normalize, 0003 and 0009); the present engine reads words with
hunspell into goals_overlapdocument (0014) and reads neither. Every save and import row paid
2-5 ms computing them twice, and every row of the table carried them. The update trigger of the
history is made anew because it compared them. Reversible: the function comes back with 0009's
body before the columns are added again.
"""

import importlib

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations

compounds = importlib.import_module("goals.migrations.0009_riktning_normalize_compounds")
DROP_FUNCTION = "DROP FUNCTION IF EXISTS riktning_normalize(text, text);"
CREATE_FUNCTION = compounds.FUNCTION.format(
    body=compounds.BODY.format(
        pattern=compounds.quote(compounds.pattern()),
        keep_whole=compounds.quote(compounds.keep_whole_pattern()),
    )
)


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0016_learned_links"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="activity",
            name="update_update",
        ),
        migrations.RemoveIndex(
            model_name="activity",
            name="activity_simtitle_trgm",
        ),
        migrations.RemoveIndex(
            model_name="activity",
            name="activity_simtext_trgm",
        ),
        migrations.RemoveField(
            model_name="activity",
            name="similarity_text",
        ),
        migrations.RemoveField(
            model_name="activity",
            name="similarity_title",
        ),
        migrations.RunSQL(DROP_FUNCTION, CREATE_FUNCTION),
        pgtrigger.migrations.AddTrigger(
            model_name="activity",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "goals_activityevent" ("budget_sek", "created_at", "created_by_id", "description", "end_date", "id", "owner_unit_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "process_id", "responsible", "start_date", "status", "title", "updated_at", "version", "withdrawn_at", "withdrawn_by_id", "withdrawn_reason") VALUES (NEW."budget_sek", NEW."created_at", NEW."created_by_id", NEW."description", NEW."end_date", NEW."id", NEW."owner_unit_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."process_id", NEW."responsible", NEW."start_date", NEW."status", NEW."title", NEW."updated_at", NEW."version", NEW."withdrawn_at", NEW."withdrawn_by_id", NEW."withdrawn_reason"); RETURN NULL;',
                    hash="3954ddfec768a22085e34be1b228e0f63bdc63dd",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_7a0c1",
                    table="goals_activity",
                    when="AFTER",
                ),
            ),
        ),
    ]
