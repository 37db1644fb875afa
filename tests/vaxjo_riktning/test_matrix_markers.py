"""The overview's matrix (issue 12): a cell marks the duplicated work among its activities, its
drill-down lists the duplicate cases and conflicts behind its marks, and the matrix can show
kronor instead of counts."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.conflicts.models import Conflict
from goals.models import Contribution, OverlapSuggestion
from goals.overlap.cases import CASE_SCORE
from tests import factories as f
from tests.vaxjo_riktning.test_act_on import text

URL = reverse("overview")
CELL_HTMX = {"HX-Request": "true", "HX-Target": "cell-activities"}
SUPPORTS = Contribution.Effect.SUPPORTS
COUNTERACTS = Contribution.Effect.COUNTERACTS
Decision = OverlapSuggestion.Decision


def activity(unit, goal, *, budget=None, effect=SUPPORTS, title=None, **fields):
    """An active activity of ``unit`` with one contribution to ``goal``."""
    made = f.ActivityFactory(
        owner_unit=unit, budget_sek=budget, **({"title": title} if title else {}), **fields
    )
    f.ContributionFactory(
        activity=made, goal=goal, effect=effect, reason="Därför" if effect == COUNTERACTS else ""
    )
    return made


def pair(first, second, *, text_score=0.8, case_key=None, **fields):
    low, high = sorted([first, second], key=lambda a: a.pk)
    return OverlapSuggestion.objects.create(
        activity_a=low,
        activity_b=high,
        score=text_score,
        text_score=text_score,
        case_key=case_key,
        **fields,
    )


def marks(html: str) -> dict[str, str]:
    """The cells with a duplicate-work mark: their label's unit and goal, and the mark's count."""
    found = re.findall(
        r'aria-label="([^"]*)"[^>]*>(?:(?!</a>).)*data-duplicates="(\d+)"', html, re.S
    )
    return {unescape(label).split(":")[0]: n for label, n in found}


def label_of(html: str, unit: str, goal) -> str:
    match = re.search(rf'aria-label="({re.escape(unit)} – {re.escape(goal.title)}: [^"]*)"', html)
    assert match, f"no cell for {unit} / {goal}"
    return unescape(match.group(1))


@pytest.fixture
def climate(db):
    return f.GoalFactory(title="Miljö, energi och trafik", code="3", sort_order=1)


@pytest.fixture
def school(db):
    return f.GoalFactory(title="Utbildning för alla", code="4", sort_order=2)


@pytest.fixture
def third_unit(db):
    return f.UnitFactory(name="Omsorgsförvaltningen", slug="omsorg")


# --- Markers -------------------------------------------------------------------------------------


def test_a_cell_with_an_activity_in_a_strong_pair_is_marked_and_the_others_are_not(
    client, chief, group, climate, school
):
    # A department's activity on a unit goal below the climate goal: the administration's cell.
    unit_goal = f.UnitGoalFactory(parent=climate, owner_unit=group.administration)
    ours = activity(group.department, unit_goal, title="Solceller på skolor")
    f.ContributionFactory(activity=ours, goal=climate)  # a second way into the same cell
    theirs = activity(group.company, climate, title="Solceller på hyreshus")
    pair(ours, theirs, text_score=CASE_SCORE)
    # The school cells hold activities too, in a pair too weak to join a case.
    weak = [activity(group.administration, school), activity(group.company, school)]
    pair(*weak, text_score=CASE_SCORE - 0.01)
    client.force_login(chief)

    html = client.get(URL).content.decode()

    # Each side of the pair, each activity counted once in its cell.
    assert marks(html) == {
        f"Utbildningsförvaltningen – {climate.title}": "1",
        f"Växjöbostäder AB – {climate.title}": "1",
    }
    label = label_of(html, "Utbildningsförvaltningen", climate)
    assert label.endswith(". Duplicate work: 1 activity in open overlap cases")
    assert "Duplicate work" not in label_of(html, "Utbildningsförvaltningen", school)
    # The mark is explained in the legend, and the link's tooltip says it too.
    legend = html.split('id="matrix-legend"', 1)[1].split("</div>", 1)[0]
    assert 'class="cell-duplicate"' in legend
    assert "duplicate work: activities in an open overlap case" in text(legend)
    assert 'title="Duplicate work: 1 activity in open overlap cases"' in html


def test_decided_pairs_and_pairs_with_a_withdrawn_activity_mark_nothing(
    client, chief, group, climate
):
    decided = [activity(group.administration, climate), activity(group.company, climate)]
    pair(*decided, decision=Decision.NOT_ALIKE, decided_by=chief, note="Olika")
    gone = activity(group.company, climate, withdrawn_at=timezone.now(), withdrawn_reason="Slut")
    pair(activity(group.administration, climate), gone)
    client.force_login(chief)
    assert "data-duplicates" not in client.get(URL).content.decode()


def test_the_mark_counts_every_activity_of_the_cell_in_duplicated_work_once(
    client, chief, group, climate, third_unit
):
    # A case of three units, and a single pair: the administration has two activities in them.
    mine = [activity(group.administration, climate) for _ in range(2)]
    case = [mine[0], activity(group.company, climate), activity(third_unit, climate)]
    key = min(a.pk for a in case)
    for i, first in enumerate(case):
        for second in case[i + 1 :]:
            pair(first, second, case_key=key)
    pair(mine[1], case[1])
    client.force_login(chief)

    html = client.get(URL).content.decode()

    assert marks(html) == {
        f"Utbildningsförvaltningen – {climate.title}": "2",
        f"Växjöbostäder AB – {climate.title}": "1",
        f"Omsorgsförvaltningen – {climate.title}": "1",
    }


def test_the_marks_follow_a_decision_and_a_goal_moved_without_working_the_matrix_out_again(
    client, chief, group, climate, school
):
    ours, theirs = activity(group.administration, climate), activity(group.company, climate)
    strong = pair(ours, theirs)
    client.force_login(chief)
    assert len(marks(client.get(URL).content.decode())) == 2

    # An activity's contribution moved to another council goal (a bulk update: no signal, but a
    # history event): the mark moves with it.
    Contribution.objects.filter(activity=ours).update(goal=school)
    assert set(marks(client.get(URL).content.decode())) == {
        f"Utbildningsförvaltningen – {school.title}",
        f"Växjöbostäder AB – {climate.title}",
    }

    # Decided: no mark left.
    OverlapSuggestion.objects.filter(pk=strong.pk).update(
        decision=Decision.RELATED, decided_by=chief, decided_at=timezone.now()
    )
    assert marks(client.get(URL).content.decode()) == {}


def test_the_mark_is_swedish(client, chief, group, climate):
    mine = [activity(group.administration, climate) for _ in range(3)]
    theirs = activity(group.company, climate)
    for one in mine:
        pair(one, theirs)
    client.force_login(chief)
    client.cookies.pop("django_language", None)
    html = client.get(URL).content.decode()
    assert "Dubbelarbete: 3 aktiviteter i öppna överlappsärenden" in label_of(
        html, "Utbildningsförvaltningen", climate
    )


# --- The drill-down ------------------------------------------------------------------------------


def cell_fragment(client, unit_slug: str, goal, **params) -> str:
    response = client.get(URL, {"enhet": unit_slug, "mal": goal.pk, **params}, headers=CELL_HTMX)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, marker: str) -> str:
    return html.split(marker, 1)[1].split("</ul>", 1)[0]


def test_the_drill_down_lists_the_cells_cases_and_pairs_with_their_kronor(
    client, chief, group, climate, school, third_unit
):
    mine = activity(group.department, climate, budget=1_000_000, title="Rekrytera lärare")
    case = [
        mine,
        activity(group.company, climate, budget=200_000),
        activity(third_unit, school, budget=None),  # in the case, though not on this goal
    ]
    key = min(a.pk for a in case)
    for i, first in enumerate(case):
        for second in case[i + 1 :]:
            pair(first, second, case_key=key)
    # A single strong pair, under a case_key of its own (as assign() leaves one).
    alone = activity(group.administration, climate, budget=30, title="Cykelkampanj")
    other = activity(group.company, school, budget=12)
    single = pair(alone, other, case_key=-1)
    # Not listed: weak, or decided.
    pair(activity(group.administration, climate), other, text_score=0.2)
    pair(
        activity(group.administration, climate),
        activity(group.company, climate),
        decision=Decision.DUPLICATE,
        decided_by=chief,
    )
    client.force_login(chief)

    html = cell_fragment(client, "utbildning", climate)

    listed = section(html, "data-cell-duplicates")
    items = [text(item) for item in re.findall(r"<li>(.*?)</li>", listed, re.S)]
    assert items == [
        "Case of 3 activities: Rekrytera lärare "
        "Alike in Omsorgsförvaltningen, Växjöbostäder AB 1,200,000\xa0kr in all",
        "Pair: Cykelkampanj Alike in Växjöbostäder AB 42\xa0kr in all",
    ]
    assert f'href="{reverse("goals:overlap_case", args=[key])}"' in listed
    assert f'href="{reverse("goals:overlap_detail", args=[single.pk])}"' in listed
    # The company's side lists the same case, with the other units.
    theirs = section(cell_fragment(client, "vaxjobostader", climate), "data-cell-duplicates")
    assert "Alike in Grundskoleavdelningen, Omsorgsförvaltningen" in text(theirs)


def test_the_drill_down_lists_the_open_conflicts_behind_the_mark(client, chief, group, climate):
    runs = f.ConflictFactory(
        activity=f.ActivityFactory(owner_unit=group.department, budget_sek=5_000, title="Bilpool"),
        goal=f.UnitGoalFactory(parent=climate, owner_unit=group.company, title="Färre bilar"),
    )
    hurt = f.ConflictFactory(
        activity=f.ActivityFactory(owner_unit=group.company, budget_sek=None, title="Garage"),
        goal=f.UnitGoalFactory(parent=climate, owner_unit=group.administration, title="Cykla"),
    )
    # Decided, or on another goal: not listed.
    f.ConflictFactory(
        activity=f.ActivityFactory(owner_unit=group.department, title="Avgjord"),
        goal=f.UnitGoalFactory(parent=climate, owner_unit=group.company),
        outcome=Conflict.Outcome.RESOLVED,
        decided_at=timezone.now(),
        decision_note="Löst",
    )
    f.ConflictFactory(activity=f.ActivityFactory(owner_unit=group.department, title="Annat mål"))
    client.force_login(chief)

    listed = section(cell_fragment(client, "utbildning", climate), "data-cell-conflicts")

    items = [text(item) for item in re.findall(r"<li>(.*?)</li>", listed, re.S)]
    assert items == [
        "Decide the conflict: Bilpool Grundskoleavdelningen works against a goal of "
        f"Växjöbostäder AB: {runs.goal.code} Färre bilar 5,000\xa0kr",
        "Decide the conflict: Garage Växjöbostäder AB works against a goal of "
        f"Utbildningsförvaltningen: {hurt.goal.code} Cykla 0\xa0kr",
    ]
    assert f'href="{reverse("goals:conflict_detail", args=[runs.pk])}"' in listed
    assert f'href="{reverse("goals:conflict_detail", args=[hurt.pk])}"' in listed


def test_a_drill_down_without_cases_or_conflicts_lists_only_the_activities(
    client, chief, group, climate
):
    activity(group.administration, climate, title="Cykelpendling")
    client.force_login(chief)
    html = cell_fragment(client, "utbildning", climate)
    assert "Cykelpendling" in html
    assert "data-cell-duplicates" not in html
    assert "data-cell-conflicts" not in html
    assert "<h3>" not in html


def test_the_drill_down_escapes_what_users_typed(client, chief, group, climate):
    evil = f.UnitFactory(name="<b>Enhet</b>", slug="evil")
    mine = activity(group.administration, climate, title="<script>alert(1)</script>")
    pair(mine, activity(evil, climate))
    f.ConflictFactory(
        activity=f.ActivityFactory(owner_unit=group.administration, title="<img src=x>"),
        goal=f.UnitGoalFactory(parent=climate, owner_unit=evil, title="<i>mål</i>"),
    )
    client.force_login(chief)
    html = cell_fragment(client, "utbildning", climate)
    for raw in ("<script>alert", "<b>Enhet", "<img src=x", "<i>mål"):
        assert raw not in html
    assert "&lt;b&gt;Enhet&lt;/b&gt;" in section(html, "data-cell-duplicates")
    assert "&lt;i&gt;mål&lt;/i&gt;" in section(html, "data-cell-conflicts")


def test_the_drill_down_names_as_many_as_a_page_and_links_to_the_rest(
    client, chief, group, climate, settings
):
    settings.PAGE_SIZE = 2
    for n in range(3):
        pair(activity(group.administration, climate, budget=n), activity(group.company, climate))
        f.ConflictFactory(
            activity=f.ActivityFactory(owner_unit=group.administration, budget_sek=n),
            goal=f.UnitGoalFactory(parent=climate, owner_unit=group.company),
        )
    client.force_login(chief)
    html = cell_fragment(client, "utbildning", climate)
    assert section(html, "data-cell-duplicates").count("<li>") == 2
    assert section(html, "data-cell-conflicts").count("<li>") == 2
    assert f'href="{reverse("goals:overlap_list")}?unit=utbildning"' in html
    assert "1 more: the open overlaps of Utbildningsförvaltningen" in text(html)
    assert (
        f'href="{reverse("goals:conflict_list")}?status=oppna&amp;typ=raised&amp;unit=utbildning'
        f'&amp;goal={climate.pk}"'
    ) in html


# --- Kronor per cell -------------------------------------------------------------------------


def test_kronor_mode_sums_each_cells_budgets_counting_each_activity_once(
    client, chief, group, climate, school
):
    unit_goal = f.UnitGoalFactory(parent=climate, owner_unit=group.administration)
    both = activity(group.administration, climate, budget=1_000_000)
    f.ContributionFactory(activity=both, goal=unit_goal)  # twice in the cell, counted once
    activity(group.department, unit_goal, budget=250_000)  # a department: its administration's
    activity(group.administration, climate, budget=None)  # no budget: adds nothing
    activity(group.administration, climate, budget=1_000_000)  # the same budget: still added
    activity(group.administration, climate, budget=40_000, effect=COUNTERACTS)
    activity(group.company, climate, budget=7)
    gone = activity(group.administration, climate, budget=99)
    gone.withdrawn_at, gone.withdrawn_reason = timezone.now(), "Slut"
    gone.save()
    client.force_login(chief)

    html = client.get(URL, {"visa": "kronor"}).content.decode()

    label = label_of(html, "Utbildningsförvaltningen", climate)
    assert label == (
        f"Utbildningsförvaltningen – {climate.title}: 2,250,000 kronor in 4 supporting, "
        "40,000 kronor in 1 counteracting"
    )
    cell = html.split(f'aria-label="{label}"', 1)[1].split(">", 1)[1].split("</a>", 1)[0]
    assert text(cell) == "+2,250,000 −40,000"
    assert label_of(html, "Växjöbostäder AB", climate).endswith(
        ": 7 kronor in 1 supporting, 0 kronor in 0 counteracting"
    )
    footer = text(html.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0])
    assert footer.startswith("Total +2,250,007 −40,000 +0 −0")
    assert "matrix--kronor" in html
    # Counts mode, the default, shows the counts.
    counts = client.get(URL).content.decode()
    assert label_of(counts, "Utbildningsförvaltningen", climate).endswith(
        ": 4 supporting, 1 counteracting"
    )


def test_the_toggle_marks_its_choice_and_keeps_the_open_cell(client, chief, group, climate):
    activity(group.administration, climate, budget=5)
    client.force_login(chief)

    html = client.get(URL, {"visa": "kronor", "enhet": "utbildning", "mal": climate.pk})
    html = html.content.decode()

    toggle = html.split('id="matrix-view"', 1)[1].split("</div>", 1)[0]
    links = re.findall(r'<a href="([^"]*)"( aria-current="true")?>([^<]*)</a>', toggle)
    assert links == [
        (f"{URL}?enhet=utbildning&amp;mal={climate.pk}#matrix-view", "", "Show counts"),
        (
            f"{URL}?enhet=utbildning&amp;mal={climate.pk}&amp;visa=kronor#matrix-view",
            ' aria-current="true"',
            "Show kronor",
        ),
    ]
    # The cells' links keep the kronor, so a cell opened without script shows them still.
    assert f'href="?enhet=utbildning&amp;mal={climate.pk}&amp;visa=kronor"' in html
    plain = client.get(URL, {"visa": "något annat"}).content.decode()
    toggle = plain.split('id="matrix-view"', 1)[1].split("</div>", 1)[0]
    assert f'<a href="{URL}#matrix-view" aria-current="true">Show counts</a>' in toggle
    assert f'href="?enhet=utbildning&amp;mal={climate.pk}"' in plain


def test_the_toggle_is_swedish(client, chief, group, climate):
    activity(group.administration, climate, budget=1_500_000)
    client.force_login(chief)
    client.cookies.pop("django_language", None)
    html = client.get(URL, {"visa": "kronor"}).content.decode()
    toggle = text(html.split('id="matrix-view"', 1)[1].split(">", 1)[1].split("</div>", 1)[0])
    assert toggle == "Visa antal Visa kronor"
    assert "1\xa0500\xa0000 kronor" in label_of(html, "Utbildningsförvaltningen", climate)
