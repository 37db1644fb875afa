"""Recruiters write ads in Riktning: a new ad with the competences sought, published or kept as
a draft; its recruiter and hiring manager change it; nobody else may, and a refused change
leaves the ad as it was."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment.models import AdCompetence, JobAd
from recruitment.services import COMPETENCES_LOCKED
from tests import factories as f
from vaxjo_riktning.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(group):
    return {
        "position": f.PositionFactory(
            title="Koncernövergripande ekonomichef", unit=group.administration
        ),
        "budget": f.CompetenceFactory(name="Budget och ekonomisk planering"),
        "control": f.CompetenceFactory(name="Intern kontroll och uppföljning"),
        "finance": f.CompetenceFactory(name="Finansförvaltning och internbank"),
        "manager": _chief_executive(),
    }


def _chief_executive():
    # A hiring manager must be a manager in the unit; the chief executive manages the group.
    user = f.UserFactory(username="kommunchefen")
    f.assign(user, Role.CHIEF_EXECUTIVE)
    return user


def ad_data(catalogue, **changes) -> dict:
    data = {
        "position": catalogue["position"].pk,
        "title": "Koncernövergripande ekonomichef",
        "introduction": "Vill du leda ekonomiprocessen i hela koncernen?",
        "description": "",
        "employment": "Tillsvidare, heltid",
        "location": "Växjö",
        "last_application_date": (timezone.localdate() + timedelta(days=21)).isoformat(),
        "hiring_manager": catalogue["manager"].pk,
        "contact_name": "Rekryterare",
        "contact_title": "",
        "contact_email": "rekryterare@example.se",
        "contact_phone": "",
        "required_competences": [catalogue["budget"].pk, catalogue["control"].pk],
        "merit_competences": [catalogue["finance"].pk],
        "publish": "on",
    }
    data.update(changes)
    return data


def test_a_recruiter_publishes_a_new_ad(client, recruiter, catalogue):
    client.force_login(recruiter)
    assert client.get(reverse("recruitment:ad_create")).status_code == 200
    response = client.post(reverse("recruitment:ad_create"), ad_data(catalogue))
    ad = JobAd.objects.get()
    assert response.status_code == 302 and response.url == ad.get_board_url()
    assert ad.recruiter == recruiter and ad.hiring_manager == catalogue["manager"]
    assert ad.published_at is not None
    sought = {(c.competence.name, c.kind) for c in ad.ad_competences.select_related("competence")}
    assert sought == {
        ("Budget och ekonomisk planering", AdCompetence.Kind.REQUIRED),
        ("Intern kontroll och uppföljning", AdCompetence.Kind.REQUIRED),
        ("Finansförvaltning och internbank", AdCompetence.Kind.MERIT),
    }
    assert ad.title in client.get(reverse("recruitment:public_ads")).content.decode()


def test_a_draft_is_not_public(client, recruiter, catalogue):
    client.force_login(recruiter)
    client.post(reverse("recruitment:ad_create"), ad_data(catalogue, publish=""))
    ad = JobAd.objects.get()
    assert ad.published_at is None
    assert client.get(ad.get_absolute_url()).status_code == 404


def test_bad_input_is_named_and_nothing_is_saved(client, recruiter, catalogue):
    client.force_login(recruiter)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        reverse("recruitment:ad_create"),
        ad_data(
            catalogue,
            title="",
            last_application_date=yesterday,
            merit_competences=[catalogue["budget"].pk],
        ),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "The ad was not saved" in content
    assert "The last day to apply cannot be in the past." in content
    assert "either required or meritorious, not both: Budget och ekonomisk planering" in content
    assert "Vill du leda ekonomiprocessen i hela koncernen?" in content  # kept
    assert not JobAd.objects.exists()


def test_only_recruiters_and_administrators_write_new_ads(client, reader, chief, catalogue):
    for user in (reader, chief):
        client.force_login(user)
        assert client.get(reverse("recruitment:ad_create")).status_code == 404
        assert client.post(reverse("recruitment:ad_create"), ad_data(catalogue)).status_code == 404
    assert not JobAd.objects.exists()


def test_the_recruiter_edits_and_the_history_shows_it(client, recruitment, catalogue):
    client.force_login(recruitment.recruiter)
    url = reverse("recruitment:ad_edit", args=[recruitment.ad.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, ad_data(catalogue, title="Ny rubrik för annonsen"))
    assert response.status_code == 302
    ad = JobAd.objects.get(pk=recruitment.ad.pk)
    assert ad.title == "Ny rubrik för annonsen"
    assert ad.recruiter == recruitment.recruiter  # unchanged by the edit
    board = client.get(ad.get_board_url()).content.decode()
    assert "Ny rubrik för annonsen" in board and "Koncernövergripande HR-chef" in board


def test_an_outsider_cannot_edit_and_the_ad_stays(client, other_recruiter, recruitment, catalogue):
    client.force_login(other_recruiter)
    url = reverse("recruitment:ad_edit", args=[recruitment.ad.pk])
    assert client.post(url, ad_data(catalogue, title="Kapad")).status_code == 404
    assert JobAd.objects.get(pk=recruitment.ad.pk).title == "Koncernövergripande HR-chef"


def test_competences_are_locked_once_someone_has_applied(client, recruitment, catalogue):
    f.ApplicationFactory(ad=recruitment.ad)
    client.force_login(recruitment.recruiter)
    url = reverse("recruitment:ad_edit", args=[recruitment.ad.pk])
    response = client.post(url, ad_data(catalogue, title="Ändrad"))
    assert response.status_code == 200
    assert str(COMPETENCES_LOCKED) in response.content.decode()
    ad = JobAd.objects.get(pk=recruitment.ad.pk)
    assert ad.title == "Koncernövergripande HR-chef"  # the whole save was refused
    assert ad.ad_competences.count() == 2
