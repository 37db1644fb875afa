"""Trigram indexes that the activity list's free-text filter can actually use.

Django's `icontains` is written `UPPER(col) LIKE UPPER('%word%')`, and the trigram indexes of
0002 are on the plain columns, so PostgreSQL cannot use them for it: at 100,000 activities
`?q=ledarutvecklingsprogram` read the whole table (benchmark, see docs/benchmarks.md). These index the
very expressions the filter compares.

RunSQL, not Meta.indexes: the indexes serve a query shape, not the model, and keeping them out of
the model state leaves makemigrations quiet. Depends on 0004 because no 0005 existed when it was
written; a later 0005 needs a merge (or this dependency moved to it).
"""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS activity_title_upper_trgm
    ON goals_activity USING gin (UPPER(title) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS activity_desc_upper_trgm
    ON goals_activity USING gin (UPPER(description) gin_trgm_ops);
"""

DROP = """
DROP INDEX IF EXISTS activity_title_upper_trgm;
DROP INDEX IF EXISTS activity_desc_upper_trgm;
"""


class Migration(migrations.Migration):
    dependencies = [("goals", "0004_overlap_detection")]

    operations = [migrations.RunSQL(CREATE, DROP)]
