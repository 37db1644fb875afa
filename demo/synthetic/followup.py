"""Follow-up rows for the synthetic group: years of reporting in the municipal cycle, reported in
full and closed, and the next year's delår 1 open with part of the group reported, so the
follow-up pages and the overview are measured at scale.

Written in bulk (10,000 rows a statement); the same seed gives the same rows.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from demo.data import followup as demo
from goals.followup.models import (
    ActivityReport,
    GoalAssessment,
    ReportingCycle,
    ReportingPeriod,
    StatusColour,
    UnitReport,
)
from goals.followup.services import reporting_year_open
from goals.models import Activity, Goal

if TYPE_CHECKING:
    from collections.abc import Callable

BATCH = 10_000
COLOURS = [
    StatusColour.ON_TRACK,
    StatusColour.AT_RISK,
    StatusColour.OFF_TRACK,
    StatusColour.NOT_ASSESSED,
]
COLOUR_WEIGHTS = [70, 18, 8, 4]
ASSESSMENTS = ["met", "partly_met", "not_met", "not_assessed"]
ASSESSMENT_WEIGHTS = [30, 50, 15, 5]
# In the open period: the share of units that are ready, and of rows filled in elsewhere.
READY_SHARE = 0.4
FILLED_SHARE = 0.6


def _runs_in(activity: Activity, period: ReportingPeriod) -> bool:
    """As goals.followup.rules.activities_to_report, on an activity in memory."""
    return (
        activity.withdrawn_at is None
        and activity.status != Activity.Status.CANCELLED
        and (activity.start_date is None or activity.start_date <= period.ends_on)
        and (activity.end_date is None or activity.end_date >= period.starts_on)
    )


def generate_followup(
    *,
    rng: random.Random,
    activities: list[Activity],
    goals: list[Goal],
    top_of_unit: dict[int, int],
    top_unit_ids: list[int],
    last_year: int,
    years: int,
    log: Callable[[str], None],
) -> dict[str, int]:
    """Reports for `years` years up to `last_year` (closed), and delår 1 of the year after
    (open, partly reported). Returns the counts written."""
    counts = {"reporting periods": 0, "status reports": 0, "goal assessments": 0, "unit reports": 0}
    periods: list[tuple[ReportingPeriod, bool]] = []
    for year in range(last_year - years + 1, last_year + 2):
        try:
            opened = reporting_year_open(year=year, cycle=ReportingCycle.MUNICIPAL)
        except ValidationError:
            log(f"  follow-up: {year} already follows another cycle; left out")
            continue
        counts["reporting periods"] += len(opened)
        if year <= last_year:
            periods += [(p, True) for p in opened]
        else:
            periods.append((opened[0], False))

    assessed_goals = [
        g for g in goals if g.level in (Goal.Level.COUNCIL, Goal.Level.UNIT) and g.owner_unit_id
    ]
    comments = {colour: demo.COMMENTS.get(colour, [""]) for colour in COLOURS}
    analyses = {choice: demo.ANALYSES.get(choice, [""]) for choice in ASSESSMENTS}
    for period, complete in periods:
        ready_units = (
            set(top_unit_ids)
            if complete
            else {pk for pk in top_unit_ids if rng.random() < READY_SHARE}
        )
        reports = []
        for activity in activities:
            if not _runs_in(activity, period):
                continue
            top = top_of_unit.get(activity.owner_unit_id)
            if top not in ready_units and rng.random() > FILLED_SHARE:
                continue
            colour = rng.choices(COLOURS, COLOUR_WEIGHTS)[0]
            reports.append(
                ActivityReport(
                    period=period,
                    activity_id=activity.pk,
                    progress=rng.randrange(0, 101, 5),
                    status=colour,
                    comment=rng.choice(comments[colour]) if comments[colour] else "",
                )
            )
        ActivityReport.objects.bulk_create(reports, batch_size=BATCH, ignore_conflicts=True)
        counts["status reports"] += len(reports)

        rows = []
        for goal in assessed_goals:
            if period.year < (goal.period_start or 0) or period.year > (goal.period_end or 9999):
                continue
            if top_of_unit.get(goal.owner_unit_id) not in ready_units and rng.random() > 0.5:
                continue
            choice = rng.choices(ASSESSMENTS, ASSESSMENT_WEIGHTS)[0]
            rows.append(
                GoalAssessment(
                    period=period,
                    goal_id=goal.pk,
                    assessment=choice,
                    analysis=rng.choice(analyses[choice]) if analyses[choice] else "",
                )
            )
        GoalAssessment.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        counts["goal assessments"] += len(rows)

        ready_at = datetime(
            period.deadline.year, period.deadline.month, period.deadline.day, 9, 0, tzinfo=UTC
        )
        unit_reports = [
            UnitReport(period=period, unit_id=pk, status=UnitReport.Status.READY, ready_at=ready_at)
            for pk in sorted(ready_units)
        ]
        UnitReport.objects.bulk_create(unit_reports, batch_size=BATCH, ignore_conflicts=True)
        counts["unit reports"] += len(unit_reports)
        if complete and period.is_open:
            period.status = ReportingPeriod.Status.CLOSED
            period.closed_at = ready_at
            period.save(update_fields=["status", "closed_at"])
    return counts
