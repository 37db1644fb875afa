"""The process pages everyone reads: the areas and their processes, one process, the rollout
report (printable and Excel), the heat map on the overview, a unit's column, and the activity
list and page."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Contribution
from processes.models import Implementation, Stage
from tests import factories as f


@pytest.fixture
def owned(group, process_owner, cell):
    process = group.recruitment_process
    process.owner = process_owner
    process.description = "En sammanhållen rekryteringsprocess."
    process.save()
    process.goals.add(f.GoalFactory(title="Attraktiv arbetsgivare", code="7"))
    return process


def test_everyone_sees_the_areas_their_processes_owners_and_goals(client, reader, owned):
    client.force_login(reader)
    html = client.get(reverse("processes:process_index")).content.decode()
    assert "HR/personal" in html and "Rekrytering" in html
    assert "En sammanhållen rekryteringsprocess." in html
    assert "Attraktiv arbetsgivare" in html and "processagare" in html


def test_the_process_page_shows_owner_rollout_activities_by_unit_goals_and_changes(
    client, reader, owned, group, process_owner
):
    goal = f.GoalFactory(title="Kompetensförsörjning säkrad", code="9")
    activity = f.ActivityFactory(
        title="Rekryteringsmässa", owner_unit=group.department, process=owned
    )
    f.ContributionFactory(activity=activity, goal=goal)
    client.force_login(process_owner)
    client.post(
        reverse("processes:rollout_cell", args=[owned.slug, group.company.slug]),
        {"stage": "planned", "contact": "HR-chef, Bostäder", "note": "", "version": 0},
        headers={"HX-Request": "true"},
    )
    client.force_login(reader)
    response = client.get(owned.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    page = response.context["page"]
    assert [(u.name, u.count) for u in page.by_unit] == [(group.administration.name, 1)]
    assert "Rekryteringsmässa" in html and "Kompetensförsörjning säkrad" in html
    assert "Introduced" in html and "Planned" in html
    # What changed lately: the owner's change, with who.
    assert page.changes[0].user == process_owner and page.changes[0].unit == group.company
    assert client.get(reverse("processes:process_detail", args=["finns-inte"])).status_code == 404


def test_the_process_page_counts_each_active_activity_once_per_council_goal_and_effect(
    client, reader, owned, group
):
    council = f.GoalFactory(title="Attraktiv kommun", code="3")
    unit_goal = f.UnitGoalFactory(parent=council)
    economy = f.GoalFactory(title="Hållbar ekonomi", code="4")
    both = f.ActivityFactory(owner_unit=group.administration, process=owned)
    f.ContributionFactory(activity=both, goal=council)
    # The same council goal through a unit goal below it: counted once.
    f.ContributionFactory(activity=both, goal=unit_goal)
    f.ContributionFactory(
        activity=both, goal=economy, effect=Contribution.Effect.COUNTERACTS, reason="Kostar."
    )
    f.ContributionFactory(activity=f.ActivityFactory(process=owned), goal=unit_goal)
    # Neither a withdrawn activity nor another process's.
    withdrawn = f.ActivityFactory(
        process=owned, withdrawn_at=timezone.now(), withdrawn_reason="Avslutad."
    )
    f.ContributionFactory(activity=withdrawn, goal=council)
    f.ContributionFactory(activity=f.ActivityFactory(), goal=council)
    client.force_login(reader)
    page = client.get(owned.get_absolute_url()).context["page"]
    assert [(g.code, g.supports, g.counteracts) for g in page.goals_served] == [
        ("3", 2, 0),
        ("4", 0, 1),
    ]


def test_the_activity_page_shows_its_process_and_owner(client, reader, owned, group):
    activity = f.ActivityFactory(owner_unit=group.company, process=owned)
    client.force_login(reader)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert owned.get_absolute_url() in html and "process owner" in html and "processagare" in html


def test_the_activity_list_filters_by_process_area_and_process(client, reader, group, finance):
    hr = f.ActivityFactory(title="HR-aktivitet", process=group.recruitment_process)
    fin = f.ActivityFactory(title="Ekonomiaktivitet", process=finance)
    client.force_login(reader)
    url = reverse("goals:activity_list")
    page = client.get(url + "?area=ekonomi").context["page_obj"]
    assert list(page.object_list) == [fin]
    page = client.get(url + "?area=hr&process=rekrytering").context["page_obj"]
    assert list(page.object_list) == [hr]
    response = client.get(url + "?area=finns-inte")
    assert response.status_code == 200 and "Process area" in response.content.decode()


def test_the_overview_shows_the_rollout_as_a_heat_map(client, chief, cell, group):
    client.force_login(chief)
    html = client.get(reverse("overview")).content.decode()
    assert "Rollout of the group-wide processes" in html
    assert 'class="heat stage-2" data-stage="introduced"' in html
    assert f"{group.administration.display_name}: Introduced" in html


def test_a_unit_sees_its_own_column_and_its_departments_the_administrations(
    client, editor, cell, group, finance
):
    client.force_login(editor)
    html = client.get(group.administration.get_absolute_url()).content.decode()
    assert "Group-wide processes" in html and "HR-chef, Utbildning" in html
    # Its own cells may be changed from there.
    assert reverse("processes:rollout_cell", args=[finance.slug, group.administration.slug]) in html
    department = client.get(group.department.get_absolute_url()).content.decode()
    assert "followed for Utbildningsförvaltningen as a whole" in department
    assert "/processer/utrullning/rekrytering/" not in department


def test_the_report_is_printable_and_lists_contacts_and_notes(client, reader, owned):
    client.force_login(reader)
    response = client.get(reverse("processes:area_report", args=["hr"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rollout of HR/personal" in html and "HR-chef, Utbildning" in html
    assert "no-print" in html  # menus and buttons are left out on paper (see the stylesheet)
    assert client.get(reverse("processes:area_report", args=["finns-inte"])).status_code == 404


def test_the_excel_report_has_the_matrix_and_neutralises_formulas(client, reader, owned, group):
    Implementation.objects.create(
        process=owned,
        unit=group.company,
        stage=Stage.PLANNED,
        contact='=HYPERLINK("x")',
        note="@SUM(A1)",
    )
    client.force_login(reader)
    response = client.get(reverse("processes:area_report_xlsx", args=["hr"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rollout = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert ["Rekrytering", str(owned.owner), "Introduced", "Planned"] == [
        v for v in rollout[5] if v
    ]
    notes = [[c.value for c in row] for row in book.worksheets[1].iter_rows()]
    company_row = next(row for row in notes if row[1] == group.company.name)
    assert company_row[3] == '\'=HYPERLINK("x")' and company_row[4] == "'@SUM(A1)"
    assert all(
        cell.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for cell in row
    )


def test_the_menu_has_processes(client, reader):
    client.force_login(reader)
    html = client.get(reverse("processes:process_index")).content.decode()
    assert (
        f'<a href="{reverse("processes:process_index")}" aria-current="page">Processes</a>' in html
    )
