"""The activity list: filters bound to the query string, htmx results, pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Activity, Contribution
from tests import factories as f

URL = reverse("goals:activity_list")
COUNTERACTS = Contribution.Effect.COUNTERACTS


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def activities(group):
    council = f.GoalFactory(title="Miljö", code="3")
    unit_goal = f.UnitGoalFactory(parent=council, code="3.1")
    other_goal = f.GoalFactory(title="Trygghet", code="5")

    school = f.ActivityFactory(
        owner_unit=group.administration,
        title="Skolskjuts med elbuss",
        description="Eldrivna bussar",
        status=Activity.Status.ONGOING,
    )
    f.ContributionFactory(activity=school, goal=council)
    solar = f.ActivityFactory(
        owner_unit=group.department,
        title="Solceller",
        description="Tak på skolor",
        status=Activity.Status.PLANNED,
        process=group.recruitment_process,
    )
    f.ContributionFactory(activity=solar, goal=unit_goal)
    parking = f.ActivityFactory(
        owner_unit=group.company,
        title="Parkeringshus",
        description="Fler platser för bilar",
        status=Activity.Status.DONE,
    )
    f.ContributionFactory(activity=parking, goal=unit_goal, effect=COUNTERACTS, reason="Bilar")
    f.ContributionFactory(activity=parking, goal=other_goal)
    withdrawn = f.ActivityFactory(
        owner_unit=group.company,
        title="Indragen",
        withdrawn_at=timezone.now(),
        withdrawn_reason="Stoppad",
    )
    f.ContributionFactory(activity=withdrawn, goal=council)
    return {"council": council, "unit_goal": unit_goal, "other_goal": other_goal}


def titles(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [a.title for a in response.context["page_obj"]]


def test_it_lists_active_activities_in_title_order(client, reader, activities, english):
    client.force_login(reader)
    response = client.get(URL)
    assert [a.title for a in response.context["page_obj"]] == [
        "Parkeringshus",
        "Skolskjuts med elbuss",
        "Solceller",
    ]
    html = response.content.decode()
    assert "3 activities" in html
    assert "badge--counteracts" in html and "badge--supports" in html
    assert 'id="activity-results"' in html


def test_the_unit_filter_includes_departments(client, reader, activities):
    client.force_login(reader)
    assert titles(client, unit="utbildning") == ["Skolskjuts med elbuss", "Solceller"]
    assert titles(client, unit="grundskola") == ["Solceller"]
    assert titles(client, unit="vaxjobostader") == ["Parkeringshus"]


def test_the_goal_filter_includes_sub_goals(client, reader, activities):
    client.force_login(reader)
    council, unit_goal = activities["council"], activities["unit_goal"]
    assert titles(client, goal=council.pk) == [
        "Parkeringshus",
        "Skolskjuts med elbuss",
        "Solceller",
    ]
    assert titles(client, goal=unit_goal.pk) == ["Parkeringshus", "Solceller"]
    assert titles(client, goal=activities["other_goal"].pk) == ["Parkeringshus"]


def test_the_effect_filter_applies_to_the_chosen_goal(client, reader, activities):
    client.force_login(reader)
    council = activities["council"]
    assert titles(client, effect="counteracts") == ["Parkeringshus"]
    assert titles(client, goal=council.pk, effect="counteracts") == ["Parkeringshus"]
    assert titles(client, goal=council.pk, effect="supports") == [
        "Skolskjuts med elbuss",
        "Solceller",
    ]
    # Parkeringshus supports goal 5 but counteracts goal 3: not a supporter of goal 3.
    assert titles(client, goal=activities["other_goal"].pk, effect="counteracts") == []


def test_the_status_process_and_text_filters(client, reader, group, activities):
    client.force_login(reader)
    assert titles(client, status="done") == ["Parkeringshus"]
    assert titles(client, process="rekrytering") == ["Solceller"]
    assert titles(client, q="ELBUSS") == ["Skolskjuts med elbuss"]  # title, any case
    assert titles(client, q="skolor") == ["Solceller"]  # description
    assert titles(client, q="skol", unit="vaxjobostader") == []


def test_withdrawn_activities_are_hidden_unless_asked_for(client, reader, activities):
    client.force_login(reader)
    assert "Indragen" not in titles(client)
    assert "Indragen" in titles(client, withdrawn="alla")
    assert titles(client, withdrawn="endast") == ["Indragen"]


def test_an_unknown_filter_value_is_an_error_beside_its_field(client, reader, activities, english):
    client.force_login(reader)
    response = client.get(URL, {"unit": "finns-inte", "status": "done"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="field-unit"' in html
    field = html[html.index('id="field-unit"') : html.index('id="field-goal"')]
    assert "errorlist" in field
    # The valid filters still apply.
    assert [a.title for a in response.context["page_obj"]] == ["Parkeringshus"]
    assert titles(client, goal="abc") == ["Parkeringshus", "Skolskjuts med elbuss", "Solceller"]


def test_it_pages_and_keeps_the_filters(client, reader, group, settings):
    settings.PAGE_SIZE = 2
    for n in range(5):
        f.ActivityFactory(owner_unit=group.company, title=f"Bolag {n}")
    f.ActivityFactory(owner_unit=group.administration, title="Förvaltning")
    client.force_login(reader)
    assert titles(client, unit="vaxjobostader") == ["Bolag 0", "Bolag 1"]
    assert titles(client, unit="vaxjobostader", page=3) == ["Bolag 4"]
    html = client.get(URL, {"unit": "vaxjobostader", "page": 2}).content.decode()
    assert 'href="?unit=vaxjobostader&amp;page=3"' in html
    assert 'href="?unit=vaxjobostader&amp;page=1"' in html
    # Not a number, or past the end: the nearest page, never an error.
    assert titles(client, unit="vaxjobostader", page="abc") == ["Bolag 0", "Bolag 1"]
    assert titles(client, unit="vaxjobostader", page=9999) == ["Bolag 4"]


def result_count(client, **params) -> int:
    return client.get(URL, params).context["page_obj"].paginator.count


def test_the_count_of_every_active_activity_is_the_units_kept_counts(
    client, reader, activities, group, settings
):
    """Unfiltered, the list's count is added up from goals.UnitActivityCount: it must be the
    number of active activities after an activity is added, withdrawn and restored, on every
    page, with a filter left empty or left out because it did not validate."""
    settings.PAGE_SIZE = 2
    client.force_login(reader)
    assert result_count(client) == 3
    late = f.ActivityFactory(owner_unit=group.company, title="Ny")
    assert result_count(client) == result_count(client, page=2) == 4
    Activity.objects.filter(pk=late.pk).update(withdrawn_at=timezone.now(), withdrawn_reason="Nej")
    assert result_count(client) == result_count(client, q="", unit="finns-inte") == 3
    Activity.objects.filter(pk=late.pk).update(withdrawn_at=None, withdrawn_reason="")
    assert result_count(client, page=3) == 4
    assert [a.title for a in client.get(URL, {"page": 2}).context["page_obj"]] == [
        "Skolskjuts med elbuss",
        "Solceller",
    ]
    # Filtered, it counts the filtered rows.
    assert result_count(client, status="done") == 1
    assert result_count(client, withdrawn="alla") == 5


def test_the_form_filters_with_htmx_and_works_without_it(client, reader, activities):
    client.force_login(reader)
    html = client.get(URL).content.decode()
    assert 'method="get"' in html
    assert 'hx-get="/aktiviteter/"' in html
    assert 'hx-target="#activity-results"' in html
    assert 'hx-push-url="true"' in html
    assert 'type="submit"' in html
    assert 'type="search"' in html
    assert "delay:400ms" in html
    for name in ("q", "unit", "goal", "effect", "status", "process", "withdrawn"):
        assert f'<label for="id_{name}">' in html


def test_htmx_gets_only_the_results(client, reader, activities):
    client.force_login(reader)
    response = client.get(
        URL,
        {"status": "done"},
        headers={"HX-Request": "true", "HX-Target": "activity-results"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "<form" not in html
    assert "Parkeringshus" in html
    assert "Solceller" not in html


def test_it_escapes_what_users_typed(client, reader, group):
    f.ActivityFactory(owner_unit=group.company, title="<script>t</script>")
    client.force_login(reader)
    html = client.get(URL, {"q": "<script>q</script>"}).content.decode()
    assert "<script>t" not in html
    assert "<script>q" not in html
    assert 'value="&lt;script&gt;q&lt;/script&gt;"' in html


def test_it_sends_an_anonymous_visitor_to_log_in(client, group):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_refuses_a_post(client, reader):
    client.force_login(reader)
    assert client.post(URL).status_code == 405
