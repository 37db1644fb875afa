"""riktning_normalize also stores the parts of Swedish compounds (goals/overlap/compounds.py), and the
stored similarity columns are computed anew with it.

PostgreSQL does not recompute a STORED generated column when the function behind it is replaced:
rows keep what the old function gave until they are written again. So the two columns are dropped
and added again in one ALTER TABLE (one rewrite of the table, no row triggers, so no history
event for a change nobody made), and their trigram indexes built again. The same definitions as
0004, so Django's model state is unchanged. At 100,000 activities this took 326 s on the
project's 2-core machine under load (the table is locked meanwhile).

Everything is inside one function, with no call to another of ours: a restore from pg_dump computes
generated columns with an empty search_path, where only pg_catalog is found.
"""

from django.db import migrations

from goals.overlap.compounds import keep_whole_pattern, pattern

BODY = """
    SELECT array_to_string(
        tsvector_to_array(
            to_tsvector('pg_catalog.swedish'::regconfig, coalesce((
                SELECT string_agg(
                    CASE WHEN word ~ {keep_whole} THEN word
                         ELSE word || coalesce(
                             ' ' || array_to_string(regexp_match(word, {pattern}), ' '), '')
                    END, ' ')
                FROM unnest(tsvector_to_array(
                    to_tsvector('pg_catalog.simple'::regconfig, body))) AS word
            ), ''))
        ),
        ' '
    )
    FROM (SELECT coalesce(title, '') || ' ' || coalesce(description, '') AS body) AS input
"""

OLD_BODY = """
    SELECT array_to_string(
        tsvector_to_array(
            to_tsvector('pg_catalog.swedish'::regconfig,
                        coalesce(title, '') || ' ' || coalesce(description, ''))
        ),
        ' '
    )
"""

FUNCTION = """
CREATE OR REPLACE FUNCTION riktning_normalize(title text, description text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $function$
{body}
$function$;
"""


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# Compute the stored columns anew (see the docstring). Django's definitions from 0004.
REFRESH = [
    'ALTER TABLE "goals_activity" DROP COLUMN "similarity_title", DROP COLUMN "similarity_text";',
    'ALTER TABLE "goals_activity" '
    'ADD COLUMN "similarity_text" text '
    'GENERATED ALWAYS AS (riktning_normalize("title", "description")) STORED, '
    'ADD COLUMN "similarity_title" text '
    "GENERATED ALWAYS AS (riktning_normalize(\"title\", '')) STORED;",
    'CREATE INDEX "activity_simtitle_trgm" ON "goals_activity" '
    'USING gin ("similarity_title" gin_trgm_ops);',
    'CREATE INDEX "activity_simtext_trgm" ON "goals_activity" '
    'USING gin ("similarity_text" gin_trgm_ops);',
    'ANALYZE "goals_activity";',
]


def refresh_normalize(body: str, old_body: str) -> migrations.RunSQL:
    return migrations.RunSQL(
        [FUNCTION.format(body=body), *REFRESH],
        [FUNCTION.format(body=old_body), *REFRESH],
    )


class Migration(migrations.Migration):
    dependencies = [("goals", "0008_activity_title_order")]

    operations = [refresh_normalize(BODY.format(pattern=quote(pattern()), keep_whole=quote(keep_whole_pattern())), OLD_BODY)]
