"""The counteraction and gap lists run the same number of SQL queries whatever the size of the
data: requested against the small and the ten times larger group of tests/test_query_counts.py,
plus counteractions with support in other units and activities without goal.

Every request starts with session, user and the user's role assignments (3): a full page's
header shows the roles, and for an htmx fragment too the second factor's check asks whether the
user is an administrator.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from goals.models import Activity, Contribution
from tests import factories as f
from tests.test_query_counts import Data, build, count_queries


def build_signals(group, size: int) -> Data:
    data = build(group, size)
    for n in range(size):
        # A counteraction of the measured council goal by the company, which the administration
        # supports (build() adds support of it in every unit); and an activity without goal.
        activity = f.ActivityFactory(owner_unit=group.company, responsible=f"Person {n}")
        f.ContributionFactory(
            activity=activity,
            goal=data.council,
            effect=Contribution.Effect.COUNTERACTS,
            reason="Skäl",
        )
        f.ActivityFactory(owner_unit=[group.department, group.company][n % 2])
    return data


def url_for(page: str, data: Data) -> str:
    counteraction = reverse("goals:counteraction_list")
    gaps = reverse("goals:gap_list")
    return {
        "counteraction_list": counteraction,
        "counteraction_list_filtered": counteraction
        + f"?unit=utbildning&goal={data.council.pk}&process=rekrytering",
        "counteraction_list_htmx": counteraction,
        "gap_list": gaps,
        "gap_list_filtered": gaps + f"?typ=alla&unit=utbildning&goal={data.council.pk}",
        "gap_list_htmx": gaps + "?typ=aktivitet-utan-mal",
    }[page]


HEADERS = {
    "counteraction_list_htmx": {"HX-Request": "true", "HX-Target": "counteraction-results"},
    "gap_list_htmx": {"HX-Request": "true", "HX-Target": "gap-results"},
}

EXPECTED = {
    # session, user, role assignments (3); the unit, goal and process selects' choices (3); the
    # support per council goal and top-level unit, the count, the page's ids, the page's rows
    # with their counts and supporters' ids, the supporters with their units (5)
    "counteraction_list": 3 + 3 + 5,
    # ... plus validating the unit, goal and process values (3) and the unit's subtree (1)
    "counteraction_list_filtered": 3 + 3 + 5 + 4,
    # session, user, role assignments (3, the second factor's check); the results alone:
    # support, count, ids, rows, supporters (5)
    "counteraction_list_htmx": 3 + 5,
    # session, user, role assignments (3); the unit and goal selects' choices (2); goals without
    # activity (1); top-level units, active council goals, supported pairs (3); the count and the
    # page of activities without goal (2)
    "gap_list": 3 + 2 + 1 + 3 + 2,
    # ... plus validating the unit and goal values (2), and the unit's subtree for the goals it
    # owns and for its activities without goal (2)
    "gap_list_filtered": 3 + 2 + 1 + 3 + 2 + 4,
    # session, user, role assignments (3, the second factor's check); the activities without
    # goal: count and page (2)
    "gap_list_htmx": 3 + 2,
}


@pytest.mark.parametrize("page", list(EXPECTED))
def test_the_number_of_queries_does_not_grow_with_the_data(client, reader, group, page):
    client.force_login(reader)
    data = build_signals(group, 3)
    url, headers = url_for(page, data), HEADERS.get(page)
    client.get(url, headers=headers or {})  # warm up: first-request-only work is not counted
    small = count_queries(client, url, headers)
    build_signals(group, 27)
    large = count_queries(client, url, headers)
    assert (small, large) == (EXPECTED[page], EXPECTED[page])


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("page", list(EXPECTED))
def test_each_page_runs_its_listed_queries(
    client, reader, group, django_assert_num_queries, page, size
):
    client.force_login(reader)
    data = build_signals(group, size)
    url, headers = url_for(page, data), HEADERS.get(page) or {}
    client.get(url, headers=headers)
    with django_assert_num_queries(EXPECTED[page]):
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    # The pages show what they count: the data is not empty.
    html = response.content.decode()
    if page.startswith("gap"):
        # Some activity without goal is listed (which ones the page shows first depends on the
        # titles factories gave).
        without_goal = Activity.objects.filter(contributions__isnull=True)
        assert any(f">{title}<" in html for title in without_goal.values_list("title", flat=True))
    else:
        # Which person comes first depends on the titles; any counteraction shows one.
        assert "Person " in html
