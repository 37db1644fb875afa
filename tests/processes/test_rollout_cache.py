"""The rollout page keeps its matrix as HTML in the cache under the fingerprint of what it shows
(processes.selectors.rollout_page_columns: the implementations, processes and process areas, the
processes' owners' names and the columns) and of which cells the user may change
(processes.permissions.implementation_editor_key). Each test changes what the page shows by a
write that fires no signal (a bulk update or delete; raw SQL would do the same), and the next
visit shows the change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from processes.models import Implementation, Process, ProcessArea, Stage
from tests import factories as f
from vaxjo_riktning.models import Role, Unit, User

URL = reverse("processes:rollout")


def page(client, url: str = URL) -> str:
    return client.get(url).content.decode()


def matrix(html: str) -> str:
    """The page's part kept in the cache (the page around it has a new CSRF token each time)."""
    return html.split('<div class="page-header">', 1)[1].split("</main>", 1)[0]


def cell_url(process, unit) -> str:
    return reverse("processes:rollout_cell", args=[process.slug, unit.slug])


@pytest.fixture
def owned(group):
    """Recruitment owned by another process owner of HR than the one signed in (whose name the
    page's header shows anyway)."""
    owner = f.UserFactory(username="hr-chef")
    f.assign(owner, Role.PROCESS_OWNER, area=group.hr_area)
    Process.objects.filter(pk=group.recruitment_process.pk).update(owner=owner)
    return owner


def test_a_visit_after_nothing_changed_reads_the_page_from_the_cache(
    client, process_owner, cell, django_assert_num_queries
):
    client.force_login(process_owner)
    first = page(client)
    # session, user, role assignments; the columns with the fingerprint
    with django_assert_num_queries(3 + 1):
        again = page(client)
    assert matrix(again) == matrix(first)
    assert "Infört i ledningsgruppen." in matrix(again)


def test_the_cells_follow_their_rows(client, process_owner, cell, group):
    client.force_login(process_owner)
    assert "Infört i ledningsgruppen." in page(client)
    Implementation.objects.filter(pk=cell.pk).update(stage=Stage.IN_USE, note="Används överallt.")
    html = page(client)
    assert "Används överallt." in html and "Infört i ledningsgruppen." not in html
    Implementation.objects.create(
        process=group.recruitment_process, unit=group.company, contact="Bolagets HR-chef"
    )
    assert "Bolagets HR-chef" in page(client)
    # A removed row reads as not started again.
    Implementation.objects.all().delete()
    html = page(client)
    assert "Används överallt." not in html and "Bolagets HR-chef" not in html


def test_the_rows_follow_the_processes_their_areas_and_owners(
    client, process_owner, owned, group, finance
):
    client.force_login(process_owner)
    assert "hr-chef" in page(client)
    User.objects.filter(pk=owned.pk).update(first_name="Maja", last_name="Ek")
    assert "Maja Ek" in page(client)
    Process.objects.filter(pk=group.recruitment_process.pk).update(name="Rekrytering & urval")
    assert "Rekrytering &amp; urval" in page(client)
    ProcessArea.objects.filter(pk=group.hr_area.pk).update(name="Personal")
    assert ">Personal<" in page(client)
    f.ProcessFactory(area=finance.area, name="Upphandling")
    assert "Upphandling" in page(client)
    # The finance process moved to HR: the owner may now change its cells.
    assert cell_url(finance, group.company) not in page(client)
    Process.objects.filter(pk=finance.pk).update(area=group.hr_area)
    assert cell_url(finance, group.company) in page(client)


def test_the_columns_follow_the_units(client, process_owner, group):
    client.force_login(process_owner)
    page(client)
    Unit.objects.filter(pk=group.company.pk).update(short_name="Bostadsbolaget")
    assert "Bostadsbolaget" in page(client)
    f.UnitFactory(name="Växjö Energi AB", slug="energi", kind=Unit.Kind.COMPANY, sort_order=2)
    html = page(client)
    assert html.index("Bostadsbolaget") < html.index("Växjö Energi AB")
    Unit.objects.filter(slug="energi").update(sort_order=1)
    Unit.objects.filter(pk=group.company.pk).update(sort_order=3)
    html = page(client)
    assert html.index("Växjö Energi AB") < html.index("Bostadsbolaget")


def test_each_user_sees_the_cells_they_may_change(
    client, process_owner, editor, reader, group, finance
):
    mine, theirs = (
        cell_url(group.recruitment_process, group.company),
        cell_url(finance, group.administration),
    )
    seen = []
    # (The owner again last: their page, from the cache, as before the others' visits.)
    for user in (process_owner, editor, reader, process_owner):
        client.force_login(user)
        html = page(client)
        seen.append((mine in html, theirs in html))
    assert seen == [(True, False), (False, True), (False, False), (True, False)]


def test_each_area_and_language_has_its_own_page(client, process_owner, group, finance):
    client.force_login(process_owner)
    client.cookies["django_language"] = "en"
    every = page(client)
    hr = page(client, URL + "?omrade=hr")
    assert "Finans" in every and "Finans" not in hr
    assert "Rollout of the processes" in every
    client.cookies["django_language"] = "sv"
    assert "Rollout of the processes" not in page(client)


def test_a_group_without_units_keeps_nothing(client, process_owner, group):
    """Without columns there is no fingerprint: the page is written on every visit."""
    Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).delete()
    Unit.objects.all().delete()
    client.force_login(process_owner)
    assert "HR/personal" in page(client)
    ProcessArea.objects.filter(pk=group.hr_area.pk).update(name="Personal")
    assert ">Personal<" in page(client)
