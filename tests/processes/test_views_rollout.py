"""The rollout matrix and its cells: who may change which cell, bad input, concurrent changes,
htmx fragments, and the history of every change."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from processes import services
from processes.models import Implementation, Stage
from processes.selectors import rollout_changes
from tests import factories as f

HTMX = {"HX-Request": "true"}


def cell_url(process, unit) -> str:
    return reverse("processes:rollout_cell", args=[process.slug, unit.slug])


def post_cell(client, process, unit, *, htmx=True, **data):
    payload = {"stage": "in_use", "contact": "Ekonomichef", "note": "Används.", "version": 0}
    payload.update(data)
    return client.post(cell_url(process, unit), payload, headers=HTMX if htmx else {})


def snapshot(process, unit):
    return list(
        Implementation.objects.filter(process=process, unit=unit).values(
            "stage", "contact", "note", "version", "updated_by"
        )
    )


# --- Who may change which cell -------------------------------------------------------------------


def test_a_process_owner_changes_a_cell_of_its_area_in_any_unit(client, process_owner, group):
    client.force_login(process_owner)
    response = post_cell(client, group.recruitment_process, group.company, note="I bruk <b>nu</b>")
    assert response.status_code == 200
    html = response.content.decode()
    # The fragment replaces the cell: no page around it, the new stage in words, text escaped.
    assert "<html" not in html and "In use" in html
    assert "I bruk &lt;b&gt;nu&lt;/b&gt;" in html
    saved = Implementation.objects.get(process=group.recruitment_process, unit=group.company)
    assert (saved.stage, saved.contact, saved.version) == (Stage.IN_USE, "Ekonomichef", 1)
    assert saved.updated_by == process_owner


def test_a_process_owner_may_not_change_another_areas_cell(client, process_owner, finance, group):
    client.force_login(process_owner)
    Implementation.objects.create(process=finance, unit=group.company, stage=Stage.PLANNED)
    before = snapshot(finance, group.company)
    response = post_cell(client, finance, group.company, version=1)
    assert response.status_code == 403
    assert response.content.decode() == str(services.NOT_ALLOWED_CELL)
    assert snapshot(finance, group.company) == before


def test_a_unit_editor_changes_its_own_units_cell_of_any_process(client, editor, finance, group):
    client.force_login(editor)
    for process in (group.recruitment_process, finance):
        assert post_cell(client, process, group.administration).status_code == 200
    assert Implementation.objects.filter(unit=group.administration).count() == 2


def test_a_unit_editor_may_not_change_another_units_cell(client, editor, cell, group):
    client.force_login(editor)
    before = snapshot(group.recruitment_process, group.company)
    assert post_cell(client, group.recruitment_process, group.company).status_code == 403
    assert snapshot(group.recruitment_process, group.company) == before == []


def test_a_department_editor_may_not_change_its_administrations_cell(
    client, department_editor, cell, group
):
    client.force_login(department_editor)
    before = snapshot(cell.process, cell.unit)
    assert post_cell(client, cell.process, cell.unit, version=1).status_code == 403
    assert snapshot(cell.process, cell.unit) == before


@pytest.mark.parametrize("who", ["reader", "chief", "recruiter"])
def test_readers_see_the_matrix_but_change_nothing(client, request, who, cell, group):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("processes:rollout"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Introduced" in html and "HR-chef, Utbildning" in html
    assert cell_url(cell.process, cell.unit) not in html  # no Change link
    before = snapshot(cell.process, cell.unit)
    assert post_cell(client, cell.process, cell.unit, version=1).status_code == 403
    # Without htmx: the cell's page with the reason, status 403.
    response = post_cell(client, cell.process, cell.unit, version=1, htmx=False)
    assert response.status_code == 403
    assert escape(str(services.NOT_ALLOWED_CELL)) in response.content.decode()
    assert snapshot(cell.process, cell.unit) == before


def test_the_matrix_offers_change_links_only_where_the_user_may_change(
    client, editor, finance, group
):
    client.force_login(editor)
    html = client.get(reverse("processes:rollout")).content.decode()
    assert cell_url(finance, group.administration) in html
    assert cell_url(finance, group.company) not in html


def test_an_anonymous_visitor_is_sent_to_the_login(client, cell):
    response = post_cell(client, cell.process, cell.unit, version=1, htmx=False)
    assert response.status_code == 302 and "logga-in" in response.url
    assert Implementation.objects.get(pk=cell.pk).version == 1


# --- Bad input ------------------------------------------------------------------------------------


def test_a_stage_outside_the_scale_is_refused_with_a_message(client, process_owner, cell):
    client.force_login(process_owner)
    before = snapshot(cell.process, cell.unit)
    response = post_cell(client, cell.process, cell.unit, stage="finished", contact="Ny", version=1)
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(str(services.STAGE_NOT_ON_SCALE)) in html
    assert 'value="Ny"' in html  # what was typed is kept
    assert snapshot(cell.process, cell.unit) == before


def test_the_service_refuses_a_stage_outside_the_scale(process_owner, cell):
    with pytest.raises(services.ValidationError):
        services.implementation_set(
            user=process_owner,
            process=cell.process,
            unit=cell.unit,
            stage="done",
            contact="",
            note="",
            version=1,
        )
    cell.refresh_from_db()
    assert cell.stage == Stage.INTRODUCED


@pytest.mark.parametrize("missing", ["process", "unit", "department"])
def test_a_cell_of_a_process_or_unit_that_does_not_exist_is_404(
    client, process_owner, cell, group, missing
):
    client.force_login(process_owner)
    process_slug = "finns-inte" if missing == "process" else cell.process.slug
    unit_slug = {"unit": "finns-inte", "department": group.department.slug}.get(
        missing, cell.unit.slug
    )
    url = reverse("processes:rollout_cell", args=[process_slug, unit_slug])
    before = list(Implementation.objects.values())
    assert client.post(url, {"stage": "in_use", "version": 1}, headers=HTMX).status_code == 404
    assert client.get(url).status_code == 404
    assert list(Implementation.objects.values()) == before


def test_a_wrong_method_is_405(client, process_owner, cell):
    client.force_login(process_owner)
    assert client.put(cell_url(cell.process, cell.unit)).status_code == 405


# --- Two owners at once ---------------------------------------------------------------------------


def test_a_change_from_an_old_version_is_refused_with_409_and_the_current_value(
    client, process_owner, cell
):
    client.force_login(process_owner)
    # Someone else saves first (the admin, say): the cell is now at version 2.
    other = f.UserFactory(username="kollega")
    cell.stage, cell.note, cell.version, cell.updated_by = (
        Stage.IN_USE,
        "Kollegans ändring",
        2,
        other,
    )
    cell.save()
    before = snapshot(cell.process, cell.unit)
    response = post_cell(client, cell.process, cell.unit, stage="planned", note="Min", version=1)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this cell" in html
    assert "Kollegans ändring" in html and "In use" in html  # the current value
    assert 'name="version" value="2"' in html  # saving again is a deliberate overwrite
    assert "Min</textarea>" in html  # what this person typed is kept
    assert snapshot(cell.process, cell.unit) == before


def test_two_first_saves_of_an_empty_cell_do_not_overwrite_each_other(
    client, process_owner, editor, group
):
    process, unit = group.recruitment_process, group.administration
    client.force_login(process_owner)
    assert post_cell(client, process, unit, stage="planned", version=0).status_code == 200
    client.force_login(editor)
    assert post_cell(client, process, unit, stage="in_use", version=0).status_code == 409
    assert Implementation.objects.get(process=process, unit=unit).stage == Stage.PLANNED


# --- The cell's form and page ---------------------------------------------------------------------


def test_htmx_asks_for_the_form_and_gets_it_alone(client, process_owner, cell):
    client.force_login(process_owner)
    response = client.get(cell_url(cell.process, cell.unit), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'name="version" value="1"' in html and 'value="introduced" selected' in html
    cancel = client.get(cell_url(cell.process, cell.unit) + "?visa=cell", headers=HTMX)
    assert "<form" not in cancel.content.decode()


def test_without_htmx_a_save_redirects_to_the_matrix_with_a_message(client, process_owner, cell):
    client.force_login(process_owner)
    response = post_cell(client, cell.process, cell.unit, version=1, htmx=False)
    assert response.status_code == 302
    page = client.get(response.url)
    assert "The rollout was saved." in page.content.decode()


def test_every_change_is_kept_with_who_and_when(client, process_owner, editor, cell):
    client.force_login(process_owner)
    post_cell(client, cell.process, cell.unit, stage="in_use", version=1)
    client.force_login(editor)
    post_cell(client, cell.process, cell.unit, stage="followed_up", version=2)
    changes = rollout_changes(process=cell.process, unit=cell.unit)
    assert [(c.user, c.stage_label, c.previous_label) for c in changes[:2]] == [
        (editor, "Followed up", "In use"),
        (process_owner, "In use", "Introduced"),
    ]
    page = client.get(cell_url(cell.process, cell.unit)).content.decode()
    assert "redaktor" in page and "processagare" in page


def test_saving_the_same_values_again_adds_no_history(client, process_owner, cell):
    client.force_login(process_owner)
    before = len(rollout_changes(process=cell.process))
    response = post_cell(
        client,
        cell.process,
        cell.unit,
        stage=cell.stage,
        contact=cell.contact,
        note=cell.note,
        version=1,
    )
    assert response.status_code == 200
    assert len(rollout_changes(process=cell.process)) == before
    assert Implementation.objects.get(pk=cell.pk).version == 1
