"""The database function that turns an activity's text into what overlap detection compares.

PostgreSQL's Swedish text-search configuration stems words and drops stop words; the lexemes are
joined into plain text so that pg_trgm can compare them. Declared IMMUTABLE (it depends on the
fixed 'swedish' configuration only), so it can feed generated columns and indexes.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION riktning_normalize(title text, description text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_string(
        tsvector_to_array(
            to_tsvector('pg_catalog.swedish'::regconfig,
                        coalesce(title, '') || ' ' || coalesce(description, ''))
        ),
        ' '
    )
$$;
"""

DROP = "DROP FUNCTION IF EXISTS riktning_normalize(text, text);"


class Migration(migrations.Migration):
    dependencies = [("goals", "0002_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
