"""ActivityCell: where each active activity counts in the overview's matrix, kept by triggers.

The overview's matrix and the goal list's council goals counted distinct activities per unit,
council goal and effect by joining every contribution to its activity, goal and unit on each
visit (0.2 s each at 100,000 activities). Here PostgreSQL keeps the answer per activity in
goals_activitycell, in the same transaction as the change, whoever makes it (a form, the admin,
an import, a bulk update, raw SQL):

- goals_activity_cells_refresh(ids) rewrites the rows of those activities from their
  contributions, after locking the activities' rows, so that two transactions refreshing the same
  activity take turns and the second sees what the first committed;
- statement triggers (with the changed rows as transition tables, so that a bulk insert of
  100,000 contributions is one refresh) call it for the activities whose contributions were
  inserted, updated or deleted; whose owner, withdrawal or budget changed; that bear on a goal
  whose council goal changed; or that a unit owns whose top unit changed. A deleted activity's
  rows are deleted.

Then every activity there is gets its rows.
"""

import django.db.models.deletion
from django.db import migrations, models

SQL = """
CREATE FUNCTION goals_activity_cells_refresh(ids bigint[]) RETURNS void
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

CREATE FUNCTION goals_activity_cells_on_contribution() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM goals_activity_cells_refresh(ARRAY(SELECT DISTINCT activity_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM goals_activity_cells_refresh(ARRAY(SELECT DISTINCT activity_id FROM old_rows));
    ELSE
        PERFORM goals_activity_cells_refresh(ARRAY(
            SELECT activity_id FROM new_rows UNION SELECT activity_id FROM old_rows
        ));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_activity_cells_contribution_insert AFTER INSERT ON goals_contribution
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_activity_cells_on_contribution();
CREATE TRIGGER goals_activity_cells_contribution_update AFTER UPDATE ON goals_contribution
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_activity_cells_on_contribution();
CREATE TRIGGER goals_activity_cells_contribution_delete AFTER DELETE ON goals_contribution
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_activity_cells_on_contribution();

CREATE FUNCTION goals_activity_cells_on_activity() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM goals_activitycell WHERE activity_id IN (SELECT id FROM old_rows);
    ELSE
        PERFORM goals_activity_cells_refresh(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.owner_unit_id IS DISTINCT FROM o.owner_unit_id
               OR (n.withdrawn_at IS NULL) <> (o.withdrawn_at IS NULL)
               OR n.budget_sek IS DISTINCT FROM o.budget_sek
        ));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_activity_cells_activity_update AFTER UPDATE ON goals_activity
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_activity_cells_on_activity();
CREATE TRIGGER goals_activity_cells_activity_delete AFTER DELETE ON goals_activity
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_activity_cells_on_activity();

CREATE FUNCTION goals_activity_cells_on_goal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM goals_activity_cells_refresh(ARRAY(
        SELECT DISTINCT c.activity_id
        FROM goals_contribution c
        JOIN new_rows n ON n.id = c.goal_id
        JOIN old_rows o ON o.id = n.id
        WHERE n.council_goal_id IS DISTINCT FROM o.council_goal_id
    ));
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_activity_cells_goal_update AFTER UPDATE ON goals_goal
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_activity_cells_on_goal();

CREATE FUNCTION goals_activity_cells_on_unit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM goals_activity_cells_refresh(ARRAY(
        SELECT a.id
        FROM goals_activity a
        JOIN new_rows n ON n.id = a.owner_unit_id
        JOIN old_rows o ON o.id = n.id
        WHERE n.top_unit_id IS DISTINCT FROM o.top_unit_id
    ));
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_activity_cells_unit_update AFTER UPDATE ON vaxjo_riktning_unit
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_activity_cells_on_unit();

SELECT goals_activity_cells_refresh(ARRAY(SELECT id FROM goals_activity));
"""

REVERSE_SQL = """
DROP TRIGGER goals_activity_cells_unit_update ON vaxjo_riktning_unit;
DROP TRIGGER goals_activity_cells_goal_update ON goals_goal;
DROP TRIGGER goals_activity_cells_activity_delete ON goals_activity;
DROP TRIGGER goals_activity_cells_activity_update ON goals_activity;
DROP TRIGGER goals_activity_cells_contribution_delete ON goals_contribution;
DROP TRIGGER goals_activity_cells_contribution_update ON goals_contribution;
DROP TRIGGER goals_activity_cells_contribution_insert ON goals_contribution;
DROP FUNCTION goals_activity_cells_on_unit();
DROP FUNCTION goals_activity_cells_on_goal();
DROP FUNCTION goals_activity_cells_on_activity();
DROP FUNCTION goals_activity_cells_on_contribution();
DROP FUNCTION goals_activity_cells_refresh(bigint[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0024_verbose_names"),
        ("vaxjo_riktning", "0009_statement_shortcomings"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActivityCell",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "effect",
                    models.CharField(
                        choices=[("supports", "Supports"), ("counteracts", "Counteracts")],
                        max_length=12,
                        verbose_name="effect",
                    ),
                ),
                ("budget_sek", models.BigIntegerField(null=True, verbose_name="budget (SEK)")),
                (
                    "activity",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.activity",
                        verbose_name="activity",
                    ),
                ),
                (
                    "council_goal",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.goal",
                        verbose_name="council goal",
                    ),
                ),
                (
                    "top_unit",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="vaxjo_riktning.unit",
                        verbose_name="administration or company",
                    ),
                ),
            ],
            options={
                "verbose_name": "activity in the overview's matrix",
                "verbose_name_plural": "activities in the overview's matrix",
                "indexes": [
                    models.Index(
                        fields=["top_unit", "council_goal", "effect"],
                        include=("budget_sek", "activity"),
                        name="activity_cell_matrix",
                    ),
                    models.Index(
                        fields=["council_goal", "effect"],
                        include=("activity",),
                        name="activity_cell_goal",
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("activity", "council_goal", "effect"), name="activity_cell_unique"
                    )
                ],
            },
        ),
        migrations.RunSQL(SQL, reverse_sql=REVERSE_SQL),
    ]
