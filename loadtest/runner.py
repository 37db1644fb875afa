"""`loadtest/run` (and `make load`): the production shape on this machine under a mixed day.

Starts a Celery worker, beat and gunicorn (DEBUG off, static files from whitenoise as in the image,
Redis as broker and cache), runs locust headless (loadtest/locustfile.py), stops them, then
compares the writes that answered as a success with the rows in the database and prints the
summary (loadtest/report.py). Everything goes to one folder, .loadtest/<database>/<time>/:
locust's CSV files, the access log, the web and worker logs, the results and the summary.

    loadtest/run [--users 200] [--spawn-rate 20] [--time 3m] [--workers N] [--faults]

The database is DATABASE_URL (riktning_load on 127.0.0.1 by default): migrated, and given the
demo group if it has no units. Redis is REDIS_URL (db 5 of the machine's Redis by default). For
the run, per client the public form's rate limit is lifted (RECRUITMENT_APPLY_LIMIT_PER_CLIENT):
every virtual visitor comes from 127.0.0.1, as every applicant would behind a proxy if
TRUSTED_PROXY_COUNT were left at 0; the per-address limit stays as it is (each application
has its own address). Cookies are not marked Secure (plain HTTP on 127.0.0.1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from loadtest.faults import KINDS, Faults, start_redis_if_down

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent

RUN_ENVIRONMENT = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/riktning_load",
    "REDIS_URL": "redis://127.0.0.1:6379/5",
    "DEBUG": "0",
    "RIKTNING_DEMO": "1",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "RECRUITMENT_APPLY_LIMIT_PER_CLIENT": "1000000",
    # One line per task received and finished in the worker's log, for the report.
    "CELERY_TASK_LOG_LEVEL": "INFO",
    # Mail printed in the worker's log, where the report counts the confirmations: chosen on
    # purpose, as production's check (riktning.E002) asks when there is no EMAIL_HOST.
    "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    # Log lines as text, whose tracebacks the report quotes beside each 500.
    "LOG_FORMAT": "text",
}

# gunicorn's default access line, and the time the worker spent on the request (µs): what the
# page costs the server, apart from the time it waited in the queue for a free worker.
# The locustfile names each request in X-Load-Name, so the report reads both by the same name.
ACCESS_LOG_FORMAT = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" "%({x-load-name}i)s" %(D)s'
)


def environment(out: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name, value in RUN_ENVIRONMENT.items():
        env.setdefault(name, value)
    # A key of the run's own: production's checks refuse a short or guessable one.
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    # Whatever the caller's environment says, the load runs with DEBUG off, as in production.
    env["DEBUG"] = "0"
    env.setdefault("PRIVATE_MEDIA_ROOT", str(out.parent / "private-media"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(env: dict[str, str]) -> None:
    """Migrate; load the demo into an empty database; collect the static files as the image
    does (whitenoise serves them from STATIC_ROOT with their hashed names)."""
    print("Preparing: migrate, demo data if the database is empty, collectstatic …", flush=True)
    manage(env, "migrate", "--noinput")
    units = manage(
        env, "shell", "-c", "from vaxjo_riktning.models import Unit; print(Unit.objects.count())"
    )
    if units.strip().splitlines()[-1] == "0":
        manage(env, "seed_demo", "--i-know-this-is-production")
    manage(env, "collectstatic", "--noinput")


def floor_path() -> str:
    """The stylesheet by its hashed name, as a page links it."""
    import json

    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/riktning.css"]


class Services:
    """The worker and gunicorn this run started (their process groups, nothing else)."""

    def __init__(self, env: dict[str, str], out: Path, port: int, workers: int) -> None:
        self.env, self.out, self.port, self.workers = env, out, port, workers
        self.worker: subprocess.Popen | None = None
        self.web: subprocess.Popen | None = None
        self.beat: subprocess.Popen | None = None
        self.worker_starts = 0

    def start_worker(self) -> None:
        self.worker_starts += 1
        log = (self.out / "worker.log").open("a")
        # As compose's worker: concurrency is Celery's default (one process per core).
        self.worker = subprocess.Popen(
            [str(BIN / "celery"), "-A", "vaxjo_riktning", "worker", "-l", "info",
             "--hostname", f"load{self.worker_starts}@%h"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def start_beat(self) -> None:
        """Beat, as compose runs it: its outbox-send hands over what saves queued while Redis
        was away."""
        log = (self.out / "beat.log").open("a")
        self.beat = subprocess.Popen(
            [str(BIN / "celery"), "-A", "vaxjo_riktning", "beat", "-l", "info",
             "--schedule", str(self.out / "beat-schedule")],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def kill_worker(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait()

    def start_web(self) -> None:
        log = (self.out / "web.log").open("a")
        self.web = subprocess.Popen(
            [str(BIN / "gunicorn"), "vaxjo_riktning.wsgi", f"--bind=127.0.0.1:{self.port}",
             f"--workers={self.workers}", f"--access-logfile={self.out / 'access.log'}",
             f"--access-logformat={ACCESS_LOG_FORMAT}"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz/", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        sys.exit(f"gunicorn did not answer on port {self.port}: see {self.out / 'web.log'}")

    def stop(self, process: subprocess.Popen | None, *, wait: float = 60) -> None:
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def drain(self, limit: float = 180) -> None:
        """Let the worker finish what the run queued (the broker's queue and the outbox empty,
        then a few seconds for the tasks in hand), at most `limit` seconds."""
        import redis

        client = redis.Redis.from_url(self.env["REDIS_URL"])
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                if client.llen("celery") == 0 and self.outbox_waiting() == 0:
                    break
            except (redis.RedisError, OSError):
                pass
            time.sleep(1)
        time.sleep(10)

    def outbox_waiting(self) -> int:
        """The outbox's tasks not done yet (vaxjo_riktning/outbox.py)."""
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"], connect_timeout=5) as connection:
            row = connection.execute(
                "SELECT count(*) FROM vaxjo_riktning_outboxtask WHERE done_at IS NULL"
            ).fetchone()
        return int(row[0]) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--time", default="3m", help="How long the load lasts (locust's -t).")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", "3")),
        help="gunicorn's workers: compose's WEB_CONCURRENCY, 3 unless set.",
    )
    parser.add_argument(
        "--faults",
        nargs="?",
        const="worker,redis,postgres",
        default="",
        help="Inject loadtest/faults.py's faults during the load: all of them, or those named "
        "(worker,redis,postgres). Redis and PostgreSQL are the machine's: everyone sees it.",
    )
    parser.add_argument("--no-prepare", action="store_true", help="Skip migrate and collectstatic.")
    parser.add_argument("--label", default="", help="A word for the output folder's name.")
    args = parser.parse_args()
    unknown = set(filter(None, args.faults.split(","))) - KINDS
    if unknown:
        parser.error(f"--faults: unknown {', '.join(sorted(unknown))}")

    database = os.environ.get("DATABASE_URL", RUN_ENVIRONMENT["DATABASE_URL"]).rsplit("/", 1)[-1]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = ROOT / ".loadtest" / database / (stamp + (f"-{args.label}" if args.label else ""))
    out.mkdir(parents=True)
    env = environment(out)
    if not args.no_prepare:
        prepare(env)
    env["LOAD_FLOOR_PATH"] = floor_path()
    env["LOAD_RESULTS"] = str(out / "results.json")

    report = [PY, "-m", "loadtest.report", str(out)]
    subprocess.run([*report, "--before"], cwd=ROOT, env=env, check=True)
    services = Services(env, out, args.port, args.workers)
    faults = None
    try:
        services.start_worker()
        services.start_beat()
        services.start_web()
        print(f"Load: {args.users} users, {args.spawn_rate}/s, {args.time}; output in {out}")
        (out / "uptime-before.txt").write_text(subprocess.check_output(["uptime"], text=True))
        if args.faults:
            faults = Faults(
                log=out / "faults.log",
                kill_worker=services.kill_worker,
                start_worker=services.start_worker,
                kinds=frozenset(args.faults.split(",")),
            )
            faults.start()
        with (out / "locust.log").open("w") as log:
            subprocess.run(
                [str(BIN / "locust"), "-f", str(ROOT / "loadtest" / "locustfile.py"),
                 "--headless", "-u", str(args.users), "-r", str(args.spawn_rate),
                 "-t", args.time, "--host", f"http://127.0.0.1:{args.port}",
                 "--csv", str(out / "locust"), "--stop-timeout", "30", "--reset-stats",
                 "--exit-code-on-error", "0", "--loglevel", "WARNING"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        (out / "uptime-after.txt").write_text(subprocess.check_output(["uptime"], text=True))
        if faults is not None:
            faults.join(timeout=120)
    finally:
        if faults is not None:
            # Whatever happened to the fault thread, the machine's Redis is left running.
            start_redis_if_down(faults.say)
        services.stop(services.web)
        if services.worker is not None and services.worker.poll() is None:
            services.drain()
        services.stop(services.beat)
        services.stop(services.worker)
    subprocess.run(report, cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    main()
