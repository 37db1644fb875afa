"""Load the Växjö demo group: units, process areas, the goal chain with indicators, 160 activities,
three conflicts raised between units and one demo login per role.

Idempotent: rows are found by their natural keys (unit and process slugs, goal codes, usernames,
an activity's unit and title) and written only when they differ from the demo data, so a second
run changes nothing, adds no duplicates and leaves no history events behind. Rows the demo data
does not name are never touched or deleted, and an existing user's password is never changed:
only a user the seed creates gets the demo password.

Meant for a developer's machine (`make run`, where DEBUG is on). With DEBUG off it refuses unless
given --i-know-this-is-production, for a demo server: the demo logins' password is public.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date, datetime
from datetime import time as dt_time
from decimal import Decimal
from typing import Any

import pghistory
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo import seed_followup
from demo.data import PASSWORD
from demo.data import conflicts as demo_conflicts
from demo.data import goals as demo_goals
from demo.data import processes as demo_processes
from demo.data import savings as demo_savings
from demo.data import units as demo_units
from demo.data import users as demo_users
from demo.data.activities import ACTIVITIES, Act
from demo.seed_recruitment import seed_recruitment
from goals.kolada import KOLADA_SOURCE
from goals.models import (
    Activity,
    Conflict,
    Cooperation,
    Goal,
    Indicator,
    Measurement,
    OverlapSuggestion,
)
from goals.overlap.scan import overlap_scan
from goals.overlap.services import overlap_decide_and_merge
from goals.savings.services import ExpectedSaving
from goals.services import ContributionData, activity_create, activity_update
from processes.models import Implementation, Process, ProcessArea
from vaxjo_riktning.models import Role, RoleAssignment, Unit, User
from vaxjo_riktning.signin.services import DEVICE_NAME, totp_key_base32

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

PRODUCTION_FLAG = "--i-know-this-is-production"
REFUSED_IN_PRODUCTION = (
    "DEBUG is off, so this looks like a production database. seed_demo adds a made-up group "
    f"and demo logins with a public password ({PASSWORD}). To load the demo on a demo server "
    f"anyway, run it with {PRODUCTION_FLAG}."
)


class Tally:
    """How many rows of each kind the run created, updated or left as they were."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = {}

    def add(self, label: str, status: str, n: int = 1) -> None:
        self.counts.setdefault(label, Counter())[status] += n

    def changed(self) -> int:
        return sum(c[CREATED] + c[UPDATED] for c in self.counts.values())


def _sync(
    model: type[models.Model], existing: dict, key: Any, values: dict, tally: Tally, label: str
) -> models.Model:
    """Create the row under `key` or bring its fields to `values`, saving only what differs."""
    obj = existing.get(key)
    if obj is None:
        obj = model(**values)
        obj.save()
        existing[key] = obj
        tally.add(label, CREATED)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=[model._meta.get_field(n).name for n in changed])
        tally.add(label, UPDATED)
    else:
        tally.add(label, UNCHANGED)
    return obj


def _moment(day: str) -> datetime:
    """Nine in the morning, Swedish time, of an ISO date: when a demo step was taken."""
    return timezone.make_aware(datetime.combine(date.fromisoformat(day), dt_time(9)))


def _decimal(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class Command(BaseCommand):
    help = (
        "Load the Växjö demo group (units, processes, goals, indicators, activities and demo "
        "logins by role). Safe to run again: it only creates or updates what differs from the "
        "demo data and never deletes anything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            PRODUCTION_FLAG,
            action="store_true",
            help="Run even though DEBUG is off (a demo server, never a real group's database).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["i_know_this_is_production"]:
            raise CommandError(REFUSED_IN_PRODUCTION)
        started = time.monotonic()
        tally = Tally()
        with transaction.atomic(), pghistory.context(source="seed_demo"):
            units = self._units(tally)
            areas, processes = self._processes(units, tally)
            goals = self._goals(units, tally)
            self._indicators(goals, tally)
            users = self._users(units, areas, tally)
            self._second_factor(users["admin"], tally)
            self._process_links(units, areas, processes, goals, users, tally)
            self._activities(users["admin"], units, processes, goals, tally)
            # Follow-up: 2026's periods, one closed and reported in full, one open and late.
            seed_followup.load(units=units, users=users, tally=tally.add)
            seed_recruitment(units=units, areas=areas, users=users, sync=_sync, tally=tally)
            self._conflicts(users, units, goals, tally)
        # The overlap scan of the new activities runs when the transaction commits: only then
        # are there pairs to decide.
        with pghistory.context(source="seed_demo"):
            self._savings(users, units, tally)
        elapsed = time.monotonic() - started

        self.stdout.write(self.style.MIGRATE_HEADING("Växjö demo group loaded:"))
        for label, counts in tally.counts.items():
            total = sum(counts.values())
            self.stdout.write(
                f"  {label:<20} {total:>4}  (created {counts[CREATED]}, updated "
                f"{counts[UPDATED]}, unchanged {counts[UNCHANGED]})"
            )
        if not tally.changed():
            self.stdout.write("  Nothing changed: the demo data was already in place.")
        self.stdout.write(f"  Took {elapsed:.1f} s.")
        self._print_logins()

    # --- units and processes --------------------------------------------------------------------

    def _units(self, tally: Tally) -> dict[str, Unit]:
        by_slug = {u.slug: u for u in Unit.objects.all()}
        for order, (slug, name, short, kind, parent, board, description) in enumerate(
            demo_units.UNITS, start=1
        ):
            values = {
                "slug": slug,
                "name": name,
                "short_name": short,
                "kind": kind,
                "parent_id": by_slug[parent].pk if parent else None,
                "board": board,
                "description": description,
                "sort_order": order * 10,
            }
            # Unit.save() keeps every unit's top unit right, so parents come first in UNITS.
            _sync(Unit, by_slug, slug, values, tally, "units")
        return by_slug

    def _processes(
        self, units: dict[str, Unit], tally: Tally
    ) -> tuple[dict[str, ProcessArea], dict[str, Process]]:
        areas = {a.slug: a for a in ProcessArea.objects.all()}
        processes = {p.slug: p for p in Process.objects.all()}
        owner = units[demo_processes.OWNER_UNIT]
        for area_order, area_data in enumerate(demo_processes.PROCESS_AREAS, start=1):
            area = _sync(
                ProcessArea,
                areas,
                area_data["slug"],
                {
                    "slug": area_data["slug"],
                    "name": area_data["name"],
                    "purpose": area_data["purpose"],
                    "owner_unit_id": owner.pk,
                    "sort_order": area_order * 10,
                },
                tally,
                "process areas",
            )
            for order, (slug, name, description) in enumerate(area_data["processes"], start=1):
                _sync(
                    Process,
                    processes,
                    slug,
                    {
                        "slug": slug,
                        "name": name,
                        "description": description,
                        "area_id": area.pk,
                        "sort_order": order * 10,
                    },
                    tally,
                    "processes",
                )
        return areas, processes

    def _process_links(
        self,
        units: dict[str, Unit],
        areas: dict[str, ProcessArea],
        processes: dict[str, Process],
        goals: dict[str, Goal],
        users: dict[str, User],
        tally: Tally,
    ) -> None:
        """Each process's owner and the goals it serves, and every unit's stage in taking each
        process in, with a contact (a role in the unit) and a note."""
        area_slugs = {a.pk: slug for slug, a in areas.items()}
        for slug, process in processes.items():
            area_slug = area_slugs.get(process.area_id)
            if area_slug not in demo_processes.OWNERS:
                continue
            owner = users[demo_processes.OWNERS[area_slug]]
            _sync(Process, {slug: process}, slug, {"owner_id": owner.pk}, tally, "process owners")
            wanted = {goals[code].pk for code in demo_processes.PROCESS_GOALS.get(slug, [])}
            current = set(process.goals.values_list("pk", flat=True))
            if wanted - current:
                process.goals.add(*(wanted - current))
                tally.add("process goals", CREATED, len(wanted - current))
            tally.add("process goals", UNCHANGED, len(wanted & current))

        existing = {(i.process_id, i.unit_id): i for i in Implementation.objects.all()}
        for slug, stages in demo_processes.ROLLOUT.items():
            process = processes[slug]
            role = demo_processes.CONTACT_ROLE[area_slugs[process.area_id]]
            for unit_slug, digit in zip(demo_processes.ROLLOUT_UNITS, stages, strict=True):
                unit = units[unit_slug]
                level = int(digit)
                values = {
                    "stage": demo_processes.STAGES[level],
                    "contact": f"{role}, {unit.display_name}" if level else "",
                    "note": demo_processes.NOTES[level],
                }
                current = existing.get((process.pk, unit.pk))
                if current is None:
                    Implementation.objects.create(process=process, unit=unit, **values)
                    tally.add("rollout cells", CREATED)
                elif any(getattr(current, k) != v for k, v in values.items()):
                    for name, value in values.items():
                        setattr(current, name, value)
                    current.version += 1
                    current.save()
                    tally.add("rollout cells", UPDATED)
                else:
                    tally.add("rollout cells", UNCHANGED)

    # --- goals and indicators -------------------------------------------------------------------

    def _goals(self, units: dict[str, Unit], tally: Tally) -> dict[str, Goal]:
        """The vision, the council goals and the unit goals, parents first so that each save
        derives the right council goal. Returned by code (the vision under "")."""
        existing: dict[Any, Goal] = {}
        for goal in Goal.objects.all():
            existing[goal.code or ("title", goal.title)] = goal
        vision_data = demo_goals.VISION
        vision = _sync(
            Goal,
            existing,
            ("title", vision_data["title"]),
            {
                "title": vision_data["title"],
                "code": "",
                "level": Goal.Level.VISION,
                "description": vision_data["description"],
                "parent_id": None,
                "owner_unit_id": units[vision_data["owner"]].pk,
                "period_start": vision_data["period"][0],
                "period_end": vision_data["period"][1],
                "sort_order": 0,
            },
            tally,
            "goals",
        )
        goals: dict[str, Goal] = {"": vision}
        start, end = demo_goals.PERIOD
        council_owner = units[demo_goals.COUNCIL_OWNER]
        for code, title, description in demo_goals.COUNCIL_GOALS:
            goals[code] = _sync(
                Goal,
                existing,
                code,
                {
                    "title": title,
                    "code": code,
                    "level": Goal.Level.COUNCIL,
                    "description": description,
                    "parent_id": vision.pk,
                    "owner_unit_id": council_owner.pk,
                    "period_start": start,
                    "period_end": end,
                    "sort_order": int(code) * 100,
                },
                tally,
                "goals",
            )
        for code, title, owner, description in demo_goals.UNIT_GOALS:
            parent_code, _, number = code.partition(".")
            goals[code] = _sync(
                Goal,
                existing,
                code,
                {
                    "title": title,
                    "code": code,
                    "level": Goal.Level.UNIT,
                    "description": description,
                    "parent_id": goals[parent_code].pk,
                    "owner_unit_id": units[owner].pk,
                    "period_start": start,
                    "period_end": end,
                    "sort_order": int(parent_code) * 100 + int(number),
                },
                tally,
                "goals",
            )
        return goals

    def _indicators(self, goals: dict[str, Goal], tally: Tally) -> None:
        indicators = {(i.goal_id, i.name): i for i in Indicator.objects.all()}
        measurements = {
            (m.indicator_id, m.year, m.period): m for m in Measurement.objects.filter(period="")
        }
        new_measurements = []
        for order, row in enumerate(demo_goals.INDICATORS, start=1):
            code, name, unit_of_measure, direction, baseline, target, kpi, values = row
            goal = goals[code]
            indicator = _sync(
                Indicator,
                indicators,
                (goal.pk, name),
                {
                    "goal_id": goal.pk,
                    "name": name,
                    "unit_of_measure": unit_of_measure,
                    "direction": direction,
                    "baseline_value": _decimal(baseline[0]),
                    "baseline_year": baseline[1],
                    "target_value": _decimal(target[0]),
                    "target_year": target[1],
                    "kolada_kpi": kpi,
                    "sort_order": order * 10,
                },
                tally,
                "indicators",
            )
            for year, value in values.items():
                key = (indicator.pk, year, "")
                wanted = {
                    "indicator_id": indicator.pk,
                    "year": year,
                    "period": "",
                    "value": _decimal(value),
                    # What import_kolada would store for an indicator with a KPI id, so the
                    # demo's charts show where such values come from.
                    "source": KOLADA_SOURCE if kpi else "Demodata",
                }
                if key in measurements:
                    _sync(Measurement, measurements, key, wanted, tally, "measurements")
                else:
                    new_measurements.append(Measurement(**wanted))
        Measurement.objects.bulk_create(new_measurements)
        tally.add("measurements", CREATED, len(new_measurements))

    # --- users ----------------------------------------------------------------------------------

    def _users(
        self, units: dict[str, Unit], areas: dict[str, ProcessArea], tally: Tally
    ) -> dict[str, User]:
        usernames = [row["username"] for row in demo_users.USERS]
        existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
        # Hashing is slow on purpose: hash the demo password once, and only if a user is new.
        new_hash = make_password(PASSWORD) if len(existing) < len(usernames) else ""
        users: dict[str, User] = {}
        for row in demo_users.USERS:
            username = row["username"]
            values = {
                "username": username,
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "title": row["title"],
                "email": f"{username}@{demo_users.EMAIL_DOMAIN}",
                "is_active": True,
                "is_staff": row.get("is_staff", False),
                "is_superuser": row.get("is_superuser", False),
            }
            # Only a new user gets the demo password: an existing one keeps their own, whether
            # they changed the demo's or are a real person who happens to have this username.
            if username not in existing:
                values["password"] = new_hash
            users[username] = _sync(User, existing, username, values, tally, "users")

        assignments = {
            (a.user_id, a.role, a.unit_id, a.process_area_id)
            for a in RoleAssignment.objects.filter(user__in=users.values())
        }
        for row in demo_users.USERS:
            user = users[row["username"]]
            unit = units[row["unit"]] if "unit" in row else None
            area = areas[row["area"]] if "area" in row else None
            key = (user.pk, row["role"], unit.pk if unit else None, area.pk if area else None)
            if key in assignments:
                tally.add("role assignments", UNCHANGED)
            else:
                RoleAssignment.objects.create(
                    user=user, role=row["role"], unit=unit, process_area=area
                )
                tally.add("role assignments", CREATED)
        return users

    def _second_factor(self, admin: User, tally: Tally) -> None:
        """The demo administrator passes the second factor like any administrator, with the
        published demo key: the demo shows the sign-in a real installation has."""
        device = TOTPDevice.objects.filter(user=admin).first()
        if device is not None and device.key == demo_users.ADMIN_TOTP_KEY and device.confirmed:
            tally.add("authenticator apps", UNCHANGED)
            return
        TOTPDevice.objects.filter(user=admin).delete()
        TOTPDevice.objects.create(
            user=admin, name=DEVICE_NAME, key=demo_users.ADMIN_TOTP_KEY, confirmed=True
        )
        tally.add("authenticator apps", CREATED if device is None else UPDATED)

    # --- activities -----------------------------------------------------------------------------

    def _activities(
        self,
        admin: User,
        units: dict[str, Unit],
        processes: dict[str, Process],
        goals: dict[str, Goal],
        tally: Tally,
    ) -> None:
        """Activities go through goals.services, as an edit in the app would (validation,
        history, version); co-operating units are written directly so that loading the demo
        does not mail the demo editors about every co-operation."""
        existing = {
            (a.owner_unit_id, a.title): a
            for a in Activity.objects.filter(owner_unit__in=units.values())
            .select_related("owner_unit", "process")
            .prefetch_related("contributions", "cooperations")
        }
        new_cooperations = []
        for act in ACTIVITIES:
            data = self._activity_data(act, units, processes)
            contributions = [
                ContributionData(goal=goals[link.goal], effect=link.effect, reason=link.reason)
                for link in act.goals
            ]
            activity = existing.get((data["owner_unit"].pk, act.title))
            if activity is None:
                activity = activity_create(user=admin, data=data, contributions=contributions)
                tally.add("activities", CREATED)
                tally.add("contributions", CREATED, len(contributions))
                current_cooperations: set[int] = set()
            else:
                self._update_activity(admin, activity, data, contributions, tally)
                current_cooperations = {c.unit_id for c in activity.cooperations.all()}
            for slug in act.cooperating:
                unit_id = units[slug].pk
                if unit_id in current_cooperations or unit_id == activity.owner_unit_id:
                    tally.add("co-operations", UNCHANGED)
                    continue
                new_cooperations.append(Cooperation(activity=activity, unit_id=unit_id))
                current_cooperations.add(unit_id)
        Cooperation.objects.bulk_create(new_cooperations)
        tally.add("co-operations", CREATED, len(new_cooperations))

    @staticmethod
    def _activity_data(act: Act, units: dict[str, Unit], processes: dict[str, Process]) -> dict:
        return {
            "title": act.title,
            "description": act.description,
            "owner_unit": units[act.unit],
            "responsible": act.responsible,
            "status": act.status,
            "start_date": date.fromisoformat(act.start) if act.start else None,
            "end_date": date.fromisoformat(act.end) if act.end else None,
            "budget_sek": act.budget,
            "process": processes[act.process] if act.process else None,
        }

    @staticmethod
    def _update_activity(
        admin: User,
        activity: Activity,
        data: dict,
        contributions: list[ContributionData],
        tally: Tally,
    ) -> None:
        """Bring a demo activity back to the demo data, unless it has been withdrawn: a
        withdrawal is a decision someone made, and the service refuses to change it anyway."""
        same_fields = all(getattr(activity, name) == value for name, value in data.items())
        current_links = {(c.goal_id, c.effect, c.reason) for c in activity.contributions.all()}
        wanted_links = {(c["goal"].pk, c["effect"], c["reason"]) for c in contributions}
        if (same_fields and current_links == wanted_links) or activity.is_withdrawn:
            tally.add("activities", UNCHANGED)
            tally.add("contributions", UNCHANGED, len(current_links))
            return
        activity_update(
            user=admin,
            activity=activity,
            version=activity.version,
            data=data,
            contributions=contributions,
        )
        tally.add("activities", UPDATED)
        tally.add("contributions", UPDATED, len(wanted_links - current_links))
        tally.add("contributions", UNCHANGED, len(wanted_links & current_links))

    # --- conflicts raised by the unit they hurt ------------------------------------------------

    def _conflicts(
        self, users: dict[str, User], units: dict[str, Unit], goals: dict[str, Goal], tally: Tally
    ) -> None:
        """Two or three conflicts between units, one of them decided by the chief executive.
        Written directly (as the co-operations are): the units that raise them have no demo
        login for the service to check. Found by (activity, goal); the demo's rows are brought
        back to the demo data unless withdrawn (a withdrawal is someone's decision)."""
        activities = {
            (a.owner_unit_id, a.title): a
            for a in Activity.objects.filter(title__in=[c.title for c in demo_conflicts.CONFLICTS])
        }
        existing = {(c.activity_id, c.goal_id): c for c in Conflict.objects.all()}
        chief = users["kommunchef"]
        for row in demo_conflicts.CONFLICTS:
            activity = activities[(units[row.unit].pk, row.title)]
            goal = goals[row.goal]
            values: dict[str, Any] = {
                "activity_id": activity.pk,
                "goal_id": goal.pk,
                "hurt_unit_id": goal.owner_unit_id,
                "reason": row.reason,
                "raised_at": _moment(row.raised),
                "due_on": date.fromisoformat(row.due),
                "outcome": row.outcome,
                "decision_note": row.decision_note,
                "decided_by_id": chief.pk if row.decided else None,
                "decided_at": _moment(row.decided) if row.decided else None,
                "owner_agreed_at": _moment(row.owner_agreed) if row.owner_agreed else None,
            }
            current = existing.get((activity.pk, goal.pk))
            if current is not None and current.is_withdrawn:
                tally.add("conflicts", UNCHANGED)
                continue
            _sync(Conflict, existing, (activity.pk, goal.pk), values, tally, "conflicts")

    # --- a duplicate decided, with its coordination saving -------------------------------------

    def _savings(self, users: dict[str, User], units: dict[str, Unit], tally: Tally) -> None:
        """The chief executive decides the demo's duplicates with their expected savings,
        through the services (so the history and the learning see it), while their pairs are
        open; a pair the scan did not find is reported, not invented."""
        chief = users["kommunchef"]
        for row in demo_savings.SAVINGS:
            a = Activity.objects.get(title=row.title_a, owner_unit=units[row.unit_a])
            b = Activity.objects.get(title=row.title_b, owner_unit=units[row.unit_b])
            low, high = sorted([a.pk, b.pk])
            pairs = OverlapSuggestion.objects.filter(activity_a_id=low, activity_b_id=high)
            if not pairs.exists():
                # The scan after the seed's commit finds it; run inside a transaction that is
                # never committed (the tests' module), it has not run yet.
                overlap_scan(activity_ids=[low, high])
            pair = pairs.select_related("activity_a__owner_unit", "activity_b__owner_unit").first()
            if pair is None:
                found = f"“{row.title_a}” and “{row.title_b}”"
                self.stdout.write(f"  No overlap found between {found}.")
                continue
            if pair.decision != OverlapSuggestion.Decision.OPEN:
                tally.add("coordination savings", UNCHANGED)
                continue
            overlap_decide_and_merge(
                user=chief,
                suggestion=pair,
                decision=OverlapSuggestion.Decision.DUPLICATE,
                note=row.note,
                saving=ExpectedSaving(row.expected_sek, units[row.reporting_unit]),
            )
            tally.add("coordination savings", CREATED)

    # --- the logins, for `make run` -------------------------------------------------------------

    def _print_logins(self) -> None:
        labels = dict(Role.choices)
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING(
                f"Demo logins (password {PASSWORD}, unless the user already existed):"
            )
        )
        names = dict(Unit.objects.values_list("slug", "name"))
        area_names = dict(ProcessArea.objects.values_list("slug", "name"))
        for row in demo_users.USERS:
            scope = names.get(row.get("unit")) or area_names.get(row.get("area")) or ""
            role = str(labels[row["role"]]) + (f", {scope}" if scope else "")
            self.stdout.write(f"  {row['username']:<28} {role}")
        if settings.SECOND_FACTOR_REQUIRED:
            self.stdout.write(
                "  admin also enters a one-time code: add the key "
                f"{totp_key_base32(demo_users.ADMIN_TOTP_KEY)} to an authenticator app "
                "(time-based), or run `manage.py demo_code`."
            )
