"""Every browsing page runs the same number of SQL queries whatever the size of the data.

Each page is requested against a small and a ten times larger group (activities with
contributions to council and unit goals, co-operating units, processes, departments, goals and
indicators), and must run exactly the number of queries listed for it.

Every full page starts with the same three queries, counted in each total below:
  session, user, the user's role assignments (the header shows the user's roles).
An htmx fragment has no header, but the second factor's check reads the role assignments too.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.models import Contribution, Cooperation, Goal, Measurement, OverlapSuggestion
from tests import factories as f
from vaxjo_riktning.celery import app as celery_app
from vaxjo_riktning.models import OutboxTask, Unit
from vaxjo_riktning.tasks import overview_refresh_task


@dataclass
class Data:
    council: Goal
    group: object


def build(group, size: int) -> Data:
    """``size`` activities spread over the group's units and new departments, each supporting a
    council goal and a unit goal, every other one counteracting a second unit goal, with a
    co-operating unit and a process."""
    council = Goal.objects.filter(level=Goal.Level.COUNCIL, code="Q").first() or f.GoalFactory(
        code="Q", title="Mätt mål"
    )
    other_council = f.GoalFactory()
    units = [group.administration, group.department, group.company]
    # Follow-up: the overview shows the current period's progress and the goals' colours.
    period = f.ReportingPeriodFactory()
    colours = ["on_track", "at_risk", "off_track", "not_assessed"]
    for n in range(size):
        department = f.DepartmentFactory(parent=units[n % 2])
        unit_goal = f.UnitGoalFactory(parent=council, owner_unit=group.administration)
        indicator = f.IndicatorFactory(goal=council if n % 3 == 0 else unit_goal)
        Measurement.objects.create(indicator=indicator, year=2020 + n % 5, value=n)
        activity = f.ActivityFactory(
            owner_unit=[group.administration, department, group.company][n % 3],
            process=group.recruitment_process if n % 2 else None,
        )
        f.ContributionFactory(activity=activity, goal=council)
        f.ContributionFactory(activity=activity, goal=unit_goal, reason="Varför")
        if n % 2:
            f.ContributionFactory(
                activity=activity,
                goal=f.UnitGoalFactory(parent=council if n % 3 else other_council),
                effect=Contribution.Effect.COUNTERACTS,
                reason="Därför",
            )
        f.ActivityReportFactory(period=period, activity=activity, status=colours[n % 4])
        Cooperation.objects.create(
            activity=activity,
            unit=group.company if activity.owner_unit != group.company else group.administration,
        )
        f.UnitFactory(kind=Unit.Kind.COMPANY)
    return Data(council=council, group=group)


def url_for(page: str, data: Data) -> str:
    group = data.group
    return {
        "overview": reverse("overview"),
        "overview_cell": reverse("overview") + f"?enhet=utbildning&mal={data.council.pk}",
        "overview_cell_htmx": reverse("overview") + f"?enhet=utbildning&mal={data.council.pk}",
        "unit_list": reverse("unit_list"),
        "unit_detail": group.administration.get_absolute_url(),
        "goal_list": reverse("goals:goal_list"),
        "goal_detail": data.council.get_absolute_url(),
        "activity_list": reverse("goals:activity_list"),
        "activity_list_filtered": reverse("goals:activity_list")
        + f"?unit=utbildning&goal={data.council.pk}&effect=supports&area=hr"
        + "&process=rekrytering&q=a",
    }[page]


HEADERS = {"overview_cell_htmx": {"HX-Request": "true", "HX-Target": "cell-activities"}}

# The queries each page runs, on top of session, user and role assignments (3).
EXPECTED = {
    # With nothing cached (see test_the_overview_is_read_from_the_cache_until_the_group_changes
    # for a warm one): the fingerprints of the group, the act-on list, the follow-up and the
    # rollout, read together (vaxjo_riktning.selectors.overview_state); the number of open
    # overlap suggestions, which the cache keeps under the act-on list's, its open duplicate
    # cases and the open conflicts' summary
    # (the largest conflicts are not read when there are none, as here: see
    # tests/vaxjo_riktning/test_act_on.py for a group with conflicts);
    # then top-level units, active council goals, the aggregate, the number of active
    # activities, and the signal tiles: counteractions, goals without any supporting activity,
    # activities without goal (one count each; the unit gaps come from the matrix); and
    # follow-up, cached the same way: the periods, the units, activity and goal counts, the
    # units' reports, the council goals and their colours
    # (goals.followup.selectors.overview_followup); and the rollout heat map: top-level units,
    # processes, implementations
    "overview": 3 + 1 + 3 + 4 + 3 + 7 + 3,
    # ... plus the cell: its unit, its goal, the count, the activities, their contributions and
    # their contributions to the goal, the duplicate cases and pairs its activities are in, the
    # open conflicts about them or against its goals
    "overview_cell": 3 + 1 + 3 + 4 + 3 + 7 + 3 + 8,
    # the cell alone: no matrix and no layout; the role assignments for the second factor's check
    "overview_cell_htmx": 3 + 8,
    # every unit, active activities per unit
    "unit_list": 3 + 2,
    # the unit with its parent, every unit (its departments and subtree), the page's count, the
    # page of activities, their contributions, council goal counts, the co-operations' count,
    # their page and their contributions, and the unit's column of the rollout: processes,
    # implementations
    "unit_detail": 3 + 9 + 2,
    # the tree's fingerprint (its HTML is kept under it), the goals with their owners, and the
    # counts per goal with those rolled into council goals (one query)
    "goal_list": 3 + 1 + 2,
    # the goal with its parents, sub-goals, indicators with their latest measurement, counts per
    # effect, and for supports and counteracts: activities, their contributions, the
    # contributions to this goal; and the supporting activities in other units than the
    # counteracting ones (the counteraction warning)
    # (and their measurements for the charts)
    "goal_detail": 3 + 5 + 2 * 3 + 1,
    # the count, the page of activities, their contributions, and the choices of the unit, goal,
    # process area and process selects
    "activity_list": 3 + 3 + 4,
    # ... plus validating the unit, goal, process area and process values and the unit tree for
    # the unit filter
    "activity_list_filtered": 3 + 3 + 4 + 5,
}


def count_queries(client, url: str, headers: dict | None = None) -> int:
    cache.clear()  # the overview's cold path: the one that must not grow
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", list(EXPECTED))
def test_the_number_of_queries_does_not_grow_with_the_data(client, reader, group, page):
    client.force_login(reader)
    data = build(group, 3)
    url, headers = url_for(page, data), HEADERS.get(page)
    client.get(url, headers=headers or {})  # warm up: first-request-only work is not counted
    small = count_queries(client, url, headers)
    build(group, 27)
    large = count_queries(client, url, headers)
    assert (small, large) == (EXPECTED[page], EXPECTED[page])


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("page", list(EXPECTED))
def test_each_page_runs_its_listed_queries(
    client, reader, group, django_assert_num_queries, page, size
):
    client.force_login(reader)
    data = build(group, size)
    url, headers = url_for(page, data), HEADERS.get(page) or {}
    client.get(url, headers=headers)
    cache.clear()
    with django_assert_num_queries(EXPECTED[page]):
        response = client.get(url, headers=headers)
    assert response.status_code == 200


def plant_signals(data: Data, size: int) -> None:
    """Duplicated work and conflicts on the council goal, between the administration (its own
    activities and its department's) and the company: ``size`` strong pairs, every third of
    them joined by a third activity into a case, and ``size`` open conflicts."""
    group = data.group
    for n in range(size):
        ours = f.ActivityFactory(owner_unit=[group.administration, group.department][n % 2])
        theirs = f.ActivityFactory(owner_unit=group.company, budget_sek=n)
        alike = [ours, theirs]
        if n % 3 == 0:
            alike.append(f.ActivityFactory(owner_unit=f.UnitFactory(), budget_sek=n))
        for activity in alike:
            f.ContributionFactory(activity=activity, goal=data.council)
        for i, first in enumerate(alike):
            for second in alike[i + 1 :]:
                OverlapSuggestion.objects.create(
                    activity_a=first, activity_b=second, score=0.9, text_score=0.9,
                    case_key=alike[0].pk,
                )  # fmt: skip
        f.ConflictFactory(
            activity=f.ActivityFactory(owner_unit=group.company, budget_sek=n),
            goal=f.UnitGoalFactory(parent=data.council, owner_unit=group.administration),
        )


# Warm: session, user, roles; the fingerprints (1). The numbers above the matrix come from the
# cache, and the matrix, the act-on list, the follow-up and the heat map are HTML from it.
WARM_OVERVIEW = 3 + 1


@pytest.mark.parametrize("size", [3, 30])
def test_the_overview_with_duplicate_work_and_conflicts_runs_its_listed_queries(
    client, reader, group, django_assert_num_queries, size
):
    client.force_login(reader)
    data = build(group, size)
    plant_signals(data, size)
    url = url_for("overview", data)
    client.get(url)

    # Cold: the overview's queries above, and with conflicts and pairs open the largest
    # conflicts, the open conflicts per cell and the duplicated work per cell.
    cache.clear()
    with django_assert_num_queries(EXPECTED["overview"] + 3):
        cold = main_of(client.get(url))
    assert "data-duplicates=" in cold
    assert "data-conflicts=" in cold
    # Warm: no more than without them, in either view of the matrix.
    with django_assert_num_queries(WARM_OVERVIEW):
        assert main_of(client.get(url)) == cold
    with django_assert_num_queries(WARM_OVERVIEW):
        kronor = client.get(url, {"visa": "kronor"}).content.decode()
    assert "matrix--kronor" in kronor
    assert "data-duplicates=" in kronor

    # The drill-down lists a page of the cell's cases and conflicts in its own fixed queries.
    cell_url, headers = url_for("overview_cell_htmx", data), HEADERS["overview_cell_htmx"]
    with django_assert_num_queries(EXPECTED["overview_cell_htmx"]):
        cell = client.get(cell_url, headers=headers).content.decode()
    assert "data-cell-duplicates" in cell
    assert "data-cell-conflicts" in cell


def main_of(response) -> str:
    """The page's content, without the layout's per-request CSRF token."""
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("size", [3, 30])
def test_the_overview_is_read_from_the_cache_until_the_group_changes(
    client, reader, group, django_assert_num_queries, size
):
    client.force_login(reader)
    data = build(group, size)
    url = url_for("overview", data)
    first = main_of(client.get(url))
    # Warm: the fingerprints, read together, and nothing else (WARM_OVERVIEW).
    with django_assert_num_queries(WARM_OVERVIEW):
        assert main_of(client.get(url)) == first

    # A bulk update fires no signal, but pghistory's trigger records it, so the key changes.
    Contribution.objects.filter(goal__council_goal=data.council).update(
        effect=Contribution.Effect.COUNTERACTS, reason="Omprioriterat"
    )
    with CaptureQueriesContext(connection) as queries:
        changed = main_of(client.get(url))
    assert len(queries) > WARM_OVERVIEW  # worked out again
    assert changed != first

    # Moving a department to another top-level unit changes no tracked row, but the unit tree's
    # fingerprint.
    Unit.objects.filter(pk=group.department.pk).update(top_unit=group.company)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) > WARM_OVERVIEW  # worked out again


@pytest.mark.parametrize("size", [3, 30])
def test_the_refresh_task_leaves_the_changed_overview_in_the_cache(
    client, reader, group, django_assert_num_queries, size
):
    client.force_login(reader)
    data = build(group, size)
    url = url_for("overview", data)
    first = main_of(client.get(url))
    Contribution.objects.filter(goal__council_goal=data.council).update(
        effect=Contribution.Effect.COUNTERACTS, reason="Omprioriterat"
    )

    overview_refresh_task()  # what a worker runs after the change commits

    with django_assert_num_queries(WARM_OVERVIEW):  # the warm count above
        changed = main_of(client.get(url))
    assert changed != first


def test_a_save_asks_a_worker_to_refresh_the_overview_only_when_there_is_one(
    monkeypatch, editor, group, django_capture_on_commit_callbacks
):
    from goals import services

    def save() -> bool:
        """Whether the save queued the overview's refresh (in the outbox, for a worker)."""
        OutboxTask.objects.all().delete()
        with django_capture_on_commit_callbacks():
            services.activity_create(
                user=editor,
                data={"owner_unit": group.department, "title": "Läxhjälp", "status": "planned"},
            )
        return OutboxTask.objects.filter(task=overview_refresh_task.name).exists()

    assert celery_app.conf.task_always_eager  # the tests' default: no worker
    assert not save()
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    assert save()
