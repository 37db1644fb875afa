"""The cockpit keeps which activities a page lists (their number and ids) in the cache under the
fingerprint of what decides it (processes.selectors.COCKPIT_PAGE_EVENTS and the unit tree): an
activity added, withdrawn, moved, retitled or given to another unit, a process moved to another
area and a unit moved in the order all show on the next visit, bulk updates included."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Activity
from processes.models import Process
from tests import factories as f
from vaxjo_riktning.models import Unit

URL = reverse("processes:cockpit")


@pytest.fixture
def listed(group):
    """Two recruitment activities in the administration, one in the company (after it)."""
    Unit.objects.filter(pk=group.administration.pk).update(sort_order=1)
    Unit.objects.filter(pk=group.company.pk).update(sort_order=2)
    process = group.recruitment_process
    return [
        f.ActivityFactory(title=title, owner_unit=unit, process=process)
        for title, unit in (
            ("Bemanning", group.administration),
            ("Chefsstöd", group.administration),
            ("Arbetsmiljö", group.company),
        )
    ]


def shown(client) -> tuple[int, list[str]]:
    page = client.get(URL).context["cockpit"].activities
    return page.paginator.count, [a.title for a in page.object_list]


def test_a_page_read_again_is_the_same(client, process_owner, listed):
    client.force_login(process_owner)
    assert shown(client) == shown(client) == (3, ["Bemanning", "Chefsstöd", "Arbetsmiljö"])


def test_changes_to_the_activities_show_on_the_next_visit(client, process_owner, group, listed):
    client.force_login(process_owner)
    shown(client)
    f.ActivityFactory(title="Avslut", owner_unit=group.administration, process=listed[0].process)
    assert shown(client) == (4, ["Avslut", "Bemanning", "Chefsstöd", "Arbetsmiljö"])
    Activity.objects.filter(pk=listed[0].pk).update(title="Öppet hus")
    assert shown(client)[1] == ["Avslut", "Chefsstöd", "Öppet hus", "Arbetsmiljö"]
    Activity.objects.filter(pk=listed[1].pk).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Klar"
    )
    Activity.objects.filter(pk=listed[2].pk).update(owner_unit=group.department)
    assert shown(client) == (3, ["Arbetsmiljö", "Avslut", "Öppet hus"])


def test_a_process_moved_to_another_area_takes_its_activities(
    client, process_owner, group, listed, finance
):
    client.force_login(process_owner)
    shown(client)
    Activity.objects.filter(pk=listed[0].pk).update(process=finance)
    assert shown(client) == (2, ["Chefsstöd", "Arbetsmiljö"])
    Process.objects.filter(pk=group.recruitment_process.pk).update(area=finance.area)
    assert shown(client) == (0, [])


def test_the_order_follows_the_units(client, process_owner, group, listed):
    client.force_login(process_owner)
    shown(client)
    # The company before the administration.
    Unit.objects.filter(pk=group.company.pk).update(sort_order=0)
    assert shown(client)[1] == ["Arbetsmiljö", "Bemanning", "Chefsstöd"]
