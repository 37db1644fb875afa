"""The chief executive's overview: units against council goals."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Contribution
from tests import factories as f
from vaxjo_riktning.models import Unit

URL = reverse("overview")
SUPPORTS = Contribution.Effect.SUPPORTS
COUNTERACTS = Contribution.Effect.COUNTERACTS


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def matrix_data(group):
    """Two council goals; the administration and its department work on the first, the second
    nobody supports."""
    climate = f.GoalFactory(title="Miljö, energi och trafik", code="3", sort_order=1)
    school = f.GoalFactory(title="Utbildning för alla", code="4", sort_order=2)
    climate_unit_goal = f.UnitGoalFactory(
        parent=climate, title="Minskade utsläpp", owner_unit=group.administration
    )
    # Supports the council goal directly.
    a1 = f.ActivityFactory(owner_unit=group.administration, title="Cykelpendling")
    f.ContributionFactory(activity=a1, goal=climate)
    # A department's activity on a unit goal: counts in the administration's climate cell.
    a2 = f.ActivityFactory(owner_unit=group.department, title="Solceller på skolor")
    f.ContributionFactory(activity=a2, goal=climate_unit_goal)
    # Counteracts the climate goal, supports nothing.
    a3 = f.ActivityFactory(owner_unit=group.administration, title="Fler parkeringsplatser")
    f.ContributionFactory(activity=a3, goal=climate, effect=COUNTERACTS, reason="Mer bilar")
    # Withdrawn: counted nowhere.
    a4 = f.ActivityFactory(
        owner_unit=group.administration,
        title="Indragen",
        withdrawn_at=timezone.now(),
        withdrawn_reason="Avslutad",
    )
    f.ContributionFactory(activity=a4, goal=climate)
    f.ContributionFactory(activity=a4, goal=school)
    # The company counteracts the school goal, which nobody supports.
    a5 = f.ActivityFactory(owner_unit=group.company, title="Stängd lokal")
    f.ContributionFactory(activity=a5, goal=school, effect=COUNTERACTS, reason="Ingen lokal")
    return climate, school


def cell_label(html: str, unit: str, goal: str) -> str:
    match = re.search(rf'aria-label="{re.escape(unit)} – {re.escape(goal)}: ([^"]*)"', html)
    assert match, f"no cell for {unit} / {goal}"
    return match.group(1)


def test_it_counts_support_and_counteraction_per_unit_and_council_goal(
    client, reader, group, matrix_data, english
):
    client.force_login(reader)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    # a1 directly, a2 through its department and unit goal; a3 counteracts; a4 is withdrawn.
    assert (
        cell_label(html, "Utbildningsförvaltningen", "Miljö, energi och trafik")
        == "2 supporting, 1 counteracting"
    )
    assert (
        cell_label(html, "Växjöbostäder AB", "Utbildning för alla")
        == "0 supporting, 1 counteracting"
    )
    assert (
        cell_label(html, "Utbildningsförvaltningen", "Utbildning för alla")
        == "0 supporting, 0 counteracting"
    )


def test_it_shows_departments_only_inside_their_administration(client, reader, group, english):
    f.GoalFactory()
    client.force_login(reader)
    html = client.get(URL).content.decode()
    # Rows are top-level units only; the department is not a row of its own.
    assert ">Utbildningsförvaltningen</a></th>" in html
    assert "Grundskoleavdelningen" not in html


def test_it_groups_rows_under_administrations_and_companies(client, reader, group, english):
    f.UnitFactory(name="Växjö kommunföretag AB", slug="vkab", kind=Unit.Kind.PARENT_COMPANY)
    f.GoalFactory()
    client.force_login(reader)
    html = client.get(URL).content.decode()
    administrations = html.index(">Administrations</th>")
    companies = html.index(">Companies</th>")
    assert administrations < html.index("Utbildningsförvaltningen") < companies
    # The parent company heads the companies.
    assert companies < html.index("Växjö kommunföretag AB") < html.index("Växjöbostäder AB")


def test_it_flags_a_goal_nobody_supports(client, reader, matrix_data, english):
    client.force_login(reader)
    response = client.get(URL)
    html = response.content.decode()
    headers = re.findall(
        r'<th scope="col"( class="uncovered")?>\s*<a href="[^"]+">([^<]+)</a>', html
    )
    flagged = {title.strip(): bool(cls) for cls, title in headers}
    assert flagged == {"3 Miljö, energi och trafik": False, "4 Utbildning för alla": True}
    assert "No activity" in html
    assert response.context["matrix"].uncovered_count == 1


def test_it_sums_each_column(client, reader, matrix_data):
    client.force_login(reader)
    matrix = client.get(URL).context["matrix"]
    climate, school = matrix.columns
    assert (climate.supports, climate.counteracts) == (2, 1)
    assert (school.supports, school.counteracts) == (0, 1)


def test_it_summarises_active_activities_units_and_goals(client, reader, matrix_data, english):
    client.force_login(reader)
    html = client.get(URL).content.decode()
    # Four active activities (the withdrawn one left out), two top-level units, two goals.
    assert "4 active activities" in html
    assert "2 units" in html
    assert "2 council goals" in html
    # Goals without activity have one number, the tile's (tests/vaxjo_riktning/
    # test_counts_agree.py), not a second one for council goals in the summary.
    assert "without supporting activity" not in html.split('class="signal-tiles"')[0]


def test_withdrawn_council_goals_are_not_columns(client, reader, group):
    f.GoalFactory(title="Indraget mål", withdrawn_at=timezone.now(), withdrawn_reason="Ny plan")
    client.force_login(reader)
    assert "Indraget mål" not in client.get(URL).content.decode()


def test_each_cell_links_to_its_activities_with_htmx(client, reader, group, matrix_data):
    climate, _ = matrix_data
    client.force_login(reader)
    html = client.get(URL).content.decode()
    query = f"?enhet=utbildning&amp;mal={climate.pk}"
    assert f'href="{query}"' in html
    assert '<tbody hx-boost="true">' in html
    assert 'hx-target="#cell-activities"' in html
    assert 'hx-push-url="true"' in html


def test_a_shared_cell_link_renders_the_full_page_with_the_list(
    client, reader, group, matrix_data, english
):
    climate, _ = matrix_data
    client.force_login(reader)
    response = client.get(URL, {"enhet": "utbildning", "mal": climate.pk})
    html = response.content.decode()
    assert "<html" in html
    assert 'class="matrix"' in html
    assert "Activities of Utbildningsförvaltningen for 3 Miljö, energi och trafik" in html
    list_part = html[html.index('id="cell-activities"') :]
    assert "Cykelpendling" in list_part
    assert "Solceller på skolor" in list_part
    assert "Fler parkeringsplatser" in list_part
    assert "Mer bilar" in list_part  # the reason of the counteraction
    assert "Indragen" not in list_part
    assert "Stängd lokal" not in list_part


def test_htmx_gets_only_the_cell_list(client, reader, group, matrix_data):
    _, school = matrix_data
    client.force_login(reader)
    response = client.get(
        URL,
        {"enhet": "vaxjobostader", "mal": school.pk},
        headers={"HX-Request": "true", "HX-Target": "cell-activities"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'class="matrix"' not in html
    assert "Stängd lokal" in html
    assert "Ingen lokal" in html


@pytest.mark.parametrize(
    "params",
    [
        {"enhet": "finns-inte", "mal": "1"},
        {"enhet": "utbildning", "mal": "999999"},
        {"enhet": "utbildning", "mal": "abc"},
        {"enhet": "utbildning"},
        {"enhet": "grundskola", "mal": "1"},  # a department is not a row
    ],
)
def test_an_unknown_cell_is_404(client, reader, matrix_data, params):
    client.force_login(reader)
    assert client.get(URL, params).status_code == 404


def test_a_unit_goal_is_not_a_column_to_ask_for(client, reader, group, matrix_data):
    unit_goal = f.UnitGoalFactory()
    client.force_login(reader)
    assert client.get(URL, {"enhet": "utbildning", "mal": unit_goal.pk}).status_code == 404


def test_the_matrix_is_an_accessible_table(client, reader, matrix_data):
    client.force_login(reader)
    html = client.get(URL).content.decode()
    assert "<caption>" in html
    assert '<th scope="col"' in html
    assert '<th scope="row"' in html
    assert 'class="legend"' in html


def test_it_escapes_unit_and_goal_names(client, reader, group):
    f.UnitFactory(name="<script>alert(1)</script>", slug="x", kind=Unit.Kind.COMPANY)
    f.GoalFactory(title="<script>alert(2)</script>")
    client.force_login(reader)
    html = client.get(URL).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_it_sends_an_anonymous_visitor_to_log_in(client, group):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_refuses_a_post(client, reader):
    client.force_login(reader)
    assert client.post(URL).status_code == 405


def test_it_says_so_when_there_is_nothing_to_show(client, db, english):
    client.force_login(f.UserFactory())
    response = client.get(URL)
    assert response.status_code == 200
    assert "There are no units or no active council goals yet." in response.content.decode()


# --- The sub-optimisation tiles -----------------------------------------------------------------


def tile(html: str, href: str) -> str:
    """The text of the tile linking to ``href``, whitespace collapsed: its accessible name."""
    match = re.search(rf'<a class="tile[^"]*" href="{re.escape(href)}">(.*?)</a>', html, re.S)
    assert match, f"no tile linking to {href}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_tiles_count_the_signals_and_link_to_their_lists(
    client, reader, group, matrix_data, english
):
    from goals.models import OverlapSuggestion

    climate, school = matrix_data
    # The company counteracts climate, which the administration supports: a counteraction. The
    # administration's own parking counteracts only what it (and its department) supports, and
    # the company's closed premises a goal nobody supports: neither counts.
    road = f.ActivityFactory(owner_unit=group.company, title="Motorväg")
    f.ContributionFactory(activity=road, goal=climate, effect=COUNTERACTS, reason="Trafik")
    loose = f.ActivityFactory(owner_unit=group.company, title="Utan mål")
    a, b = sorted([road, loose], key=lambda activity: activity.pk)
    OverlapSuggestion.objects.create(activity_a=a, activity_b=b, score=0.8)
    c, d = sorted(
        [
            f.ActivityFactory(owner_unit=group.administration),
            f.ActivityFactory(owner_unit=group.company),
        ],
        key=lambda activity: activity.pk,
    )
    OverlapSuggestion.objects.create(
        activity_a=c,
        activity_b=d,
        score=0.8,
        decision=OverlapSuggestion.Decision.NOT_ALIKE,
    )
    client.force_login(reader)
    response = client.get(URL)
    html = response.content.decode()

    assert tile(html, reverse("goals:overlap_list")) == "1 open overlap suggestion"
    assert (
        tile(html, reverse("goals:counteraction_list"))
        == "1 counteraction of a goal other units support"
    )
    # The school goal: nobody supports it.
    gaps = reverse("goals:gap_list")
    assert (
        tile(html, f"{gaps}?typ=mal-utan-aktivitet")
        == "1 goal (council or unit goal) without any activity"
    )
    # The company supports nothing; the administration supports climate only.
    assert (
        tile(html, f"{gaps}?typ=enhet-utan-aktivitet")
        == "3 unit–council goal pairs without supporting activity"
    )
    # Utan mål, and the two activities of the overlap pair, have no goal.
    assert tile(html, f"{gaps}?typ=aktivitet-utan-mal") == "3 activities without goal"
    assert response.context["signals"].open_overlaps == 1
    # The tiles come before the matrix, as a labelled list of links.
    assert html.index('class="tiles"') < html.index('class="matrix"')
    assert 'aria-label="Signals of sub-optimisation"' in html


def test_the_tiles_mark_a_signal_by_more_than_colour(client, reader, group, english):
    f.GoalFactory()
    client.force_login(reader)
    html = client.get(URL).content.decode()
    # Nothing counteracts: the tile says 0 in words and is not marked for attention.
    assert tile(html, reverse("goals:counteraction_list")).startswith("0 ")
    assert f'class="tile" href="{reverse("goals:counteraction_list")}"' in html
    # The goal nobody supports is marked, and its number says so too.
    gaps = reverse("goals:gap_list")
    assert f'class="tile tile--attention" href="{gaps}?typ=mal-utan-aktivitet"' in html
