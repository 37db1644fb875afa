"""Faults injected during the load (issue 14: worker killed and restarted, Redis restarted,
PostgreSQL restarted), each at a fixed second of the run and logged with its UTC time, so that a
500 in the access log can be put beside the fault it fell in.

Redis and PostgreSQL are the machine's own (127.0.0.1:6379, cluster 15/main): restarting them
touches everyone on the machine, so `loadtest/run --faults` is for a run agreed with the others.
Redis is restarted with the command line .ci/run starts it with, and nothing is flushed: it is
shut down with `nosave` and comes back empty (it keeps no data on disk there).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

REDIS_START = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/tmp",
    "--logfile",
    "/tmp/riktning-ci-redis.log",
]
REDIS_DOWN_SECONDS = 10
POSTGRES_RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"]
WORKER_DOWN_SECONDS = 10
KINDS = frozenset({"worker", "redis", "postgres"})


def _redis_answers() -> bool:
    done = subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping"], capture_output=True, text=True
    )
    return done.returncode == 0 and "PONG" in done.stdout


def start_redis_if_down(say: Callable[[str], None]) -> None:
    """Start the machine's Redis as .ci/run does if it does not answer; wait until it does. Tried
    three times: the others on the machine need it back whatever went wrong."""
    for attempt in range(3):
        if _redis_answers():
            return
        # No pipes: the daemon must not hold one of ours open.
        done = subprocess.run(
            REDIS_START, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10
        )
        for _ in range(50):
            if _redis_answers():
                say(f"redis: started again, answers (attempt {attempt + 1})")
                return
            time.sleep(0.1)
        say(f"redis: start attempt {attempt + 1} failed (exit {done.returncode})")
    say("redis: NOT answering after three starts")


def restart_redis(say: Callable[[str], None]) -> None:
    """Down for REDIS_DOWN_SECONDS, then started as .ci/run starts it; waits until it answers."""
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"])
    for _ in range(50):
        if not _redis_answers():
            break
        time.sleep(0.1)
    say("redis: shut down (nosave)")
    time.sleep(REDIS_DOWN_SECONDS)
    start_redis_if_down(say)


def restart_postgres(say: Callable[[str], None]) -> None:
    say("postgresql: restart begins")
    # No pipes, as for Redis: the new postmaster must not hold one of ours open.
    done = subprocess.run(
        POSTGRES_RESTART, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120
    )
    say(f"postgresql: restart ended (exit {done.returncode})")


class Faults(threading.Thread):
    """At `at` seconds after start: kill the worker (and start it again WORKER_DOWN_SECONDS
    later), restart Redis, restart PostgreSQL."""

    def __init__(
        self,
        *,
        log: Path,
        kill_worker: Callable[[], None],
        start_worker: Callable[[], None],
        at: tuple[int, int, int] = (30, 70, 120),
        kinds: frozenset[str] = KINDS,
    ) -> None:
        super().__init__(daemon=True)
        self.kinds = kinds
        self.log = log
        self.kill_worker = kill_worker
        self.start_worker = start_worker
        self.at = at
        self.started = time.monotonic()

    def say(self, message: str) -> None:
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        with self.log.open("a") as out:
            out.write(f"{now}Z {message}\n")
        print(f"  fault {now}Z {message}", flush=True)

    def _wait_until(self, second: int) -> None:
        time.sleep(max(0.0, self.started + second - time.monotonic()))

    def run(self) -> None:
        worker_at, redis_at, postgres_at = self.at
        if "worker" in self.kinds:
            self._wait_until(worker_at)
            self.kill_worker()
            self.say("worker: killed (SIGKILL to the main process and its children)")
            time.sleep(WORKER_DOWN_SECONDS)
            self.start_worker()
            self.say("worker: started again")
        if "redis" in self.kinds:
            self._wait_until(redis_at)
            restart_redis(self.say)
        if "postgres" in self.kinds:
            self._wait_until(postgres_at)
            restart_postgres(self.say)
