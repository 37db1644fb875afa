"""A mixed day of Riktning's users, for locust (issue 14, "Load, measured"; issue 16's target of
300 requests/s at p95 ≤ 300 ms for 200 people at once).

Who is on it (the weights say how many of the 200 each kind is):
- leaders (the chief executive, and directors who read as she does): the overview, a unit's
  page, the rollout matrix, the follow-up;
- process owners: their cockpit, the rollout matrix, a process, the overview;
- unit editors: their unit's activities, an activity, and editing one: the form, the
  as-you-type suggestions while they type its description, and saving it (CSRF token and
  headers as htmx sends them);
- readers: goals, a goal's page, activity lists (pages, a unit, a search) and activities;
- visitors, not signed in: the job ads, an ad, and now and then an application with a small CV.
Everyone now and then fetches the static stylesheet as a browser without a cache would: that is
the floor every page is read against, measured in the same run through the same stack.

People sign in with the demo logins (demo/data/users.py, password demo.data.PASSWORD). Each demo
login signs in once and the people of that kind share its session: 200 sign-ins in the first ten
seconds would measure the password hasher (PBKDF2, on purpose slow), not a day.

Every write that answers as a success is written down (the save's marker, the application's
token and address) in the results file (LOAD_RESULTS), so that loadtest/report.py can count them
against the rows in the database afterwards.

Settings (environment): LOAD_RESULTS (the results file), LOAD_FLOOR_PATH (the static file),
LOAD_WAIT_MIN / LOAD_WAIT_MAX (seconds each person waits between requests; 0.2–0.8 by default,
so that 200 people ask for about 400 requests/s if the pages were instant: the run tests issue
16's 300 requests/s rather than modelling how long a person reads).
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import gevent.lock
from locust import FastHttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo.data import PASSWORD  # noqa: E402 (after the repository is on the path)
from demo.data.users import USERS  # noqa: E402
from loadtest import pages  # noqa: E402

SIGN_IN = "/konto/logga-in/"
FLOOR_PATH = os.environ.get("LOAD_FLOOR_PATH", "/static/css/riktning.css")
FLOOR = "static file (floor)"
RESULTS = os.environ.get("LOAD_RESULTS", "")
WAIT = between(
    float(os.environ.get("LOAD_WAIT_MIN", "0.2")), float(os.environ.get("LOAD_WAIT_MAX", "0.8"))
)
# The marker a save appends to the description: unique per save, so the report finds each
# save's history event in the database.
MARKER = re.compile(r"\s*\[lasttest [0-9a-f]{32}\]$")
# A small CV: a PDF the upload check accepts, padded to about 20 kB.
CV = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n"
    + b"%"
    + b"0" * 20_000
    + b"\n%%EOF\n"
)

# What the run did, for the report: counts, and every successful write with what identifies it.
counts: Counter[str] = Counter()
saves: list[dict[str, object]] = []
applications: list[dict[str, str]] = []
refusals: list[str] = []
# Every response time to the microsecond (locust's own statistics round to whole milliseconds,
# too coarse for a static file), and every status, by request name.
times: dict[str, list[float]] = {}
statuses: Counter[str] = Counter()
measured_from = time.time()

_sessions: dict[str, object] = {}
_sign_in_lock = gevent.lock.BoundedSemaphore()


def named(name: str, **headers: str) -> dict[str, str]:
    """The request's headers, with its name for the server's access log (loadtest/report.py
    reads the server's own time per request by it)."""
    return {"X-Load-Name": name, **headers}


def usernames(role: str) -> list[str]:
    return [row["username"] for row in USERS if row["role"] == role]


EDITOR_UNITS = {row["username"]: row["unit"] for row in USERS if row["role"] == "unit_editor"}


def _note_refusal(text: str) -> None:
    if len(refusals) < 20:
        refusals.append(text[:500])


class Person(FastHttpUser):
    """Someone with a browser: pages are asked for without following redirects (a page that
    redirects, e.g. to the sign-in, is a failure), with the CSRF token htmx sends."""

    abstract = True
    wait_time = WAIT
    csrf_token = ""

    def page(self, url: str, name: str) -> str:
        """GET a page that must answer 200; its HTML, or "" if it failed."""
        with self.client.get(
            url, name=name, headers=named(name), allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {url}")
                return ""
            html = r.text or ""
            token = pages.htmx_csrf_token(html)
            if token:
                self.csrf_token = token
            return html

    @task(1)
    def floor(self) -> None:
        self.client.get(FLOOR_PATH, name=FLOOR, headers=named(FLOOR))


class SignedIn(Person):
    abstract = True
    logins: list[str] = []

    def on_start(self) -> None:
        self.username = random.choice(self.logins)
        with _sign_in_lock:
            if self.username not in _sessions:
                _sessions[self.username] = self.sign_in()
        cookie = _sessions[self.username]
        if cookie is not None:
            self.client.cookiejar.set_cookie(copy.copy(cookie))

    def sign_in(self) -> object | None:
        html = self.page(SIGN_IN, "sign-in page")
        form = pages.parse_form(html, with_field="password")
        if form is None:
            return None
        form.set("username", self.username)
        form.set("password", PASSWORD)
        body, content_type = pages.urlencoded(form.fields)
        with self.client.post(
            SIGN_IN,
            data=body,
            headers=named(
                "sign in", **{"Content-Type": content_type, "Referer": self.host + SIGN_IN}
            ),
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"sign-in of {self.username} answered {r.status_code}")
                return None
        return next((c for c in self.client.cookiejar if c.name == "sessionid"), None)


class Leader(SignedIn):
    """The chief executive and directors who read as she does."""

    weight = 1
    logins = usernames("chief_executive")
    units: list[str] = []

    @task(6)
    def overview(self) -> None:
        html = self.page("/", "overview")
        self.units = pages.links(html, r"/enheter/[\w-]+/") or self.units

    @task(2)
    def unit(self) -> None:
        if self.units:
            self.page(random.choice(self.units), "unit page")

    @task(2)
    def rollout(self) -> None:
        self.page("/processer/utrullning/", "rollout matrix")

    @task(1)
    def followup(self) -> None:
        self.page("/uppfoljning/", "follow-up")


class ProcessOwner(SignedIn):
    weight = 2
    logins = usernames("process_owner")
    processes: list[str] = []

    @task(4)
    def cockpit(self) -> None:
        html = self.page("/processer/cockpit/", "cockpit")
        found = pages.links(html, r"/processer/(?!cockpit/|utrullning/|omraden/)[\w-]+/")
        self.processes = found or self.processes

    @task(3)
    def rollout(self) -> None:
        self.page("/processer/utrullning/", "rollout matrix")

    @task(1)
    def process(self) -> None:
        if self.processes:
            self.page(random.choice(self.processes), "process page")

    @task(2)
    def overview(self) -> None:
        self.page("/", "overview")


class Editor(SignedIn):
    """A unit editor: reads the unit's activities and edits one, with the suggestions as they
    type and the save as htmx posts it."""

    weight = 5
    logins = list(EDITOR_UNITS)
    activities: list[str] = []

    def on_start(self) -> None:
        super().on_start()
        self.unit = EDITOR_UNITS[self.username]
        self.unit_activities()

    @task(3)
    def unit_activities(self) -> None:
        page = random.choice(["", "&page=2"])
        html = self.page(f"/aktiviteter/?unit={self.unit}{page}", "activity list (own unit)")
        self.activities = pages.links(html, r"/aktiviteter/\d+/") or self.activities

    @task(4)
    def activity(self) -> None:
        if self.activities:
            self.page(random.choice(self.activities), "activity")

    @task(2)
    def edit(self) -> None:
        if not self.activities:
            return
        url = random.choice(self.activities) + "redigera/"
        html = self.page(url, "activity form")
        form = pages.parse_form(html, form_id="activity-form")
        if form is None:
            return
        htmx = {
            "HX-Request": "true",
            "HX-Current-URL": self.host + url,
            "X-CSRFToken": self.csrf_token,
            "Referer": self.host + url,
        }
        description = MARKER.sub("", form.value("description") or "")
        # Typing a new first sentence: the panel asks after each pause in typing.
        typed = "Vi utökar arbetet med fler deltagare och följer upp resultatet varje termin. "
        for end in (len(typed) // 3, 2 * len(typed) // 3, len(typed)):
            fields = [
                ("title", form.value("title") or ""),
                ("description", typed[:end] + description),
                ("owner_unit", form.value("owner_unit") or ""),
                ("_activity", form.value("_activity") or ""),
            ]
            body, content_type = pages.urlencoded(fields)
            self.client.post(
                "/aktiviteter/liknande/",
                data=body,
                headers={
                    **htmx,
                    **named("suggestions"),
                    "HX-Target": "activity-suggestions",
                    "Content-Type": content_type,
                },
                name="suggestions",
            )
        marker = uuid.uuid4().hex
        form.set("description", f"{description} [lasttest {marker}]")
        body, content_type = pages.urlencoded(form.fields)
        with self.client.post(
            url,
            data=body,
            headers={
                **htmx,
                **named("save activity"),
                "HX-Target": "activity-form",
                "Content-Type": content_type,
            },
            name="save activity",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code == 200 and r.headers.get("HX-Redirect"):
                counts["activity saves"] += 1
                saves.append({"url": url, "marker": marker})
            elif r.status_code == 200:
                # The form came back: someone saved the same activity first (the version
                # check), or a field was refused. Not an error of the server's; counted.
                counts["activity saves refused"] += 1
                summary = re.search(r'id="error-summary".*?</ul>', r.text or "", re.S)
                _note_refusal(re.sub(r"<[^>]+>|\s+", " ", summary.group(0)) if summary else url)
            else:
                r.failure(f"{r.status_code} saving {url}")


class Reader(SignedIn):
    weight = 6
    logins = usernames("reader")
    goals: list[str] = []
    activities: list[str] = []

    @task(2)
    def goal_list(self) -> None:
        html = self.page("/mal/", "goal list")
        self.goals = pages.links(html, r"/mal/\d+/") or self.goals

    @task(3)
    def goal(self) -> None:
        if self.goals:
            self.page(random.choice(self.goals), "goal page")

    @task(3)
    def activity_list(self) -> None:
        query = random.choice(["", "?page=2", "?status=ongoing", "?q=digital", "?q=trygghet"])
        html = self.page("/aktiviteter/" + query, "activity list")
        self.activities = pages.links(html, r"/aktiviteter/\d+/") or self.activities

    @task(3)
    def activity(self) -> None:
        if self.activities:
            self.page(random.choice(self.activities), "activity")


class Visitor(Person):
    """Not signed in: reads the job ads, and a few apply."""

    weight = 4
    ads: list[str] = []

    @task(3)
    def ad_list(self) -> None:
        html = self.page("/lediga-jobb/", "job ads")
        self.ads = pages.links(html, r"/lediga-jobb/\d+/") or self.ads

    @task(3)
    def ad(self) -> None:
        if self.ads:
            self.page(random.choice(self.ads), "job ad")

    @task(1)
    def apply(self) -> None:
        if not self.ads:
            return
        url = random.choice(self.ads)
        form = pages.parse_form(self.page(url, "job ad"), form_id="application-form")
        if form is None:
            return
        address = f"sokande-{uuid.uuid4().hex[:12]}@lasttest.example"
        form.set("name", "Lasttest Sökande")
        form.set("email", address)
        form.set("phone", "0470-41 00 00")
        form.set("letter", "Jag söker tjänsten eftersom jag vill arbeta i Växjö. " * 5)
        for name, values in form.unchecked_radios.items():
            form.set(name, random.choice(values))
        body, content_type = pages.multipart(
            form.fields, [(name, "cv.pdf", CV, "application/pdf") for name in form.file_inputs]
        )
        with self.client.post(
            url,
            data=body,
            headers=named("apply", **{"Content-Type": content_type, "Referer": self.host + url}),
            name="apply",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code == 302 and "/tack/" in (r.headers.get("Location") or ""):
                counts["applications"] += 1
                applications.append({"token": form.value("token") or "", "email": address})
            elif r.status_code == 429:
                counts["applications refused by a rate limit"] += 1
                r.failure("429: a rate limit of the public form")
            else:
                r.failure(f"{r.status_code} applying to {url}")


@events.request.add_listener
def record(name: str, response_time: float, response: object = None, exception=None, **_kw) -> None:
    times.setdefault(name, []).append(response_time)
    status = getattr(response, "status_code", None) if response is not None else None
    # Status 0: no answer at all (the connection failed, or nothing came within the client's
    # 60 s); otherwise the status, also when the locustfile marked it a failure.
    statuses[f"{name}|{status or 'no answer'}"] += 1


@events.spawning_complete.add_listener
def measure_from_now(**_kwargs: object) -> None:
    global measured_from
    """Once everyone is on (the runner passes --reset-stats, which clears locust's own figures
    at the same moment): the times of the ramp-up, with cold processes, are not the day's. The
    writes are kept, all of them are compared with the database."""
    times.clear()
    statuses.clear()
    measured_from = time.time()


def write_results(**_kwargs: object) -> None:
    if not RESULTS:
        return
    Path(RESULTS).write_text(
        json.dumps(
            {
                "counts": dict(counts),
                "saves": saves,
                "applications": applications,
                "refusals": refusals,
                "measured_from": measured_from,
                "statuses": dict(statuses),
                "times": times,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


events.test_stop.add_listener(write_results)
events.quitting.add_listener(write_results)
