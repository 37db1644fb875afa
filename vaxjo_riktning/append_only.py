"""History is append-only: a trigger on every pghistory event table refuses UPDATE and DELETE.

Why a trigger and not only REVOKE: Riktning usually connects as the owner of its tables (the
embedded server, CI's postgres superuser, a small installation with one role). An owner can
re-grant itself what is revoked and a superuser bypasses grants altogether, but a row trigger
holds for every role, superusers included. pghistory's own triggers only INSERT into event
tables, so history keeps being written. A role that owns the tables could still drop or disable
the trigger: that is why an external database should let a separate owner role run migrations
and give the app's role INSERT and SELECT only on the event tables (docs/operations.md).

TRUNCATE is left to grants: a row trigger does not fire on it, and the test suite's flush between
transactional tests uses it. The app's own code never truncates.

A migration that adds a tracked model calls ``protect`` for its new event table;
tests/vaxjo_riktning/test_history_append_only.py fails for an event table left out.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps.registry import Apps
from django.db.backends.base.base import BaseDatabaseWrapper

FUNCTION = "riktning_history_append_only"
TRIGGER = "riktning_history_append_only"

# insufficient_privilege: psycopg raises InsufficientPrivilege, which Django passes on as
# django.db.ProgrammingError.
CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'History is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""


def event_tables(apps: Apps) -> list[str]:
    """The tables of every pghistory event model, in a migration's historical apps as in the
    live registry: the concrete models with pghistory's own event columns."""
    marks = {"pgh_id", "pgh_created_at", "pgh_label"}
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and marks <= {f.name for f in model._meta.concrete_fields}
    )


def protect(connection: BaseDatabaseWrapper, tables: Iterable[str]) -> None:
    """Install the refusing trigger on each table (idempotent)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(CREATE_FUNCTION)
        for table in tables:
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {quote(table)} "
                f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
            )


def unprotect(connection: BaseDatabaseWrapper, tables: Iterable[str]) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quote(table)}")


def protected_tables(connection: BaseDatabaseWrapper) -> set[str]:
    """The tables that carry the trigger, read from the catalogue."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND t.tgenabled <> 'D'",
            [TRIGGER],
        )
        return {row[0] for row in cursor.fetchall()}
