"""The unit list (the group as a tree) and a unit's page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Activity, Contribution, Cooperation
from tests import factories as f
from vaxjo_riktning.models import Unit

LIST_URL = reverse("unit_list")


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def detail_url(unit: Unit) -> str:
    return reverse("unit_detail", kwargs={"slug": unit.slug})


# --- The unit list ---------------------------------------------------------------------------


def test_the_list_shows_the_tree_with_activity_counts(client, reader, group, english):
    root = f.UnitFactory(name="Växjö kommunkoncern", slug="koncern", kind=Unit.Kind.GROUP)
    municipality = f.UnitFactory(
        name="Växjö kommun", slug="kommun", kind=Unit.Kind.MUNICIPALITY, parent=root
    )
    group.administration.parent = municipality
    group.administration.save()
    f.ActivityFactory(owner_unit=group.administration)
    f.ActivityFactory.create_batch(2, owner_unit=group.department)
    f.ActivityFactory(
        owner_unit=group.department, withdrawn_at=timezone.now(), withdrawn_reason="Klar"
    )
    client.force_login(reader)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    # Nested: group > municipality > administration > department.
    positions = [
        html.index(name)
        for name in (
            "Växjö kommunkoncern",
            "Växjö kommun<",
            "Utbildningsförvaltningen",
            "Grundskoleavdelningen",
        )
    ]
    assert positions == sorted(positions)
    assert html.count("<ul>") >= 3
    tree = response.context["tree"]
    (group_node, company_node) = sorted(tree, key=lambda n: n.unit.name)
    administration = group_node.children[0].children[0]
    assert administration.activities == 1
    assert administration.activities_in_subtree == 3  # the withdrawn one is not counted
    assert administration.children[0].activities == 2
    assert "3 including departments" in html


def test_the_list_escapes_unit_names(client, reader, group):
    f.UnitFactory(name="<script>x</script>", slug="s")
    client.force_login(reader)
    html = client.get(LIST_URL).content.decode()
    assert "<script>x" not in html
    assert "&lt;script&gt;x" in html


def test_the_list_sends_an_anonymous_visitor_to_log_in(client, group):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_list_refuses_a_post(client, reader):
    client.force_login(reader)
    assert client.post(LIST_URL).status_code == 405


# --- A unit's page -----------------------------------------------------------------------------


@pytest.fixture
def unit_data(group):
    climate = f.GoalFactory(title="Miljö", code="3")
    unit_goal = f.UnitGoalFactory(parent=climate, title="Minskade utsläpp")
    own = f.ActivityFactory(owner_unit=group.administration, title="Egen aktivitet")
    f.ContributionFactory(activity=own, goal=climate)
    departments = f.ActivityFactory(owner_unit=group.department, title="Avdelningens aktivitet")
    f.ContributionFactory(activity=departments, goal=unit_goal)
    against = f.ActivityFactory(owner_unit=group.administration, title="Motverkande")
    f.ContributionFactory(
        activity=against, goal=climate, effect=Contribution.Effect.COUNTERACTS, reason="Utsläpp"
    )
    f.ActivityFactory(
        owner_unit=group.administration,
        title="Indragen aktivitet",
        withdrawn_at=timezone.now(),
        withdrawn_reason="Klar",
    )
    others = f.ActivityFactory(owner_unit=group.company, title="Bolagets samarbete")
    Cooperation.objects.create(activity=others, unit=group.administration)
    f.ActivityFactory(owner_unit=group.company, title="Bolagets egen")
    return climate


def test_the_unit_page_shows_facts_activities_goals_and_cooperations(
    client, reader, group, unit_data, english
):
    group.administration.board = "Utbildningsnämnden"
    group.administration.save()
    client.force_login(reader)
    response = client.get(detail_url(group.administration))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Utbildningsförvaltningen</h1>" in html
    assert "Utbildningsnämnden" in html
    assert "Grundskoleavdelningen" in html  # its department
    assert "Egen aktivitet" in html
    assert "Avdelningens aktivitet" in html  # the department's, shown on the unit's page
    assert "Indragen aktivitet" not in html
    assert "Bolagets samarbete" in html
    assert "Bolagets egen" not in html
    (goal,) = response.context["page"].goals
    assert (goal.goal_id, goal.supports, goal.counteracts) == (unit_data.pk, 2, 1)


def test_the_goal_counts_hold_each_activity_once_for_a_unit_and_for_a_department(
    client, reader, group, unit_data
):
    """The counts come from goals.ActivityCell: an activity that supports the council goal
    directly and through a unit goal below it counts once; a department counts only its own;
    a withdrawn activity drops out as it is withdrawn."""
    both = f.ActivityFactory(owner_unit=group.department, title="Båda vägarna")
    f.ContributionFactory(activity=both, goal=unit_data)
    f.ContributionFactory(activity=both, goal=f.UnitGoalFactory(parent=unit_data))
    client.force_login(reader)

    def counts(unit) -> list[tuple[int, int, int]]:
        page = client.get(detail_url(unit)).context["page"]
        return [(goal.goal_id, goal.supports, goal.counteracts) for goal in page.goals]

    assert counts(group.administration) == [(unit_data.pk, 3, 1)]
    assert counts(group.department) == [(unit_data.pk, 2, 0)]
    assert counts(group.company) == []
    Activity.objects.filter(pk=both.pk).update(withdrawn_at=timezone.now(), withdrawn_reason="K")
    assert counts(group.administration) == [(unit_data.pk, 2, 1)]
    assert counts(group.department) == [(unit_data.pk, 1, 0)]


def test_the_unit_page_pages_its_activities(client, reader, group, settings):
    settings.PAGE_SIZE = 2
    for n in range(5):
        f.ActivityFactory(owner_unit=group.administration, title=f"Aktivitet {n}")
    client.force_login(reader)
    page = client.get(detail_url(group.administration), {"page": "3"}).context["page"]
    assert [a.title for a in page.activities] == ["Aktivitet 4"]
    # Not a number or out of range: the nearest page, not an error.
    assert client.get(detail_url(group.administration), {"page": "abc"}).status_code == 200
    last = client.get(detail_url(group.administration), {"page": "99"}).context["page"]
    assert last.activities.number == 3


def test_htmx_gets_only_the_unit_activities(client, reader, group, unit_data):
    client.force_login(reader)
    response = client.get(
        detail_url(group.administration),
        headers={"HX-Request": "true", "HX-Target": "unit-activities"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Egen aktivitet" in html
    assert "Bolagets samarbete" not in html


def test_the_unit_page_pages_its_cooperations_apart_from_its_activities(
    client, reader, group, settings, english
):
    settings.PAGE_SIZE = 2
    f.ActivityFactory(owner_unit=group.administration, title="Egen aktivitet")
    for n in range(5):
        activity = f.ActivityFactory(owner_unit=group.company, title=f"Samarbete {n}")
        Cooperation.objects.create(activity=activity, unit=group.department)
    client.force_login(reader)
    url = detail_url(group.administration)
    response = client.get(url, {"samarbeten": "2"})
    page = response.context["page"]
    assert [a.title for a in page.cooperations] == ["Samarbete 2", "Samarbete 3"]
    assert page.activities.number == 1
    html = response.content.decode()
    assert "5 activities of other units" in html
    assert 'hx-get="?samarbeten=3" hx-target="#unit-cooperations"' in html
    # Out of range: the last page, not an error; htmx gets the section alone.
    fragment = client.get(
        url, {"samarbeten": "99"}, headers={"HX-Request": "true", "HX-Target": "unit-cooperations"}
    )
    html = fragment.content.decode()
    assert "<html" not in html
    assert "Samarbete 4" in html
    assert "Egen aktivitet" not in html


def test_an_editor_sees_new_activity_a_reader_does_not(client, reader, editor, group):
    link = reverse("goals:activity_create") + "?enhet=utbildning"
    client.force_login(reader)
    assert link not in client.get(detail_url(group.administration)).content.decode()
    client.force_login(editor)
    assert link in client.get(detail_url(group.administration)).content.decode()


def test_an_unknown_unit_is_404(client, reader):
    client.force_login(reader)
    assert client.get(reverse("unit_detail", kwargs={"slug": "finns-inte"})).status_code == 404


def test_the_unit_page_escapes_what_users_typed(client, reader, group):
    group.administration.board = "<script>board</script>"
    group.administration.save()
    f.ActivityFactory(owner_unit=group.administration, title="<script>title</script>")
    client.force_login(reader)
    html = client.get(detail_url(group.administration)).content.decode()
    assert "<script>board" not in html
    assert "<script>title" not in html
    assert "&lt;script&gt;title" in html


def test_the_unit_page_sends_an_anonymous_visitor_to_log_in(client, group):
    response = client.get(detail_url(group.administration))
    assert response.status_code == 302


def test_the_unit_page_refuses_a_post(client, reader, group):
    client.force_login(reader)
    assert client.post(detail_url(group.administration)).status_code == 405
