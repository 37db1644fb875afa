"""The rollout matrix, the cockpit and the other process pages run the same number of SQL
queries whatever the number of units, processes, cells, activities and overlaps.

Every full page starts with session, user and the user's role assignments (3), counted below.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from goals.models import OverlapSuggestion
from processes.models import Implementation, Stage
from tests import factories as f
from vaxjo_riktning.models import Unit


def build(group, owner, size: int) -> None:
    """``size`` more companies, processes in the HR area (each with owner and a goal), a cell
    for every process in every unit, and activities of those processes in the units, each
    pair of neighbours an open overlap suggestion."""
    for n in range(size):
        f.UnitFactory(kind=Unit.Kind.COMPANY, name=f"Bolag {size}-{n}", slug=f"bolag-{size}-{n}")
        process = f.ProcessFactory(area=group.hr_area, owner=owner)
        process.goals.add(f.GoalFactory())
    units = list(Unit.objects.top_level())
    stages = Stage.values
    previous = None
    for process in group.hr_area.processes.all():
        for i, unit in enumerate(units):
            Implementation.objects.get_or_create(
                process=process, unit=unit, defaults={"stage": stages[i % 5], "note": "Not"}
            )
        for unit in units[:3]:
            activity = f.ActivityFactory(owner_unit=unit, process=process)
            f.ContributionFactory(activity=activity)
            if previous is not None and previous.owner_unit_id != activity.owner_unit_id:
                a, b = sorted([previous, activity], key=lambda x: x.pk)
                OverlapSuggestion.objects.get_or_create(
                    activity_a=a, activity_b=b, defaults={"score": 0.7}
                )
            previous = activity


def pages(group) -> dict[str, str]:
    process = group.recruitment_process
    return {
        "rollout": reverse("processes:rollout"),
        "rollout_area": reverse("processes:rollout") + "?omrade=hr",
        "cell": reverse("processes:rollout_cell", args=[process.slug, group.company.slug]),
        "cockpit": reverse("processes:cockpit"),
        "cockpit_filtered": reverse("processes:cockpit")
        + f"?omrade=hr&process={process.slug}&enhet={group.administration.slug}",
        "process_index": reverse("processes:process_index"),
        "process_detail": process.get_absolute_url(),
        "report": reverse("processes:area_report", args=["hr"]),
        "report_xlsx": reverse("processes:area_report_xlsx", args=["hr"]),
    }


EXPECTED = {
    # the top-level units with the fingerprint of the page, kept in the cache as HTML (below)
    "rollout": 3 + 1,
    # ... plus the area asked for
    "rollout_area": 3 + 1 + 1,
    # the process with area and owner, the unit, the implementation; its history: the events
    # with context, process and unit, and the people who made them
    "cell": 3 + 3 + 2,
    # the areas; the area's processes, the open overlaps among its activities and their number,
    # the number of activities and the page of them; the units to filter by
    "cockpit": 3 + 1 + 5 + 1,
    # ... plus the unit filtered by
    "cockpit_filtered": 3 + 1 + 6 + 1,
    # areas with their owning unit, processes with owners, their goals, the process owners
    "process_index": 3 + 4,
    # the process with the fingerprint of its parts kept in the cache as HTML (below), its
    # stated goals, the units, its cells, changes (2)
    "process_detail": 3 + 6,
    # the area, the matrix (3), the owners
    "report": 3 + 5,
    # a download has no page around it, but the second factor's check reads the role assignments
    "report_xlsx": 3 + 5,
}


@pytest.mark.parametrize("page", list(EXPECTED))
def test_each_process_page_runs_its_listed_queries_at_two_sizes(
    client, process_owner, group, django_assert_num_queries, page
):
    client.force_login(process_owner)
    url = pages(group)[page]
    # One change made in the app, so the history has a person to name.
    client.post(
        pages(group)["cell"], {"stage": "planned", "version": 0}, headers={"HX-Request": "true"}
    )
    counts = []
    for size in (2, 12):
        build(group, process_owner, size)
        client.get(url)  # warm up
        with django_assert_num_queries(EXPECTED[page]):
            response = client.get(url)
        assert response.status_code == 200
        counts.append(size)
    assert counts == [2, 12]


@pytest.mark.parametrize("page", ["cockpit", "cockpit_filtered"])
def test_the_cockpit_runs_as_many_queries_with_its_cache_empty(
    client, process_owner, group, django_assert_num_queries, page
):
    """The cockpit keeps its page of activities in the cache (the number of them and their ids);
    without it, the number is counted in the query that reads the page."""
    client.force_login(process_owner)
    url = pages(group)[page]
    for size in (2, 12):
        build(group, process_owner, size)
        client.get(url)  # the session and the user's first visit
        cache.clear()
        with django_assert_num_queries(EXPECTED[page]):
            response = client.get(url)
        assert response.status_code == 200
        assert response.context["cockpit"].rows


@pytest.mark.parametrize(
    ("page", "queries"),
    [
        # the top-level units with the fingerprint; processes with area and owner,
        # implementations; the area tabs
        ("rollout", 3 + 1 + 2 + 1),
        # ... plus the area asked for
        ("rollout_area", 3 + 1 + 1 + 2 + 1),
    ],
)
def test_the_rollout_matrix_runs_as_many_queries_as_before_with_its_cache_empty(
    client, process_owner, group, django_assert_num_queries, page, queries
):
    """The rollout page keeps its HTML in the cache; without it, the matrix is read with the
    columns the fingerprint came with."""
    client.force_login(process_owner)
    url = pages(group)[page]
    for size in (2, 12):
        build(group, process_owner, size)
        client.get(url)  # the session and the user's first visit
        cache.clear()
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200
        assert "cell-edit" in response.content.decode()


def test_the_process_page_runs_as_many_queries_as_before_with_its_cache_empty(
    client, process_owner, group, django_assert_num_queries
):
    """The process page keeps the council goals served and its activities by unit as HTML;
    without them, they are read: activities per unit, the first activities with their
    contributions (2), council goals served."""
    client.force_login(process_owner)
    url = pages(group)["process_detail"]
    client.post(
        pages(group)["cell"], {"stage": "planned", "version": 0}, headers={"HX-Request": "true"}
    )
    for size in (2, 12):
        build(group, process_owner, size)
        client.get(url)  # the session and the user's first visit
        cache.clear()
        with django_assert_num_queries(3 + 6 + 4):
            response = client.get(url)
        assert response.status_code == 200
        assert response.context["page"].activities


def test_the_cell_fragment_for_htmx(client, process_owner, group, django_assert_num_queries):
    client.force_login(process_owner)
    url = pages(group)["cell"]
    for size in (2, 12):
        build(group, process_owner, size)
        # session, user, role assignments (the right to change); the process, the unit, the cell
        with django_assert_num_queries(3 + 3):
            response = client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200
