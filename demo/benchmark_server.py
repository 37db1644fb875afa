"""The benchmark through gunicorn (`manage.py benchmark --http`): the app served as production
serves it, with DEBUG off, whitenoise for the static files and Redis as the cache shared by the
workers, and a client that signs in as a browser does, by its session cookie.

The command's default, Django's test client, measures the server's own work. Through gunicorn
a page also pays for the HTTP round trip and the WSGI handler, and so does the floor: the static
file is served by the same workers in the same run, which is the floor the performance targets
are set against.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import requests
from django.conf import settings
from django.db import connection
from django.utils.crypto import get_random_string

# Production's cookies are Secure; the benchmark talks plain HTTP on 127.0.0.1.
PLAIN_HTTP = {"SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0", "SECURE_HSTS_SECONDS": "0"}
ROOT = Path(settings.BASE_DIR)


def database_url() -> str:
    """The URL of the database this process is connected to (a test's own database too). The
    embedded server is reached by its socket folder, which libpq takes as the `host` option:
    the connection's options go along as the URL's query, where DATABASE_URL is read back from
    (the settings add the work_mem option themselves)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = ":" + quote(db["PASSWORD"], safe="") if db["PASSWORD"] else ""
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    options = {name: value for name, value in db["OPTIONS"].items() if name != "options"}
    query = f"?{urlencode(options)}" if options else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(db['NAME'], safe='')}{query}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn serving this project on a free port of 127.0.0.1 with `workers` sync workers,
    for the length of a `with` block: on this process's database, Redis, static files and
    secret key, so that the sessions the benchmark makes are valid there and clearing the cache
    here clears it there."""

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        with tempfile.NamedTemporaryFile(
            prefix="riktning-benchmark-", suffix=".log", delete=False
        ) as log:
            self.log = Path(log.name)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        env = {
            **os.environ,
            **PLAIN_HTTP,
            "DEBUG": "0",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "SECRET_KEY": settings.SECRET_KEY,
            "STATIC_ROOT": str(settings.STATIC_ROOT),
        }
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "vaxjo_riktning.wsgi",
                 f"--bind=127.0.0.1:{self.port}", f"--workers={self.workers}"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if requests.get(self.base + "/healthz/", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer on {self.base}:\n{self.tail()}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def tail(self, lines: int = 20) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


class HttpClient:
    """A signed-in browser, as far as timing needs one: the session and language cookies on
    every request, and on a POST the CSRF token a page would have put in the form. Answers as
    Django's test client does (`get(path, params)`, `post(path, data)`, `.status_code`)."""

    def __init__(self, base: str, cookies: dict[str, str]) -> None:
        self.base = base
        self.http = requests.Session()
        for name, value in cookies.items():
            self.http.cookies.set(name, value)
        # The CSRF secret a page's form would carry: the check compares header and cookie.
        self.csrf = get_random_string(32)
        self.http.cookies.set(settings.CSRF_COOKIE_NAME, self.csrf)

    def get(self, path: str, params: dict[str, str] | None = None) -> Any:
        return self.http.get(self.base + path, params=params, timeout=300, allow_redirects=False)

    def post(self, path: str, data: dict[str, Any]) -> Any:
        return self.http.post(
            self.base + path,
            data=data,
            headers={"X-CSRFToken": self.csrf},
            timeout=300,
            allow_redirects=False,
        )
