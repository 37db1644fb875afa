"""Who handles an ad, and its legal hold: only HR's process owner (the owner of the area holding
recruitment) and administrators change them, only to a recruiter and to a manager in the ad's
unit; the ad's own recruiter and hiring manager get 403, everyone else 404, and a refused change
leaves the ad as it was."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recruitment.models import JobAd
from recruitment.services import NOT_A_MANAGER, NOT_A_RECRUITER
from tests import factories as f
from tests.recruitment.test_views_public import apply
from vaxjo_riktning.models import Role

pytestmark = pytest.mark.django_db


def roles_url(ad: JobAd) -> str:
    return reverse("recruitment:ad_roles", args=[ad.pk])


def hold_url(ad: JobAd) -> str:
    return reverse("recruitment:ad_legal_hold", args=[ad.pk])


def test_the_chief_executive_as_hiring_manager_cannot_hand_the_ad_to_the_reader(
    client, recruitment, chief, reader
):
    """The issue's case: the chief executive, hiring manager of an ad, gave it to the reader,
    who then read a CV. Now the change is refused and the reader still gets no CV."""
    ad = recruitment.ad
    ad.hiring_manager = chief
    ad.save()
    client.logout()
    assert apply(client, recruitment).status_code == 302
    application = ad.applications.get()
    client.force_login(chief)
    assert client.get(roles_url(ad)).status_code == 403
    data = {"recruiter": recruitment.recruiter.pk, "hiring_manager": reader.pk}
    assert client.post(roles_url(ad), data).status_code == 403
    # The ad's own form no longer carries the hiring manager: a forged field changes nothing.
    edit = client.get(reverse("recruitment:ad_edit", args=[ad.pk])).content.decode()
    assert 'name="hiring_manager"' not in edit
    ad.refresh_from_db()
    assert ad.hiring_manager == chief
    client.force_login(reader)
    cv = reverse("recruitment:application_cv", args=[application.pk])
    assert client.get(cv).status_code == 404


def test_hr_refused_handing_the_ad_to_a_reader_beside_the_field(
    client, recruitment, process_owner, reader
):
    client.force_login(process_owner)
    ad = recruitment.ad
    response = client.post(roles_url(ad), {"recruiter": reader.pk, "hiring_manager": reader.pk})
    assert response.status_code == 200
    form = response.context["roles_form"]
    name = reader.name_with_title
    assert form.errors["recruiter"] == [NOT_A_RECRUITER % {"name": name}]
    unit = ad.position.unit.display_name
    assert form.errors["hiring_manager"] == [NOT_A_MANAGER % {"name": name, "unit": unit}]
    assert "The roles were not changed" in response.content.decode()
    ad.refresh_from_db()
    assert (ad.recruiter, ad.hiring_manager) == (recruitment.recruiter, recruitment.hiring_manager)


def test_hr_hands_the_ad_to_another_recruiter_and_a_manager_of_the_unit(
    client, recruitment, process_owner, other_recruiter, editor, group
):
    client.force_login(process_owner)
    ad = recruitment.ad
    assert client.get(roles_url(ad)).status_code == 200
    # The editor of the administration manages its units; the ad's position is in it.
    response = client.post(
        roles_url(ad), {"recruiter": other_recruiter.pk, "hiring_manager": editor.pk}
    )
    assert response.status_code == 302
    ad.refresh_from_db()
    assert (ad.recruiter, ad.hiring_manager) == (other_recruiter, editor)
    page = client.get(roles_url(ad)).content.decode()
    assert "History" in page and editor.name_with_title in page
    # HR's process owner names the roles but does not see the applications.
    assert client.get(ad.get_board_url()).status_code == 404


@pytest.mark.parametrize("where", ["department", "company"])
def test_a_unit_editor_manages_only_in_their_part_of_the_group(
    client, recruitment, administrator, group, where
):
    manager = f.UserFactory(username=f"chef-{where}")
    f.assign(manager, Role.UNIT_EDITOR, unit=getattr(group, where))
    client.force_login(administrator)
    ad = recruitment.ad
    data = {"recruiter": recruitment.recruiter.pk, "hiring_manager": manager.pk}
    response = client.post(roles_url(ad), data)
    ad.refresh_from_db()
    if where == "department":  # a department below the ad's administration
        assert response.status_code == 302 and ad.hiring_manager == manager
    else:  # another company
        assert response.status_code == 200 and ad.hiring_manager == recruitment.hiring_manager


def test_others_get_404_and_a_wrong_method_405(client, recruitment, reader, administrator):
    client.force_login(reader)
    assert client.get(roles_url(recruitment.ad)).status_code == 404
    assert client.post(hold_url(recruitment.ad), {"hold": "on", "reason": "x"}).status_code == 404
    client.force_login(administrator)
    assert client.get(hold_url(recruitment.ad)).status_code == 405
    assert client.delete(roles_url(recruitment.ad)).status_code == 405


def test_the_hiring_manager_may_not_set_or_lift_the_legal_hold(client, recruitment):
    ad = recruitment.ad
    client.force_login(recruitment.hiring_manager)
    assert client.post(hold_url(ad), {"hold": "on", "reason": "Överklagat"}).status_code == 403
    ad.refresh_from_db()
    assert not ad.legal_hold
    JobAd.objects.filter(pk=ad.pk).update(legal_hold=True, legal_hold_reason="Överklagat")
    assert client.post(hold_url(ad), {"reason": "Klart"}).status_code == 403
    client.force_login(recruitment.recruiter)
    assert client.post(hold_url(ad), {"reason": "Klart"}).status_code == 403
    ad.refresh_from_db()
    assert ad.legal_hold and ad.legal_hold_reason == "Överklagat"


def test_hr_sets_and_lifts_the_hold_with_a_reason_kept_in_the_history(
    client, recruitment, process_owner
):
    ad = recruitment.ad
    client.force_login(process_owner)
    assert client.post(hold_url(ad), {"hold": "on", "reason": "Överklagat"}).status_code == 302
    response = client.post(hold_url(ad), {"reason": "  "})
    assert response.status_code == 200
    assert "Give a reason for lifting the legal hold." in response.content.decode()
    ad.refresh_from_db()
    assert ad.legal_hold
    assert client.post(hold_url(ad), {"reason": "Domen vann laga kraft."}).status_code == 302
    ad.refresh_from_db()
    assert not ad.legal_hold and ad.legal_hold_reason == "Domen vann laga kraft."
    page = client.get(roles_url(ad)).content.decode()
    for text in ("Legal hold set", "Överklagat", "Legal hold lifted", "Domen vann laga kraft."):
        assert text in page


def test_a_new_ad_needs_a_manager_of_the_unit_as_hiring_manager(client, recruiter, reader, group):
    from tests.recruitment.test_views_ad_form import ad_data

    catalogue = {
        "position": f.PositionFactory(title="Rektor", unit=group.department),
        "budget": f.CompetenceFactory(name="Budget"),
        "control": f.CompetenceFactory(name="Kontroll"),
        "finance": f.CompetenceFactory(name="Finans"),
        "manager": reader,
    }
    client.force_login(recruiter)
    response = client.post(reverse("recruitment:ad_create"), ad_data(catalogue))
    assert response.status_code == 200
    assert "is not a manager in" in response.content.decode()
    assert not JobAd.objects.exists()
