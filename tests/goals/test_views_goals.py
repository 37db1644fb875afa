"""The goal chain and a goal's page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Contribution, Goal, Indicator, Measurement
from tests import factories as f

LIST_URL = reverse("goals:goal_list")
COUNTERACTS = Contribution.Effect.COUNTERACTS


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def chain(group):
    """Vision → council goal → two unit goals (one withdrawn), with activities on them."""
    vision = f.GoalFactory(title="Grönare, växande, öppnare", code="", level=Goal.Level.VISION)
    council = f.GoalFactory(title="Miljö, energi och trafik", code="3", parent=vision)
    unit_goal = f.UnitGoalFactory(
        parent=council, code="3.1", title="Minskade utsläpp", owner_unit=group.administration
    )
    withdrawn_goal = f.UnitGoalFactory(
        parent=council,
        code="3.2",
        title="Gammalt mål",
        withdrawn_at=timezone.now(),
        withdrawn_reason="Ersatt av 3.1",
    )
    direct = f.ActivityFactory(owner_unit=group.administration, title="Direkt på KF-målet")
    f.ContributionFactory(activity=direct, goal=council, reason="Stödjer direkt")
    below = f.ActivityFactory(owner_unit=group.department, title="Via nämndmålet")
    f.ContributionFactory(activity=below, goal=unit_goal, reason="Färre resor")
    against = f.ActivityFactory(owner_unit=group.company, title="Ny parkering")
    f.ContributionFactory(activity=against, goal=unit_goal, effect=COUNTERACTS, reason="Fler bilar")
    gone = f.ActivityFactory(
        owner_unit=group.company,
        title="Indragen aktivitet",
        withdrawn_at=timezone.now(),
        withdrawn_reason="Slut",
    )
    f.ContributionFactory(activity=gone, goal=council)
    return vision, council, unit_goal, withdrawn_goal


# --- The goal list -------------------------------------------------------------------------------


def test_the_list_nests_the_chain_with_counts(client, reader, chain, english):
    vision, council, unit_goal, _ = chain
    client.force_login(reader)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Grönare") < html.index("Miljö, energi") < html.index("Minskade utsläpp")
    (vision_node,) = response.context["tree"]
    (council_node,) = vision_node.children
    (unit_node,) = council_node.children  # the withdrawn 3.2 is hidden
    assert council_node.goal == council
    assert (council_node.supports, council_node.counteracts) == (1, 0)
    assert (council_node.chain_supports, council_node.chain_counteracts) == (2, 1)
    assert (unit_node.supports, unit_node.counteracts) == (1, 1)
    assert "Utbildningsförvaltningen" in html  # the unit goal's owner
    assert "2024–2027" in html
    assert "Gammalt mål" not in html
    # What the page says of the council goal, as a person reads it.
    council_item = html.split(f'href="{council.get_absolute_url()}"', 1)[1].split("<ul>", 1)[0]
    assert '<span class="badge badge--supports">1 supporting</span>' in council_item
    assert "counteracting</span> <span" not in council_item  # no counteracting badge at 0
    assert "with its unit goals: 2 supporting, 1 counteracting" in council_item


def test_the_list_is_kept_until_what_it_shows_changes(
    client, reader, chain, english, django_assert_num_queries
):
    """The tree's HTML is kept in the cache under the fingerprint of the goals and their
    activities: writes that fire no signal change it too, and each view has its own."""
    _, council, unit_goal, _ = chain
    client.force_login(reader)

    def council_item() -> str:
        html = client.get(LIST_URL).content.decode()
        return html.split(f'href="{council.get_absolute_url()}"', 1)[1].split("<ul>", 1)[0]

    assert "with its unit goals: 2 supporting, 1 counteracting" in council_item()
    # Warm: session, user, roles and the fingerprint; the tree is HTML from the cache.
    with django_assert_num_queries(3 + 1):
        assert "with its unit goals: 2 supporting, 1 counteracting" in council_item()

    Contribution.objects.filter(goal=unit_goal, effect=COUNTERACTS).update(
        effect=Contribution.Effect.SUPPORTS
    )
    assert "with its unit goals: 3 supporting, 0 counteracting" in council_item()
    Goal.objects.filter(pk=council.pk).update(title="Klimat och trafik")
    assert "Klimat och trafik" in client.get(LIST_URL).content.decode()
    # The view with withdrawn goals is kept apart from the one without.
    assert "Gammalt mål" in client.get(LIST_URL, {"visa": "alla"}).content.decode()
    assert "Gammalt mål" not in client.get(LIST_URL).content.decode()


def test_the_list_shows_withdrawn_goals_on_request(client, reader, chain, english):
    client.force_login(reader)
    html = client.get(LIST_URL, {"visa": "alla"}).content.decode()
    assert "Gammalt mål" in html
    assert "Withdrawn" in html


def test_htmx_gets_only_the_tree(client, reader, chain):
    client.force_login(reader)
    response = client.get(
        LIST_URL, {"visa": "alla"}, headers={"HX-Request": "true", "HX-Target": "goal-tree"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Gammalt mål" in html


def test_the_list_escapes_goal_titles(client, reader, group):
    f.GoalFactory(title="<script>goal</script>")
    client.force_login(reader)
    html = client.get(LIST_URL).content.decode()
    assert "<script>goal" not in html
    assert "&lt;script&gt;goal" in html


def test_the_list_sends_an_anonymous_visitor_to_log_in(client, group):
    assert client.get(LIST_URL).status_code == 302


def test_the_list_refuses_a_post(client, reader):
    client.force_login(reader)
    assert client.post(LIST_URL).status_code == 405


# --- A goal's page --------------------------------------------------------------------------------


def test_a_council_goal_shows_every_activity_below_it_by_effect(client, reader, chain, english):
    vision, council, unit_goal, withdrawn_goal = chain
    client.force_login(reader)
    response = client.get(council.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    # Breadcrumbs: goals › vision › this goal.
    crumbs = html[
        html.index('class="breadcrumbs"') : html.index("</nav>", html.index("breadcrumbs"))
    ]
    assert "Grönare" in crumbs and "Miljö, energi och trafik" in crumbs
    # Sub-goals, the withdrawn one marked.
    assert "Minskade utsläpp" in html and "Gammalt mål" in html
    page = response.context["page"]
    assert {a.title for a in page.supports.activities} == {"Direkt på KF-målet", "Via nämndmålet"}
    assert [a.title for a in page.counteracts.activities] == ["Ny parkering"]
    supports = html[html.index('id="supports-heading"') : html.index('id="counteracts-heading"')]
    counteracts = html[html.index('id="counteracts-heading"') :]
    assert "Färre resor" in supports and "Stödjer direkt" in supports
    assert "Fler bilar" in counteracts and "Ny parkering" not in supports
    assert "Indragen aktivitet" not in html


def test_a_unit_goal_shows_only_its_own_activities(client, reader, chain):
    _, _, unit_goal, _ = chain
    client.force_login(reader)
    page = client.get(unit_goal.get_absolute_url()).context["page"]
    assert [a.title for a in page.supports.activities] == ["Via nämndmålet"]
    assert [a.title for a in page.counteracts.activities] == ["Ny parkering"]
    assert [g.title for g in page.ancestors] == [
        "Grönare, växande, öppnare",
        "Miljö, energi och trafik",
    ]


def test_a_withdrawn_goal_says_so_with_its_reason(client, reader, chain, english):
    withdrawn_goal = chain[3]
    client.force_login(reader)
    html = client.get(withdrawn_goal.get_absolute_url()).content.decode()
    assert "badge--withdrawn" in html
    assert "This goal was withdrawn on" in html
    assert "Ersatt av 3.1" in html


def test_a_goal_shows_its_indicators_with_the_latest_value(client, reader, chain, english):
    council = chain[1]
    indicator = f.IndicatorFactory(
        goal=council,
        name="Växthusgaser per invånare",
        direction=Indicator.Direction.DECREASE,
        baseline_value=4.5,
        baseline_year=2020,
        target_value=2,
        target_year=2030,
        kolada_kpi="N00401",
    )
    Measurement.objects.create(indicator=indicator, year=2022, value=3.9)
    Measurement.objects.create(indicator=indicator, year=2023, value=3.4)
    client.force_login(reader)
    html = client.get(council.get_absolute_url()).content.decode()
    assert "Växthusgaser per invånare" in html
    assert "N00401" in html
    assert "Lower is better" in html
    assert "Higher is better" not in html
    assert "3.40 (2023)" in html
    # The table shows the latest value only; the chart below it has every year.
    assert "3.90 (2022)" not in html
    assert '<td class="num">3.90</td>' in html


def test_a_goal_page_caps_each_section_and_links_to_the_full_list(client, reader, group, settings):
    settings.PAGE_SIZE = 2
    goal = f.GoalFactory()
    for _ in range(3):
        f.ContributionFactory(activity=f.ActivityFactory(owner_unit=group.company), goal=goal)
    client.force_login(reader)
    response = client.get(goal.get_absolute_url())
    assert len(response.context["page"].supports.activities) == 2
    assert f"?goal={goal.pk}&amp;effect=supports" in response.content.decode()


def test_htmx_gets_only_the_goal_activities(client, reader, chain):
    client.force_login(reader)
    response = client.get(
        chain[1].get_absolute_url(), headers={"HX-Request": "true", "HX-Target": "goal-activities"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Via nämndmålet" in html


def test_an_unknown_goal_is_404(client, reader):
    client.force_login(reader)
    assert client.get(reverse("goals:goal_detail", kwargs={"pk": 999999})).status_code == 404


def test_a_goal_page_escapes_what_users_typed(client, reader, group):
    goal = f.GoalFactory(title="<script>t</script>", description="<script>d</script>")
    activity = f.ActivityFactory(owner_unit=group.company, title="<script>a</script>")
    f.ContributionFactory(activity=activity, goal=goal, reason="<script>r</script>")
    client.force_login(reader)
    html = client.get(goal.get_absolute_url()).content.decode()
    for part in "tdar":
        assert f"<script>{part}" not in html
        assert f"&lt;script&gt;{part}" in html


def test_a_goal_page_sends_an_anonymous_visitor_to_log_in(client, group):
    goal = f.GoalFactory()
    assert client.get(goal.get_absolute_url()).status_code == 302


def test_a_goal_page_refuses_a_post(client, reader, group):
    goal = f.GoalFactory()
    client.force_login(reader)
    assert client.post(goal.get_absolute_url()).status_code == 405
