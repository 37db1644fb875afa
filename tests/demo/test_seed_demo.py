"""`manage.py seed_demo`: the Växjö demo group a newcomer sees on first run, loaded once and
safely again."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import CharField, Count, Value
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import reverse
from pghistory.models import Events

from demo.data import PASSWORD
from demo.data import goals as demo_goals
from demo.data import recruitment as demo_recruitment
from demo.data import users as demo_users
from demo.data.activities import ACTIVITIES, OVERLAP_PAIRS
from goals.followup.services import savings_missing
from goals.models import (
    Activity,
    ActivityReport,
    Conflict,
    Contribution,
    Cooperation,
    CoordinationSaving,
    Goal,
    GoalAssessment,
    Indicator,
    Measurement,
    OverlapSuggestion,
    ReportingPeriod,
    UnitReport,
)
from goals.overlap.selectors import goals_without_activity
from goals.overlap.services import overlap_decide_and_merge
from goals.services import activity_withdraw
from processes.models import Implementation, Process, ProcessArea, Stage
from processes.services import activity_comment_create
from recruitment.models import Application, Position
from recruitment.services import note_add
from tests.vaxjo_riktning.test_counts_agree import assert_agree, counts_by_page
from vaxjo_riktning.models import Role, RoleAssignment, Unit, User
from vaxjo_riktning.signin.services import totp_key_base32

ADMINISTRATIONS = [
    "Kommunledningsförvaltningen",
    "Utbildningsförvaltningen",
    "Omsorgsförvaltningen",
    "Förvaltningen arbete och välfärd",
    "Kultur- och fritidsförvaltningen",
    "Tekniska förvaltningen",
    "Stadsbyggnadskontoret",
    "Miljö- och hälsoskyddskontoret",
]
COMPANIES = [
    "Växjö Energi AB",
    "Växjöbostäder AB",
    "Vidingehem AB",
    "Växjö Fastighetsförvaltning AB",
    "Videum AB",
]
MODELS = [
    Unit,
    ProcessArea,
    Process,
    Implementation,
    Goal,
    Indicator,
    Measurement,
    User,
    RoleAssignment,
    Activity,
    Contribution,
    Cooperation,
    ReportingPeriod,
    UnitReport,
    ActivityReport,
    GoalAssessment,
    Conflict,
    CoordinationSaving,
]


def seed() -> str:
    """Tests run with DEBUG off, as production does: they say they mean it."""
    out = StringIO()
    call_command("seed_demo", "--i-know-this-is-production", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded_module(module_db, django_db_blocker) -> str:
    """One seed for the whole module, which some twenty tests only read: each paid about 3 s
    for a seed of its own. A test that changes the group, or seeds it again, does so in its own
    transaction (see module_db), so the next test still finds the same fresh seed."""
    with django_db_blocker.unblock():
        return seed()


@pytest.fixture
def seeded(seeded_module, db) -> str:
    """The module's seed, inside this test's own transaction: `db` must come after the module's
    seed, so that what the test writes is rolled back before the next test."""
    return seeded_module


# --- the data itself, without a database ----------------------------------------------------------


def test_activity_keys_are_unique():
    keys = Counter((a.unit, a.title) for a in ACTIVITIES)
    assert [key for key, n in keys.items() if n > 1] == []


def test_every_activity_links_one_to_three_goals_and_every_counteraction_says_why():
    for act in ACTIVITIES:
        assert 1 <= len(act.goals) <= 3, act.title
        assert len({link.goal for link in act.goals}) == len(act.goals), act.title
        for link in act.goals:
            assert link.reason.strip(), act.title
        assert act.unit not in act.cooperating, act.title


# --- the seeded group ---------------------------------------------------------------------------


def test_the_group_has_eight_administrations_a_parent_company_and_five_companies(seeded):
    root = Unit.objects.get(name="Växjö kommunkoncern", kind=Unit.Kind.GROUP)
    municipality = Unit.objects.get(name="Växjö kommun", kind=Unit.Kind.MUNICIPALITY)
    assert municipality.parent == root
    administrations = Unit.objects.filter(kind=Unit.Kind.ADMINISTRATION)
    assert list(administrations.values_list("name", flat=True)) == ADMINISTRATIONS
    assert all(u.parent_id == municipality.pk and u.board for u in administrations)
    parent_company = Unit.objects.get(kind=Unit.Kind.PARENT_COMPANY)
    assert parent_company.name == "Växjö Kommunföretag AB"
    assert parent_company.parent == root
    companies = Unit.objects.filter(kind=Unit.Kind.COMPANY)
    assert sorted(companies.values_list("name", flat=True)) == sorted(COMPANIES)
    assert {u.parent_id for u in companies} == {parent_company.pk}
    assert Unit.objects.top_level().count() == 14
    assert all(u.short_name for u in Unit.objects.all())


def test_departments_count_in_their_administrations_row(seeded):
    department = Unit.objects.get(slug="utvecklingsenheten")
    assert department.top_unit == Unit.objects.get(name="Kommunledningsförvaltningen")
    assert Unit.objects.get(slug="vaxjobostader").top_unit.slug == "vaxjobostader"


def test_at_least_150_activities_cover_all_fourteen_units(seeded):
    assert Activity.objects.count() >= 150
    top_units = set(Activity.objects.values_list("owner_unit__top_unit", flat=True))
    assert top_units == set(Unit.objects.top_level().values_list("pk", flat=True))
    assert set(Activity.objects.values_list("status", flat=True)) == set(Activity.Status.values)
    assert Activity.objects.filter(process__isnull=False).count() >= 50
    assert Cooperation.objects.count() >= 30


def test_activities_are_created_through_the_service(seeded):
    admin = User.objects.get(username="admin")
    assert set(Activity.objects.values_list("created_by", flat=True)) == {admin.pk}
    assert set(Activity.objects.values_list("version", flat=True)) == {1}


def test_overlapping_pairs_belong_to_different_units(seeded):
    assert len(OVERLAP_PAIRS) >= 8
    for pair in OVERLAP_PAIRS:
        top_units = {
            Activity.objects.get(owner_unit__slug=slug, title=title).owner_unit.top_unit_id
            for slug, title in pair
        }
        assert len(top_units) == 2, pair


def test_some_activities_counteract_goals_that_others_support(seeded):
    counteractions = Contribution.objects.filter(effect=Contribution.Effect.COUNTERACTS)
    assert counteractions.count() >= 5
    assert not counteractions.filter(reason="").exists()
    supported = set(
        Contribution.objects.filter(effect=Contribution.Effect.SUPPORTS).values_list(
            "goal__council_goal", flat=True
        )
    )
    counteracted = set(counteractions.values_list("goal__council_goal", flat=True))
    assert counteracted <= supported


def test_every_council_goal_has_a_supporting_activity_and_one_unit_goal_is_the_deliberate_gap(
    seeded,
):
    """A council goal nobody serves reads as an error in the demo (issue 12: Kultur och fritid
    had none although its administration runs ten activities). The demo's one goal without
    activity is the unit goal it names."""
    council = Goal.objects.council_goals()
    assert council.count() == 8
    served = set(
        Contribution.objects.filter(
            effect=Contribution.Effect.SUPPORTS, activity__withdrawn_at__isnull=True
        ).values_list("goal__council_goal", flat=True)
    )
    assert [g.code for g in council if g.pk not in served] == []
    assert [g.code for g in goals_without_activity()] == [demo_goals.UNCOVERED_GOAL]


def test_every_demo_person_has_a_name_and_every_key_post_a_holder(seeded):
    assert list(User.objects.filter(first_name="").values_list("username", flat=True)) == []
    chief = User.objects.get(username="kommunchef")
    assert chief.name_with_title == "Karin Holmberg, kommunchef"
    assert list(Position.objects.filter(holder=None).values_list("title", flat=True)) == []
    # The posts being recruited are held by acting directors; the heads by their post.
    hr_director = Position.objects.get(title=demo_recruitment.HR_DIRECTOR)
    assert hr_director.holder.username == "processagare-hr"
    assert hr_director.holder.title.startswith("Tf. ")
    head = Position.objects.get(title="Förvaltningschef", unit__slug="utbildningsforvaltningen")
    assert str(head.holder) == "Förvaltningschef, Utbildningsförvaltningen"
    assert head.holder.name_with_title == str(head.holder)


DEMO_COUNTS = {
    "open-overlaps",
    "counteractions",
    "goals-without-activity",
    "unit-gaps",
    "activities-without-goal",
    "units-ready",
    "late-units",
    "key-positions-without-ready-successor",
}


def test_every_page_shows_the_same_number_for_each_count(seeded, client):
    """The pages that show one of these numbers show the same number (issue 12)."""
    client.force_login(User.objects.get(username="kommunchef"))
    seen = counts_by_page(client)
    assert set(seen) == DEMO_COUNTS
    assert_agree(seen, DEMO_COUNTS)
    # Something to compare: only the demo's activities without goal are none, and the overlap
    # suggestions, which the scan finds after the seed commits (a test never commits).
    zero = {name for name in DEMO_COUNTS if not seen[name]["overview"]}
    assert zero <= {"activities-without-goal", "open-overlaps"}


def test_the_goal_chain_runs_from_the_vision_to_unit_goals_with_indicators(seeded):
    vision = Goal.objects.get(level=Goal.Level.VISION)
    assert vision.title == "Hållbara Växjö 2030"
    klf = Unit.objects.get(slug="kommunledningsforvaltningen")
    for goal in Goal.objects.council_goals():
        assert goal.parent == vision
        assert goal.owner_unit == klf
        assert (goal.period_start, goal.period_end) == (2024, 2027)
        assert goal.description
        assert 2 <= goal.children.count() <= 4
        assert Indicator.objects.filter(goal=goal).count() >= 2
    assert Indicator.objects.filter(goal__level=Goal.Level.UNIT).exists()
    unit_goal = Goal.objects.get(code="2.1")
    assert unit_goal.council_goal == Goal.objects.get(code="2")
    without_values = Indicator.objects.annotate(n=Count("measurements")).filter(n__lt=2)
    assert not without_values.exists()


def test_the_three_process_areas_are_owned_by_the_management_administration(seeded):
    klf = Unit.objects.get(slug="kommunledningsforvaltningen")
    areas = ProcessArea.objects.annotate(n=Count("processes"))
    assert {(a.slug, a.n) for a in areas} == {("ekonomi", 4), ("hr", 6), ("kommunikation", 3)}
    assert {a.owner_unit_id for a in areas} == {klf.pk}


def test_every_process_has_its_owner_goals_and_a_stage_in_all_fourteen_units(seeded):
    for process in Process.objects.select_related("area", "owner"):
        assert process.owner.has_role(Role.PROCESS_OWNER)
        assert process.owner.assignments[0].process_area_id == process.area_id
        assert process.goals.exists()
    tops = Unit.objects.top_level()
    assert tops.count() == 14
    assert Implementation.objects.count() == Process.objects.count() * 14
    assert not Implementation.objects.exclude(unit__in=tops).exists()
    # The whole scale is used, and every started cell names a contact by role.
    assert set(Implementation.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert not Implementation.objects.exclude(stage=Stage.NOT_STARTED).filter(contact="").exists()


@pytest.mark.parametrize(
    ("username", "role", "scope"),
    [
        ("kommunchef", Role.CHIEF_EXECUTIVE, None),
        ("processagare-ekonomi", Role.PROCESS_OWNER, "ekonomi"),
        ("processagare-hr", Role.PROCESS_OWNER, "hr"),
        ("processagare-kommunikation", Role.PROCESS_OWNER, "kommunikation"),
        ("redaktor-utbildning", Role.UNIT_EDITOR, "utbildningsforvaltningen"),
        ("redaktor-vaxjobostader", Role.UNIT_EDITOR, "vaxjobostader"),
        ("lasare", Role.READER, None),
        ("rekryterare", Role.RECRUITER, None),
        ("admin", Role.ADMINISTRATOR, None),
    ],
)
def test_each_demo_user_logs_in_with_their_role(client, seeded, username, role, scope):
    # Through the login page: the lockout watches every sign-in, and needs its request.
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(username=username)
    assert user.has_role(role)
    # A made-up person with a name and a title, shown by name on every page (issue 12).
    assert user.title and user.first_name and user.last_name
    assert user.email == f"{username}@demo.riktning.local"
    assignment = user.role_assignments.get()
    if role == Role.PROCESS_OWNER:
        assert assignment.process_area.slug == scope
    elif role == Role.UNIT_EDITOR:
        assert assignment.unit.slug == scope
    assert user.is_staff == user.is_superuser == (username == "admin")
    assert username in seeded


def test_the_demo_logins_are_those_the_login_page_lists():
    from pathlib import Path

    from django.conf import settings

    page = (Path(settings.BASE_DIR) / "templates/registration/login.html").read_text()
    for row in demo_users.USERS:
        assert f"<code>{row['username']}</code>" in page
    # ... and admin's demo key for the second factor, as an authenticator app takes it.
    assert f"<code>{totp_key_base32(demo_users.ADMIN_TOTP_KEY)}</code>" in page


def test_the_demo_administrator_passes_the_second_factor_with_the_published_key(seeded):
    client = Client()
    response = client.post(reverse("login"), {"username": "admin", "password": PASSWORD})
    assert client.get(response.url).url.startswith(reverse("signin:verify"))
    out = StringIO()
    call_command("demo_code", stdout=out)
    code = out.getvalue().split()[0]
    response = client.post(reverse("signin:verify"), {"otp_token": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_logins_printed_name_admins_demo_key(seeded):
    assert totp_key_base32(demo_users.ADMIN_TOTP_KEY) in seeded


def test_the_demo_year_has_a_closed_period_reported_in_full_and_an_open_late_one(seeded):
    first, second, annual = ReportingPeriod.objects.filter(year=2026).order_by("number")
    assert [p.status for p in (first, second, annual)] == ["closed", "open", "open"]
    top_units = Unit.objects.top_level().count()
    assert UnitReport.objects.filter(period=first, status="ready").count() == top_units
    assert ActivityReport.objects.filter(period=first, progress__isnull=True).count() == 0
    ready = UnitReport.objects.filter(period=second, status="ready").count()
    assert 0 < ready < top_units
    returned = UnitReport.objects.get(period=second, status="returned")
    assert returned.unit.slug == "vaxjobostader" and returned.returned_by.username == "kommunchef"
    # The demo editor has something left to report; the colours differ between the periods.
    utbildning = Unit.objects.get(slug="utbildningsforvaltningen")
    assert not UnitReport.objects.filter(period=second, unit=utbildning, status="ready").exists()
    assert (
        ActivityReport.objects.filter(period=second).count()
        < ActivityReport.objects.filter(period=first).count()
    )
    assert GoalAssessment.objects.filter(period=first).exists()
    assert not ActivityReport.objects.filter(period=annual).exists()
    colours = set(ActivityReport.objects.values_list("status", flat=True))
    assert {"on_track", "at_risk", "off_track"} <= colours


def test_units_have_raised_conflicts_about_other_units_activities_and_one_is_decided(seeded):
    conflicts = list(
        Conflict.objects.select_related("activity__owner_unit", "hurt_unit", "decided_by")
    )
    assert 2 <= len(conflicts) <= 3
    for conflict in conflicts:
        # Between units: the hurt unit is the goal's owner, another administration or company.
        assert conflict.hurt_unit_id == conflict.goal.owner_unit_id
        assert conflict.activity.owner_unit.top_unit_id != conflict.hurt_unit.top_unit_id
        assert conflict.activity.budget_sek and conflict.reason
    decided = [c for c in conflicts if c.is_settled]
    assert [c.decided_by.username for c in decided] == ["kommunchef"]
    assert any(c.activity.owner_unit.is_company for c in conflicts)


def test_a_duplicate_is_decided_with_its_saving_which_the_year_end_report_asks_for(seeded):
    saving = CoordinationSaving.objects.select_related("reporting_unit", "decided_by").get()
    assert saving.expected_sek > 0 and saving.decided_by.username == "kommunchef"
    (pair,) = saving.pairs.all()
    assert pair.decision == OverlapSuggestion.Decision.DUPLICATE
    units = {pair.activity_a.owner_unit.top_unit_id, pair.activity_b.owner_unit.top_unit_id}
    assert saving.reporting_unit_id in units
    year_end = ReportingPeriod.objects.get(number=3)
    assert year_end.covers_year_end and year_end.is_open
    assert savings_missing(period=year_end, unit=saving.reporting_unit) == 1


def test_running_it_again_changes_nothing(seeded):
    counts = {model: model.objects.count() for model in MODELS}
    events = Events.objects.count()
    output = seed()
    assert {model: model.objects.count() for model in MODELS} == counts
    assert Events.objects.count() == events
    assert "Nothing changed" in output


def test_running_it_again_restores_a_changed_demo_activity_but_no_password(seeded):
    activity = Activity.objects.get(title="Ledarutvecklingsprogram för rektorer")
    activity.status = Activity.Status.PAUSED
    activity.save()
    activity.contributions.all().delete()
    user = User.objects.get(username="lasare")
    user.set_password("something-else")
    user.save()

    seed()

    activity.refresh_from_db()
    assert activity.status == Activity.Status.ONGOING
    assert activity.contributions.count() == 2
    assert activity.version == 2
    # An existing user keeps the password they chose; only a new one gets the demo's.
    user.refresh_from_db()
    assert user.check_password("something-else")
    assert not user.check_password(PASSWORD)


def test_it_refuses_to_run_with_debug_off_unless_told_it_is_production(db):
    # The module's seed may be in the database already (module_db): count, do not expect none.
    counts = {model: model.objects.count() for model in MODELS}
    with pytest.raises(CommandError, match="--i-know-this-is-production") as refused:
        call_command("seed_demo", stdout=StringIO())
    assert "production" in str(refused.value)
    assert {model: model.objects.count() for model in MODELS} == counts


def test_with_debug_on_it_runs_without_being_told(seeded, settings):
    """As `make run` does on a developer's machine."""
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Nothing changed" in out.getvalue()


def test_it_leaves_other_data_alone(seeded):
    unit = Unit.objects.create(name="Egen enhet", slug="egen-enhet", kind=Unit.Kind.DEPARTMENT)
    seed()
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_the_demo_has_the_two_director_ads_the_text_announces(seeded):
    from recruitment.models import AdCompetence, Application, JobAd, Position

    ads = {ad.position.title: ad for ad in JobAd.objects.open().select_related("position")}
    assert set(ads) == {"Koncernövergripande HR-chef", "Koncernövergripande ekonomichef"}
    hr, finance = ads["Koncernövergripande HR-chef"], ads["Koncernövergripande ekonomichef"]
    assert [a.slug for a in hr.position.process_areas.all()] == ["hr"]
    assert [a.slug for a in finance.position.process_areas.all()] == ["ekonomi"]
    # The competences follow from the processes each director will own.
    hr_sought = set(hr.ad_competences.values_list("competence__name", flat=True))
    assert {"Strategisk kompetensförsörjning", "Successionsplanering"} <= hr_sought
    assert "Arbetsrätt och förhandling" in hr_sought
    finance_sought = set(finance.ad_competences.values_list("competence__name", flat=True))
    assert {"Budget och ekonomisk planering", "Intern kontroll och uppföljning"} <= finance_sought
    for ad in (hr, finance):
        assert ad.ad_competences.filter(kind=AdCompetence.Kind.REQUIRED).count() >= 3
        assert ad.ad_competences.filter(kind=AdCompetence.Kind.MERIT).count() >= 2
        assert ad.recruiter.username == "rekryterare"
        assert ad.hiring_manager.username == "kommunchef"
        assert Application.objects.filter(ad=ad).exists()
    # Key positions across the group: the directors, the heads of administrations, the CEOs.
    assert Position.objects.filter(is_key=True).count() == 16
    assert Position.objects.filter(is_key=True, successors__isnull=True).exists()


def test_seeding_recruitment_twice_changes_nothing(seeded):
    from recruitment.models import (
        AdCompetence,
        Application,
        Competence,
        JobAd,
        PersonCompetence,
        Position,
        Successor,
    )

    models = [Competence, Position, PersonCompetence, Successor, JobAd, AdCompetence, Application]
    counts = {model: model.objects.count() for model in models}
    events = Events.objects.count()
    output = seed()
    assert "Nothing changed" in output
    assert {model: model.objects.count() for model in models} == counts
    assert Events.objects.count() == events


# --- people by name, never by username (issue 12) ------------------------------------------------


def _xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return " ".join(
            book.read(name).decode() for name in book.namelist() if name.endswith(".xml")
        )


def test_no_page_shows_the_username_of_someone_with_a_name(seeded, client):
    """Every named user gets a username no page could show by chance; then the people who decide,
    withdraw, comment and take notes act, and every page and export that names a person is read
    as an administrator, the recruiter and the chief executive."""
    named = User.objects.exclude(first_name="", last_name="")
    assert named.count() >= 20
    named.update(username=Concat(Value("uname-"), Cast("pk", CharField()), Value("-x")))
    tokens = set(named.values_list("username", flat=True))
    admin, chief, recruiter, editor = (
        User.objects.get(email=f"{name}@{demo_users.EMAIL_DOMAIN}")
        for name in ("admin", "kommunchef", "rekryterare", "redaktor-utbildning")
    )
    # Things that record who did them.
    school = Activity.objects.filter(owner_unit__slug="grundskola").order_by("pk").first()
    housing = Activity.objects.filter(owner_unit__slug="vaxjobostader").order_by("pk").first()
    first, second = sorted([school, housing], key=lambda a: a.pk)
    suggestion = OverlapSuggestion.objects.create(activity_a=first, activity_b=second, score=0.5)
    overlap_decide_and_merge(user=chief, suggestion=suggestion, decision="related", note="Ja")
    hr_owner = User.objects.get(email=f"processagare-hr@{demo_users.EMAIL_DOMAIN}")
    in_hr = Activity.objects.filter(process__area__slug="hr").order_by("pk").first()
    activity_comment_create(user=hr_owner, activity=in_hr, text="Vi tar kontakt.")
    withdrawn = Activity.objects.filter(owner_unit__slug="utbildningsforvaltningen").first()
    activity_withdraw(user=editor, activity=withdrawn, reason="Ingår i en annan aktivitet")
    application = Application.objects.order_by("pk").first()
    note_add(user=recruiter, application=application, text="Stark kandidat.")

    period = ReportingPeriod.objects.filter(closed_at=None).order_by("starts_on").first()
    area = ProcessArea.objects.get(slug="hr")
    process = Process.objects.filter(area=area).exclude(owner=None).first()
    position = Position.objects.get(title=demo_recruitment.HR_DIRECTOR)
    pages = {
        admin: [
            reverse("overview"),
            reverse("unit_detail", args=["utbildningsforvaltningen"]),
            reverse("goals:activity_detail", args=[school.pk]),
            reverse("goals:activity_detail", args=[withdrawn.pk]),
            reverse("goals:activity_detail", args=[in_hr.pk]),
            reverse("goals:overlap_list") + "?decision=",
            reverse("goals:overlap_detail", args=[suggestion.pk]),
            reverse("goals:followup"),
            reverse("goals:followup_unit", args=[period.pk, "utbildningsforvaltningen"]),
            reverse("processes:process_index"),
            reverse("processes:process_detail", args=[process.slug]),
            reverse("processes:rollout"),
            reverse("processes:cockpit"),
            reverse("processes:area_report", args=[area.slug]),
            reverse("processes:area_report_xlsx", args=[area.slug]),
            reverse("recruitment:competence_supply"),
            reverse("recruitment:position_succession", args=[position.pk]),
        ],
        recruiter: [
            reverse("recruitment:home"),
            reverse("recruitment:board", args=[application.ad_id]),
            reverse("recruitment:application_detail", args=[application.pk]),
        ],
        chief: [reverse("overview"), reverse("recruitment:competence_supply")],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            if response["Content-Type"].startswith("text/html"):
                text = response.content.decode()
            else:
                text = _xlsx_text(response.content)
            shown = sorted(token for token in tokens if token in text)
            assert shown == [], f"{url} shows usernames: {shown}"
    # ... and they do name the people.
    client.force_login(admin)
    html = client.get(reverse("recruitment:position_succession", args=[position.pk])).content
    assert "Maria Lindström, tf. koncernövergripande HR-chef" in html.decode()
