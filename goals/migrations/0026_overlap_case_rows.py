"""OverlapCase: each open duplicate case's totals, kept by triggers.

The overview's act-on list and the period report read the open cases by combined budget, with
the count and total over all of them. That was an aggregate over every open pair on each visit
after a change (256,000 pairs and about a second at 100,000 activities). Here PostgreSQL keeps
one row per case in goals_overlapcase, in the same transaction as the change:

- goals_overlap_cases_refresh(keys) rewrites the rows of those cases from their open pairs
  between active activities (a case is two such pairs or more; fewer, and the row goes). It
  first takes a lock per case (an advisory lock, in key order), so that two transactions
  refreshing one case take turns and the second reads what the first committed; with NULL, or
  more than a thousand cases, it rewrites every row under a lock of the whole table instead
  (what follows a full scan), which waits for those per-case refreshes and they for it;
- statement triggers (the changed rows as transition tables) call it for the cases of pairs
  inserted, deleted, decided or regrouped, and of the open pairs of activities whose budget,
  owner or withdrawal changed. Titles and unit names are read with the case, so renaming
  changes nothing here.

The full scan writes hundreds of thousands of pairs in one long transaction; refreshing cases
there would hold their locks, and editors' decisions behind them, for minutes. So a
transaction that sets riktning.overlap_case_upkeep to 'after' skips the pairs' trigger and must
call goals_overlap_cases_refresh(NULL) itself: goals.overlap.cases.assign() does, in its own
short transaction after the scan.
"""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models

SQL = """
CREATE FUNCTION goals_overlap_cases_refresh(keys bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    k bigint;
BEGIN
    IF keys IS NOT NULL THEN
        keys := ARRAY(SELECT DISTINCT x FROM unnest(keys) AS x WHERE x IS NOT NULL ORDER BY x);
        IF cardinality(keys) = 0 THEN
            RETURN;
        END IF;
    END IF;
    IF keys IS NULL OR cardinality(keys) > 1000 THEN
        LOCK TABLE goals_overlapcase IN SHARE ROW EXCLUSIVE MODE;
        keys := ARRAY(
            SELECT DISTINCT case_key FROM goals_overlapsuggestion
            WHERE decision = 'open' AND case_key IS NOT NULL
        );
        DELETE FROM goals_overlapcase;
    ELSE
        LOCK TABLE goals_overlapcase IN ROW EXCLUSIVE MODE;
        FOREACH k IN ARRAY keys LOOP
            PERFORM pg_advisory_xact_lock(20261208, (k % 2147483647)::integer);
        END LOOP;
        DELETE FROM goals_overlapcase WHERE key = ANY(keys);
    END IF;
    INSERT INTO goals_overlapcase (key, pairs, activities, kronor, unit_ids, largest_id)
    WITH pair AS (
        SELECT s.case_key, s.activity_a_id, s.activity_b_id
        FROM goals_overlapsuggestion s
        JOIN goals_activity a ON a.id = s.activity_a_id AND a.withdrawn_at IS NULL
        JOIN goals_activity b ON b.id = s.activity_b_id AND b.withdrawn_at IS NULL
        WHERE s.decision = 'open' AND s.case_key = ANY(keys)
    ),
    in_case AS (
        SELECT case_key, count(*) AS pairs FROM pair GROUP BY case_key HAVING count(*) >= 2
    ),
    member AS (
        SELECT DISTINCT pair.case_key, m.activity_id
        FROM pair JOIN in_case USING (case_key)
        CROSS JOIN LATERAL (VALUES (pair.activity_a_id), (pair.activity_b_id)) AS m(activity_id)
    )
    SELECT member.case_key, in_case.pairs, count(*), COALESCE(sum(act.budget_sek), 0),
           array_agg(DISTINCT act.owner_unit_id ORDER BY act.owner_unit_id),
           (array_agg(act.id ORDER BY act.budget_sek DESC NULLS LAST, act.id))[1]
    FROM member
    JOIN in_case USING (case_key)
    JOIN goals_activity act ON act.id = member.activity_id
    GROUP BY member.case_key, in_case.pairs;
END
$$;

CREATE FUNCTION goals_overlap_cases_on_pair() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('riktning.overlap_case_upkeep', true) = 'after' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM goals_overlap_cases_refresh(ARRAY(SELECT case_key FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM goals_overlap_cases_refresh(ARRAY(SELECT case_key FROM old_rows));
    ELSE
        PERFORM goals_overlap_cases_refresh(ARRAY(
            SELECT unnest(ARRAY[o.case_key, n.case_key])
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.decision IS DISTINCT FROM o.decision
               OR n.case_key IS DISTINCT FROM o.case_key
               OR n.activity_a_id <> o.activity_a_id
               OR n.activity_b_id <> o.activity_b_id
        ));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_overlap_cases_pair_insert AFTER INSERT ON goals_overlapsuggestion
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_overlap_cases_on_pair();
CREATE TRIGGER goals_overlap_cases_pair_update AFTER UPDATE ON goals_overlapsuggestion
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_overlap_cases_on_pair();
CREATE TRIGGER goals_overlap_cases_pair_delete AFTER DELETE ON goals_overlapsuggestion
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_overlap_cases_on_pair();

CREATE FUNCTION goals_overlap_cases_on_activity() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM goals_overlap_cases_refresh(ARRAY(
        WITH changed AS (
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.owner_unit_id IS DISTINCT FROM o.owner_unit_id
               OR (n.withdrawn_at IS NULL) <> (o.withdrawn_at IS NULL)
               OR n.budget_sek IS DISTINCT FROM o.budget_sek
        )
        SELECT s.case_key FROM goals_overlapsuggestion s JOIN changed c ON c.id = s.activity_a_id
        WHERE s.decision = 'open' AND s.case_key IS NOT NULL
        UNION
        SELECT s.case_key FROM goals_overlapsuggestion s JOIN changed c ON c.id = s.activity_b_id
        WHERE s.decision = 'open' AND s.case_key IS NOT NULL
    ));
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_overlap_cases_activity_update AFTER UPDATE ON goals_activity
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_overlap_cases_on_activity();

SELECT goals_overlap_cases_refresh(NULL);
"""

REVERSE_SQL = """
DROP TRIGGER goals_overlap_cases_activity_update ON goals_activity;
DROP TRIGGER goals_overlap_cases_pair_delete ON goals_overlapsuggestion;
DROP TRIGGER goals_overlap_cases_pair_update ON goals_overlapsuggestion;
DROP TRIGGER goals_overlap_cases_pair_insert ON goals_overlapsuggestion;
DROP FUNCTION goals_overlap_cases_on_activity();
DROP FUNCTION goals_overlap_cases_on_pair();
DROP FUNCTION goals_overlap_cases_refresh(bigint[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0025_activity_cells"),
    ]

    operations = [
        migrations.CreateModel(
            name="OverlapCase",
            fields=[
                (
                    "key",
                    models.BigIntegerField(primary_key=True, serialize=False, verbose_name="case"),
                ),
                ("pairs", models.PositiveIntegerField(verbose_name="open pairs")),
                ("activities", models.PositiveIntegerField(verbose_name="activities")),
                ("kronor", models.BigIntegerField(verbose_name="combined budget (SEK)")),
                (
                    "unit_ids",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), size=None, verbose_name="units"
                    ),
                ),
                (
                    "largest",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.activity",
                        verbose_name="largest activity",
                    ),
                ),
            ],
            options={
                "verbose_name": "open duplicate case",
                "verbose_name_plural": "open duplicate cases",
                "indexes": [
                    models.Index(
                        fields=["-kronor", "-activities", "key"], name="overlap_case_largest"
                    )
                ],
            },
        ),
        migrations.RunSQL(SQL, reverse_sql=REVERSE_SQL),
    ]
