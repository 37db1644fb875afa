"""CellTotal: the overview's matrix cell by cell, kept by triggers.

With nothing cached the overview added up goals.ActivityCell per top-level unit, council goal
and effect: its 170,000 rows at 100,000 activities, 25-47 ms from the covering index. Here
statement triggers on the cells add a row with the count and budget each statement inserts
(or, negative, deletes), in its transaction. The cells' refresh (migration 0025) deletes and
inserts an activity's cells under the activity's lock whenever its budget, owner, goals or
withdrawal change, and never updates their unit, goal, effect or budget, so an update of a
cell (its duplicate mark, migration 0027) adds nothing.

As for the follow-up's colour counts (migration 0033), rows are only added, so writers never
wait for each other on a cell; goals_cell_totals_compact() folds them into one row per cell
and goals_cell_totals_recount() adds up the cells again (at the end here).
"""

import django.db.models.deletion
from django.db import migrations, models


SQL = """
CREATE FUNCTION goals_cell_totals_recount() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE goals_celltotal IN SHARE ROW EXCLUSIVE MODE;
    DELETE FROM goals_celltotal;
    INSERT INTO goals_celltotal (top_unit_id, council_goal_id, effect, activities, budget_sek)
    SELECT top_unit_id, council_goal_id, effect, count(*), coalesce(sum(budget_sek), 0)
    FROM goals_activitycell
    GROUP BY 1, 2, 3;
END
$$;

-- Rows a concurrent writer adds while this runs are not among those it deletes, and stay.
CREATE FUNCTION goals_cell_totals_compact() RETURNS void
LANGUAGE sql AS $$
    WITH folded AS (
        DELETE FROM goals_celltotal
        RETURNING top_unit_id, council_goal_id, effect, activities, budget_sek
    )
    INSERT INTO goals_celltotal (top_unit_id, council_goal_id, effect, activities, budget_sek)
    SELECT top_unit_id, council_goal_id, effect, sum(activities), sum(budget_sek)
    FROM folded
    GROUP BY 1, 2, 3
    HAVING sum(activities) <> 0 OR sum(budget_sek) <> 0;
$$;

CREATE FUNCTION goals_cell_totals_on_cell() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO goals_celltotal
            (top_unit_id, council_goal_id, effect, activities, budget_sek)
        SELECT top_unit_id, council_goal_id, effect, count(*), coalesce(sum(budget_sek), 0)
        FROM new_rows
        GROUP BY 1, 2, 3;
    ELSE
        INSERT INTO goals_celltotal
            (top_unit_id, council_goal_id, effect, activities, budget_sek)
        SELECT top_unit_id, council_goal_id, effect, -count(*), -coalesce(sum(budget_sek), 0)
        FROM old_rows
        GROUP BY 1, 2, 3;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_cell_totals_cell_insert AFTER INSERT ON goals_activitycell
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_cell_totals_on_cell();
CREATE TRIGGER goals_cell_totals_cell_delete AFTER DELETE ON goals_activitycell
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_cell_totals_on_cell();

SELECT goals_cell_totals_recount();
"""

REVERSE_SQL = """
DROP TRIGGER goals_cell_totals_cell_delete ON goals_activitycell;
DROP TRIGGER goals_cell_totals_cell_insert ON goals_activitycell;
DROP FUNCTION goals_cell_totals_on_cell();
DROP FUNCTION goals_cell_totals_compact();
DROP FUNCTION goals_cell_totals_recount();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0033_goal_colour_counts"),
        ("vaxjo_riktning", "0009_statement_shortcomings"),
    ]

    operations = [
        migrations.CreateModel(
            name="CellTotal",
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
                ("activities", models.IntegerField(verbose_name="activities")),
                ("budget_sek", models.BigIntegerField(verbose_name="budget (SEK)")),
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
                "verbose_name": "cell of the overview's matrix",
                "verbose_name_plural": "cells of the overview's matrix",
                "indexes": [
                    models.Index(
                        fields=["top_unit", "council_goal", "effect"],
                        include=("activities", "budget_sek"),
                        name="cell_total_sum",
                    )
                ],
            },
        ),
        migrations.RunSQL(SQL, reverse_sql=REVERSE_SQL),
    ]
