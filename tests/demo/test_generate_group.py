"""generate_group: the counts asked for, the same group for the same seed, planted duplicates in
other units, and a database with other data left alone."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from demo.synthetic import generator as g
from goals.models import Activity, Contribution, Goal, Indicator, Measurement
from processes.models import Implementation, Process, Stage
from tests import factories as f
from vaxjo_riktning.models import Role, Unit, User

pytestmark = pytest.mark.django_db

SMALL = {"units": 12, "goals": 30, "activities": 300, "planted_duplicates": 10, "seed": 7}


def generate(tmp_path, **options):
    path = tmp_path / "planted.json"
    call_command("generate_group", planted_file=path, stdout=_Sink(), **{**SMALL, **options})
    return json.loads(path.read_text(encoding="utf-8"))


class _Sink:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


def test_creates_the_counts_asked_for(tmp_path):
    generate(tmp_path)

    units = Unit.objects.filter(slug__startswith=g.SLUG_PREFIX)
    assert units.count() == 12
    assert units.filter(kind=Unit.Kind.GROUP, slug=g.ROOT_SLUG).count() == 1
    assert units.filter(kind__in=Unit.TOP_LEVEL_KINDS).count() >= 3
    assert units.filter(kind=Unit.Kind.DEPARTMENT).exists()
    # Every department rolls up into an administration or company.
    assert not units.filter(kind=Unit.Kind.DEPARTMENT, top_unit__kind=Unit.Kind.DEPARTMENT)
    assert Goal.objects.count() == 30
    assert Goal.objects.filter(level=Goal.Level.VISION).count() == 1
    assert Goal.objects.filter(level=Goal.Level.COUNCIL).count() == 10
    assert not Goal.objects.filter(level=Goal.Level.UNIT, council_goal__isnull=True).exists()
    assert Activity.objects.count() == 300
    # Ten years of follow-up on every indicator.
    assert Indicator.objects.filter(goal__level=Goal.Level.COUNCIL).exists()
    assert Indicator.objects.filter(goal__level=Goal.Level.UNIT).exists()
    assert Measurement.objects.count() == Indicator.objects.count() * 10
    # One to three goals each (four with a counteraction), some counteracting with a reason.
    per_activity = Contribution.objects.values("activity").distinct().count()
    assert per_activity == 300
    counteracting = Contribution.objects.filter(effect=Contribution.Effect.COUNTERACTS)
    assert counteracting.exists()
    assert not counteracting.filter(reason="").exists()
    assert User.objects.get(username=g.CHIEF_USERNAME).is_chief_executive
    assert User.objects.get(username=g.EDITOR_USERNAME).has_role(Role.UNIT_EDITOR)
    # The rollout: every process in every administration and company, and a process owner who
    # owns the HR processes.
    tops = units.filter(kind__in=Unit.TOP_LEVEL_KINDS).count()
    assert Implementation.objects.count() == Process.objects.count() * tops
    assert Implementation.objects.exclude(stage=Stage.NOT_STARTED).exists()
    owner = User.objects.get(username=g.PROCESS_OWNER_USERNAME)
    assert owner.has_role(Role.PROCESS_OWNER)
    assert set(Process.objects.filter(area__slug="hr").values_list("owner", flat=True)) == {
        owner.pk
    }


def test_texts_are_swedish_and_varied(tmp_path):
    generate(tmp_path)
    titles = list(Activity.objects.values_list("title", flat=True))
    # Mostly different titles: the vocabulary is large enough not to repeat itself at this size.
    assert len(set(titles)) > 0.9 * len(titles)
    text = " ".join(Activity.objects.values_list("description", flat=True))
    assert any(ch in text for ch in "åäö")


def test_same_seed_gives_the_same_group(tmp_path):
    first = generate(tmp_path)
    titles = list(Activity.objects.order_by("pk").values_list("title", "description"))
    second = generate(tmp_path, reset=True)

    assert list(Activity.objects.order_by("pk").values_list("title", "description")) == titles
    assert [p["original_title"] for p in first["pairs"]] == [
        p["original_title"] for p in second["pairs"]
    ]


def test_another_seed_gives_another_group(tmp_path):
    generate(tmp_path)
    titles = set(Activity.objects.values_list("title", flat=True))
    generate(tmp_path, reset=True, seed=8)
    assert set(Activity.objects.values_list("title", flat=True)) != titles


def test_planted_duplicates_are_in_units_of_other_top_units(tmp_path):
    data = generate(tmp_path)

    assert len(data["pairs"]) == 10
    assert g.read_planted(tmp_path / "planted.json") == data["pairs"]
    for pair in data["pairs"]:
        original = Activity.objects.select_related("owner_unit").get(pk=pair["original"])
        copy = Activity.objects.select_related("owner_unit").get(pk=pair["copy"])
        assert original.owner_unit.top_unit_id != copy.owner_unit.top_unit_id
        # Rewritten, not copied.
        assert (original.title, original.description) != (copy.title, copy.description)
        assert copy.withdrawn_at is None


def test_refuses_a_second_group_without_reset(tmp_path):
    generate(tmp_path)
    with pytest.raises(CommandError, match="--reset"):
        generate(tmp_path)
    assert Activity.objects.count() == 300


def test_reset_replaces_only_the_synthetic_group(tmp_path):
    generate(tmp_path)
    generate(tmp_path, reset=True, activities=200, planted_duplicates=5)

    assert Activity.objects.count() == 200
    assert Unit.objects.filter(slug__startswith=g.SLUG_PREFIX).count() == 12
    tops = Unit.objects.filter(slug__startswith=g.SLUG_PREFIX, kind__in=Unit.TOP_LEVEL_KINDS)
    assert Implementation.objects.count() == Process.objects.count() * tops.count()


def test_refuses_a_database_with_other_data_unless_forced(tmp_path):
    real = f.UnitFactory(name="Utbildningsförvaltningen", slug="utbildning")
    f.ActivityFactory(owner_unit=real)

    with pytest.raises(CommandError, match="--force"):
        generate(tmp_path)
    assert not Unit.objects.filter(slug__startswith=g.SLUG_PREFIX).exists()

    generate(tmp_path, force=True)
    generate(tmp_path, force=True, reset=True)
    # The real unit (and whatever it owns) is never touched by --reset.
    assert Unit.objects.filter(pk=real.pk).exists()
    assert Activity.objects.exclude(owner_unit__slug__startswith=g.SLUG_PREFIX).count() == (
        Activity.objects.filter(owner_unit=real).count()
    )
    assert Activity.objects.filter(owner_unit__slug__startswith=g.SLUG_PREFIX).count() == 300


def test_too_few_units_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--units"):
        generate(tmp_path, units=3)


def test_follow_up_rows_for_the_last_year_and_an_open_period(tmp_path):
    from goals.followup.models import ActivityReport, GoalAssessment, ReportingPeriod, UnitReport

    generate(tmp_path, followup_years=1)
    closed = ReportingPeriod.objects.filter(year=g.END_YEAR)
    assert [p.status for p in closed.order_by("number")] == ["closed"] * 3
    current = ReportingPeriod.objects.get(year=g.END_YEAR + 1, number=1)
    assert current.is_open
    tops = Unit.objects.filter(slug__startswith=g.SLUG_PREFIX, kind__in=Unit.TOP_LEVEL_KINDS)
    for period in closed:
        assert UnitReport.objects.filter(period=period, status="ready").count() == tops.count()
    from goals.followup.rules import activities_to_report

    for period in closed:  # every activity running in a closed period is reported on
        running = activities_to_report(period).count()
        assert running > 0
        assert ActivityReport.objects.filter(period=period).count() == running
    assert ActivityReport.objects.filter(period=current).count() > 0
    assert GoalAssessment.objects.exists()
    # --reset takes the follow-up rows with it (they protect what they report on).
    generate(tmp_path, reset=True, followup_years=0)
    assert not ActivityReport.objects.exists() and not UnitReport.objects.exists()
    assert ReportingPeriod.objects.filter(year=g.END_YEAR).count() == 3  # periods are shared


def test_follow_up_can_be_left_out(tmp_path):
    from goals.followup.models import ActivityReport

    generate(tmp_path, followup_years=0)
    assert not ActivityReport.objects.exists()


def test_goal_conflicts_between_units_with_each_outcome(tmp_path):
    from goals.models import Conflict

    generate(tmp_path, conflicts=50)

    conflicts = Conflict.objects.select_related(
        "activity__owner_unit", "goal", "hurt_unit", "decided_by"
    )
    assert conflicts.count() == 50
    for conflict in conflicts:
        conflict.full_clean()  # the model's own checks: a reason, a decision's time and note
        assert conflict.hurt_unit_id == conflict.goal.owner_unit_id
        # Never on the hurt unit's own activity, nor on its administration's or company's.
        assert conflict.activity.owner_unit.top_unit_id != conflict.hurt_unit.top_unit_id
        assert conflict.activity.withdrawn_at is None
        assert conflict.raised_at <= timezone.now()
        if conflict.decided_at is not None:
            assert conflict.decided_at > conflict.raised_at
    # Never twice by the same unit about the same activity and goal.
    keys = list(conflicts.values_list("activity", "goal", "hurt_unit"))
    assert len(set(keys)) == len(keys)
    # Most open, a few of them overdue; every outcome decided, some withdrawn.
    open_ = [c for c in conflicts if c.outcome == Conflict.Outcome.OPEN and not c.is_withdrawn]
    assert len(open_) > 25
    assert 0 < sum(c.is_overdue for c in open_) < len(open_) / 4
    for outcome in (
        Conflict.Outcome.RESOLVED,
        Conflict.Outcome.ACCEPTED,
        Conflict.Outcome.ESCALATED,
    ):
        assert conflicts.filter(outcome=outcome, withdrawn_at__isnull=True).exists()
    assert conflicts.filter(withdrawn_at__isnull=False).exclude(withdrawn_reason="").exists()
    chief = User.objects.get(username=g.CHIEF_USERNAME)
    assert not conflicts.filter(decision_note="", outcome=Conflict.Outcome.ACCEPTED).exists()
    assert conflicts.filter(decided_by=chief).exists()
    # Each is in the history as raised, and those decided or withdrawn as changed after.
    decided = conflicts.exclude(outcome=Conflict.Outcome.OPEN, withdrawn_at__isnull=True)
    assert Conflict.pgh_event_model.objects.filter(pgh_label="insert").count() == 50
    assert Conflict.pgh_event_model.objects.filter(pgh_label="update").count() == decided.count()


def test_conflicts_follow_the_seed_and_go_with_reset(tmp_path):
    from goals.models import Conflict

    def described():
        return sorted(
            Conflict.objects.values_list(
                "activity__title", "goal__title", "reason", "outcome", "due_on"
            )
        )

    generate(tmp_path, conflicts=20)
    first = described()
    generate(tmp_path, reset=True, conflicts=20)
    assert described() == first
    generate(tmp_path, reset=True, conflicts=0)
    assert not Conflict.objects.exists()


def test_one_conflict_per_250_activities_by_default(tmp_path):
    from goals.models import Conflict

    generate(tmp_path, activities=1000, planted_duplicates=0)
    assert Conflict.objects.count() == 4
