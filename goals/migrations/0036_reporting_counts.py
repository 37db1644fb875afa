"""ReportingCount: per period and administration or company, the activities to report on and
those reported, kept by triggers.

The group's reporting progress on the overview and the follow-up filtered every activity by
the period's dates and status and counted them per top-level unit with their reports, on every
first visit after a change (45-58 ms at 100,000 activities). Here PostgreSQL adds a row with
what each statement changes, in its transaction:

- on the activities: for every period, those that come to be reported on in it (inserted,
  brought back, moved in, dated into it, no longer cancelled) less those that stop, each with
  whether it has a report with a progress there; an update that changes none of the owner,
  withdrawal, status or dates adds nothing;
- on the status reports: a progress given, less a progress taken away, where the activity is
  reported on in the period. These lock the activity first, as the colour counts do
  (migration 0033), so that the activity they read is the one a concurrent save committed;
- a period whose dates change, or a new one, is counted again, and so is every period when a
  unit moves to another administration or company.

Rows are only added, never updated, so writers never wait for each other on a count.
goals_reporting_counts_recount(periods) counts the given periods (all for NULL) again in one
statement, whose snapshot decides both what it deletes and what it counts, so that a
concurrent writer's row is either counted or kept; goals.services.fold_kept_counts() folds
the rows; everything is counted at the end here.
"""

import django.db.models.deletion
from django.db import migrations, models


# Whether activity x is reported on in period p (goals.followup.rules.activities_to_report).
def _reported_on(x: str, p: str = "p") -> str:
    return (
        f"{x}.withdrawn_at IS NULL AND {x}.status <> 'cancelled'"
        f" AND ({x}.start_date IS NULL OR {x}.start_date <= {p}.ends_on)"
        f" AND ({x}.end_date IS NULL OR {x}.end_date >= {p}.starts_on)"
    )


# Whether activity x has a report with a progress in period p.
def _has_progress(x: str, p: str = "p") -> str:
    return (
        "EXISTS (SELECT 1 FROM goals_activityreport r"
        f" WHERE r.period_id = {p}.id AND r.activity_id = {x}.id AND r.progress IS NOT NULL)"
    )


ACTIVITY_CHANGED = (
    "(n.owner_unit_id, n.withdrawn_at IS NULL, n.status, n.start_date, n.end_date)"
    " IS DISTINCT FROM"
    " (o.owner_unit_id, o.withdrawn_at IS NULL, o.status, o.start_date, o.end_date)"
)
REPORT_CHANGED = (
    "(n.activity_id, n.period_id, n.progress IS NULL)"
    " IS DISTINCT FROM (o.activity_id, o.period_id, o.progress IS NULL)"
)

SQL = f"""
CREATE FUNCTION goals_reporting_counts_recount(periods bigint[]) RETURNS void
LANGUAGE sql AS $$
    WITH gone AS (
        DELETE FROM goals_reportingcount
        WHERE periods IS NULL OR period_id = ANY(periods)
    )
    INSERT INTO goals_reportingcount (period_id, top_unit_id, activities, reported)
    SELECT p.id, u.top_unit_id, count(*), count(*) FILTER (WHERE {_has_progress("a")})
    FROM goals_reportingperiod p
    JOIN goals_activity a ON {_reported_on("a")}
    JOIN vaxjo_riktning_unit u ON u.id = a.owner_unit_id
    WHERE periods IS NULL OR p.id = ANY(periods)
    GROUP BY 1, 2;
$$;

CREATE FUNCTION goals_reporting_counts_compact() RETURNS void
LANGUAGE sql AS $$
    WITH folded AS (
        DELETE FROM goals_reportingcount
        RETURNING period_id, top_unit_id, activities, reported
    )
    INSERT INTO goals_reportingcount (period_id, top_unit_id, activities, reported)
    SELECT period_id, top_unit_id, sum(activities), sum(reported)
    FROM folded
    GROUP BY 1, 2
    HAVING sum(activities) <> 0 OR sum(reported) <> 0;
$$;

CREATE FUNCTION goals_reporting_counts_on_activity() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO goals_reportingcount (period_id, top_unit_id, activities, reported)
        SELECT p.id, u.top_unit_id, count(*), count(*) FILTER (WHERE {_has_progress("n")})
        FROM new_rows n
        JOIN goals_reportingperiod p ON {_reported_on("n")}
        JOIN vaxjo_riktning_unit u ON u.id = n.owner_unit_id
        GROUP BY 1, 2;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO goals_reportingcount (period_id, top_unit_id, activities, reported)
        SELECT p.id, u.top_unit_id, -count(*), -count(*) FILTER (WHERE {_has_progress("o")})
        FROM old_rows o
        JOIN goals_reportingperiod p ON {_reported_on("o")}
        JOIN vaxjo_riktning_unit u ON u.id = o.owner_unit_id
        GROUP BY 1, 2;
    ELSE
        INSERT INTO goals_reportingcount (period_id, top_unit_id, activities, reported)
        SELECT d.period_id, d.top_unit_id, sum(d.activities), sum(d.reported)
        FROM (
            SELECT p.id AS period_id, u.top_unit_id, 1 AS activities,
                   CASE WHEN {_has_progress("n")} THEN 1 ELSE 0 END AS reported
            FROM new_rows n
            JOIN old_rows o ON o.id = n.id AND {ACTIVITY_CHANGED}
            JOIN goals_reportingperiod p ON {_reported_on("n")}
            JOIN vaxjo_riktning_unit u ON u.id = n.owner_unit_id
            UNION ALL
            SELECT p.id, u.top_unit_id, -1,
                   CASE WHEN {_has_progress("o")} THEN -1 ELSE 0 END
            FROM new_rows n
            JOIN old_rows o ON o.id = n.id AND {ACTIVITY_CHANGED}
            JOIN goals_reportingperiod p ON {_reported_on("o")}
            JOIN vaxjo_riktning_unit u ON u.id = o.owner_unit_id
        ) d
        GROUP BY 1, 2
        HAVING sum(d.activities) <> 0 OR sum(d.reported) <> 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_reporting_counts_activity_insert AFTER INSERT ON goals_activity
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_reporting_counts_on_activity();
CREATE TRIGGER goals_reporting_counts_activity_update AFTER UPDATE ON goals_activity
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_reporting_counts_on_activity();
CREATE TRIGGER goals_reporting_counts_activity_delete AFTER DELETE ON goals_activity
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_reporting_counts_on_activity();

CREATE FUNCTION goals_reporting_counts_on_report() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM 1 FROM goals_activity
        WHERE id IN (SELECT activity_id FROM new_rows WHERE progress IS NOT NULL)
        ORDER BY id FOR NO KEY UPDATE;
        -- A later statement: it sees the activity as a concurrent save committed it.
        INSERT INTO goals_reportingcount (period_id, top_unit_id, activities, reported)
        SELECT p.id, u.top_unit_id, 0, count(*)
        FROM new_rows n
        JOIN goals_activity a ON a.id = n.activity_id
        JOIN goals_reportingperiod p ON p.id = n.period_id AND {_reported_on("a")}
        JOIN vaxjo_riktning_unit u ON u.id = a.owner_unit_id
        WHERE n.progress IS NOT NULL
        GROUP BY 1, 2;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM 1 FROM goals_activity
        WHERE id IN (SELECT activity_id FROM old_rows WHERE progress IS NOT NULL)
        ORDER BY id FOR NO KEY UPDATE;
        INSERT INTO goals_reportingcount (period_id, top_unit_id, activities, reported)
        SELECT p.id, u.top_unit_id, 0, -count(*)
        FROM old_rows o
        JOIN goals_activity a ON a.id = o.activity_id
        JOIN goals_reportingperiod p ON p.id = o.period_id AND {_reported_on("a")}
        JOIN vaxjo_riktning_unit u ON u.id = a.owner_unit_id
        WHERE o.progress IS NOT NULL
        GROUP BY 1, 2;
    ELSE
        PERFORM 1 FROM goals_activity WHERE id IN (
            SELECT n.activity_id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE {REPORT_CHANGED}
            UNION
            SELECT o.activity_id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE {REPORT_CHANGED}
        )
        ORDER BY id FOR NO KEY UPDATE;
        INSERT INTO goals_reportingcount (period_id, top_unit_id, activities, reported)
        SELECT p.id, u.top_unit_id, 0, sum(d.reported)
        FROM (
            SELECT n.activity_id, n.period_id, 1 AS reported
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE {REPORT_CHANGED} AND n.progress IS NOT NULL
            UNION ALL
            SELECT o.activity_id, o.period_id, -1
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE {REPORT_CHANGED} AND o.progress IS NOT NULL
        ) d
        JOIN goals_activity a ON a.id = d.activity_id
        JOIN goals_reportingperiod p ON p.id = d.period_id AND {_reported_on("a")}
        JOIN vaxjo_riktning_unit u ON u.id = a.owner_unit_id
        GROUP BY 1, 2
        HAVING sum(d.reported) <> 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_reporting_counts_report_insert AFTER INSERT ON goals_activityreport
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_reporting_counts_on_report();
CREATE TRIGGER goals_reporting_counts_report_update AFTER UPDATE ON goals_activityreport
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_reporting_counts_on_report();
CREATE TRIGGER goals_reporting_counts_report_delete AFTER DELETE ON goals_activityreport
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_reporting_counts_on_report();

CREATE FUNCTION goals_reporting_counts_on_period() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM goals_reportingcount WHERE period_id = OLD.id;
    ELSIF TG_OP = 'INSERT'
       OR (NEW.starts_on, NEW.ends_on) IS DISTINCT FROM (OLD.starts_on, OLD.ends_on) THEN
        PERFORM goals_reporting_counts_recount(ARRAY[NEW.id]);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_reporting_counts_period AFTER INSERT OR UPDATE OR DELETE
ON goals_reportingperiod
FOR EACH ROW EXECUTE FUNCTION goals_reporting_counts_on_period();

CREATE FUNCTION goals_reporting_counts_on_unit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.top_unit_id IS DISTINCT FROM o.top_unit_id
    ) THEN
        PERFORM goals_reporting_counts_recount(NULL);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER goals_reporting_counts_unit_update AFTER UPDATE ON vaxjo_riktning_unit
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION goals_reporting_counts_on_unit();

SELECT goals_reporting_counts_recount(NULL);
"""

REVERSE_SQL = """
DROP TRIGGER goals_reporting_counts_unit_update ON vaxjo_riktning_unit;
DROP TRIGGER goals_reporting_counts_period ON goals_reportingperiod;
DROP TRIGGER goals_reporting_counts_report_delete ON goals_activityreport;
DROP TRIGGER goals_reporting_counts_report_update ON goals_activityreport;
DROP TRIGGER goals_reporting_counts_report_insert ON goals_activityreport;
DROP TRIGGER goals_reporting_counts_activity_delete ON goals_activity;
DROP TRIGGER goals_reporting_counts_activity_update ON goals_activity;
DROP TRIGGER goals_reporting_counts_activity_insert ON goals_activity;
DROP FUNCTION goals_reporting_counts_on_unit();
DROP FUNCTION goals_reporting_counts_on_period();
DROP FUNCTION goals_reporting_counts_on_report();
DROP FUNCTION goals_reporting_counts_on_activity();
DROP FUNCTION goals_reporting_counts_compact();
DROP FUNCTION goals_reporting_counts_recount(bigint[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0035_counteracting_contributions"),
        ("vaxjo_riktning", "0009_statement_shortcomings"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportingCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("activities", models.IntegerField(verbose_name="activities")),
                ("reported", models.IntegerField(verbose_name="reported")),
                (
                    "period",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.reportingperiod",
                        verbose_name="reporting period",
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
                "verbose_name": "activities to report on of a unit",
                "verbose_name_plural": "activities to report on of the units",
                "indexes": [
                    models.Index(
                        fields=["period", "top_unit"],
                        include=("activities", "reported"),
                        name="reporting_count_sum",
                    )
                ],
            },
        ),
        migrations.RunSQL(SQL, reverse_sql=REVERSE_SQL),
    ]
