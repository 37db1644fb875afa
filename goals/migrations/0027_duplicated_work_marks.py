"""ActivityCell.duplicated: which of the matrix's activities are in duplicated work, kept by
triggers.

The overview marks each cell with how many of its activities are in a strong open pair with
another active activity (goals.overlap.cases.strong_open_pairs(): open, text similarity of
CASE_SCORE = 0.5 or more). That was worked out on each visit after a change by looking up
every strong open pair, 205,000 at 100,000 activities. Here each activity's cell rows carry the
answer, and a partial index holds just the rows in duplicated work:

- goals_activity_cells_refresh(ids), which rewrites an activity's rows, now sets the mark too;
- goals_activity_cells_mark(ids) sets it again for those activities' rows after locking the
  activities (as the refresh does, so the two take turns); with NULL it sets every row's under
  a lock of the whole table (what follows a full scan);
- statement triggers call it for both activities of pairs inserted, deleted, decided or
  rescored, and for the pair partners of activities withdrawn or brought back.

As with goals_overlapcase (migration 0026), the full scan sets riktning.overlap_case_upkeep to
'after' for its long transaction, and goals.overlap.cases.assign() marks every row afterwards.
The 0.5 here is goals.overlap.cases.CASE_SCORE; tests/goals/test_activity_cells.py compares the
marks with strong_open_pairs().
"""

from django.db import migrations, models

SQL = """
CREATE FUNCTION goals_activity_duplicated(ids bigint[]) RETURNS TABLE (id bigint)
LANGUAGE sql STABLE AS $$
    SELECT s.activity_a_id
    FROM goals_overlapsuggestion s
    JOIN goals_activity o ON o.id = s.activity_b_id AND o.withdrawn_at IS NULL
    WHERE s.activity_a_id = ANY(ids) AND s.decision = 'open' AND s.text_score >= 0.5
    UNION
    SELECT s.activity_b_id
    FROM goals_overlapsuggestion s
    JOIN goals_activity o ON o.id = s.activity_a_id AND o.withdrawn_at IS NULL
    WHERE s.activity_b_id = ANY(ids) AND s.decision = 'open' AND s.text_score >= 0.5
$$;

CREATE OR REPLACE FUNCTION goals_activity_cells_refresh(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM goals_activity WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    DELETE FROM goals_activitycell WHERE activity_id = ANY(ids);
    INSERT INTO goals_activitycell
        (activity_id, top_unit_id, council_goal_id, effect, budget_sek, duplicated)
    SELECT DISTINCT c.activity_id, u.top_unit_id, g.council_goal_id, c.effect, a.budget_sek,
           c.activity_id IN (SELECT d.id FROM goals_activity_duplicated(ids) d)
    FROM goals_contribution c
    JOIN goals_activity a ON a.id = c.activity_id AND a.withdrawn_at IS NULL
    JOIN goals_goal g ON g.id = c.goal_id AND g.council_goal_id IS NOT NULL
    JOIN vaxjo_riktning_unit u ON u.id = a.owner_unit_id
    WHERE c.activity_id = ANY(ids);
END
$$;

CREATE FUNCTION goals_activity_cells_mark(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NULL THEN
        LOCK TABLE goals_activitycell IN SHARE ROW EXCLUSIVE MODE;
        UPDATE goals_activitycell c SET duplicated = NOT c.duplicated
        WHERE c.duplicated <> (c.activity_id IN (
            SELECT s.activity_a_id FROM goals_overlapsuggestion s
            JOIN goals_activity a ON a.id = s.activity_a_id AND a.withdrawn_at IS NULL
            JOIN goals_activity b ON b.id = s.activity_b_id AND b.withdrawn_at IS NULL
            WHERE s.decision = 'open' AND s.text_score >= 0.5
            UNION
            SELECT s.activity_b_id FROM goals_overlapsuggestion s
            JOIN goals_activity a ON a.id = s.activity_a_id AND a.withdrawn_at IS NULL
            JOIN goals_activity b ON b.id = s.activity_b_id AND b.withdrawn_at IS NULL
            WHERE s.decision = 'open' AND s.text_score >= 0.5
        ));
        RETURN;
    END IF;
    ids := ARRAY(SELECT DISTINCT x FROM unnest(ids) AS x WHERE x IS NOT NULL);
    IF cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM goals_activity WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    UPDATE goals_activitycell c SET duplicated = NOT c.duplicated
    WHERE c.activity_id = ANY(ids)
      AND c.duplicated <> (c.activity_id IN (SELECT d.id FROM goals_activity_duplicated(ids) d));
END
$$;

CREATE FUNCTION goals_activity_cells_on_pair() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('riktning.overlap_case_upkeep', true) = 'after' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM goals_activity_cells_mark(ARRAY(
            SELECT unnest(ARRAY[activity_a_id, activity_b_id]) FROM new_rows
            WHERE decision = 'open' AND text_score >= 0.5
        ));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM goals_activity_cells_mark(ARRAY(
            SELECT unnest(ARRAY[activity_a_id, activity_b_id]) FROM old_rows
            WHERE decision = 'open' AND text_score >= 0.5
        ));
    ELSE
        PERFORM goals_activity_cells_mark(ARRAY(
            SELECT unnest(ARRAY[o.activity_a_id, o.activity_b_id, n.activity_a_id, n.activity_b_id])
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.decision = 'open' AND n.text_score >= 0.5)
                  IS DISTINCT FROM (o.decision = 'open' AND o.text_score >= 0.5)
               OR n.activity_a_id <> o.activity_a_id
               OR n.activity_b_id <> o.activity_b_id
        ));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_activity_cells_pair_insert AFTER INSERT ON goals_overlapsuggestion
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_activity_cells_on_pair();
CREATE TRIGGER goals_activity_cells_pair_update AFTER UPDATE ON goals_overlapsuggestion
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_activity_cells_on_pair();
CREATE TRIGGER goals_activity_cells_pair_delete AFTER DELETE ON goals_overlapsuggestion
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_activity_cells_on_pair();

CREATE FUNCTION goals_activity_cells_on_partner() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM goals_activity_cells_mark(ARRAY(
        WITH changed AS (
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.withdrawn_at IS NULL) <> (o.withdrawn_at IS NULL)
        )
        SELECT s.activity_b_id FROM goals_overlapsuggestion s
        JOIN changed c ON c.id = s.activity_a_id
        WHERE s.decision = 'open' AND s.text_score >= 0.5
        UNION
        SELECT s.activity_a_id FROM goals_overlapsuggestion s
        JOIN changed c ON c.id = s.activity_b_id
        WHERE s.decision = 'open' AND s.text_score >= 0.5
    ));
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_activity_cells_partner_update AFTER UPDATE ON goals_activity
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_activity_cells_on_partner();

SELECT goals_activity_cells_mark(NULL);
"""

REVERSE_SQL = """
DROP TRIGGER goals_activity_cells_partner_update ON goals_activity;
DROP TRIGGER goals_activity_cells_pair_delete ON goals_overlapsuggestion;
DROP TRIGGER goals_activity_cells_pair_update ON goals_overlapsuggestion;
DROP TRIGGER goals_activity_cells_pair_insert ON goals_overlapsuggestion;
DROP FUNCTION goals_activity_cells_on_partner();
DROP FUNCTION goals_activity_cells_on_pair();
DROP FUNCTION goals_activity_cells_mark(bigint[]);
CREATE OR REPLACE FUNCTION goals_activity_cells_refresh(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM goals_activity WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    DELETE FROM goals_activitycell WHERE activity_id = ANY(ids);
    INSERT INTO goals_activitycell (activity_id, top_unit_id, council_goal_id, effect, budget_sek)
    SELECT DISTINCT c.activity_id, u.top_unit_id, g.council_goal_id, c.effect, a.budget_sek
    FROM goals_contribution c
    JOIN goals_activity a ON a.id = c.activity_id AND a.withdrawn_at IS NULL
    JOIN goals_goal g ON g.id = c.goal_id AND g.council_goal_id IS NOT NULL
    JOIN vaxjo_riktning_unit u ON u.id = a.owner_unit_id
    WHERE c.activity_id = ANY(ids);
END
$$;
DROP FUNCTION goals_activity_duplicated(bigint[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0026_overlap_case_rows"),
    ]

    operations = [
        migrations.AddField(
            model_name="activitycell",
            name="duplicated",
            field=models.BooleanField(
                db_default=False, default=False, verbose_name="in duplicated work"
            ),
        ),
        migrations.AddIndex(
            model_name="activitycell",
            index=models.Index(
                condition=models.Q(("duplicated", True)),
                fields=["top_unit", "council_goal", "activity"],
                name="activity_cell_duplicated",
            ),
        ),
        migrations.RunSQL(SQL, reverse_sql=REVERSE_SQL),
    ]
