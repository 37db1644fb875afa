"""UnitActivityCount: each unit's active activities and those without goal, kept by triggers.

The overview's summary counted every active activity, and its tile every active activity
without a contribution (an anti-join of 100,000 activities with 174,000 contributions, about
60 ms), after every change to an activity; the unit tree counted them per unit. Here each unit's
row holds both numbers, and statement triggers add what a statement changes, in its
transaction:

- on the activities: per owner, the rows that became active (inserted, brought back, moved in)
  less those that stopped (deleted, withdrawn, moved out), the same for those of them without
  a contribution;
- on the contributions: per owner, the active activities that got their first contribution
  less those that lost their last. These lock the activities first (as the matrix's cells do,
  migration 0025), so that the counts before and after come from a later statement that sees
  what any other transaction adding to the same activity committed.

Additions commute, so transactions only wait for each other on a unit's row, until they
commit. goals_unit_activity_counts_recount() counts every unit again (at the end here).
"""

import django.db.models.deletion
from django.db import migrations, models

SQL = """
CREATE FUNCTION goals_unit_activity_counts_recount() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE goals_unitactivitycount IN SHARE ROW EXCLUSIVE MODE;
    DELETE FROM goals_unitactivitycount;
    INSERT INTO goals_unitactivitycount (unit_id, active, without_goal)
    SELECT a.owner_unit_id, count(*), count(*) FILTER (
        WHERE NOT EXISTS (SELECT 1 FROM goals_contribution c WHERE c.activity_id = a.id)
    )
    FROM goals_activity a WHERE a.withdrawn_at IS NULL
    GROUP BY a.owner_unit_id;
END
$$;

CREATE FUNCTION goals_unit_activity_counts_on_activity() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO goals_unitactivitycount AS t (unit_id, active, without_goal)
        SELECT n.owner_unit_id, count(*), count(*) FILTER (
            WHERE NOT EXISTS (SELECT 1 FROM goals_contribution c WHERE c.activity_id = n.id)
        )
        FROM new_rows n WHERE n.withdrawn_at IS NULL
        GROUP BY 1 ORDER BY 1
        ON CONFLICT (unit_id) DO UPDATE SET
            active = t.active + EXCLUDED.active,
            without_goal = t.without_goal + EXCLUDED.without_goal;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO goals_unitactivitycount AS t (unit_id, active, without_goal)
        SELECT o.owner_unit_id, -count(*), -count(*) FILTER (
            WHERE NOT EXISTS (SELECT 1 FROM goals_contribution c WHERE c.activity_id = o.id)
        )
        FROM old_rows o WHERE o.withdrawn_at IS NULL
        GROUP BY 1 ORDER BY 1
        ON CONFLICT (unit_id) DO UPDATE SET
            active = t.active + EXCLUDED.active,
            without_goal = t.without_goal + EXCLUDED.without_goal;
    ELSE
        INSERT INTO goals_unitactivitycount AS t (unit_id, active, without_goal)
        SELECT d.unit, sum(d.active), sum(d.without_goal)
        FROM (
            SELECT n.owner_unit_id AS unit, 1 AS active,
                   CASE WHEN EXISTS (
                       SELECT 1 FROM goals_contribution c WHERE c.activity_id = n.id
                   ) THEN 0 ELSE 1 END AS without_goal
            FROM new_rows n WHERE n.withdrawn_at IS NULL
            UNION ALL
            SELECT o.owner_unit_id, -1,
                   CASE WHEN EXISTS (
                       SELECT 1 FROM goals_contribution c WHERE c.activity_id = o.id
                   ) THEN 0 ELSE -1 END
            FROM old_rows o WHERE o.withdrawn_at IS NULL
        ) d
        GROUP BY d.unit
        HAVING sum(d.active) <> 0 OR sum(d.without_goal) <> 0
        ORDER BY d.unit
        ON CONFLICT (unit_id) DO UPDATE SET
            active = t.active + EXCLUDED.active,
            without_goal = t.without_goal + EXCLUDED.without_goal;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_unit_activity_counts_activity_insert AFTER INSERT ON goals_activity
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_unit_activity_counts_on_activity();
CREATE TRIGGER goals_unit_activity_counts_activity_update AFTER UPDATE ON goals_activity
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_unit_activity_counts_on_activity();
CREATE TRIGGER goals_unit_activity_counts_activity_delete AFTER DELETE ON goals_activity
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_unit_activity_counts_on_activity();

CREATE FUNCTION goals_unit_activity_counts_on_contribution() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
    nets integer[];
BEGIN
    -- Per activity, how many contributions the statement added less how many it removed.
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(activity_id ORDER BY activity_id), array_agg(n ORDER BY activity_id)
        INTO ids, nets
        FROM (SELECT activity_id, count(*)::int AS n FROM new_rows GROUP BY 1) d;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(activity_id ORDER BY activity_id), array_agg(n ORDER BY activity_id)
        INTO ids, nets
        FROM (SELECT activity_id, -count(*)::int AS n FROM old_rows GROUP BY 1) d;
    ELSE
        SELECT array_agg(activity_id ORDER BY activity_id), array_agg(n ORDER BY activity_id)
        INTO ids, nets
        FROM (
            SELECT activity_id, sum(n)::int AS n FROM (
                SELECT activity_id, 1 AS n FROM new_rows
                UNION ALL
                SELECT activity_id, -1 FROM old_rows
            ) e GROUP BY 1 HAVING sum(n) <> 0
        ) d;
    END IF;
    IF ids IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM goals_activity WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    -- A later statement: it sees what others committed for these activities before the lock.
    INSERT INTO goals_unitactivitycount AS t (unit_id, active, without_goal)
    SELECT a.owner_unit_id, 0, sum(
        CASE WHEN k.now = 0 AND k.now - d.net > 0 THEN 1
             WHEN k.now > 0 AND k.now - d.net = 0 THEN -1
             ELSE 0 END
    )
    FROM unnest(ids, nets) AS d(activity_id, net)
    JOIN goals_activity a ON a.id = d.activity_id AND a.withdrawn_at IS NULL
    CROSS JOIN LATERAL (
        SELECT count(*) AS now FROM goals_contribution c WHERE c.activity_id = d.activity_id
    ) k
    GROUP BY a.owner_unit_id
    HAVING sum(
        CASE WHEN k.now = 0 AND k.now - d.net > 0 THEN 1
             WHEN k.now > 0 AND k.now - d.net = 0 THEN -1
             ELSE 0 END
    ) <> 0
    ORDER BY a.owner_unit_id
    ON CONFLICT (unit_id) DO UPDATE SET without_goal = t.without_goal + EXCLUDED.without_goal;
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_unit_activity_counts_contribution_insert AFTER INSERT ON goals_contribution
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_unit_activity_counts_on_contribution();
CREATE TRIGGER goals_unit_activity_counts_contribution_update AFTER UPDATE ON goals_contribution
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_unit_activity_counts_on_contribution();
CREATE TRIGGER goals_unit_activity_counts_contribution_delete AFTER DELETE ON goals_contribution
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_unit_activity_counts_on_contribution();

SELECT goals_unit_activity_counts_recount();
"""

REVERSE_SQL = """
DROP TRIGGER goals_unit_activity_counts_contribution_delete ON goals_contribution;
DROP TRIGGER goals_unit_activity_counts_contribution_update ON goals_contribution;
DROP TRIGGER goals_unit_activity_counts_contribution_insert ON goals_contribution;
DROP TRIGGER goals_unit_activity_counts_activity_delete ON goals_activity;
DROP TRIGGER goals_unit_activity_counts_activity_update ON goals_activity;
DROP TRIGGER goals_unit_activity_counts_activity_insert ON goals_activity;
DROP FUNCTION goals_unit_activity_counts_on_contribution();
DROP FUNCTION goals_unit_activity_counts_on_activity();
DROP FUNCTION goals_unit_activity_counts_recount();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0029_open_pair_count"),
        ("vaxjo_riktning", "0009_statement_shortcomings"),
    ]

    operations = [
        migrations.CreateModel(
            name="UnitActivityCount",
            fields=[
                (
                    "unit",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="vaxjo_riktning.unit",
                        verbose_name="unit",
                    ),
                ),
                ("active", models.IntegerField(default=0, verbose_name="active activities")),
                (
                    "without_goal",
                    models.IntegerField(default=0, verbose_name="active activities without goal"),
                ),
            ],
            options={
                "verbose_name": "activities of a unit",
                "verbose_name_plural": "activities of the units",
            },
        ),
        migrations.RunSQL(SQL, reverse_sql=REVERSE_SQL),
    ]
