"""Naming successors for a key position: HR's process owner (the owner of the area holding
succession planning) and administrators write the plan; the others who see competence supply
read it; everyone else gets 404. A refused or bad change leaves the plan as it was, and the
page shows the plan's history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recruitment.models import Successor
from tests import factories as f
from vaxjo_riktning.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def position(group):
    f.ProcessFactory(area=group.hr_area, name="Successionsplanering", slug="successionsplanering")
    return f.PositionFactory(title="Förvaltningschef", unit=group.administration)


@pytest.fixture
def candidate():
    return f.UserFactory(username="bitr-forvaltningschef", title="Biträdande förvaltningschef")


def url(position) -> str:
    return reverse("recruitment:position_succession", args=[position.pk])


def name(client, position, person, readiness="1-2", actions="Ledarprogram 2027"):
    return client.post(
        url(position),
        {"new-person": person.pk, "new-readiness": readiness, "new-development_actions": actions},
    )


def test_hrs_process_owner_names_changes_and_removes_a_successor(
    client, process_owner, position, candidate
):
    client.force_login(process_owner)
    response = name(client, position, candidate)
    assert response.status_code == 302
    successor = Successor.objects.get(position=position)
    assert (successor.person, successor.readiness) == (candidate, "1-2")

    response = client.post(
        reverse("recruitment:successor_edit", args=[successor.pk]),
        {f"s{successor.pk}-readiness": "now", f"s{successor.pk}-development_actions": "Klar"},
    )
    assert response.status_code == 302
    successor.refresh_from_db()
    assert (successor.readiness, successor.development_actions) == ("now", "Klar")

    page = client.get(url(position)).content.decode()
    assert "bitr-forvaltningschef, biträdande förvaltningschef" in page
    assert "Klar" in page

    client.post(reverse("recruitment:successor_remove", args=[successor.pk]))
    assert not Successor.objects.filter(position=position).exists()
    # The history keeps all three steps, with who made them.
    history = client.get(url(position)).content.decode().split('id="history-heading"')[1]
    assert history.count("processagare") == 3
    assert "Ledarprogram 2027" not in history.split("<li>")[1]  # newest first: the removal


def test_bad_input_is_named_beside_the_field_and_nothing_is_saved(
    client, process_owner, position, candidate
):
    client.force_login(process_owner)
    response = client.post(url(position), {"new-person": candidate.pk, "new-readiness": "someday"})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="errorlist" id="id_new-readiness_error"' in content  # beside the field
    assert 'id="id_new-person_error"' not in content
    assert not Successor.objects.exists()

    name(client, position, candidate)
    response = name(client, position, candidate, actions="<script>alert(1)</script>")
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="errorlist" id="id_new-person_error"' in content  # already named
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content  # what was typed is kept, escaped
    assert "<script>alert(1)" not in content
    assert Successor.objects.count() == 1  # named once only


def test_a_bad_change_is_named_beside_the_field_and_the_plan_stays(
    client, process_owner, position, candidate
):
    successor = Successor.objects.create(
        position=position, person=candidate, readiness="3+", development_actions="Mentor"
    )
    client.force_login(process_owner)
    response = client.post(
        reverse("recruitment:successor_edit", args=[successor.pk]),
        {f"s{successor.pk}-readiness": "", f"s{successor.pk}-development_actions": "Ändrat"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert f'class="errorlist" id="id_s{successor.pk}-readiness_error"' in content
    assert "Ändrat" in content  # what was typed is kept
    successor.refresh_from_db()
    assert (successor.readiness, successor.development_actions) == ("3+", "Mentor")


def test_others_who_see_the_plan_may_not_change_it(client, chief, position, candidate, group):
    other_owner = f.UserFactory(username="processagare-ekonomi")
    f.assign(other_owner, Role.PROCESS_OWNER, area=f.ProcessAreaFactory(name="Ekonomi"))
    successor = Successor.objects.create(position=position, person=candidate, readiness="3+")
    for user in (chief, other_owner):
        client.force_login(user)
        page = client.get(url(position))
        assert page.status_code == 200
        assert "bitr-forvaltningschef, biträdande förvaltningschef" in page.content.decode()
        assert 'name="new-person"' not in page.content.decode()
        assert name(client, position, f.UserFactory()).status_code == 403
        edit = reverse("recruitment:successor_edit", args=[successor.pk])
        assert client.post(edit, {f"s{successor.pk}-readiness": "now"}).status_code == 403
        remove = reverse("recruitment:successor_remove", args=[successor.pk])
        assert client.post(remove).status_code == 403
    successor.refresh_from_db()
    assert successor.readiness == "3+"
    assert Successor.objects.count() == 1


def test_everyone_else_gets_404(client, reader, editor, position, candidate):
    successor = Successor.objects.create(position=position, person=candidate, readiness="3+")
    for user in (reader, editor):
        client.force_login(user)
        assert client.get(url(position)).status_code == 404
        assert name(client, position, f.UserFactory()).status_code == 404
        remove = reverse("recruitment:successor_remove", args=[successor.pk])
        assert client.post(remove).status_code == 404
    assert Successor.objects.count() == 1


def test_administrators_plan_too_and_a_position_that_is_not_key_has_no_plan(
    client, administrator, position, candidate, group
):
    client.force_login(administrator)
    assert name(client, position, candidate).status_code == 302
    clerk = f.PositionFactory(title="Handläggare", unit=group.administration, is_key=False)
    assert client.get(url(clerk)).status_code == 404
