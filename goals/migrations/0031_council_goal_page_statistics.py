"""A council goal's page at 100,000 activities.

- Its activities that counteract it (374 of the largest goal's 23,317 rows in goals.ActivityCell)
  were listed by walking every activity in title order and asking each whether it is one of
  them: 6,572 index probes, 25 ms. PostgreSQL expected 1,030 such rows, not 374, because it took
  the goal and the effect as independent. Statistics of the two columns together give it the
  right count, and with them it reads the 374 rows and sorts them (1.6 ms), while for the
  23,000 that support the goal it still walks the title order (1.4 ms).
- The count of supporting activities outside the counteracting units read 2,179 heap pages
  for each row's top unit (19 ms); with the top unit in the index it reads the index alone
  (6 ms).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0030_unit_activity_counts"),
        ("vaxjo_riktning", "0009_statement_shortcomings"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="activitycell",
            name="activity_cell_goal",
        ),
        migrations.AddIndex(
            model_name="activitycell",
            index=models.Index(
                fields=["council_goal", "effect"],
                include=("activity", "top_unit"),
                name="activity_cell_goal",
            ),
        ),
        migrations.RunSQL(
            "CREATE STATISTICS goals_activitycell_goal_effect (mcv)"
            " ON council_goal_id, effect FROM goals_activitycell;"
            " ANALYZE goals_activitycell;",
            reverse_sql="DROP STATISTICS goals_activitycell_goal_effect;",
        ),
    ]
