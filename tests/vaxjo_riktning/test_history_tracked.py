"""Units, role assignments and process areas are public records or decide access: every insert,
update and delete of them is in pghistory's history, with who made it, and the admin links to it."""

from __future__ import annotations

import pghistory
import pytest
from django.urls import reverse
from pghistory.models import MiddlewareEvents

from processes.models import ProcessArea
from tests import factories as f
from vaxjo_riktning.admin import history_url
from vaxjo_riktning.models import Role, RoleAssignment, Unit, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client) -> User:
    user = User.objects.create_superuser("superadmin", "superadmin@example.se", "x")
    client.force_login(user)
    return user


def _events(obj) -> list[MiddlewareEvents]:
    return list(MiddlewareEvents.objects.tracks(obj).order_by("pgh_created_at", "pgh_id"))


def test_a_units_change_is_in_the_history_with_who_made_it(superuser):
    unit = f.UnitFactory(name="Kultur- och fritidsförvaltningen", board="Kulturnämnden")
    with pghistory.context(user=superuser.pk):
        unit.board = "Kultur- och fritidsnämnden"
        unit.save()

    insert, update = _events(unit)
    assert insert.pgh_label == "insert"
    assert update.pgh_label == "update"
    assert update.pgh_diff == {"board": ["Kulturnämnden", "Kultur- och fritidsnämnden"]}
    assert update.pgh_context["user"] == superuser.pk


def test_the_derived_top_unit_adds_no_event_of_its_own():
    administration = f.UnitFactory()
    department = f.DepartmentFactory(parent=administration)
    # save() fills in the top unit with a second write: the history has the insert alone.
    assert [e.pgh_label for e in _events(department)] == ["insert"]
    assert Unit.objects.get(pk=department.pk).top_unit_id == administration.pk


def test_a_deleted_unit_stays_in_the_history():
    unit = f.UnitFactory(name="Nedlagd förvaltning")
    pk = unit.pk
    unit.delete()
    events = MiddlewareEvents.objects.filter(pgh_obj_model="vaxjo_riktning.Unit", pgh_obj_id=pk)
    assert sorted(e.pgh_label for e in events) == ["delete", "insert"]


def test_a_role_granted_and_taken_away_in_the_admin_is_in_the_history(client, superuser, group):
    person = f.UserFactory(username="anna")
    assignment = f.assign(person, Role.UNIT_EDITOR, unit=group.administration)
    pk = assignment.pk

    url = reverse("admin:vaxjo_riktning_roleassignment_delete", args=[pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not RoleAssignment.objects.filter(pk=pk).exists()

    events = list(
        MiddlewareEvents.objects.filter(
            pgh_obj_model="vaxjo_riktning.RoleAssignment", pgh_obj_id=pk
        ).order_by("pgh_created_at", "pgh_id")
    )
    assert [e.pgh_label for e in events] == ["insert", "delete"]
    deletion = events[-1]
    assert deletion.pgh_data["user_id"] == person.pk
    assert deletion.pgh_data["role"] == Role.UNIT_EDITOR
    assert deletion.pgh_data["unit_id"] == group.administration.pk
    assert deletion.pgh_context["user"] == superuser.pk
    assert deletion.pgh_context["url"] == url


def test_the_users_page_links_to_the_roles_given_and_taken_away(client, superuser, group):
    person = f.UserFactory(username="anna")
    f.assign(person, Role.READER).delete()
    f.assign(person, Role.RECRUITER)
    other = f.UserFactory(username="bertil")
    f.assign(other, Role.READER)

    page = client.get(reverse("admin:vaxjo_riktning_user_change", args=[person.pk]))
    content = page.content.decode()
    assert "Roles given and taken away" in content

    history = client.get(
        reverse("admin:pghistory_middlewareevents_changelist"),
        {
            "obj": f"vaxjo_riktning.user:{person.pk}",
            "method": "references",
            "event_model": "vaxjo_riktning.RoleAssignmentEvent",
        },
    )
    assert history.status_code == 200
    events = history.context["cl"].result_list
    assert sorted(e.pgh_label for e in events) == ["delete", "insert", "insert"]
    assert {e.pgh_obj_model for e in events} == {"vaxjo_riktning.RoleAssignment"}


def test_a_renamed_process_area_is_in_the_history(superuser):
    area = f.ProcessAreaFactory(name="Ekonomi")
    with pghistory.context(user=superuser.pk):
        ProcessArea.objects.filter(pk=area.pk).update(name="Ekonomi och upphandling")

    update = _events(area)[-1]
    assert update.pgh_label == "update"
    assert update.pgh_diff == {"name": ["Ekonomi", "Ekonomi och upphandling"]}
    assert update.pgh_context["user"] == superuser.pk


@pytest.mark.parametrize(
    "make",
    [
        lambda: f.UnitFactory(),
        lambda: f.ProcessAreaFactory(),
        lambda: f.assign(f.UserFactory(), Role.READER),
    ],
    ids=["unit", "process area", "role assignment"],
)
def test_the_admin_links_to_the_changes(client, superuser, make):
    obj = make()
    meta = obj._meta
    page = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    assert page.status_code == 200
    link = history_url(obj)
    assert link.replace("&", "&amp;") in page.content.decode()
    history = client.get(link)
    assert [e.pgh_label for e in history.context["cl"].result_list] == ["insert"]
