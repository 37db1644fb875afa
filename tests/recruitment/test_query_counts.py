"""The public ads page, the recruitment board and the competence supply page run the same number
of SQL queries whatever the number of ads, applications, positions and people."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recruitment.models import AdCompetence, Note, PersonCompetence, Successor
from tests import factories as f

pytestmark = pytest.mark.django_db


def build(recruitment, group, size: int) -> None:
    """``size`` more open ads with three competences each, ``size`` more applications to the
    board's ad (with notes, and every third a duplicate), and ``size`` key positions with
    successors and people's competences."""
    for n in range(size):
        position = f.PositionFactory(unit=group.company)
        position.process_areas.add(group.hr_area)
        ad = f.JobAdFactory(position=position)
        for kind in ("required", "required", "merit"):
            competence = f.CompetenceFactory()
            f.AdCompetenceFactory(ad=ad, competence=competence, kind=kind)
            position.competences.add(competence)
        application = f.ApplicationFactory(
            ad=recruitment.ad,
            email_key="samma@example.se" if n % 3 == 0 else f"person{n}@example.se",
            stage=["received", "screening", "interview", "rejected"][n % 4],
        )
        Note.objects.create(application=application, text="Anteckning")
        person = f.UserFactory()
        Successor.objects.create(position=position, person=person, readiness="1-2")
        PersonCompetence.objects.create(person=person, competence=competence, level=4)


# The queries of a page for a signed-in user start with session, user and role assignments (3).
EXPECTED = {
    # anonymous: the open ads, their process areas, their competences sought
    "public_ads": 3,
    # anonymous: the ad, its process areas, its competences sought
    "public_ad": 3,
    # 3 + the ad, the applications with their match and duplicate flag, the ad's history
    # events, and the people and positions the history names (one query per kind)
    "board": 3 + 2 + 1 + 2,
    # the board alone (htmx): session, user, role assignments (is the user an administrator?),
    # the ad, the applications
    "board_htmx": 3 + 2,
    # 3 + key positions, their process areas, competences, successors; those without a successor
    # ready now (the overview tile's count); the gaps: competences with their key positions,
    # people's held competences, near successors
    "competence_supply": 3 + 4 + 1 + 4,
}
ANONYMOUS = {"public_ads", "public_ad"}
HEADERS = {"board_htmx": {"HX-Request": "true", "HX-Target": "board"}}


def url_for(page: str, recruitment) -> str:
    return {
        "public_ads": reverse("recruitment:public_ads"),
        "public_ad": recruitment.ad.get_absolute_url(),
        "board": recruitment.ad.get_board_url(),
        "board_htmx": recruitment.ad.get_board_url(),
        "competence_supply": reverse("recruitment:competence_supply"),
    }[page]


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("page_name", list(EXPECTED))
def test_each_page_runs_its_listed_queries(
    client, recruitment, group, django_assert_num_queries, page_name, size
):
    page = page_name
    if page not in ANONYMOUS:
        client.force_login(recruitment.recruiter)
    build(recruitment, group, size)
    url, headers = url_for(page, recruitment), HEADERS.get(page, {})
    client.get(url, headers=headers)  # warm up
    with django_assert_num_queries(EXPECTED[page]):
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    if page == "public_ads":
        assert response.content.decode().count('class="card ad-card"') == size + 1
    if page == "board":
        assert response.content.decode().count('class="board__card"') == size


def test_the_overview_tile_costs_one_query(client, chief, recruitment, group):
    client.force_login(chief)
    build(recruitment, group, 3)
    content = client.get(reverse("overview")).content.decode()
    assert "key positions without a successor ready now" in content
    assert AdCompetence.objects.exists()
