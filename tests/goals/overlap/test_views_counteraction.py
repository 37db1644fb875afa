"""The counteraction list: activities that counteract a goal other units' activities support."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Activity, Contribution, Goal
from goals.overlap.selectors import counteraction_count, goal_support_elsewhere
from tests import factories as f

URL = reverse("goals:counteraction_list")
COUNTERACTS = Contribution.Effect.COUNTERACTS
HTMX = {"HX-Request": "true", "HX-Target": "counteraction-results"}


@dataclass
class Conflict:
    climate: Goal
    climate_unit_goal: Goal
    school: Goal
    parking: Activity
    bikes: Activity
    solar: Activity


@pytest.fixture
def conflict(group) -> Conflict:
    """The company counteracts the climate goal: the administration supports the goal itself,
    its department a unit goal under it. The administration counteracts the school goal, which
    only it supports itself: no conflict between units there."""
    climate = f.GoalFactory(title="Miljö, energi och trafik", code="3", sort_order=1)
    climate_unit_goal = f.UnitGoalFactory(
        parent=climate, title="Minskade utsläpp", code="3.1", owner_unit=group.administration
    )
    school = f.GoalFactory(title="Utbildning för alla", code="4", sort_order=2)

    parking = f.ActivityFactory(
        owner_unit=group.company,
        title="Fler parkeringsplatser",
        responsible="Bo Bil",
        process=group.recruitment_process,
    )
    f.ContributionFactory(activity=parking, goal=climate, effect=COUNTERACTS, reason="Mer bilar")
    bikes = f.ActivityFactory(
        owner_unit=group.administration, title="Cykelpendling", responsible="Cia Cykel"
    )
    f.ContributionFactory(activity=bikes, goal=climate)
    solar = f.ActivityFactory(owner_unit=group.department, title="Solceller på skolor")
    f.ContributionFactory(activity=solar, goal=climate_unit_goal)
    # Withdrawn support counts nowhere.
    gone = f.ActivityFactory(
        owner_unit=group.administration,
        title="Indragen",
        withdrawn_at=timezone.now(),
        withdrawn_reason="Klar",
    )
    f.ContributionFactory(activity=gone, goal=climate)

    # Counteraction and support of the school goal within one unit: not listed.
    closing = f.ActivityFactory(owner_unit=group.administration, title="Stängd skola")
    f.ContributionFactory(activity=closing, goal=school, effect=COUNTERACTS, reason="Besparing")
    teachers = f.ActivityFactory(owner_unit=group.administration, title="Fler lärare")
    f.ContributionFactory(activity=teachers, goal=school)
    return Conflict(climate, climate_unit_goal, school, parking, bikes, solar)


def results(html: str) -> str:
    return html[html.index('id="counteraction-results"') :]


def test_it_lists_a_counteraction_with_both_sides(client, reader, conflict):
    client.force_login(reader)
    response = client.get(URL)
    assert response.status_code == 200
    html = results(response.content.decode())
    assert "1 counteraction" in html
    # The counteracting side: activity, unit, responsible person, reason.
    assert "Fler parkeringsplatser" in html
    assert "Växjöbostäder AB" in html
    assert "Bo Bil" in html
    assert "Mer bilar" in html
    assert conflict.climate.get_absolute_url() in html
    assert "Conflict on the same goal" in html
    # The supporting side: both activities in other units, with their units and responsible.
    assert "2 activities in 1 other unit" in " ".join(html.split())
    assert "Cykelpendling" in html
    assert "Utbildningsförvaltningen" in html
    assert "Cia Cykel" in html
    assert "Solceller på skolor" in html
    assert "Grundskoleavdelningen" in html
    assert "(1 on this goal itself" in html
    # The same goal first, then the rest of the family, marked as such.
    assert html.index("Cykelpendling") < html.index("Solceller på skolor")
    assert html.count("(same council goal)") == 1
    # Withdrawn support, and counteraction within one unit, are not conflicts between units.
    assert "Indragen" not in html
    assert "Stängd skola" not in html


def test_a_unit_goal_conflicts_with_its_council_goal_family(client, reader, group):
    climate = f.GoalFactory(title="Klimat")
    roads = f.UnitGoalFactory(parent=climate, title="Fler vägar")
    emissions = f.UnitGoalFactory(parent=climate, title="Minskade utsläpp")
    a = f.ActivityFactory(owner_unit=group.company, title="Ny motorväg")
    f.ContributionFactory(activity=a, goal=emissions, effect=COUNTERACTS, reason="Mer trafik")
    b = f.ActivityFactory(owner_unit=group.administration, title="Vägbygge")
    f.ContributionFactory(activity=b, goal=roads)
    client.force_login(reader)
    html = results(client.get(URL).content.decode())
    assert "Ny motorväg" in html
    assert "Conflict within the same council goal: " in html
    assert "(0 on this goal itself" in html
    assert "Vägbygge" in html


def test_a_department_is_no_other_unit_than_its_administration(client, reader, group):
    goal = f.GoalFactory()
    a = f.ActivityFactory(owner_unit=group.department, title="Inom förvaltningen")
    f.ContributionFactory(activity=a, goal=goal, effect=COUNTERACTS, reason="Skäl")
    f.ContributionFactory(activity=f.ActivityFactory(owner_unit=group.administration), goal=goal)
    client.force_login(reader)
    assert "Inom förvaltningen" not in results(client.get(URL).content.decode())
    assert counteraction_count() == 0


def test_counteraction_without_support_elsewhere_is_not_listed(client, reader, group):
    goal = f.GoalFactory()
    a = f.ActivityFactory(owner_unit=group.company, title="Ensam motverkan")
    f.ContributionFactory(activity=a, goal=goal, effect=COUNTERACTS, reason="Skäl")
    client.force_login(reader)
    html = results(client.get(URL).content.decode())
    assert "Ensam motverkan" not in html
    assert "No activity counteracts a goal that another unit supports." in html
    assert counteraction_count() == 0


def test_the_count_matches_the_list(conflict):
    assert counteraction_count() == 1


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        # Either side: the company counteracts, the administration (and its department) supports.
        ({"unit": "vaxjobostader"}, True),
        ({"unit": "utbildning"}, True),
        ({"unit": "grundskola"}, True),
        ({"process": "rekrytering"}, True),
        ({"goal": "climate"}, True),
        ({"goal": "school"}, False),
        ({"goal": "climate_unit_goal"}, False),  # the counteracted goal is the council goal
    ],
)
def test_the_filters_narrow_the_list(client, reader, conflict, params, shown):
    other = f.UnitFactory(name="Annan förvaltning", slug="annan")
    if "goal" in params:
        params = {"goal": getattr(conflict, params["goal"]).pk}
    client.force_login(reader)
    html = results(client.get(URL, params).content.decode())
    assert ("Fler parkeringsplatser" in html) is shown
    # A unit on neither side finds nothing.
    html = results(client.get(URL, {"unit": other.slug}).content.decode())
    assert "Fler parkeringsplatser" not in html


def test_the_process_filter_applies_to_the_supporting_side_too(client, reader, conflict, group):
    Activity.objects.filter(pk=conflict.parking.pk).update(process=None)
    client.force_login(reader)
    html = results(client.get(URL, {"process": "rekrytering"}).content.decode())
    assert "Fler parkeringsplatser" not in html
    Activity.objects.filter(pk=conflict.bikes.pk).update(process=group.recruitment_process)
    html = results(client.get(URL, {"process": "rekrytering"}).content.decode())
    assert "Fler parkeringsplatser" in html


def test_htmx_gets_only_the_results(client, reader, conflict):
    client.force_login(reader)
    response = client.get(URL, {"unit": "vaxjobostader"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'class="filters"' not in html
    assert "Fler parkeringsplatser" in html


def test_the_filters_ask_with_htmx_and_push_the_url(client, reader, conflict):
    client.force_login(reader)
    html = client.get(URL).content.decode()
    assert "<html" in html
    assert 'hx-target="#counteraction-results"' in html
    assert 'hx-push-url="true"' in html
    assert 'hx-trigger="change, submit"' in html


def test_it_paginates(client, reader, group, settings):
    settings.PAGE_SIZE = 2
    goal = f.GoalFactory()
    f.ContributionFactory(activity=f.ActivityFactory(owner_unit=group.administration), goal=goal)
    for n in range(5):
        a = f.ActivityFactory(owner_unit=group.company, title=f"Motverkan {n}")
        f.ContributionFactory(activity=a, goal=goal, effect=COUNTERACTS, reason="Skäl")
    client.force_login(reader)
    html = client.get(URL, {"page": 3}).content.decode()
    assert "5 counteractions" in html
    assert "Page 3 of 3" in html
    assert 'rel="prev"' in html
    assert "Motverkan 4" in html


def test_a_row_names_a_few_supporters_and_counts_the_rest(client, reader, group):
    goal = f.GoalFactory()
    a = f.ActivityFactory(owner_unit=group.company, title="Motverkar")
    f.ContributionFactory(activity=a, goal=goal, effect=COUNTERACTS, reason="Skäl")
    for n in range(5):
        f.ContributionFactory(
            activity=f.ActivityFactory(owner_unit=group.administration, title=f"Stöd {n}"),
            goal=goal,
        )
    client.force_login(reader)
    html = results(client.get(URL).content.decode())
    assert "5 activities in 1 other unit" in " ".join(html.split())
    assert "Stöd 0" in html and "Stöd 2" in html
    assert "Stöd 3" not in html
    assert "and 2 more" in html


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"unit": "finns-inte"}, "Unit"),
        ({"goal": "abc"}, "Goal"),
        ({"goal": "999999"}, "Goal"),
        ({"process": "<b>"}, "Group-wide process"),
    ],
)
def test_a_bad_filter_value_is_shown_beside_its_field(client, reader, conflict, params, field):
    client.force_login(reader)
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    name = next(iter(params))
    field_html = html[html.index(f'id="field-{name}"') :]
    assert 'class="errorlist"' in field_html[: field_html.index("</div>\n</div>") + 20]
    assert "Some filters could not be used and were left out:" in html
    assert f"<li>{field}: " in html
    # The bad value is left out: the list is unfiltered.
    assert "Fler parkeringsplatser" in html
    assert "<b>" not in html


def test_it_escapes_what_users_typed(client, reader, group):
    goal = f.GoalFactory(title="<script>alert('mål')</script>")
    a = f.ActivityFactory(
        owner_unit=group.company, title="<script>alert(1)</script>", responsible="<i>ansvarig</i>"
    )
    f.ContributionFactory(activity=a, goal=goal, effect=COUNTERACTS, reason="<b>skäl</b>")
    b = f.ActivityFactory(owner_unit=group.administration, title="<img src=x onerror=alert(2)>")
    f.ContributionFactory(activity=b, goal=goal)
    client.force_login(reader)
    html = client.get(URL).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>skäl" not in html
    assert "<i>ansvarig" not in html
    assert "&lt;script&gt;alert(1)" in html
    assert "&lt;b&gt;skäl" in html


def test_it_sends_an_anonymous_visitor_to_log_in(client, group):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_refuses_a_post(client, reader):
    client.force_login(reader)
    assert client.post(URL).status_code == 405


# --- On the goal's page -------------------------------------------------------------------------


def test_a_goal_page_warns_that_other_units_support_what_is_counteracted(client, reader, conflict):
    client.force_login(reader)
    html = client.get(conflict.climate.get_absolute_url()).content.decode()
    section = html[html.index('id="counteracts-heading"') :]
    assert "Fler parkeringsplatser" in section
    assert "Mer bilar" in section
    # Cykelpendling on the goal, Solceller on its unit goal; both in other units than the company.
    assert "2 activities in other units support this goal" in section
    assert f"{reverse('goals:counteraction_list')}?goal={conflict.climate.pk}" in section


def test_a_goal_page_without_conflict_gives_no_warning(client, reader, conflict):
    client.force_login(reader)
    html = client.get(conflict.school.get_absolute_url()).content.decode()
    assert "Stängd skola" in html
    assert "in other units support this goal" not in html
    assert goal_support_elsewhere(goal=conflict.school) == 0


def test_support_elsewhere_is_zero_without_counteraction(group):
    goal = f.GoalFactory()
    f.ContributionFactory(activity=f.ActivityFactory(owner_unit=group.company), goal=goal)
    assert goal_support_elsewhere(goal=goal) == 0


def test_a_council_goal_counts_support_elsewhere_from_its_cells_as_from_its_contributions(
    group, conflict
):
    """A council goal's count reads goals.ActivityCell; the contributions give the same, also
    after the activities move between units, are withdrawn or change their effect."""
    from goals.overlap.selectors import _support_elsewhere_from_contributions

    def both(goal: Goal) -> tuple[int, int]:
        return goal_support_elsewhere(goal=goal), _support_elsewhere_from_contributions(goal)

    assert both(conflict.climate) == (2, 2)
    assert both(conflict.school) == (0, 0)
    # The company supports the climate goal too, through a unit goal: not elsewhere.
    harbour = f.ActivityFactory(owner_unit=group.company, title="Hamn")
    f.ContributionFactory(activity=harbour, goal=conflict.climate_unit_goal)
    assert both(conflict.climate) == (2, 2)
    # The department's solar panels move to the company: one fewer elsewhere.
    Activity.objects.filter(pk=conflict.solar.pk).update(owner_unit=group.company)
    assert both(conflict.climate) == (1, 1)
    # The administration's support turns into counteraction: nothing supports elsewhere.
    Contribution.objects.filter(activity=conflict.bikes).update(effect=COUNTERACTS, reason="Nej")
    assert both(conflict.climate) == (0, 0)
    # The company's counteraction withdrawn: the administration's is all that counteracts.
    Activity.objects.filter(pk=conflict.parking.pk).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Stoppad"
    )
    assert both(conflict.climate) == (2, 2)
