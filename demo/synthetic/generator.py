"""Fill a database with a synthetic municipal group the size of Sweden's largest, for benchmarks:
the same arguments give the same group, word for word, and planted duplicates written in other
words let the benchmark measure recall. How and why: docs/design/synthetic-group.md.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from demo.data import processes as demo_processes
from demo.synthetic import vocabulary as v
from demo.synthetic.followup import generate_followup
from goals.conflicts.models import DEFAULT_DUE_DAYS
from goals.models import (
    Activity,
    ActivityReport,
    Conflict,
    Contribution,
    Cooperation,
    Goal,
    GoalAssessment,
    Indicator,
    Measurement,
    OverlapSuggestion,
    UnitReport,
)
from processes.models import Implementation, Process, ProcessArea, Stage
from vaxjo_riktning.models import Role, RoleAssignment, Unit, User

SLUG_PREFIX = "syntetisk-"
ROOT_SLUG = "syntetisk-koncern"
CHIEF_USERNAME = "syntetisk-kommunchef"
EDITOR_USERNAME = "syntetisk-redaktor"
PROCESS_OWNER_USERNAME = "syntetisk-processagare"
# The area the synthetic process owner owns (the cockpit's benchmark shows it).
PROCESS_OWNER_AREA = "hr"
# The last year of follow-up; fixed, not today's, so that a seed gives the same group every year.
END_YEAR = 2025
BATCH = 10_000
MIN_UNITS = 6
ACTIVITIES_PER_CONFLICT = 250


class SyntheticDataError(Exception):
    """The database is not in a state the generator may write to (the message says why)."""


# --- what is synthetic ----------------------------------------------------------------------------


def synthetic_units():
    return Unit.objects.filter(slug__startswith=SLUG_PREFIX)


def has_synthetic_data() -> bool:
    return synthetic_units().exists()


def other_data_counts() -> dict[str, int]:
    """Units and activities that the generator did not make (the demo, or real data)."""
    units = synthetic_units()
    return {
        "units": Unit.objects.exclude(slug__startswith=SLUG_PREFIX).count(),
        "activities": Activity.objects.exclude(owner_unit__in=units).count(),
    }


def delete_synthetic() -> dict[str, int]:
    """Delete every synthetic row (see the module's docstring for what that is) and return how
    many of each kind went. Rows outside the synthetic group are never deleted: if a real
    activity has been linked to a synthetic goal or unit, this refuses instead."""
    unit_ids = list(synthetic_units().values_list("pk", flat=True))
    activities = Activity.objects.filter(owner_unit_id__in=unit_ids)
    goals = Goal.objects.filter(owner_unit_id__in=unit_ids)
    foreign = (
        Contribution.objects.filter(goal__in=goals).exclude(activity__owner_unit_id__in=unit_ids)
    ).exists() or (
        Cooperation.objects.filter(unit_id__in=unit_ids)
        .exclude(activity__owner_unit_id__in=unit_ids)
        .exists()
    )
    # A conflict between a synthetic unit and one outside the group, either way round.
    conflicts = Conflict.objects.filter(
        Q(activity__owner_unit_id__in=unit_ids) | Q(hurt_unit_id__in=unit_ids)
    )
    foreign = foreign or (
        conflicts.exclude(activity__owner_unit_id__in=unit_ids, hurt_unit_id__in=unit_ids).exists()
    )
    if foreign:
        raise SyntheticDataError(
            "Activities or conflicts outside the synthetic group are linked to synthetic goals "
            "or units; unlink them before --reset."
        )
    deleted: dict[str, int] = {}
    with transaction.atomic():
        deleted["overlap suggestions"] = OverlapSuggestion.objects.filter(
            Q(activity_a__owner_unit_id__in=unit_ids) | Q(activity_b__owner_unit_id__in=unit_ids)
        ).delete()[0]
        # Follow-up rows protect what they report on; the periods are shared and stay.
        # Conflicts protect their activity, goal and unit; their history events stay, as an
        # activity's do.
        deleted["conflicts"] = conflicts.delete()[0]
        deleted["status reports"] = ActivityReport.objects.filter(activity__in=activities).delete()[
            0
        ]
        deleted["goal assessments"] = GoalAssessment.objects.filter(goal__in=goals).delete()[0]
        deleted["unit reports"] = UnitReport.objects.filter(unit_id__in=unit_ids).delete()[0]
        deleted["co-operations"] = Cooperation.objects.filter(activity__in=activities).delete()[0]
        deleted["contributions"] = Contribution.objects.filter(activity__in=activities).delete()[0]
        deleted["activities"] = activities.delete()[0]
        deleted["rollout cells"] = Implementation.objects.filter(unit_id__in=unit_ids).delete()[0]
        deleted["measurements"] = Measurement.objects.filter(indicator__goal__in=goals).delete()[0]
        deleted["indicators"] = Indicator.objects.filter(goal__in=goals).delete()[0]
        # Goals and units protect their children: delete the leaves first.
        deleted["goals"] = _delete_tree(goals)
        # Process areas the generator created (owned by a synthetic unit) go with it, unless
        # activities outside the group use their processes: then they only lose their owner.
        areas = ProcessArea.objects.filter(owner_unit_id__in=unit_ids)
        in_use = Activity.objects.filter(process__area__in=areas).exists()
        if in_use:
            areas.update(owner_unit=None)
            deleted["process areas"] = 0
        else:
            Process.objects.filter(area__in=areas).delete()
            deleted["process areas"] = areas.delete()[0]
        deleted["users"] = User.objects.filter(
            username__in=[CHIEF_USERNAME, EDITOR_USERNAME, PROCESS_OWNER_USERNAME]
        ).delete()[0]
        deleted["units"] = _delete_tree(Unit.objects.filter(pk__in=unit_ids))
    return deleted


def _delete_tree(queryset) -> int:
    total = 0
    remaining = queryset
    while remaining.exists():
        leaves = remaining.exclude(pk__in=remaining.filter(parent__isnull=False).values("parent"))
        n = leaves.count()
        if not n:  # a cycle: cannot happen through the generator
            raise SyntheticDataError("The synthetic tree has a cycle; delete it by hand.")
        leaves.delete()
        total += n
    return total


def default_planted_file() -> Path:
    name = connection.settings_dict["NAME"]
    return Path(settings.BASE_DIR) / ".benchmark" / str(name) / "planted_pairs.json"


# --- plans ---------------------------------------------------------------------------------------


@dataclass
class UnitPlan:
    slug: str
    name: str
    short: str
    kind: str
    parent: str | None
    board: str
    domain: str
    description: str = ""
    weight: float = 1.0
    top: str | None = None  # slug of its administration or company
    pk: int | None = None


@dataclass
class Spec:
    """What an activity says, before it is written down; a planted duplicate shares it."""

    theme: v.Theme
    noun: v.Noun
    verb: v.Verb
    place: str
    target: str
    partner: str
    purpose: str
    method: str
    follow_up: str
    reach: int
    year: int
    template: int
    sentences: tuple[bool, bool, bool, bool]  # purpose, target, partner, follow-up
    # Which of the forms every unit writes in each sentence takes (opening, purpose, target,
    # partner); a planted copy takes other forms.
    phrasing: tuple[int, int, int, int]


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    planted: list[dict] = field(default_factory=list)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class Generator:
    def __init__(
        self,
        *,
        units: int,
        goals: int,
        activities: int,
        years: int = 10,
        seed: int = 1,
        planted: int = 500,
        followup_years: int = 1,
        conflicts: int | None = None,
        log=None,
    ) -> None:
        if units < MIN_UNITS:
            raise SyntheticDataError(f"--units must be at least {MIN_UNITS}.")
        if goals < 3:
            raise SyntheticDataError("--goals must be at least 3 (a vision and two goals).")
        if years < 1:
            raise SyntheticDataError("--years must be at least 1.")
        self.n_units, self.n_goals, self.n_activities = units, goals, activities
        self.years, self.seed = years, seed
        if not 0 <= followup_years <= 20:
            raise SyntheticDataError("--followup-years must be from 0 to 20.")
        self.followup_years = followup_years
        self.n_planted = max(0, min(planted, activities // 2))
        # About one goal conflict per 250 activities unless asked.
        self.n_conflicts = activities // ACTIVITIES_PER_CONFLICT if conflicts is None else conflicts
        if self.n_conflicts < 0:
            raise SyntheticDataError("--conflicts cannot be negative.")
        self.rng = random.Random(seed)
        self.log = log or (lambda message: None)
        self.result = Result()
        self.used_names = set(Unit.objects.values_list("name", flat=True))
        self.used_slugs = set(Unit.objects.values_list("slug", flat=True))

    # --- the whole run ---------------------------------------------------------------------------

    def run(self) -> Result:
        steps = [
            ("units", self._units),
            ("processes", self._processes),
            ("goals", self._goals),
            ("indicators", self._indicators),
            ("activities", self._activities),
            ("logins", self._chief),
            ("rollout", self._rollout),
            ("conflicts", self._conflicts),
        ]
        if self.followup_years:
            steps.append(("follow-up", self._followup))
        for label, step in steps:
            started = time.monotonic()
            step()
            self.result.seconds[label] = round(time.monotonic() - started, 2)
            self.log(f"  {label:<16} {self.result.seconds[label]:>7.1f} s")
        return self.result

    # --- units -----------------------------------------------------------------------------------

    def _name(self, name: str, qualifier: str) -> str:
        """A unit name nobody has yet: Unit.name is unique."""
        candidate = name
        if candidate in self.used_names:
            candidate = f"{name} ({qualifier})"
        n = 2
        while candidate in self.used_names:
            candidate = f"{name} ({qualifier} {n})"
            n += 1
        self.used_names.add(candidate)
        return candidate

    def _slug(self, name: str) -> str:
        base = (SLUG_PREFIX + slugify(name.replace("–", "-")))[:76]
        slug, n = base, 2
        while slug in self.used_slugs:
            slug = f"{base}-{n}"
            n += 1
        self.used_slugs.add(slug)
        return slug

    def _plan_units(self) -> list[UnitPlan]:
        rng = self.rng
        group = UnitPlan(
            ROOT_SLUG,
            self._name("Storväxjö kommunkoncern", "syntetisk"),
            "Koncernen",
            Unit.Kind.GROUP,
            None,
            "Kommunfullmäktige",
            "ledning",
            "Syntetisk kommunkoncern för prestandamätning (manage.py generate_group).",
        )
        self.used_slugs.add(ROOT_SLUG)
        municipality_name = self._name("Storväxjö kommun", "syntetisk")
        municipality = UnitPlan(
            self._slug(municipality_name),
            municipality_name,
            "Kommunen",
            Unit.Kind.MUNICIPALITY,
            group.slug,
            "Kommunfullmäktige",
            "ledning",
        )
        domain, parent_name, parent_short = v.PARENT_COMPANY
        parent_name = self._name(parent_name, "syntetisk")
        parent_company = UnitPlan(
            self._slug(parent_name),
            parent_name,
            parent_short,
            Unit.Kind.PARENT_COMPANY,
            group.slug,
            f"Styrelsen för {parent_name}",
            domain,
            weight=0.3,
        )
        plans = [group, municipality, parent_company]
        parent_company.top = parent_company.slug

        rest = self.n_units - len(plans)
        n_top = max(2, math.ceil(rest / 4))
        n_companies = max(1, round(n_top / 3))
        n_admins = n_top - n_companies
        tops: list[UnitPlan] = []
        for i in range(n_admins):
            domain, name, short, board = v.ADMINISTRATIONS[i % len(v.ADMINISTRATIONS)]
            if i >= len(v.ADMINISTRATIONS):
                short = f"{short} {i // len(v.ADMINISTRATIONS) + 1}"
            name = self._name(name, short)
            tops.append(
                UnitPlan(
                    self._slug(name),
                    name,
                    short,
                    Unit.Kind.ADMINISTRATION,
                    municipality.slug,
                    board,
                    domain,
                    weight=rng.uniform(0.5, 3.0),
                )
            )
        for i in range(n_companies):
            domain, name, short = v.COMPANIES[i % len(v.COMPANIES)]
            if i >= len(v.COMPANIES):
                short = f"{short} {i // len(v.COMPANIES) + 1}"
            name = self._name(name, short)
            tops.append(
                UnitPlan(
                    self._slug(name),
                    name,
                    short,
                    Unit.Kind.COMPANY,
                    parent_company.slug,
                    f"Styrelsen för {name}",
                    domain,
                    weight=rng.uniform(0.3, 1.5),
                )
            )
        for top in tops:
            top.top = top.slug

        departments: list[UnitPlan] = []
        offered: dict[str, int] = defaultdict(int)
        for i in range(rest - n_top):
            top = tops[i % len(tops)]
            choices = v.DEPARTMENTS.get(top.domain, []) + v.DEPARTMENTS["shared"]
            k = offered[top.slug]
            offered[top.slug] += 1
            domain, name = choices[k % len(choices)]
            if k >= len(choices):
                name = f"{name} {k // len(choices) + 1}"
            name = self._name(name, top.short)
            departments.append(
                UnitPlan(
                    self._slug(name),
                    name,
                    _cap(name.removeprefix("Avdelning för "))[:40],
                    Unit.Kind.DEPARTMENT,
                    top.slug,
                    "",
                    domain,
                    weight=rng.uniform(0.3, 2.0),
                    top=top.slug,
                )
            )
        return plans + tops + departments

    def _units(self) -> None:
        self.unit_plans = self._plan_units()
        by_slug: dict[str, UnitPlan] = {p.slug: p for p in self.unit_plans}
        # Parents first: each level gets its primary keys before the next refers to them.
        levels: dict[int, list[UnitPlan]] = defaultdict(list)
        for plan in self.unit_plans:
            depth, node = 0, plan
            while node.parent:
                depth, node = depth + 1, by_slug[node.parent]
            levels[depth].append(plan)
        order = 0
        for depth in sorted(levels):
            rows = []
            for plan in levels[depth]:
                order += 10
                rows.append(
                    Unit(
                        name=plan.name,
                        short_name=plan.short,
                        slug=plan.slug,
                        kind=plan.kind,
                        parent_id=by_slug[plan.parent].pk if plan.parent else None,
                        board=plan.board,
                        description=plan.description,
                        sort_order=order,
                    )
                )
            for plan, unit in zip(levels[depth], Unit.objects.bulk_create(rows), strict=True):
                plan.pk = unit.pk
        Unit.rebuild_top_units()
        self.units_by_slug = by_slug
        self.tops = [p for p in self.unit_plans if p.kind in Unit.TOP_LEVEL_KINDS]
        self.departments_of: dict[str, list[UnitPlan]] = defaultdict(list)
        for plan in self.unit_plans:
            if plan.kind == Unit.Kind.DEPARTMENT:
                self.departments_of[plan.top].append(plan)
        # Units that own activities: every administration, company and department.
        self.active_units = [p for p in self.unit_plans if p.top]
        self.result.counts["units"] = len(self.unit_plans)

    # --- processes -------------------------------------------------------------------------------

    def _processes(self) -> None:
        """The three group-wide process areas with their processes: reused when they are there
        (the demo's), created from the demo's data when they are not."""
        owner = next(p for p in self.tops if p.domain == "ledning")
        areas = {a.slug: a for a in ProcessArea.objects.all()}
        processes = {p.slug: p for p in Process.objects.all()}
        self.processes_by_area: dict[str, list[int]] = defaultdict(list)
        for order, data in enumerate(demo_processes.PROCESS_AREAS, start=1):
            area = areas.get(data["slug"])
            if area is None:
                area = ProcessArea.objects.create(
                    slug=data["slug"],
                    name=data["name"],
                    purpose=data["purpose"],
                    owner_unit_id=owner.pk,
                    sort_order=order * 10,
                )
            for p_order, (slug, name, description) in enumerate(data["processes"], start=1):
                process = processes.get(slug)
                if process is None:
                    process = Process.objects.create(
                        area=area,
                        slug=slug,
                        name=name,
                        description=description,
                        sort_order=p_order * 10,
                    )
                self.processes_by_area[area.slug].append(process.pk)
        self.all_process_ids = [pk for pks in self.processes_by_area.values() for pk in pks]
        self.result.counts["processes"] = len(self.all_process_ids)

    # --- goals -----------------------------------------------------------------------------------

    def _goals(self) -> None:
        rng = self.rng
        municipality = next(p for p in self.unit_plans if p.kind == Unit.Kind.MUNICIPALITY)
        leader = next(p for p in self.tops if p.domain == "ledning")
        start, end = END_YEAR - 3, END_YEAR + 2
        vision = Goal.objects.bulk_create(
            [
                Goal(
                    title="Storväxjö 2035 – hållbart, tryggt och öppet",
                    description=(
                        "Den syntetiska koncernens vision: en hållbar kommun socialt, ekologiskt "
                        "och ekonomiskt, där kommunens förvaltningar och bolag drar åt samma håll."
                    ),
                    level=Goal.Level.VISION,
                    owner_unit_id=municipality.pk,
                    period_start=END_YEAR - self.years + 1,
                    period_end=END_YEAR + 10,
                )
            ]
        )[0]
        n_council = min(len(v.COUNCIL_GOALS), max(1, (self.n_goals - 1) // 2))
        council_rows = []
        for i, (_key, title, description, _) in enumerate(v.COUNCIL_GOALS[:n_council], start=1):
            council_rows.append(
                Goal(
                    title=title,
                    code=str(i),
                    description=description,
                    level=Goal.Level.COUNCIL,
                    parent_id=vision.pk,
                    owner_unit_id=leader.pk,
                    period_start=start,
                    period_end=end,
                    sort_order=i * 100,
                )
            )
        council = Goal.objects.bulk_create(council_rows)
        self.council_keys = [row[0] for row in v.COUNCIL_GOALS[:n_council]]
        self.council_by_key = dict(zip(self.council_keys, council, strict=True))

        # Unit goals: three in five break a council goal down for an administration or company,
        # the rest break one of those down for a department.
        n_unit = self.n_goals - 1 - n_council
        n_first = max(1, round(n_unit * 0.6)) if n_unit else 0
        first_rows, first_meta = [], []
        counters: dict[int, int] = defaultdict(int)
        tops_for: dict[str, list[UnitPlan]] = defaultdict(list)
        for top in self.tops:
            for theme_key in v.DOMAIN_THEMES.get(top.domain, []):
                for council_key in v.THEME_BY_KEY[theme_key].council:
                    tops_for[council_key].append(top)
        for i in range(n_first):
            key = self.council_keys[i % n_council]
            parent = self.council_by_key[key]
            owner = rng.choice(tops_for.get(key) or self.tops)
            counters[parent.pk] += 1
            first_rows.append(
                self._unit_goal(key, parent, owner, f"{parent.code}.{counters[parent.pk]}")
            )
            first_meta.append((key, owner))
        first = Goal.objects.bulk_create(first_rows)
        second_rows = []
        for _ in range(n_unit - n_first):
            index = rng.randrange(len(first))
            parent, (key, owner) = first[index], first_meta[index]
            departments = self.departments_of.get(owner.slug) or [owner]
            counters[parent.pk] += 1
            second_rows.append(
                self._unit_goal(
                    key, parent, rng.choice(departments), f"{parent.code}.{counters[parent.pk]}"
                )
            )
        second = Goal.objects.bulk_create(second_rows)
        Goal.rebuild_council_goals()
        # bulk_create's objects do not see the derived column: read it back.
        council_of = dict(
            Goal.objects.filter(pk__in=[x.pk for x in [*first, *second]]).values_list(
                "pk", "council_goal_id"
            )
        )
        for goal in [*first, *second]:
            goal.council_goal_id = council_of[goal.pk]

        # The goals an activity of a council area may contribute to, by owning top unit.
        self.goals_by_key: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
        owner_top = {p.pk: p.top for p in self.unit_plans}
        for goal in council:
            key = self.council_keys[int(goal.code) - 1]
            self.goals_by_key[key].append((goal.pk, None))
        for goal, meta in zip(first, first_meta, strict=True):
            self.goals_by_key[meta[0]].append((goal.pk, owner_top[goal.owner_unit_id]))
        key_of_first = {g.pk: m[0] for g, m in zip(first, first_meta, strict=True)}
        for goal in second:
            key = key_of_first[goal.parent_id]
            self.goals_by_key[key].append((goal.pk, owner_top[goal.owner_unit_id]))
        self.all_goals = [vision, *council, *first, *second]
        self.result.counts["goals"] = len(self.all_goals)

    def _unit_goal(self, key: str, parent: Goal, owner: UnitPlan, code: str) -> Goal:
        rng = self.rng
        opening = rng.choice(v.UNIT_GOAL_OPENINGS[key])
        scope = rng.choice(v.GOAL_SCOPES)
        return Goal(
            title=f"{opening} {scope}",
            code=code,
            description=(
                f"{owner.name} bryter ned målet {parent.title.lower()}: {opening.lower()} "
                f"{scope} till {END_YEAR + 2}."
            ),
            level=Goal.Level.UNIT,
            parent_id=parent.pk,
            owner_unit_id=owner.pk,
            period_start=parent.period_start,
            period_end=parent.period_end,
            sort_order=int(code.split(".")[0]) * 100 + int(code.split(".")[1]),
        )

    # --- indicators ------------------------------------------------------------------------------

    def _indicators(self) -> None:
        """Each council goal's key figures, and one for two in five unit goals, each with a value
        for every year of follow-up."""
        rng = self.rng
        specs = {row[0]: row[3] for row in v.COUNCIL_GOALS}
        rows, plans = [], []
        first_year = END_YEAR - self.years + 1
        key_of_council = {g.pk: k for k, g in self.council_by_key.items()}
        for goal in self.all_goals:
            if goal.level == Goal.Level.VISION:
                continue
            key = key_of_council.get(goal.council_goal_id or goal.pk)
            if key is None:
                continue
            chosen = specs[key] if goal.level == Goal.Level.COUNCIL else []
            if goal.level == Goal.Level.UNIT and rng.random() < 0.4:
                chosen = [rng.choice(specs[key])]
            for order, (name, unit_of_measure, direction) in enumerate(chosen, start=1):
                baseline = self._baseline(unit_of_measure)
                step = baseline * rng.uniform(0.01, 0.04)
                sign = {"increase": 1, "decrease": -1}.get(direction, 0)
                rows.append(
                    Indicator(
                        goal_id=goal.pk,
                        name=name,
                        unit_of_measure=unit_of_measure,
                        direction=direction,
                        baseline_value=Decimal(str(round(baseline, 2))),
                        baseline_year=first_year,
                        target_value=Decimal(
                            str(round(baseline + sign * step * (self.years + 2), 2))
                        ),
                        target_year=END_YEAR + 2,
                        kolada_kpi=f"N{rng.randrange(10000, 99999)}",
                        sort_order=order * 10,
                    )
                )
                plans.append((baseline, step * sign))
        indicators = Indicator.objects.bulk_create(rows, batch_size=BATCH)
        measurements = []
        for indicator, (baseline, step) in zip(indicators, plans, strict=True):
            for n, year in enumerate(range(first_year, END_YEAR + 1)):
                value = (
                    baseline
                    + step * n * rng.uniform(0.3, 1.4)
                    + baseline * rng.uniform(-0.02, 0.02)
                )
                measurements.append(
                    Measurement(
                        indicator_id=indicator.pk,
                        year=year,
                        value=Decimal(str(round(max(value, 0), 2))),
                        source="Syntetisk data",
                    )
                )
        Measurement.objects.bulk_create(measurements, batch_size=BATCH)
        self.result.counts["indicators"] = len(indicators)
        self.result.counts["measurements"] = len(measurements)

    def _baseline(self, unit_of_measure: str) -> float:
        rng = self.rng
        if unit_of_measure == "%":
            return rng.uniform(20, 85)
        if unit_of_measure == "index":
            return rng.uniform(55, 80)
        if unit_of_measure == "antal":
            return rng.uniform(5, 1500)
        return rng.uniform(2, 150)

    # --- activities ------------------------------------------------------------------------------

    def _place(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.20:
            return f"i {rng.choice(v.DISTRICTS)}"
        if r < 0.24:
            return f"på {rng.choice(v.ON_DISTRICTS)}"
        if r < 0.36:
            return rng.choice(v.SITES)
        if r < 0.80:
            return self._named_place()
        if r < 0.92:
            return rng.choice(v.WIDE_PLACES)
        return ""

    def _named_place(self, *, in_district: bool | None = None) -> str:
        """A school, park, street or home by name, half of them with their district: "vid
        Lindhultsskolan", "längs Björkbyvägen i Araby"."""
        rng = self.rng
        preposition, kind = rng.choice(v.PLACE_KINDS)
        name = rng.choice(v.NAME_HEADS) + rng.choice(v.NAME_TAILS)
        linked = name if name[-1] in "aeiouyåäös" else f"{name}s"  # Lindbyskolan, Ekhultsskolan
        place = f"{preposition} {linked}{kind}"
        if in_district is None:
            in_district = rng.random() < 0.5
        return f"{place} i {rng.choice(v.DISTRICTS)}" if in_district else place

    def _spec(self, theme: v.Theme, taken: set[tuple[str, str]]) -> Spec:
        """What an activity says, about a place where no activity before it (in `taken`) does
        the same thing: otherwise the group is full of duplicates nobody planted, and the
        benchmark could not tell whether the scan finds the planted ones."""
        rng = self.rng
        noun = rng.choice(theme.nouns)
        place = self._place()
        thing = min((noun.sg, *_synonyms().get(noun.sg, ())))
        tries = 0
        while (thing, place) in taken:
            tries += 1
            place = self._place() if tries < 10 else self._named_place(in_district=True)
        taken.add((thing, place))
        template = rng.randrange(6)
        if not place and template in (0, 1, 5):
            template = rng.choice((2, 4))
        return Spec(
            theme=theme,
            noun=noun,
            verb=rng.choice(v.VERBS[noun.verbs]),
            place=place,
            target=rng.choice(theme.targets),
            partner=rng.choice(v.PARTNERS),
            purpose=rng.choice(theme.purposes),
            method=rng.choice(v.METHODS) if rng.random() < 0.6 else "",
            follow_up=rng.choice(v.FOLLOW_UPS),
            reach=rng.choice((20, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500, 1000)),
            year=rng.randrange(END_YEAR - self.years + 1, END_YEAR + 2),
            template=template,
            phrasing=(rng.randrange(4), rng.randrange(4), rng.randrange(4), rng.randrange(3)),
            sentences=(
                rng.random() < 0.85,
                rng.random() < 0.6,
                rng.random() < 0.5,
                rng.random() < 0.4,
            ),
        )

    @staticmethod
    def _title(spec: Spec, template: int, verb_form: str, noun: str) -> str:
        verb = spec.verb.inf if verb_form == "inf" else spec.verb.noun
        place = f" {spec.place}" if spec.place else ""
        match template:
            case 0:
                title = f"{verb} {noun}{place}"
            case 1:
                title = f"{spec.verb.noun} {noun}{place}"
            case 2:
                title = f"{spec.verb.noun} {noun} för {spec.target}{place}"
            case 3:
                title = f"{spec.verb.inf} {noun} för {spec.target}{place}"
            case 4:
                title = f"{noun} för {spec.target}{place}"
            case _:
                title = f"{verb} {noun}{place} tillsammans med {spec.partner}"
        return _cap(title)[:200]

    def _render(self, spec: Spec, unit: UnitPlan) -> tuple[str, str]:
        rng = self.rng
        verb_form = rng.choice(("inf", "noun"))
        own = {
            Unit.Kind.DEPARTMENT: "Avdelningen",
            Unit.Kind.COMPANY: "Bolaget",
            Unit.Kind.PARENT_COMPANY: "Bolaget",
        }.get(unit.kind, "Förvaltningen")
        named = unit.short if unit.kind != Unit.Kind.DEPARTMENT else own
        subject = rng.choice(("Vi", own, named))
        noun = spec.noun.pl if rng.random() < 0.8 else spec.noun.sg
        # Units name the same thing in different words, not only planted copies: otherwise the
        # vocabulary's other words would be rare in the group, and a copy found by its rarity.
        synonyms = _synonyms().get(spec.noun.sg, [])
        if synonyms and rng.random() < PLAIN_SYNONYM_SHARE:
            noun = rng.choice(synonyms)
        title_noun = noun if noun not in (spec.noun.pl, spec.noun.sg) else spec.noun.pl
        title = self._title(spec, spec.template, verb_form, title_noun)
        sentences = self._sentences(spec, spec.phrasing, subject, spec.verb, noun)
        if spec.sentences[3]:
            sentences.append(spec.follow_up)
        if rng.random() < ADDED_SENTENCE_SHARE:
            sentences.append(rng.choice(v.ADDED_SENTENCES))
        return title, " ".join(sentences)

    def _sentences(
        self, spec: Spec, phrasing: tuple[int, ...], subject: str, verb: v.Verb, noun: str
    ) -> list[str]:
        """The opening and the purpose, target and partner sentences the spec asks for, each in
        the form `phrasing` picks from the forms every unit writes in."""
        place = f" {spec.place}" if spec.place else ""
        method = f" {spec.method}" if spec.method else ""
        head, *particle = verb.pres.split()
        inverted = " ".join([head, "vi", *particle, noun])  # "bygger vi ut cykelvägar"
        openings = (
            f"{subject} {verb.pres} {noun}{place}{method} under {spec.year}.",
            f"Arbetet gäller {verb.noun} {noun}{place}{method} under {spec.year}.",
            f"Under {spec.year} {inverted}{place}{method}.",
            f"Här {inverted}{place}{method} under {spec.year}.",
        )
        purposes = (
            f"Syftet är att {spec.purpose}.",
            f"Målet är att {spec.purpose}.",
            f"Insatsen ska bidra till att {spec.purpose}.",
            f"Det handlar om att {spec.purpose}.",
        )
        targets = (
            f"Insatsen riktar sig till {spec.target} och ska nå minst {spec.reach} personer.",
            f"Målgruppen är {spec.target}.",
            f"Vi vänder oss främst till {spec.target}.",
            f"Insatsen är till för {spec.target}.",
        )
        partners = (
            f"Arbetet sker i samverkan med {spec.partner}.",
            f"{_cap(spec.partner)} deltar i planeringen.",
            f"Vi samarbetar med {spec.partner}.",
        )
        opening, purpose, target, partner = phrasing
        out = [openings[opening % len(openings)]]
        for wanted, forms, form in zip(
            spec.sentences[:3],
            (purposes, targets, partners),
            (purpose, target, partner),
            strict=True,
        ):
            if wanted:
                out.append(forms[form % len(forms)])
        return out

    def _rewrite(self, spec: Spec) -> tuple[str, str]:
        """The same activity as a colleague in another unit would write it: the thing and the
        verb in other words, each sentence in another of the forms every unit writes in, in
        another order, and one sentence added."""
        rng = self.rng
        # Another verb of the same kind, or the same verb turned into a noun.
        verbs = [verb for verb in v.VERBS[spec.noun.verbs] if verb != spec.verb]
        verb = rng.choice(verbs) if verbs and rng.random() < 0.5 else spec.verb
        other = Spec(**{**spec.__dict__, "verb": verb})
        # Most often the thing in other words, as another unit calls it: a word of the same
        # group in the shipped vocabulary (cykelväg → cykelstråk); else singular for plural, or
        # the compound split into words.
        synonyms = _synonyms().get(spec.noun.sg, [])
        if synonyms and rng.random() < SYNONYM_SHARE:
            noun = rng.choice(synonyms)
        else:
            noun = rng.choice((spec.noun.alt, spec.noun.sg, spec.noun.alt))
        templates = [
            t for t in range(6) if t != spec.template and (spec.place or t not in (0, 1, 5))
        ]
        title = self._title(other, rng.choice(templates), rng.choice(("inf", "noun")), noun)
        phrasing = tuple(form + rng.randrange(1, 3) for form in spec.phrasing)
        first, *rest = self._sentences(spec, phrasing, "Vi", verb, noun)
        rng.shuffle(rest)
        rest.append(rng.choice(v.ADDED_SENTENCES))
        return title, " ".join([first, *rest])

    def _goal_links(self, spec: Spec, unit: UnitPlan) -> list[tuple[int, str, str]]:
        rng = self.rng
        keys = [k for k in spec.theme.council if k in self.goals_by_key] or [
            self.council_keys[hash(spec.theme.key) % len(self.council_keys)]
        ]
        links: dict[int, tuple[int, str, str]] = {}
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            candidates = self.goals_by_key[rng.choice(keys)]
            own = [g for g, top in candidates if top == unit.top]
            goal_id = rng.choice(own) if own and rng.random() < 0.7 else rng.choice(candidates)[0]
            reason = _cap(spec.purpose) if rng.random() < 0.4 else ""
            links.setdefault(goal_id, (goal_id, Contribution.Effect.SUPPORTS, reason))
        if rng.random() < 0.05:
            options = [(k, r) for k, r in spec.theme.counteracts if k in self.goals_by_key] or [
                (rng.choice(self.council_keys), "Insatsen tar resurser från ett annat mål")
            ]
            key, reason = rng.choice(options)
            goal_id = rng.choice(self.goals_by_key[key])[0]
            links[goal_id] = (goal_id, Contribution.Effect.COUNTERACTS, reason)
        return list(links.values())

    def _activity(self, spec: Spec, unit: UnitPlan, title: str, description: str) -> Activity:
        rng = self.rng
        start = date(spec.year, rng.randrange(1, 13), rng.randrange(1, 29))
        end = start + timedelta(days=rng.randrange(90, 1100)) if rng.random() < 0.85 else None
        if spec.year > END_YEAR:
            status = Activity.Status.PLANNED
        elif end is not None and end.year < END_YEAR:
            status = rng.choices(
                (Activity.Status.DONE, Activity.Status.CANCELLED, Activity.Status.ONGOING),
                (80, 8, 12),
            )[0]
        else:
            status = rng.choices(
                (Activity.Status.ONGOING, Activity.Status.PLANNED, Activity.Status.PAUSED),
                (75, 18, 7),
            )[0]
        created = datetime(start.year, start.month, 1, 8, 0, tzinfo=UTC) - timedelta(
            days=rng.randrange(0, 120), minutes=rng.randrange(0, 600)
        )
        process = None
        if spec.theme.process_area and rng.random() < 0.7:
            process = rng.choice(self.processes_by_area[spec.theme.process_area])
        elif rng.random() < 0.03:
            process = rng.choice(self.all_process_ids)
        withdrawn = rng.random() < 0.01
        return Activity(
            title=title,
            description=description,
            owner_unit_id=unit.pk,
            responsible=rng.choice(v.RESPONSIBLE),
            status=status,
            start_date=start,
            end_date=end,
            budget_sek=None
            if rng.random() < 0.2
            else max(10_000, int(round(rng.lognormvariate(13.2, 1.1), -4))),
            process_id=process,
            created_at=created,
            withdrawn_at=created + timedelta(days=rng.randrange(30, 400)) if withdrawn else None,
            withdrawn_reason=rng.choice(v.WITHDRAWAL_REASONS) if withdrawn else "",
        )

    def _theme_for(self, unit: UnitPlan) -> v.Theme:
        rng = self.rng
        keys = v.DOMAIN_THEMES.get(unit.domain) or v.CROSS_CUTTING_THEMES
        if rng.random() < 0.3:
            keys = v.CROSS_CUTTING_THEMES
        return v.THEME_BY_KEY[rng.choice(keys)]

    def _activities(self) -> None:
        rng = self.rng
        units = self.active_units
        weights = [u.weight for u in units]
        n_plain = self.n_activities - self.n_planted
        rows: list[tuple[Activity, list, UnitPlan]] = []
        specs: list[Spec] = []
        themes: list[v.Theme] = []
        taken: set[tuple[str, str]] = set()
        for _ in range(n_plain):
            unit = rng.choices(units, weights)[0]
            spec = self._spec(self._theme_for(unit), taken)
            title, description = self._render(spec, unit)
            rows.append(
                (self._activity(spec, unit, title, description), self._goal_links(spec, unit), unit)
            )
            specs.append(spec)
            themes.append(spec.theme)

        # Planted duplicates: the original's text rewritten in a unit of another top unit,
        # preferably one that works on the same theme.
        candidates = [i for i, (act, _, _) in enumerate(rows) if act.withdrawn_at is None]
        originals = rng.sample(candidates, self.n_planted)
        by_theme: dict[str, list[UnitPlan]] = defaultdict(list)
        for unit in units:
            for key in v.DOMAIN_THEMES.get(unit.domain, []):
                by_theme[key].append(unit)
        pairs: list[tuple[int, int]] = []
        for index in originals:
            original, _, owner = rows[index]
            spec = specs[index]
            choices = [u for u in by_theme[spec.theme.key] if u.top != owner.top] or [
                u for u in units if u.top != owner.top
            ]
            unit = rng.choice(choices)
            title, description = self._rewrite(spec)
            copy = self._activity(spec, unit, title, description)
            copy.withdrawn_at, copy.withdrawn_reason = None, ""
            rows.append((copy, self._goal_links(spec, unit), unit))
            themes.append(spec.theme)
            pairs.append((index, len(rows) - 1))

        # Write in a shuffled order, so that planted copies are not simply the last ids.
        order = list(range(len(rows)))
        rng.shuffle(order)
        position = {old: new for new, old in enumerate(order)}
        rows = [rows[i] for i in order]
        activities = Activity.objects.bulk_create([r[0] for r in rows], batch_size=BATCH)
        self.result.counts["activities"] = len(activities)
        self.activities = activities
        # Who wrote each activity and what it is about, for the conflicts raised against it.
        self.activity_plans = [
            (act, row[2], themes[i]) for act, row, i in zip(activities, rows, order, strict=True)
        ]

        contributions = [
            Contribution(activity_id=act.pk, goal_id=goal_id, effect=effect, reason=reason)
            for act, (_, links, _) in zip(activities, rows, strict=True)
            for goal_id, effect, reason in links
        ]
        Contribution.objects.bulk_create(contributions, batch_size=BATCH)
        self.result.counts["contributions"] = len(contributions)
        self.result.counts["counteracting contributions"] = sum(
            1 for c in contributions if c.effect == Contribution.Effect.COUNTERACTS
        )

        cooperations = []
        for act, (_, _, owner) in zip(activities, rows, strict=True):
            if rng.random() < 0.08:
                others = rng.sample(units, 3)
                for unit in {u.pk: u for u in others if u.top != owner.top}.values():
                    cooperations.append(Cooperation(activity_id=act.pk, unit_id=unit.pk))
                    if rng.random() < 0.6:
                        break
        Cooperation.objects.bulk_create(cooperations, batch_size=BATCH)
        self.result.counts["co-operations"] = len(cooperations)

        for original, copy in pairs:
            a, unit_a = activities[position[original]], rows[position[original]][2]
            b, unit_b = activities[position[copy]], rows[position[copy]][2]
            self.result.planted.append(
                {
                    "original": a.pk,
                    "copy": b.pk,
                    "original_unit": unit_a.slug,
                    "copy_unit": unit_b.slug,
                    "original_title": a.title,
                    "copy_title": b.title,
                }
            )
        self.result.counts["planted pairs"] = len(pairs)

    # --- follow-up --------------------------------------------------------------------------------

    def _followup(self) -> None:
        """Status reports, goal assessments and unit reports for the last years of follow-up,
        and an open period partly reported (demo.synthetic.followup)."""
        pk_of = {p.slug: p.pk for p in self.unit_plans}
        top_of_unit = {p.pk: pk_of.get(p.top or p.slug, p.pk) for p in self.unit_plans}
        counts = generate_followup(
            rng=random.Random(self.seed * 7919),
            activities=self.activities,
            goals=self.all_goals,
            top_of_unit=top_of_unit,
            top_unit_ids=[p.pk for p in self.tops],
            last_year=END_YEAR,
            years=self.followup_years,
            log=self.log,
        )
        self.result.counts.update(counts)

    # --- a login for the benchmark ----------------------------------------------------------------

    def _chief(self) -> None:
        """A chief executive, and a unit editor for the largest administration (the suggestions
        while typing are for those who write activities), with no usable passwords: the
        benchmark signs in as them."""
        editor_unit = max(self.tops, key=lambda p: p.weight)
        for username, title, role, unit_id in (
            (CHIEF_USERNAME, "Kommunchef", Role.CHIEF_EXECUTIVE, None),
            (EDITOR_USERNAME, "Verksamhetsutvecklare", Role.UNIT_EDITOR, editor_unit.pk),
        ):
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": "Syntetisk", "title": title}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            RoleAssignment.objects.get_or_create(user=user, role=role, unit_id=unit_id)
        # A process owner, owning the processes of one area that have no owner yet (the demo's
        # keep theirs), so the cockpit has its owner at scale.
        area = ProcessArea.objects.get(slug=PROCESS_OWNER_AREA)
        owner, created = User.objects.get_or_create(
            username=PROCESS_OWNER_USERNAME,
            defaults={"first_name": "Syntetisk", "title": "Processägare HR/personal"},
        )
        if created:
            owner.set_unusable_password()
            owner.save(update_fields=["password"])
        RoleAssignment.objects.get_or_create(user=owner, role=Role.PROCESS_OWNER, process_area=area)
        Process.objects.filter(area=area, owner__isnull=True).update(owner=owner)

    def _rollout(self) -> None:
        """Every unit's stage in every process: companies and small administrations lag behind,
        the management administration leads; a contact (a role, not a person) and a note for
        those that have started."""
        rng = self.rng
        roles = {"ekonomi": "Ekonomichef", "hr": "HR-chef", "kommunikation": "Kommunikationschef"}
        notes = [
            "",
            "Plan för införandet tas fram under året.",
            "Infört i ledningsgruppen; rutiner på plats i delar av verksamheten.",
            "Används i hela verksamheten enligt koncernens rutin.",
            "Följt upp i delårsrapporten; förbättringar inarbetade.",
        ]
        stages = list(Stage.values)
        cells = []
        for area_slug, process_ids in self.processes_by_area.items():
            for process_id in process_ids:
                for top in self.tops:
                    lead = 1 if top.domain == "ledning" else 0
                    level = min(4, max(0, round(rng.triangular(0, 4, 1.5)) + lead))
                    cells.append(
                        Implementation(
                            process_id=process_id,
                            unit_id=top.pk,
                            stage=stages[level],
                            contact=f"{roles.get(area_slug, 'Chef')}, {top.short}" if level else "",
                            note=notes[level],
                        )
                    )
        Implementation.objects.bulk_create(cells, ignore_conflicts=True)
        self.result.counts["rollout cells"] = len(cells)

    # --- goal conflicts ---------------------------------------------------------------------------

    def _conflicts(self) -> None:
        """Goal conflicts (goals/conflicts/): a unit flags an activity of another administration
        or company as working against one of its goals, for the reason the activity's theme
        gives. Most are open, a few of them overdue; the rest are decided with each outcome or
        withdrawn. Written as they happen: raised (bulk_create, pghistory's insert events), then
        decided or withdrawn (bulk_update, its update events), so that each history reads as the
        services would have written it. Raised by units without logins, as the demo's are: no
        person raised them; a decision names the chief executive, an agreement nobody.

        Dates count back from today, not from END_YEAR: whether a conflict is overdue is
        compared with today, and the act-on list should show the same few overdue whenever the
        group is generated. Everything else follows the seed."""
        rng = random.Random(self.seed * 104_729)  # its own stream: the rest stays as it was
        hurt_of = {goal.pk: goal.owner_unit_id for goal in self.all_goals}
        running = (Activity.Status.ONGOING, Activity.Status.PLANNED, Activity.Status.PAUSED)
        candidates = [
            plan
            for plan in self.activity_plans
            if plan[0].withdrawn_at is None and plan[0].status in running
        ]
        wanted = min(self.n_conflicts, len(candidates))
        seen: set[tuple[int, int]] = set()
        raised: list[tuple[Activity, int, str]] = []
        attempts = 0
        while candidates and len(raised) < wanted and attempts < wanted * 50:
            attempts += 1
            activity, unit, theme = rng.choice(candidates)
            options = [(k, r) for k, r in theme.counteracts if k in self.goals_by_key]
            if not options:
                continue
            key, why = rng.choice(options)
            # Goals of other administrations and companies only: a unit says "counteracts" on
            # its own activities instead (goals.conflicts.permissions.is_own_activity).
            goals = [g for g, top in self.goals_by_key[key] if top is not None and top != unit.top]
            if not goals:
                continue
            goal_id = rng.choice(goals)
            # Once per activity and goal: the goal's unit is the hurt one, and a second flag
            # adds nothing (the model's conflict_unsettled_once).
            if (activity.pk, goal_id) in seen:
                continue
            seen.add((activity.pk, goal_id))
            raised.append((activity, goal_id, why))

        goal_titles = dict(
            Goal.objects.filter(pk__in=[g for _, g, _ in raised]).values_list("pk", "title")
        )
        outcomes = self._conflict_outcomes(len(raised), rng)
        now = timezone.now().replace(second=0, microsecond=0)
        rows: list[Conflict] = []
        later: list[tuple[Conflict, str]] = []
        for (activity, goal_id, why), outcome in zip(raised, outcomes, strict=True):
            if outcome == "open":
                days_ago = rng.randrange(0, DEFAULT_DUE_DAYS - 2)
            elif outcome == "overdue":
                days_ago = rng.randrange(DEFAULT_DUE_DAYS + 3, 120)
            else:
                days_ago = rng.randrange(45, 400)
            # In working hours of a past day, or earlier today.
            raised_at = now - timedelta(days=days_ago, minutes=rng.randrange(10, 480))
            conflict = Conflict(
                activity_id=activity.pk,
                goal_id=goal_id,
                hurt_unit_id=hurt_of[goal_id],
                reason=(
                    f"{why}, och det motverkar vårt mål {goal_titles[goal_id].lower()}. "
                    f"{rng.choice(v.CONFLICT_ASKS)}"
                ),
                raised_at=raised_at,
                due_on=timezone.localdate(raised_at) + timedelta(days=DEFAULT_DUE_DAYS),
            )
            rows.append(conflict)
            if outcome not in ("open", "overdue"):
                later.append((conflict, outcome))
        Conflict.objects.bulk_create(rows, batch_size=BATCH)

        chief = User.objects.get(username=CHIEF_USERNAME)
        notes = {
            Conflict.Outcome.RESOLVED: v.CONFLICT_RESOLVED_NOTES,
            Conflict.Outcome.ACCEPTED: v.CONFLICT_ACCEPTED_NOTES,
            Conflict.Outcome.ESCALATED: v.CONFLICT_ESCALATED_NOTES,
        }
        for conflict, outcome in later:
            when = conflict.raised_at + timedelta(days=rng.randrange(3, 40), hours=2)
            if outcome == "withdrawn":
                conflict.withdrawn_at = when
                conflict.withdrawn_reason = rng.choice(v.CONFLICT_WITHDRAWAL_REASONS)
                continue
            conflict.outcome = outcome
            conflict.decided_at = when
            if outcome == Conflict.Outcome.RESOLVED and rng.random() < 0.5:
                # Both units confirmed it resolved (conflict_confirm_resolved), nobody decided.
                conflict.owner_agreed_at = when - timedelta(days=rng.randrange(1, 3))
                conflict.hurt_agreed_at = when
                continue
            conflict.decided_by_id = chief.pk
            conflict.decision_note = rng.choice(notes[Conflict.Outcome(outcome)])
        Conflict.objects.bulk_update(
            [c for c, _ in later],
            [
                "outcome",
                "decision_note",
                "decided_by",
                "decided_at",
                "owner_agreed_at",
                "hurt_agreed_at",
                "withdrawn_at",
                "withdrawn_reason",
            ],
            batch_size=BATCH,
        )
        self.result.counts["conflicts"] = len(rows)
        for label, n in sorted(Counter(outcomes).items()):
            self.result.counts[f"  of them {label}"] = n

    @staticmethod
    def _conflict_outcomes(n: int, rng: random.Random) -> list[str]:
        """Each outcome's share of n conflicts, the rest open, shuffled: by quota rather than by
        chance, so that a small group has every kind too."""
        shares = {
            "overdue": 0.08,  # open, and past the date it was to be settled by
            Conflict.Outcome.ESCALATED.value: 0.07,
            Conflict.Outcome.RESOLVED.value: 0.1,
            Conflict.Outcome.ACCEPTED.value: 0.07,
            "withdrawn": 0.04,
        }
        outcomes = [label for label, share in shares.items() for _ in range(round(n * share))]
        outcomes = outcomes[:n] + ["open"] * max(0, n - len(outcomes))
        rng.shuffle(outcomes)
        return outcomes


# The share of planted copies that name their thing with another word of its vocabulary group.
SYNONYM_SHARE = 0.7
# The share of plain activities that name their thing with another word of its vocabulary group.
PLAIN_SYNONYM_SHARE = 0.25
# The share of activities with one of the sentences a colleague adds (every planted copy has one).
ADDED_SENTENCE_SHARE = 0.3


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, list[str]]:
    """Each one-word term of the shipped vocabulary → the other one-word terms of its group."""
    from goals.overlap.vocabulary import read_file

    out: dict[str, list[str]] = {}
    for _field, terms in read_file():
        single = [t for t in terms if " " not in t and "-" not in t]
        for term in single:
            out[term] = [t for t in single if t != term]
    return out


def write_planted(path: Path, result: Result, *, seed: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "database": connection.settings_dict["NAME"],
        "seed": seed,
        "counts": result.counts,
        "pairs": result.planted,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def read_planted(path: Path) -> list[dict]:
    """The planted pairs whose two activities are still in the database with the same titles (a
    file left over from an earlier generation gives none)."""
    if not path.exists():
        return []
    pairs = json.loads(path.read_text(encoding="utf-8")).get("pairs", [])
    ids = {p[k] for p in pairs for k in ("original", "copy")}
    titles = dict(Activity.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [
        p
        for p in pairs
        if titles.get(p["original"]) == p["original_title"]
        and titles.get(p["copy"]) == p["copy_title"]
    ]
