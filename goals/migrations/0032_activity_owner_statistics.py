"""A small unit's page at 100,000 activities.

A department with five activities had its page of them read by walking all activities in
title order (49,751 rows, 35-85 ms): PostgreSQL keeps the most common 100 owners' counts, and
for any other unit it guessed 216 activities. Units are a few hundred, so keeping every
owner's count (a statistics target of 1,000) gives it the real number, and it reads the unit's
five and sorts them (0.1 ms). A large administration still walks the title order, which is the
fast way for it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("goals", "0031_council_goal_page_statistics")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE goals_activity ALTER COLUMN owner_unit_id SET STATISTICS 1000;"
            " ANALYZE goals_activity;",
            reverse_sql="ALTER TABLE goals_activity ALTER COLUMN owner_unit_id SET STATISTICS -1;",
        ),
    ]
