"""What a load run measured, and whether every write that answered as a success is in the
database: `python -m loadtest.report OUT` (loadtest/run calls it; `--before` notes the database's
state before the load).

Prints, and writes to OUT/summary.md: requests per second, median, p95, p99 and errors over
all requests, the static file's median (the floor) and each page's median and p95 beside it
with the ratio; the 5xx answers by page and when (the access log), the tracebacks of the web
processes, and the writes: activity saves and applications that answered as a success against
their history events and rows, and the applicants' confirmation mails in the worker's log
(exactly one each).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

FLOOR = "static file (floor)"


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile, as `manage.py benchmark` reads it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaxjo_riktning.settings")
    import django

    django.setup()


def before(out: Path) -> None:
    _django()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(pgh_id), 0) FROM goals_activityevent")
        (event,) = cursor.fetchone()
        cursor.execute("SELECT coalesce(max(id), 0) FROM recruitment_application")
        (application,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM goals_activity")
        (activities,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM vaxjo_riktning_unit")
        (units,) = cursor.fetchone()
    state = {
        "at": dt.datetime.now(dt.UTC).isoformat(),
        "activity_event": event,
        "application": application,
        "activities": activities,
        "units": units,
    }
    (out / "before.json").write_text(json.dumps(state))


def database_writes(out: Path, results: dict) -> list[str]:
    """The successful writes against the rows; and rows the load wrote that no success
    announced (a write committed while its answer said it failed)."""
    _django()
    from django.db import connection

    state = json.loads((out / "before.json").read_text())
    lines = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT substring(description from '\\[lasttest ([0-9a-f]{32})\\]$') "
            "FROM goals_activityevent WHERE pgh_id > %s AND description ~ '\\[lasttest '",
            [state["activity_event"]],
        )
        in_database = Counter(marker for (marker,) in cursor.fetchall() if marker)
        cursor.execute(
            "SELECT submission_token::text, id FROM recruitment_application "
            "WHERE id > %s AND email LIKE %s",
            [state["application"], "%@lasttest.example"],
        )
        application_rows = cursor.fetchall()
    answered = {save["marker"] for save in results["saves"]}
    missing = answered - set(in_database)
    unannounced = set(in_database) - answered
    lines.append(
        f"- activity saves answered as saved: {len(answered)}; their history events in the "
        f"database: {len(answered) - len(missing)} (missing: {len(missing)}); saves in the "
        f"database that answered otherwise: {len(unannounced)}"
    )
    tokens = {a["token"] for a in results["applications"]}
    rows = {token for token, _ in application_rows}
    lines.append(
        f"- applications answered with the thanks page: {len(tokens)}; rows: "
        f"{len(tokens & rows)} (missing: {len(tokens - rows)}); rows whose answer was not the "
        f"thanks page: {len(rows - tokens)}"
    )
    # Each confirmation carries a Message-ID made from its application (vaxjo_riktning.mail):
    # the log hides the addresses, so the mails are counted by it.
    from vaxjo_riktning.mail import message_id

    worker_log = out / "worker.log"
    mails = Counter(
        re.findall(r"^Message-ID: (<[0-9a-f]+@[^>]+>)", worker_log.read_text(), re.M)
        if worker_log.exists()
        else []
    )
    sent = [mails[message_id(f"application-confirmation:{pk}")] for _, pk in application_rows]
    lines.append(
        f"- confirmation mails (worker log): {sent.count(1)} of {len(sent)} applicants got "
        f"exactly one; none: {sent.count(0)}; more than one: {sum(1 for n in sent if n > 1)}"
    )
    return lines


def server_errors(out: Path) -> list[str]:
    lines = []
    access = out / "access.log"
    if access.exists():
        errors: Counter[str] = Counter()
        moments: dict[str, list[str]] = {}
        pattern = re.compile(r'\[([^\]]+)\] "(\w+) ([^ ?"]+)[^"]*" (5\d\d) ')
        for line in access.read_text().splitlines():
            match = pattern.search(line)
            if match:
                when, method, path, status = match.groups()
                path = re.sub(r"/\d+/", "/<id>/", path)
                key = f"{status} {method} {path}"
                errors[key] += 1
                # gunicorn writes the process's local time (Django sets TIME_ZONE): say UTC.
                moment = dt.datetime.strptime(when, "%d/%b/%Y:%H:%M:%S %z").astimezone(dt.UTC)
                moments.setdefault(key, []).append(f"{moment:%H:%M:%S}")
        lines.append(f"- 5xx answers in the access log: {sum(errors.values())}")
        for key, n in errors.most_common():
            times = moments[key]
            lines.append(f"  - {n} × {key} ({times[0]}–{times[-1]} UTC)")
    web = out / "web.log"
    if web.exists():
        # Each 500 Django logged, by the exception it ended with (the last of a chain: "during
        # handling of the above" blocks before it are its causes).
        exceptions: Counter[str] = Counter()
        for entry in web.read_text().split("\nInternal Server Error: ")[1:]:
            raised = re.findall(r"^([\w.]+(?:Error|Exception)\b.*)$", entry, re.M)
            if raised:
                exceptions[raised[-1]] += 1
        lines.append(
            f"- 500s logged by Django, by their last exception: {sum(exceptions.values())}"
        )
        for exception, n in exceptions.most_common(10):
            lines.append(f"  - {n} × {exception[:300]}")
    faults = out / "faults.log"
    if faults.exists():
        lines.append("- faults injected (UTC):")
        lines.extend(f"  - {line}" for line in faults.read_text().splitlines())
    return lines


ACCESS_LINE = re.compile(r'\[([^\]]+)\] "[^"]*" (\d{3}) .* "([^"]*)" (\d+)$')


def server_times(out: Path, since: float) -> dict[str, list[float]]:
    """The time gunicorn's worker spent on each request (ms), by the request's name, from the
    moment the figures are taken: what a page costs, without the wait for a free worker."""
    found: dict[str, list[float]] = {}
    access = out / "access.log"
    if not access.exists():
        return found
    for line in access.read_text().splitlines():
        match = ACCESS_LINE.search(line)
        if not match or match.group(3) in ("", "-"):
            continue
        when = dt.datetime.strptime(match.group(1), "%d/%b/%Y:%H:%M:%S %z").timestamp()
        if when >= since - 1:
            found.setdefault(match.group(3), []).append(int(match.group(4)) / 1000)
    return found


def summary(out: Path) -> str:
    results = json.loads((out / "results.json").read_text())
    state = json.loads((out / "before.json").read_text())
    with (out / "locust_stats.csv").open() as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    total = rows["Aggregated"]
    times: dict[str, list[float]] = results["times"]
    everything = [t for samples in times.values() for t in samples]
    floor = statistics.median(times[FLOOR]) if times.get(FLOOR) else float("nan")
    uptime_before = (out / "uptime-before.txt").read_text().strip()
    uptime_after = (out / "uptime-after.txt").read_text().strip()
    lines = [
        f"Run {out.name}: {state['units']} units, {state['activities']} activities; "
        f"load before: {uptime_before.split('load average: ')[-1]}, after: "
        f"{uptime_after.split('load average: ')[-1]}",
        "",
        f"- requests: {total['Request Count']}, {float(total['Requests/s']):.0f}/s; median "
        f"{statistics.median(everything):.0f} ms, p95 {percentile(everything, 0.95):.0f} ms, "
        f"p99 {percentile(everything, 0.99):.0f} ms; failures (locust): {total['Failure Count']}",
        f"- static file (the floor): median {floor:.1f} ms, "
        f"p95 {percentile(times[FLOOR], 0.95):.1f} ms"
        if times.get(FLOOR)
        else "- no floor",
        "",
        "Each request as the user saw it (locust; waiting for a free worker included) and as the "
        "server spent it (gunicorn's worker; the wait not included), each beside the static "
        "file's median of the same kind in the same run:",
        "",
        "| request | count | failures | median | p95 | p99 | p95 / floor | server median | "
        "server p95 | server p95 / server floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    server = server_times(out, results.get("measured_from", 0))
    server_floor = statistics.median(server[FLOOR]) if server.get(FLOOR) else float("nan")
    lines.insert(4, f"- the static file as the server spent it: median {server_floor:.2f} ms")
    since = dt.datetime.fromtimestamp(results.get("measured_from", 0), dt.UTC)
    lines.insert(5, f"- figures from {since:%H:%M:%S} UTC, when all users were on")
    order = sorted(times, key=lambda name: -len(times[name]))
    for name in order:
        samples = times[name]
        failures = rows.get(name, {}).get("Failure Count", "?")
        median, p95, p99 = (
            statistics.median(samples),
            percentile(samples, 0.95),
            percentile(samples, 0.99),
        )
        spent = server.get(name) or [float("nan")]
        s_median, s_p95 = statistics.median(spent), percentile(spent, 0.95)
        lines.append(
            f"| {name} | {len(samples)} | {failures} | {median:.0f} ms | {p95:.0f} ms | "
            f"{p99:.0f} ms | {p95 / floor:.0f} | {s_median:.1f} ms | {s_p95:.1f} ms | "
            f"{s_p95 / server_floor:.0f} |"
        )
    counts = results["counts"]
    lines += ["", "Writes:"]
    lines += [f"- {name}: {n}" for name, n in sorted(counts.items())]
    lines += database_writes(out, results)
    if results["refusals"]:
        lines.append(f"- first refusals of a save: {results['refusals'][:3]}")
    statuses = Counter()
    for key, n in results["statuses"].items():
        name, status = key.rsplit("|", 1)
        if not status.startswith("2") and not status.startswith("3"):
            statuses[f"{status} {name}"] += n
    lines += ["", "Answers other than 2xx/3xx, by request:"]
    lines += [f"- {n} × {key}" for key, n in statuses.most_common()] or ["- none"]
    lines += ["", "Server side:"]
    lines += server_errors(out)
    return "\n".join(lines)


def main() -> None:
    out = Path(sys.argv[1])
    if "--before" in sys.argv[2:]:
        before(out)
        return
    text = summary(out)
    (out / "summary.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
