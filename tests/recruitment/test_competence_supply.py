"""Competence supply: key positions with their successors and readiness, the group's competence
gaps for the HR process owner, and the chief executive's tile for key positions without a
successor ready now."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recruitment import selectors
from recruitment.models import PersonCompetence, Successor
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(group, chief):
    """Three key positions: one with a successor ready now, one whose successor needs 1–2
    years, one with nobody; and a position that is not key."""
    planning = f.CompetenceFactory(name="Successionsplanering")
    finance = f.CompetenceFactory(name="Finansförvaltning")
    ceo = f.PositionFactory(title="Verkställande direktör", unit=group.company, holder=chief)
    ceo.competences.add(planning)
    hr = f.PositionFactory(title="Koncernövergripande HR-chef", unit=group.administration)
    hr.competences.add(planning, finance)
    head = f.PositionFactory(title="Förvaltningschef", unit=group.administration)
    head.competences.add(finance)
    f.PositionFactory(title="Handläggare", unit=group.administration, is_key=False)
    ready = f.UserFactory(username="bitr-vd", title="Vice vd")
    soon = f.UserFactory(username="hr-strateg")
    Successor.objects.create(position=ceo, person=ready, readiness="now", development_actions="")
    Successor.objects.create(
        position=hr, person=soon, readiness="1-2", development_actions="Ledarprogram 2026"
    )
    PersonCompetence.objects.create(person=soon, competence=planning, level=4)
    PersonCompetence.objects.create(person=ready, competence=finance, level=2)
    return {"ceo": ceo, "hr": hr, "head": head, "planning": planning, "finance": finance}


def test_key_positions_without_a_ready_successor_are_counted(plan):
    assert selectors.key_positions_without_ready_successor_count() == 2


def test_the_chief_executives_overview_has_the_tile(client, chief, plan):
    client.force_login(chief)
    content = client.get(reverse("overview")).content.decode()
    assert reverse("recruitment:competence_supply") in content
    assert "key positions without a successor ready now" in content


def test_a_reader_sees_no_tile_and_gets_404_for_the_page(client, reader, editor, plan):
    for user in (reader, editor):
        client.force_login(user)
        assert (
            "without a successor ready now" not in client.get(reverse("overview")).content.decode()
        )
        assert client.get(reverse("recruitment:competence_supply")).status_code == 404


def test_the_hr_process_owner_sees_succession_and_the_gaps(client, process_owner, plan):
    client.force_login(process_owner)
    response = client.get(reverse("recruitment:competence_supply"))
    assert response.status_code == 200
    content = response.content.decode()
    for shown in ("Verkställande direktör", "Koncernövergripande HR-chef", "Förvaltningschef"):
        assert shown in content
    assert "Handläggare" not in content  # not a key position
    assert "Ready now" in content and "Ready in 1–2 years" in content
    assert "Ledarprogram 2026" in content
    assert "No successor named" in content
    assert "Competence gaps" in content


def test_the_gaps_name_key_positions_without_a_near_successor_holding_it(plan):
    gaps = {gap.competence.name: gap for gap in selectors.competence_gaps()}
    # Finance: needed by the HR director and the head; nobody holds it at "good" or above.
    finance = gaps["Finansförvaltning"]
    assert finance.holders == 0
    assert {p.title for p in finance.uncovered} == {
        "Koncernövergripande HR-chef",
        "Förvaltningschef",
    }
    # Planning: the HR strategist (1–2 years) holds it; the CEO's ready successor does not.
    planning = gaps["Successionsplanering"]
    assert planning.holders == 1
    assert {p.title for p in planning.uncovered} == {"Verkställande direktör"}
    # The worst gap comes first.
    assert selectors.competence_gaps()[0].competence.name == "Finansförvaltning"
