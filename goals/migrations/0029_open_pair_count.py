"""OpenPairCount: how many overlap pairs are open, kept by triggers.

The overview's tile and the review queue counted every open pair (256,000 at 100,000
activities, 50 ms) after every change to an activity. Here one row holds the number:

- a statement trigger on the pairs adds, in the statement's transaction, how many pairs it
  opened less how many it closed (inserted, deleted or decided). Additions commute, so two
  transactions need no lock but the row's own, held until they commit;
- the full scan defers it with the other overlap rows (riktning.overlap_case_upkeep, see
  migration 0026); goals_open_pairs_recount(), which goals.overlap.cases.assign() calls after
  it, counts again: it locks the row first, so its count (a later statement) includes every
  addition committed before it, and the additions of transactions still running come after.
"""

from django.db import migrations, models

SQL = """
CREATE FUNCTION goals_open_pairs_recount() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO goals_openpaircount (id, pairs) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
    PERFORM 1 FROM goals_openpaircount WHERE id = 1 FOR UPDATE;
    UPDATE goals_openpaircount SET pairs = (
        SELECT count(*) FROM goals_overlapsuggestion WHERE decision = 'open'
    ) WHERE id = 1;
END
$$;

CREATE FUNCTION goals_open_pairs_on_pair() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    delta bigint := 0;
BEGIN
    IF current_setting('riktning.overlap_case_upkeep', true) = 'after' THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        delta := delta + (SELECT count(*) FROM new_rows WHERE decision = 'open');
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        delta := delta - (SELECT count(*) FROM old_rows WHERE decision = 'open');
    END IF;
    IF delta <> 0 THEN
        INSERT INTO goals_openpaircount (id, pairs) VALUES (1, delta)
        ON CONFLICT (id) DO UPDATE SET pairs = goals_openpaircount.pairs + EXCLUDED.pairs;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_open_pairs_insert AFTER INSERT ON goals_overlapsuggestion
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_open_pairs_on_pair();
CREATE TRIGGER goals_open_pairs_update AFTER UPDATE ON goals_overlapsuggestion
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_open_pairs_on_pair();
CREATE TRIGGER goals_open_pairs_delete AFTER DELETE ON goals_overlapsuggestion
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_open_pairs_on_pair();

SELECT goals_open_pairs_recount();
"""

REVERSE_SQL = """
DROP TRIGGER goals_open_pairs_delete ON goals_overlapsuggestion;
DROP TRIGGER goals_open_pairs_update ON goals_overlapsuggestion;
DROP TRIGGER goals_open_pairs_insert ON goals_overlapsuggestion;
DROP FUNCTION goals_open_pairs_on_pair();
DROP FUNCTION goals_open_pairs_recount();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0028_active_activities_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="OpenPairCount",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(
                        default=1, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("pairs", models.BigIntegerField(default=0, verbose_name="open pairs")),
            ],
            options={
                "verbose_name": "number of open pairs",
                "verbose_name_plural": "numbers of open pairs",
            },
        ),
        migrations.RunSQL(SQL, reverse_sql=REVERSE_SQL),
    ]
