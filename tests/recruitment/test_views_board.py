"""The recruitment board: only the ad's recruiter and hiring manager, and administrators, see the
applications; they move them between stages (htmx), score them, leave notes and see a ranking.
Every other role gets 404, and a refused change leaves the data as it was."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recruitment.models import Application, ApplicationView, Assessment, JobAd, Note
from tests import factories as f
from vaxjo_riktning.models import Role

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "board"}


@pytest.fixture
def application(recruitment) -> Application:
    return f.ApplicationFactory(
        ad=recruitment.ad,
        name="Karin Ek",
        email="Karin.Ek@example.se",
        email_key="karin.ek@example.se",
        assessments={"Successionsplanering": 4, "Arbetsrätt och förhandling": 2},
    )


@pytest.fixture
def insiders(recruitment, administrator):
    return {
        "recruiter": recruitment.recruiter,
        "hiring manager": recruitment.hiring_manager,
        "administrator": administrator,
    }


@pytest.fixture
def outsiders(chief, editor, process_owner, reader, other_recruiter):
    """Every other role: the chief executive, a unit editor, the HR process owner, a reader and a
    recruiter of other ads."""
    return {
        "chief executive": chief,
        "unit editor": editor,
        "process owner": process_owner,
        "reader": reader,
        "another recruiter": other_recruiter,
    }


def application_urls(application) -> list[str]:
    return [
        reverse("recruitment:application_detail", args=[application.pk]),
        reverse("recruitment:application_cv", args=[application.pk]),
        application.ad.get_board_url(),
    ]


# --- Who sees what ------------------------------------------------------------------------------


def test_the_recruiter_hiring_manager_and_administrator_see_the_board(
    client, insiders, application
):
    for who, user in insiders.items():
        client.force_login(user)
        response = client.get(application.ad.get_board_url())
        assert response.status_code == 200, who
        assert "Karin Ek" in response.content.decode(), who


def test_every_other_role_gets_404_for_applicants_data(client, outsiders, application):
    for who, user in outsiders.items():
        client.force_login(user)
        for url in application_urls(application):
            assert client.get(url).status_code == 404, (who, url)
        home = client.get(reverse("recruitment:home")).content.decode()
        assert "Karin Ek" not in home, who
        # HR's process owner lists every ad to name who handles it, not its applicants.
        if who != "process owner":
            assert application.ad.title not in home, who
    assert not ApplicationView.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, application):
    for url in application_urls(application):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))


def test_the_menu_shows_recruitment_to_recruiters_and_hiring_managers(client, recruitment, reader):
    url = f'href="{reverse("recruitment:home")}"'
    client.force_login(recruitment.recruiter)
    assert url in client.get(reverse("overview")).content.decode()
    # The hiring manager holds no recruiter role: the login remembers they hire for an ad.
    client.force_login(recruitment.hiring_manager)
    assert url in client.get(reverse("overview")).content.decode()
    client.force_login(reader)
    assert url not in client.get(reverse("overview")).content.decode()


def test_the_home_page_lists_the_users_own_ads_with_counts(client, recruitment, application):
    f.JobAdFactory(title="Någon annans annons")
    client.force_login(recruitment.hiring_manager)
    content = client.get(reverse("recruitment:home")).content.decode()
    assert recruitment.ad.title in content
    assert "Någon annans annons" not in content


# --- Viewing is logged --------------------------------------------------------------------------


def test_opening_an_application_is_logged(client, recruitment, application):
    client.force_login(recruitment.hiring_manager)
    response = client.get(application.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Karin.Ek@example.se" in content and "Jag vill gärna arbeta hos er." in content
    view = ApplicationView.objects.get()
    assert (view.viewer, view.application, view.what) == (
        recruitment.hiring_manager,
        application,
        ApplicationView.What.APPLICATION,
    )
    # The page lists who has looked.
    again = client.get(application.get_absolute_url()).content.decode()
    assert "anstallande-chef" in again
    assert ApplicationView.objects.count() == 2


def test_the_cv_is_served_only_through_the_authorised_view_and_logged(
    client, recruitment, application
):
    client.force_login(recruitment.recruiter)
    response = client.get(reverse("recruitment:application_cv", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == f.PDF_BYTES
    assert ApplicationView.objects.get().what == ApplicationView.What.CV
    # The storage has no public address for it.
    with pytest.raises(ValueError):
        application.cv.url  # noqa: B018


# --- Moving through the stages ------------------------------------------------------------------


def test_the_recruiter_moves_an_application_with_htmx(client, recruitment, application):
    client.force_login(recruitment.recruiter)
    url = reverse("recruitment:application_move", args=[application.pk])
    response = client.post(url, {"stage": "interview", "next": "board"}, headers=HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="board"')  # the board alone, no page around it
    assert "<html" not in content
    application.refresh_from_db()
    assert application.stage == Application.Stage.INTERVIEW


def test_without_htmx_a_move_goes_back_to_the_board(client, recruitment, application):
    client.force_login(recruitment.hiring_manager)
    url = reverse("recruitment:application_move", args=[application.pk])
    response = client.post(url, {"stage": "hired", "next": "board"})
    assert response.status_code == 302 and response.url == recruitment.ad.get_board_url()
    application.refresh_from_db()
    assert application.stage == Application.Stage.HIRED


def test_the_history_shows_each_move(client, recruitment, application):
    client.force_login(recruitment.recruiter)
    url = reverse("recruitment:application_move", args=[application.pk])
    client.post(url, {"stage": "screening"})
    client.post(url, {"stage": "interview"})
    content = client.get(application.get_absolute_url()).content.decode()
    assert "Screening" in content and "Interview" in content
    assert "rekryterare" in content


def test_an_outsiders_move_is_refused_and_changes_nothing(client, outsiders, application):
    url = reverse("recruitment:application_move", args=[application.pk])
    for who, user in outsiders.items():
        client.force_login(user)
        assert client.post(url, {"stage": "hired"}, headers=HTMX).status_code == 404, who
    application.refresh_from_db()
    assert application.stage == Application.Stage.RECEIVED


def test_an_unknown_stage_is_refused_and_changes_nothing(client, recruitment, application):
    client.force_login(recruitment.recruiter)
    url = reverse("recruitment:application_move", args=[application.pk])
    response = client.post(url, {"stage": "promoted"}, headers=HTMX)
    assert response.status_code == 200
    assert "Choose one of the stages." in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Application.Stage.RECEIVED


def test_a_get_cannot_move(client, recruitment, application):
    client.force_login(recruitment.recruiter)
    url = reverse("recruitment:application_move", args=[application.pk])
    assert client.get(url).status_code == 405


# --- Scores, notes, ranking and duplicates -----------------------------------------------------


def test_scores_are_saved_and_change_the_match(client, recruitment, application):
    client.force_login(recruitment.recruiter)
    required, merit = application.assessments.order_by("ad_competence__sort_order")
    url = reverse("recruitment:application_score", args=[application.pk])
    response = client.post(url, {f"score_{required.pk}": "5", f"score_{merit.pk}": ""})
    assert response.status_code == 302
    required.refresh_from_db()
    merit.refresh_from_db()
    assert (required.score, merit.score) == (5, None)
    # Required weighs 2, merit 1: (2×5 + 1×2) / (3×5) = 80 %.
    assert "Match 80%" in client.get(application.get_absolute_url()).content.decode()


def test_a_score_outside_the_scale_is_refused(client, recruitment, application):
    client.force_login(recruitment.recruiter)
    required = application.assessments.first()
    url = reverse("recruitment:application_score", args=[application.pk])
    response = client.post(url, {f"score_{required.pk}": "9"})
    assert response.status_code == 200
    assert "The scores were not saved" in response.content.decode()
    assert Assessment.objects.filter(score__isnull=False).count() == 0


def test_an_outsider_cannot_score_or_note(client, reader, application):
    client.force_login(reader)
    required = application.assessments.first()
    score_url = reverse("recruitment:application_score", args=[application.pk])
    note_url = reverse("recruitment:application_note", args=[application.pk])
    assert client.post(score_url, {f"score_{required.pk}": "5"}).status_code == 404
    assert client.post(note_url, {"text": "Bra kandidat"}).status_code == 404
    required.refresh_from_db()
    assert required.score is None
    assert not Note.objects.exists()


def test_notes_are_kept_and_escaped(client, recruitment, application):
    client.force_login(recruitment.hiring_manager)
    url = reverse("recruitment:application_note", args=[application.pk])
    assert client.post(url, {"text": "  "}).status_code == 200
    assert not Note.objects.exists()
    response = client.post(url, {"text": "Stark på <script>förhandling</script>"})
    assert response.status_code == 302
    content = client.get(application.get_absolute_url()).content.decode()
    assert "Stark på &lt;script&gt;förhandling&lt;/script&gt;" in content
    assert Note.objects.get().author == recruitment.hiring_manager


def test_the_ranking_orders_by_competence_match(client, recruitment, application):
    strong = f.ApplicationFactory(
        ad=recruitment.ad,
        name="Per Stark",
        assessments={"Successionsplanering": 5, "Arbetsrätt och förhandling": 5},
    )
    weak = f.ApplicationFactory(
        ad=recruitment.ad,
        name="Eva Svag",
        assessments={"Successionsplanering": 1, "Arbetsrätt och förhandling": 1},
    )
    client.force_login(recruitment.recruiter)
    content = client.get(recruitment.ad.get_board_url()).content.decode()
    ranking = content[content.index("ranking-heading") :]
    assert ranking.index("Per Stark") < ranking.index("Karin Ek") < ranking.index("Eva Svag")
    assert "100%" in ranking and "20%" in ranking
    assert strong.pk and weak.pk


def test_duplicates_by_email_or_phone_are_flagged(client, recruitment, application):
    same_email = f.ApplicationFactory(
        ad=recruitment.ad, name="Karin Ek igen", email="karin.ek@example.se"
    )
    same_phone = f.ApplicationFactory(
        ad=recruitment.ad, name="K. Ek", phone="+46 70 999 99 99", phone_key="0709999999"
    )
    f.ApplicationFactory(ad=recruitment.ad, name="Annan Person", phone_key="0709999999")
    f.ApplicationFactory(name="Samma person, annan annons", email_key="karin.ek@example.se")
    client.force_login(recruitment.recruiter)
    from recruitment.selectors import board

    flagged = {
        a.name
        for column in board(recruitment.ad).columns
        for a in column.applications
        if a.is_duplicate
    }
    assert flagged == {"Karin Ek", "Karin Ek igen", "K. Ek", "Annan Person"}
    content = client.get(same_email.get_absolute_url()).content.decode()
    assert "Possible duplicate" in content and "Karin Ek" in content
    assert same_phone.pk


# --- The ad: close, withdraw, legal hold, history -----------------------------------------------


def test_the_ad_is_withdrawn_with_a_reason_and_never_deleted(client, recruitment):
    client.force_login(recruitment.recruiter)
    url = reverse("recruitment:ad_withdraw", args=[recruitment.ad.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "Give a reason for withdrawing the ad." in response.content.decode()
    assert not JobAd.objects.get().is_withdrawn
    response = client.post(url, {"reason": "Tjänsten dras in i budgeten."})
    assert response.status_code == 302
    ad = JobAd.objects.get()
    assert ad.is_withdrawn and ad.withdrawn_by == recruitment.recruiter
    board_page = client.get(ad.get_board_url()).content.decode()
    assert "Tjänsten dras in i budgeten." in board_page
    assert "History" in board_page and "Withdrawn" in board_page


def test_an_outsider_cannot_withdraw_close_or_hold_the_ad(client, other_recruiter, recruitment):
    client.force_login(other_recruiter)
    ad = recruitment.ad
    assert (
        client.post(reverse("recruitment:ad_withdraw", args=[ad.pk]), {"reason": "x"}).status_code
        == 404
    )
    assert client.post(reverse("recruitment:ad_close", args=[ad.pk])).status_code == 404
    hold = reverse("recruitment:ad_legal_hold", args=[ad.pk])
    assert client.post(hold, {"hold": "on", "reason": "Överklagat"}).status_code == 404
    ad.refresh_from_db()
    assert (ad.withdrawn_at, ad.closed_at, ad.legal_hold) == (None, None, False)


def test_closing_and_legal_hold(client, recruitment, process_owner):
    client.force_login(recruitment.hiring_manager)
    ad = recruitment.ad
    assert client.post(reverse("recruitment:ad_close", args=[ad.pk])).status_code == 302
    # The legal hold is HR's process owner's (tests/recruitment/test_views_roles.py).
    client.force_login(process_owner)
    hold = reverse("recruitment:ad_legal_hold", args=[ad.pk])
    response = client.post(hold, {"hold": "on", "reason": ""})
    assert response.status_code == 200
    assert "Give a reason for the legal hold." in response.content.decode()
    ad.refresh_from_db()
    assert ad.closed_at is not None and not ad.legal_hold
    assert client.post(hold, {"hold": "on", "reason": "Beslutet är överklagat."}).status_code == 302
    ad.refresh_from_db()
    assert ad.legal_hold and ad.legal_hold_reason == "Beslutet är överklagat."
    # The public page no longer takes applications.
    assert 'id="application-form"' not in client.get(ad.get_absolute_url()).content.decode()


def test_the_process_owner_role_alone_gives_no_access(client, process_owner, recruitment):
    f.assign(process_owner, Role.UNIT_EDITOR, unit=recruitment.ad.position.unit)
    client.force_login(process_owner)
    assert client.get(recruitment.ad.get_board_url()).status_code == 404
