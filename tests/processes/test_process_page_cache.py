"""A process's page keeps the council goals its activities serve and its activities by unit as
HTML in the cache under the fingerprint of what they show (processes.selectors.process_page's
state: PROCESS_PAGE_EVENTS and the unit tree). Each test changes what they show by a write that
fires no signal (a bulk update or delete; raw SQL would do the same), and the next visit shows
the change."""

from __future__ import annotations

import pytest
from django.utils import timezone

from goals.models import Activity, Contribution, Goal
from processes.models import Process
from tests import factories as f
from vaxjo_riktning.models import Unit


@pytest.fixture
def served(group):
    """A recruitment activity of the administration's department serving a council goal."""
    goal = f.GoalFactory(title="Kompetensförsörjning säkrad", code="9")
    activity = f.ActivityFactory(
        title="Rekryteringsmässa", owner_unit=group.department, process=group.recruitment_process
    )
    f.ContributionFactory(activity=activity, goal=goal)
    return activity, goal


def parts(client, process) -> str:
    """The two parts kept in the cache (the page around them has a new CSRF token each time)."""
    html = client.get(process.get_absolute_url()).content.decode()
    goals = html.split('<h2 id="served-heading">', 1)[1].split("</section>", 1)[0]
    activities = html.split('<h2 id="by-unit-heading">', 1)[1].split("</section>", 1)[0]
    return goals + activities


def test_a_visit_after_nothing_changed_reads_the_parts_from_the_cache(
    client, reader, group, served, django_assert_num_queries
):
    client.force_login(reader)
    process = group.recruitment_process
    first = parts(client, process)
    assert "Rekryteringsmässa" in first and "Kompetensförsörjning säkrad" in first
    # session, user, role assignments; the process with the fingerprint, its stated goals, the
    # top-level units, its cells, its rollout changes (none: no people to read)
    with django_assert_num_queries(3 + 5):
        assert parts(client, process) == first


def test_the_parts_follow_the_activities(client, reader, group, served):
    activity, goal = served
    process = group.recruitment_process
    client.force_login(reader)
    parts(client, process)
    f.ActivityFactory(title="Chefsintroduktion", owner_unit=group.company, process=process)
    html = parts(client, process)
    assert "Chefsintroduktion" in html and f"{group.company.name}</a>: 1" in html
    Activity.objects.filter(pk=activity.pk).update(title="Rekryteringsdag")
    assert "Rekryteringsdag" in parts(client, process)
    Activity.objects.filter(pk=activity.pk).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Klar."
    )
    html = parts(client, process)
    assert "Rekryteringsdag" not in html and "Kompetensförsörjning säkrad" not in html
    Activity.objects.filter(title="Chefsintroduktion").update(process=None)
    assert "Chefsintroduktion" not in parts(client, process)


def test_the_parts_follow_the_contributions_and_goals(client, reader, group, served):
    activity, goal = served
    process = group.recruitment_process
    client.force_login(reader)
    parts(client, process)
    Goal.objects.filter(pk=goal.pk).update(title="Attraktiv arbetsgivare")
    assert "Attraktiv arbetsgivare" in parts(client, process)
    other = f.GoalFactory(title="Hållbar ekonomi", code="4")
    f.ContributionFactory(activity=activity, goal=other)
    assert "Hållbar ekonomi" in parts(client, process)
    Contribution.objects.filter(goal=other).delete()
    assert "Hållbar ekonomi" not in parts(client, process)


def test_the_parts_follow_the_units_and_the_process(client, reader, group, served):
    process = group.recruitment_process
    client.force_login(reader)
    parts(client, process)
    Unit.objects.filter(pk=group.administration.pk).update(name="Barn- och utbildning")
    assert "Barn- och utbildning</a>: 1" in parts(client, process)
    Unit.objects.filter(pk=group.department.pk).update(short_name="Grundskolan")
    assert "Grundskolan" in parts(client, process)
    Process.objects.filter(pk=process.pk).update(name="Rekrytering & urval")
    assert "Rekrytering &amp; urval" in parts(client, process)


def test_each_language_has_its_own_parts(client, reader, group, served):
    client.force_login(reader)
    client.cookies["django_language"] = "en"
    assert "Activities by unit" in parts(client, group.recruitment_process)
    client.cookies["django_language"] = "sv"
    assert "Activities by unit" not in parts(client, group.recruitment_process)
