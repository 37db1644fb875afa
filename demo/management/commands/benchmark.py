"""Measure Riktning on the current database: the pages, the suggestions while typing, the overlap
scans, the recall of the planted duplicates and the period report, each time beside a floor
measured in the same run. What it measures and writes: docs/design/benchmark.md; the figures:
docs/benchmarks.md.
"""

from __future__ import annotations

import functools
import json
import math
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation

from demo.benchmark_server import Gunicorn, HttpClient
from demo.synthetic import generator as g
from goals.models import Activity, Contribution, Goal, OverlapSuggestion
from processes.models import Process
from vaxjo_riktning.models import Role, RoleAssignment, Unit, User

# Pages in general: the median under 300 ms.
PAGE_TARGET_MS = 300
COLD_OVERVIEW = "overview, nothing cached"
OVERVIEW_AFTER_SAVE = "overview, after a save"
# Issue 12's targets at 100,000 activities, on the 95th percentile: the chief executive's
# overview with its act-on list (warm), the conflict list and the overlap queue with its cases.
OVERVIEW_TARGET_MS = 150
CONFLICT_LIST_TARGET_MS = 300
CASE_LIST_TARGET_MS = 300
CASE_TARGET_MS = 300
SUGGESTION_TARGET_MS = 100
SCAN_TARGET_S = 300
INCREMENTAL_TARGET_S = 2
INCREMENTAL_SAVES = 10
# The floor every time is read beside: a static file through the same middleware and test client.
FLOOR_FILE = "css/riktning.css"
REPORT_TARGET_S = 120
# Issue 16's targets, as the 95th percentile over the floor's median: the overview warm within
# 10 times, the suggestions 25, every other page (the overview with nothing cached too) 30.
FLOOR_RATIO_TARGETS = {"overview": 10, "suggestions (endpoint)": 25}
FLOOR_RATIO_TARGET = 30
WARM_UP = 3


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `share` of them at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(samples_ms: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(samples_ms), 1),
        "p95_ms": round(percentile(samples_ms, 0.95), 1),
        "min_ms": round(min(samples_ms), 1),
        "max_ms": round(max(samples_ms), 1),
    }


class Command(BaseCommand):
    help = (
        "Report median and 95th-percentile server time of the overview, the activity list, a "
        "goal page and the suggestions while typing, the time of a full overlap scan and the "
        "recall of the planted duplicates, and the time to build the whole group's period report "
        "(Excel and PDF), on the current database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repeat", type=int, default=30, help="Timed requests per page.")
        parser.add_argument("--skip-scan", action="store_true", help="Do not run the full scan.")
        parser.add_argument(
            "--skip-reports", action="store_true", help="Do not build the period reports."
        )
        parser.add_argument("--json", action="store_true", help="Print JSON only.")
        parser.add_argument(
            "--recall-sample",
            type=int,
            default=500,
            help="Planted pairs to look up with the suggestions (each is one similarity query).",
        )
        parser.add_argument("--planted-file", type=Path, default=None)
        parser.add_argument("--seed", type=int, default=1, help="Chooses the typed texts.")
        parser.add_argument(
            "--http",
            action="store_true",
            help="Time the pages, the suggestions and the floor through gunicorn, as production "
            "serves them (needs DEBUG off and REDIS_URL, the cache its workers share).",
        )
        parser.add_argument(
            "--workers", type=int, default=2, help="gunicorn's workers with --http (default 2)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL.")
        if options["repeat"] < 1:
            raise CommandError("--repeat must be at least 1.")
        self.quiet = options["json"]
        self.repeat = options["repeat"]
        self.rng = random.Random(options["seed"])
        self.server: Gunicorn | None = None
        if options["http"]:
            if settings.DEBUG:
                raise CommandError("--http measures production's shape: run it with DEBUG=0.")
            if not settings.REDIS_URL:
                raise CommandError(
                    "--http needs REDIS_URL: the overview with nothing cached is timed by "
                    "clearing the cache that gunicorn's workers share."
                )
        elif settings.DEBUG:
            self._say("Warning: DEBUG is on; the times are slower than in production.")

        report: dict[str, Any] = {
            "database": connection.settings_dict["NAME"],
            "debug": settings.DEBUG,
            "repeat": self.repeat,
            "cpu_count": os.cpu_count(),
            "served_by": (
                f"gunicorn, {options['workers']} workers" if options["http"] else "test client"
            ),
            "load_before": [round(x, 2) for x in os.getloadavg()],
            "counts": {
                "units": Unit.objects.count(),
                "goals": Goal.objects.count(),
                "activities": Activity.objects.count(),
                "active_activities": Activity.objects.active().count(),
                "contributions": Contribution.objects.count(),
            },
            "targets": {
                "page_ms": PAGE_TARGET_MS,
                "overview_p95_ms": OVERVIEW_TARGET_MS,
                "conflict_list_p95_ms": CONFLICT_LIST_TARGET_MS,
                "case_list_p95_ms": CASE_LIST_TARGET_MS,
                "case_p95_ms": CASE_TARGET_MS,
                "suggestions_ms": SUGGESTION_TARGET_MS,
                "scan_s": SCAN_TARGET_S,
            },
        }
        if not report["counts"]["activities"]:
            raise CommandError("The database has no activities: run generate_group first.")

        # Plain static file names: the manifest storage of production needs collectstatic,
        # which has nothing to do with server time. 'testserver' is the test client's host.
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        # The search reads the analysed texts: a generated group has none until they are made.
        report["analysis"] = self._analyse()
        # Before the pages: the overlap queue's cases, the overview's act-on list and the
        # cockpit read the pairs the scan stores, and a generated group has none until then.
        report["scan"] = None if options["skip_scan"] else self._scan()
        if options["http"]:
            # gunicorn serves the static files as the image does: collected, by hashed name.
            self._say("  collecting the static files and starting gunicorn …")
            call_command("collectstatic", interactive=False, verbosity=0)
            floor_url = staticfiles_storage.url(FLOOR_FILE)
            with Gunicorn(options["workers"]) as self.server:
                report["server"] = self.server.base
                report["floor"] = self._floor(floor_url)
                with self._test_client_settings(storages):
                    report["pages"] = self._pages()
                    report["suggestions"] = self._suggestions()
            self.server = None
        else:
            with self._test_client_settings(storages):
                report["floor"] = self._floor(settings.STATIC_URL + FLOOR_FILE)
                report["pages"] = self._pages()
                report["suggestions"] = self._suggestions()
        self._add_floor_ratios(report)
        report["period_reports"] = None if options["skip_reports"] else self._period_reports()
        planted_path = options["planted_file"] or g.default_planted_file()
        pairs = g.read_planted(planted_path)
        report["incremental"] = self._incremental()
        report["recall"] = self._recall(pairs, options["recall_sample"], planted_path)
        report["recall"]["scan_ran"] = not options["skip_scan"]
        report["load_after"] = [round(x, 2) for x in os.getloadavg()]

        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self._print(report)

    def _test_client_settings(self, storages: dict) -> override_settings:
        """The settings the test client needs ('testserver' is its host); with --http, the
        query counts are still read in-process through it."""
        return override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            STORAGES=storages,
            WHITENOISE_USE_FINDERS=True,
        )

    def _say(self, message: str) -> None:
        if not self.quiet:
            self.stderr.write(message)

    # --- pages ------------------------------------------------------------------------------------

    def _client(self, username: str, role: Role) -> Client:
        user = User.objects.filter(username=username).first()
        if user is None:
            assignment = RoleAssignment.objects.filter(role=role).select_related("user").first()
            if assignment is None:
                raise CommandError(f"No user with the role {role.label}: run generate_group first.")
            user = assignment.user
        client = Client()
        client.force_login(user)
        # Swedish, as every user sees it by default.
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
        return client

    def _browser(self, client: Client) -> Client | HttpClient:
        """Who requests the timed pages: the test client itself, or with --http a client of
        gunicorn's signed in by the test client's session."""
        if self.server is None:
            return client
        return HttpClient(
            self.server.base,
            {
                settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
                settings.LANGUAGE_COOKIE_NAME: "sv",
            },
        )

    def _warm_up(self) -> int:
        """Requests before the timed ones: each of gunicorn's workers warms up on its own."""
        return WARM_UP if self.server is None else max(WARM_UP, 2 * self.server.workers)

    def _time(
        self,
        request: Callable[[], Any],
        counted: Callable[[], Any] | None = None,
        prepare: Callable[[], Any] | None = None,
    ) -> tuple[list[float], int]:
        """Time `request` after warming it up, and count the SQL queries of one more request
        made in-process (`counted`, the same request through the test client with --http,
        whose queries gunicorn's workers make out of sight). `prepare` runs before each
        request, untimed and uncounted (emptying the cache, changing an activity)."""
        prepare = prepare or (lambda: None)
        for _ in range(self._warm_up()):
            prepare()
            response = request()
            if response.status_code != 200:
                raise CommandError(f"The page answered {response.status_code}.")
        samples = []
        for _ in range(self.repeat):
            prepare()
            started = time.perf_counter()
            request()
            samples.append((time.perf_counter() - started) * 1000)
        prepare()
        with CaptureQueriesContext(connection) as queries:
            (counted or request)()
        return samples, len(queries)

    def _analyse(self) -> dict[str, Any]:
        """Analyse the texts that have no analysis yet (all of them after generate_group or a
        bulk import; none on a later run), as the first scan after such a load would."""
        from goals.overlap import documents

        self._say("  analysing texts without analysis …")
        started = time.perf_counter()
        analysed = documents.refresh()
        return {"activities": analysed, "seconds": round(time.perf_counter() - started, 1)}

    def _floor(self, url: str) -> dict[str, float]:
        """What the framework itself costs: a static file through the same stack (the test
        client and the middleware, or gunicorn and whitenoise)."""
        self._say("  timing the floor (a static file) …")
        client = Client() if self.server is None else HttpClient(self.server.base, {})
        path = "/" + url.lstrip("/")
        samples, _ = self._time(lambda: client.get(path))
        return {"url": url, **summary(samples)}

    def _pages(self) -> dict[str, dict]:
        client = self._client(g.CHIEF_USERNAME, Role.CHIEF_EXECUTIVE)
        # The council goal with the most activities, and the administration or company with the
        # most activities: the heaviest of each.
        goal = (
            Goal.objects.council_goals()
            .annotate(n=Count("contributions", distinct=False))
            .order_by("-n", "pk")
            .first()
        ) or Goal.objects.order_by("pk").first()
        top_unit = (
            Unit.objects.top_level().annotate(n=Count("activities")).order_by("-n", "pk").first()
        )
        word = self._common_word()
        activity_list = reverse("goals:activity_list")
        conflict_list = reverse("goals:conflict_list")
        case_list = reverse("goals:overlap_list")
        # (name, url, query, target): a target in ms on the p95, or None for PAGE_TARGET_MS on
        # the median.
        pages: list[tuple[str, str, dict[str, str], int | None]] = [
            ("overview", reverse("overview"), {}, OVERVIEW_TARGET_MS),
            # The first visit after any change to the group: nothing cached (see
            # vaxjo_riktning.selectors.overview).
            (COLD_OVERVIEW, reverse("overview"), {}, None),
            # The first visit after an editor saved an activity: what the save changed is
            # worked out again, the rest (the rollout's heat map, say) comes from the cache.
            (OVERVIEW_AFTER_SAVE, reverse("overview"), {}, None),
            ("activity list", activity_list, {}, None),
            ("activity list, page 3", activity_list, {"page": "3"}, None),
            (
                "activity list, unit + status",
                activity_list,
                {"unit": top_unit.slug, "status": Activity.Status.ONGOING} if top_unit else {},
                None,
            ),
            ("activity list, goal", activity_list, {"goal": str(goal.pk)} if goal else {}, None),
            (f"activity list, q={word}", activity_list, {"q": word}, None),
            ("goal list", reverse("goals:goal_list"), {}, None),
            ("goal page (council goal)", reverse("goals:goal_detail", args=[goal.pk]), {}, None),
            # Conflicts of both kinds (raised, and self-declared "counteracts"), unsettled, the
            # most money at stake first; then filtered as a unit's manager would.
            ("conflict list", conflict_list, {}, CONFLICT_LIST_TARGET_MS),
            (
                "conflict list, unit + open",
                conflict_list,
                {"unit": top_unit.slug, "status": "oppna"} if top_unit else {},
                CONFLICT_LIST_TARGET_MS,
            ),
            (
                "conflict list, goal",
                conflict_list,
                {"goal": str(goal.pk)} if goal else {},
                CONFLICT_LIST_TARGET_MS,
            ),
            # The overlap queue: its open cases first, then the pairs not in a case.
            ("overlap cases and pairs", case_list, {}, CASE_LIST_TARGET_MS),
        ]
        largest_case = self._largest_case()
        if largest_case is not None:
            pages.append(
                (
                    "overlap case (largest)",
                    reverse("goals:overlap_case", args=[largest_case]),
                    {},
                    CASE_TARGET_MS,
                )
            )
        if top_unit:
            pages.append(
                ("unit page", reverse("unit_detail", kwargs={"slug": top_unit.slug}), {}, None)
            )
        # The group-wide processes, as a process owner sees them: the rollout matrix with the
        # cells they may change, and their cockpit (every activity of their processes).
        owner = self._client(g.PROCESS_OWNER_USERNAME, Role.PROCESS_OWNER)
        busiest = Process.objects.annotate(n=Count("activities")).order_by("-n", "pk").first()
        owner_pages: list[tuple[str, str, dict[str, str], int | None]] = [
            ("rollout matrix", reverse("processes:rollout"), {}, None),
            ("process owner's cockpit", reverse("processes:cockpit"), {}, None),
            ("process owner's cockpit, page 3", reverse("processes:cockpit"), {"page": "3"}, None),
        ]
        if busiest:
            owner_pages.append(("process page", busiest.get_absolute_url(), {}, None))
        results = {}
        browsers = {client: self._browser(client), owner: self._browser(owner)}
        for name, url, params, target, who in [(*page, client) for page in pages] + [
            (*page, owner) for page in owner_pages
        ]:
            self._say(f"  timing {name} …")

            def request(who, url=url, params=params):
                return who.get(url, params)

            # Timed as the browser asks (gunicorn with --http), counted through the test client.
            samples, queries = self._time(
                functools.partial(request, browsers[who]),
                functools.partial(request, who),
                prepare={COLD_OVERVIEW: cache.clear, OVERVIEW_AFTER_SAVE: self._change}.get(name),
            )
            stats = summary(samples)
            results[name] = {
                "url": url
                + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""),
                **stats,
                "queries": queries,
                "target_ms": target or PAGE_TARGET_MS,
                "target_on": "p95" if target else "median",
                "met": stats["p95_ms"] <= target
                if target
                else statistics.median(samples) < PAGE_TARGET_MS,
            }
        self._change(back=True)  # the budget as it was
        return results

    def _add_floor_ratios(self, report: dict[str, Any]) -> None:
        """Each page's and the suggestion endpoint's p95 over the floor's median, beside its
        target (FLOOR_RATIO_TARGETS)."""
        floor = max(report["floor"]["median_ms"], 0.001)
        timed = {**report["pages"], "suggestions (endpoint)": report["suggestions"]["endpoint"]}
        for name, data in timed.items():
            target = FLOOR_RATIO_TARGETS.get(name, FLOOR_RATIO_TARGET)
            data["floor_ratio"] = round(data["p95_ms"] / floor, 1)
            data["floor_ratio_target"] = target
            data["floor_ratio_met"] = data["floor_ratio"] <= target

    @functools.cached_property
    def _changed_activity(self) -> int | None:
        """The activity _change() changes: the first active one with a budget and goals."""
        return (
            Activity.objects.active()
            .filter(budget_sek__isnull=False, contributions__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )

    def _change(self, *, back: bool = False) -> None:
        """An editor's change to an activity, as the database sees it: the budget of
        _changed_activity goes up by one krona and, the next time, back (with ``back``: back,
        if it is up). Its history event changes the overview's fingerprints, and the database's
        triggers rewrite its cells, its duplicate case and the kept counts, as after a save."""
        up = getattr(self, "_budget_up", False)
        if self._changed_activity is None or (back and not up):
            return
        step = -1 if up else 1
        Activity.objects.filter(pk=self._changed_activity).update(budget_sek=F("budget_sek") + step)
        self._budget_up = not up

    def _largest_case(self) -> int | None:
        """The open overlap case with the most pairs (see goals.overlap.cases), if the scan has
        stored any."""
        from goals.overlap import cases

        keys = cases.case_keys_with_several_pairs(OverlapSuggestion.objects.open())
        if not keys:
            return None
        largest = (
            OverlapSuggestion.objects.open()
            .filter(case_key__in=keys)
            .values("case_key")
            .annotate(n=Count("pk"))
            .order_by("-n", "case_key")
            .first()
        )
        return largest["case_key"] if largest else None

    def _common_word(self) -> str:
        """A word someone searching the list would type: the most common title noun of the
        synthetic vocabulary that is in the database."""
        for word in ("cykelvägar", "ledarutvecklingsprogram", "matsvinn", "trygghet"):
            if Activity.objects.filter(title__icontains=word).exists():
                return word
        return "plan"

    # --- suggestions while typing -----------------------------------------------------------------

    def _typed_texts(self, n: int) -> list[tuple[str, str]]:
        """What an editor has typed when the suggestions are asked for: the title and the first
        sentence of an existing activity's description, each a different one."""
        ids = list(Activity.objects.active().values_list("pk", flat=True).order_by("pk"))
        chosen = self.rng.sample(ids, min(n, len(ids)))
        texts = []
        for title, description in Activity.objects.filter(pk__in=chosen).values_list(
            "title", "description"
        ):
            texts.append((title, description.split(". ")[0]))
        while len(texts) < n:
            texts.append(texts[len(texts) % max(1, len(texts))])
        return texts

    def _suggestions(self) -> dict[str, Any]:
        from goals.overlap import search as similarity

        client = self._client(g.EDITOR_USERNAME, Role.UNIT_EDITOR)
        editor = User.objects.get(pk=client.session["_auth_user_id"])
        unit_id = next(
            (a.unit_id for a in editor.role_assignments.all() if a.unit_id is not None), None
        )
        url = reverse("goals:activity_suggestions")
        texts = self._typed_texts(self._warm_up() + self.repeat + 1)
        result: dict[str, Any] = {"target_ms": SUGGESTION_TARGET_MS}

        self._say("  timing suggestions (endpoint) …")
        queue = iter(texts)
        browser = self._browser(client)

        def post(who=browser):
            title, description = next(queue)
            return who.post(
                url, {"title": title, "description": description, "owner_unit": unit_id or ""}
            )

        samples, queries = self._time(post, lambda: post(client))
        result["endpoint"] = {
            "url": url,
            **summary(samples),
            "queries": queries,
            "met": percentile(samples, 0.95) <= SUGGESTION_TARGET_MS,
        }

        self._say("  timing similar_activities() …")
        queue2 = iter(texts)
        samples = []
        for i in range(WARM_UP + self.repeat):
            title, description = next(queue2)
            started = time.perf_counter()
            similarity.similar_activities(title=title, description=description, unit=unit_id)
            if i >= WARM_UP:
                samples.append((time.perf_counter() - started) * 1000)
        result["function"] = {
            **summary(samples),
            "met": percentile(samples, 0.95) <= SUGGESTION_TARGET_MS,
        }
        return result

    # --- the period report ------------------------------------------------------------------------

    def _period_reports(self) -> dict[str, Any] | None:
        """Build the period report of the period with the most status reports, once each: the
        whole group as Excel and as PDF, and the largest administration or company as PDF, as
        the background job does (in Swedish), without storing the file."""
        from goals.followup.models import ActivityReport, ReportingPeriod
        from goals.followup.pdf import period_report_pdf
        from goals.followup.workbook import period_report_workbook

        busiest = (
            ActivityReport.objects.values("period_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "-period_id")
            .first()
        )
        if busiest is None:
            return None
        period = ReportingPeriod.objects.get(pk=busiest["period_id"])
        largest = (
            Unit.objects.top_level()
            .annotate(n=Count("activities__reports", filter=Q(activities__reports__period=period)))
            .order_by("-n", "pk")
            .first()
        )
        builds: list[tuple[str, Callable[[], bytes]]] = [
            ("whole group, Excel", lambda: period_report_workbook(period=period)),
            ("whole group, PDF", lambda: period_report_pdf(period=period)),
        ]
        if largest is not None:
            builds.append(
                (
                    f"largest unit ({largest.n} activities), PDF",
                    lambda: period_report_pdf(period=period, unit=largest),
                )
            )
        result: dict[str, Any] = {
            "period": str(period),
            "status_reports": busiest["n"],
            "target_s": REPORT_TARGET_S,
            "builds": {},
        }
        for name, build in builds:
            self._say(f"  building the period report: {name} …")
            with translation.override("sv"), CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                content = build()
                seconds = time.perf_counter() - started
            result["builds"][name] = {
                "seconds": round(seconds, 1),
                "queries": len(queries),
                "bytes": len(content),
                "met": seconds < REPORT_TARGET_S,
            }
        return result

    # --- the full scan ----------------------------------------------------------------------------

    def _scan(self) -> dict[str, Any]:
        from goals.overlap.scan import overlap_scan

        self._say("  running the full overlap scan …")
        started = time.perf_counter()
        scan = overlap_scan()
        seconds = time.perf_counter() - started
        return {
            "seconds": round(seconds, 1),
            "pairs_compared": scan.pairs_compared,
            "suggestions_created": scan.suggestions_created,
            "suggestions_updated": getattr(scan, "suggestions_updated", None),
            "suggestions_total": OverlapSuggestion.objects.count(),
            "target_s": SCAN_TARGET_S,
            "met": seconds < SCAN_TARGET_S,
        }

    def _incremental(self) -> dict[str, Any]:
        """What follows an editor's save: the activity is saved with changed text (its analysis
        is written with it) and scanned against all others, as the task queued on commit does.
        Each inside a transaction that is rolled back, so the data stays as generated."""
        from goals.overlap.scan import overlap_scan
        from goals.overlap.text import DICTIONARY

        self._say(f"  timing {INCREMENTAL_SAVES} saves with their incremental scan …")
        ids = list(Activity.objects.active().values_list("pk", flat=True).order_by("pk"))
        samples = []
        # The worker that runs the scan, and the web worker that analyses the saved text, load
        # the Swedish word forms as they start (vaxjo_riktning/wsgi.py, celery.py): so does
        # this process, rather than timing the load (about 3 s) as the first save's.
        DICTIONARY.load()
        for pk in self.rng.sample(ids, min(INCREMENTAL_SAVES, len(ids))):
            with transaction.atomic():
                started = time.perf_counter()
                activity = Activity.objects.get(pk=pk)
                activity.description = f"{activity.description} Utökas under året."
                activity.save()
                overlap_scan(activity_ids=[pk])
                samples.append((time.perf_counter() - started) * 1000)
                transaction.set_rollback(True)
        stats = summary(samples)
        return {
            **stats,
            "target_s": INCREMENTAL_TARGET_S,
            "met": stats["p95_ms"] <= INCREMENTAL_TARGET_S * 1000,
        }

    # --- recall of the planted duplicates ---------------------------------------------------------

    def _recall(self, pairs: list[dict], sample: int, path: Path) -> dict[str, Any]:
        from goals.overlap import search as similarity

        result: dict[str, Any] = {"planted_file": str(path), "planted_pairs": len(pairs)}
        if not pairs:
            result["note"] = "No planted pairs found for this database: run generate_group."
            return result
        found = 0
        for pair in pairs:
            a, b = sorted((pair["original"], pair["copy"]))
            found += OverlapSuggestion.objects.filter(activity_a_id=a, activity_b_id=b).exists()
        result["scan_found"] = found
        result["scan_recall"] = round(found / len(pairs), 3)

        chosen = pairs if sample >= len(pairs) else self.rng.sample(pairs, sample)
        originals = {
            a.pk: a
            for a in Activity.objects.filter(pk__in=[p["original"] for p in chosen]).only(
                "pk", "title", "description", "owner_unit_id"
            )
        }
        self._say(f"  looking up {len(chosen)} planted originals with similar_activities() …")
        in_top10 = 0
        samples = []
        for pair in chosen:
            original = originals[pair["original"]]
            started = time.perf_counter()
            matches = similarity.similar_activities(
                title=original.title,
                description=original.description,
                unit=original.owner_unit_id,
                exclude_activity_id=original.pk,
                limit=10,
            )
            samples.append((time.perf_counter() - started) * 1000)
            in_top10 += any(m.activity.pk == pair["copy"] for m in matches)
        result["suggestions_checked"] = len(chosen)
        result["suggestions_top10"] = in_top10
        result["suggestions_recall_top10"] = round(in_top10 / len(chosen), 3)
        result["similar_activities_full_text"] = summary(samples)
        return result

    # --- the table --------------------------------------------------------------------------------

    def _print(self, report: dict[str, Any]) -> None:
        write = self.stdout.write
        counts = report["counts"]
        write(
            f"Database {report['database']}: {counts['units']} units, {counts['goals']} goals, "
            f"{counts['activities']} activities ({counts['active_activities']} active), "
            f"{counts['contributions']} contributions. {report['cpu_count']} CPUs, load "
            f"{report['load_before']} before, {report['load_after']} after; DEBUG "
            f"{'on' if report['debug'] else 'off'}; {report['repeat']} timed requests each, "
            f"served by {report['served_by']}."
        )
        write("")
        floor = report["floor"]
        write(
            f"Floor, the static file {floor['url']}: median {floor['median_ms']:.1f} ms, "
            f"p95 {floor['p95_ms']:.1f} ms. 'x floor' is the p95 over the floor's median, "
            f"beside its target ('≤x')."
        )
        write("")
        write(
            f"{'what':<36} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'target':>8}  met"
            f" {'x floor':>8} {'≤x':>4}  met"
        )
        rows = [(name, data) for name, data in report["pages"].items()]
        rows.append(("suggestions (endpoint)", report["suggestions"]["endpoint"]))
        rows.append(("similar_activities() alone", report["suggestions"]["function"]))
        for name, data in rows:
            target = data.get("target_ms") or report["suggestions"]["target_ms"]
            # "<300": the median under 300 ms; "p95≤150": the 95th percentile at most 150 ms.
            shown = f"p95≤{target}" if data.get("target_on") == "p95" else f"<{target}"
            write(
                f"{name[:36]:<36} {data['median_ms']:>10.1f} {data['p95_ms']:>8.1f} "
                f"{data.get('queries', '–')!s:>8} {shown:>8}  "
                f"{'yes' if data['met'] else 'NO ':<3} "
                f"{data['p95_ms'] / max(floor['median_ms'], 0.001):>8.0f}"
                + (
                    f" {data['floor_ratio_target']:>4}  "
                    f"{'yes' if data['floor_ratio_met'] else 'NO'}"
                    if "floor_ratio_target" in data
                    else ""
                )
            )
        write("")
        reports = report.get("period_reports")
        if reports:
            write(
                f"Period report {reports['period']} ({reports['status_reports']} status reports), "
                f"built once each (target < {reports['target_s']} s):"
            )
            for name, data in reports["builds"].items():
                write(
                    f"  {name:<44} {data['seconds']:>8.1f} s {data['queries']:>4} queries "
                    f"{data['bytes'] / 1024:>8.0f} KiB  {'yes' if data['met'] else 'NO'}"
                )
        elif reports is None and "period_reports" in report:
            write("Period report: skipped (--skip-reports, or no status reports).")
        write("")
        scan = report["scan"]
        if scan:
            write(
                f"Full overlap scan: {scan['seconds']:.1f} s (target < {scan['target_s']} s: "
                f"{'yes' if scan['met'] else 'NO'}), {scan['pairs_compared']} pairs compared, "
                f"{scan['suggestions_created']} suggestions created, "
                f"{scan['suggestions_total']} stored."
            )
        else:
            write("Full overlap scan: skipped (--skip-scan).")
        analysis = report["analysis"]
        write(
            f"Texts analysed before timing (once after a bulk load): {analysis['activities']} "
            f"in {analysis['seconds']:.1f} s."
        )
        inc = report["incremental"]
        write(
            f"A save with its incremental scan: median {inc['median_ms']:.0f} ms, p95 "
            f"{inc['p95_ms']:.0f} ms (target p95 < {inc['target_s']} s: "
            f"{'yes' if inc['met'] else 'NO'})."
        )
        recall = report["recall"]
        if "note" in recall:
            write(f"Recall: {recall['note']}")
        else:
            source = "the scan" if recall["scan_ran"] else "the stored suggestions (scan skipped)"
            write(
                f"Planted duplicates found by {source}: {recall['scan_found']} of "
                f"{recall['planted_pairs']} ({recall['scan_recall']:.1%})."
            )
            write(
                f"Planted partner in the top 10 of similar_activities(original's text): "
                f"{recall['suggestions_top10']} of {recall['suggestions_checked']} "
                f"({recall['suggestions_recall_top10']:.1%}); those look-ups took median "
                f"{recall['similar_activities_full_text']['median_ms']:.0f} ms, p95 "
                f"{recall['similar_activities_full_text']['p95_ms']:.0f} ms."
            )
