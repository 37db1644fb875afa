"""The goal chain (vision, council goals, unit goals) with indicators, and the activities the
units run against the goals: each activity supports or counteracts a goal through a Contribution."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vaxjo_riktning.models import Unit
from vaxjo_riktning.records import Versioned, Withdrawable, WithdrawableQuerySet


class GoalQuerySet(WithdrawableQuerySet):
    def council_goals(self):
        return self.filter(level=Goal.Level.COUNCIL)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Goal(Withdrawable):
    """A goal in the goal chain: the vision, a council goal (kommunfullmäktiges mål) or a goal
    of a board or company that breaks a council goal down."""

    class Level(models.TextChoices):
        VISION = "vision", _("Vision")
        COUNCIL = "council", _("Council goal")
        UNIT = "unit", _("Unit goal")

    title = models.CharField(_("title"), max_length=300)
    code = models.CharField(
        _("code"),
        max_length=20,
        blank=True,
        help_text=_("A short label such as 3 or 3.2, shown where space is tight."),
    )
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Derived by save(): the council goal this goal breaks down (itself for a council goal), so
    # the overview rolls every unit goal up into its council goal's column with one query.
    council_goal = models.ForeignKey(
        "self",
        verbose_name=_("council goal"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("owning unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
    )
    period_start = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["sort_order", "code", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="goal_period_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawn_reason=""),
                name="goal_withdrawal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.code else self.title

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        Goal.rebuild_council_goals()
        self.council_goal_id = Goal.objects.values_list("council_goal_id", flat=True).get(
            pk=self.pk
        )

    def get_absolute_url(self) -> str:
        return reverse("goals:goal_detail", kwargs={"pk": self.pk})

    @property
    def period_label(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or self.period_end or "")

    @classmethod
    def rebuild_council_goals(cls) -> int:
        """Recompute every goal's council goal from the tree; returns how many changed."""
        goals = {g.pk: g for g in cls.objects.only("pk", "level", "parent_id", "council_goal_id")}
        changed = []
        for goal in goals.values():
            node, seen = goal, set()
            while node.level != cls.Level.COUNCIL and node.parent_id in goals:
                if node.pk in seen:
                    break
                seen.add(node.pk)
                node = goals[node.parent_id]
            council_id = node.pk if node.level == cls.Level.COUNCIL else None
            if goal.council_goal_id != council_id:
                goal.council_goal_id = council_id
                changed.append(goal)
        cls.objects.bulk_update(changed, ["council_goal"])
        return len(changed)

    def ancestors(self) -> list[Goal]:
        """The goals above this one, from the top (the vision) down."""
        chain: list[Goal] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Indicator(models.Model):
    """A key figure (nyckeltal) that tells whether a goal is being reached."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")
        KEEP = "keep", _("Keep the level")

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    kolada_kpi = models.CharField(
        _("Kolada KPI id"),
        max_length=20,
        blank=True,
        help_text=_("For example N00945, so that values can be imported from Kolada."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


# Indicator values are public record: who entered or changed a value, and what Kolada replaced or
# removed, is kept (by trigger, so the importer's bulk writes are caught too).
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Measurement(models.Model):
    """An indicator's value for a year (and optionally a period within it)."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=40, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period"], name="measurement_unique_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.year})"


class ActivityQuerySet(WithdrawableQuerySet):
    def visible_to(self, user) -> ActivityQuerySet:
        """What the user may read. Riktning exists for transparency: every signed-in user reads
        every activity, withdrawn ones included; anonymous visitors read none."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
)
class Activity(Withdrawable, Versioned):
    """Something a unit does, linked to the goals it supports or counteracts."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        PAUSED = "paused", _("Paused")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="activities"
    )
    cooperating_units = models.ManyToManyField(
        Unit,
        verbose_name=_("co-operating units"),
        blank=True,
        through="Cooperation",
        related_name="cooperating_activities",
    )
    responsible = models.CharField(
        _("responsible"),
        max_length=200,
        blank=True,
        help_text=_("The person or role that answers for the activity."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget_sek = models.PositiveBigIntegerField(_("budget (SEK)"), null=True, blank=True)
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("group-wide process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    goals = models.ManyToManyField(
        Goal, verbose_name=_("goals"), through="Contribution", related_name="activities"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="activity_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawn_reason=""),
                name="activity_withdrawal_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["owner_unit", "status"], name="activity_unit_status"),
            # The active activities, counted (the overview's summary, the unit tree) from this
            # narrow index instead of the table: 220 → 11 ms at 100,000 activities.
            models.Index(
                fields=["owner_unit", "id"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="activity_active_owner",
            ),
            # Lists are ordered by title: the first page is read from here instead of sorting
            # every matching activity (the goal page's list 116 → 13 ms at 100,000 activities).
            models.Index(fields=["title", "id"], name="activity_title_order"),
            models.Index(Upper("title"), name="activity_title_upper"),
            # Trigram indexes let the list's free-text filter (ILIKE) stay fast at 100,000 rows.
            GinIndex(OpClass("title", name="gin_trgm_ops"), name="activity_title_trgm"),
            GinIndex(OpClass("description", name="gin_trgm_ops"), name="activity_desc_trgm"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:activity_detail", kwargs={"pk": self.pk})


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Contribution(models.Model):
    """How an activity bears on a goal: it supports it or counteracts it, and why."""

    class Effect(models.TextChoices):
        SUPPORTS = "supports", _("Supports")
        COUNTERACTS = "counteracts", _("Counteracts")

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="contributions"
    )
    effect = models.CharField(
        _("effect"), max_length=12, choices=Effect.choices, default=Effect.SUPPORTS
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["goal__sort_order", "goal__code"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "goal"], name="contribution_unique"),
            models.CheckConstraint(
                condition=~models.Q(effect="counteracts") | ~models.Q(reason=""),
                name="counteraction_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["goal", "effect"], name="contribution_goal_effect"),
            # The counteractions (about 3 % of the contributions), which the overview's tile
            # and the conflict list count: read from here rather than every contribution.
            models.Index(
                fields=["activity", "goal"],
                condition=models.Q(effect="counteracts"),
                name="contribution_counteracting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} → {self.goal} ({self.get_effect_display()})"


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class Cooperation(models.Model):
    """A unit named as co-operating on another unit's activity."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="cooperations",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cooperations"
    )

    class Meta:
        verbose_name = _("co-operation")
        verbose_name_plural = _("co-operations")
        constraints = [
            models.UniqueConstraint(fields=["activity", "unit"], name="cooperation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ↔ {self.activity}"


class OverlapQuerySet(models.QuerySet):
    def open(self):
        return self.filter(decision=OverlapSuggestion.Decision.OPEN)

    def involving(self, activity: Activity):
        return self.filter(models.Q(activity_a=activity) | models.Q(activity_b=activity))


# Only the decision is history; the scores move with every scan.
@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    fields=["activity_a", "activity_b", "decision", "note", "decided_by", "decided_at"],
    model_name="OverlapDecisionEvent",
)
class OverlapSuggestion(models.Model):
    """A suspected pair of alike activities in different units, found by the overlap scan, and the
    decision someone made about it. A pair is stored once, with the lower activity id first."""

    class Decision(models.TextChoices):
        OPEN = "open", _("Not yet decided")
        DUPLICATE = "duplicate", _("Duplicate: merge or coordinate")
        RELATED = "related", _("Related: coordinate")
        NOT_ALIKE = "not_alike", _("Not alike: dismissed")

    # No index of their own: the pair's unique constraint serves lookups by activity_a, and
    # overlap_activity_b those by activity_b; the scan writes hundreds of thousands of rows.
    activity_a = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    activity_b = models.ForeignKey(
        Activity,
        verbose_name=_("similar activity"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    score = models.FloatField(_("similarity"), help_text=_("From 0 (nothing alike) to 1."))
    text_score = models.FloatField(_("text similarity"), default=0)
    shared_goals = models.PositiveSmallIntegerField(_("shared goals"), default=0)
    same_process = models.BooleanField(_("same process"), default=False)
    # Why the pair looks alike, as goals/overlap/reasons.py words it: [[kind, text], ...].
    reasons = models.JSONField(_("why alike"), default=list, blank=True)
    # The case the open pair belongs to (goals/overlap/cases.py): the lowest activity id of the
    # activities that the open pairs join, so three units running the same work are one case.
    case_key = models.BigIntegerField(_("case"), null=True, blank=True, db_index=True)
    decision = models.CharField(
        _("decision"), max_length=12, choices=Decision.choices, default=Decision.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The expected saving recorded with a duplicate decision (goals/savings/): every pair of a
    # case decided at once points to the same one.
    saving = models.ForeignKey(
        "goals.CoordinationSaving",
        verbose_name=_("coordination saving"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairs",
    )
    found_at = models.DateTimeField(_("found"), default=timezone.now)
    scanned_at = models.DateTimeField(_("last scanned"), default=timezone.now)

    objects = OverlapQuerySet.as_manager()

    class Meta:
        verbose_name = _("overlap suggestion")
        verbose_name_plural = _("overlap suggestions")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity_a", "activity_b"], name="overlap_pair_once"),
            models.CheckConstraint(
                condition=models.Q(activity_a__lt=models.F("activity_b")),
                name="overlap_pair_ordered",
            ),
        ]
        indexes = [
            # With the id, the queue's order (strongest first, then oldest) is the index's own: a
            # page of pairs is read without sorting the thousands of pairs of equal score.
            models.Index(fields=["decision", "-score", "id"], name="overlap_decision_score_id"),
            models.Index(fields=["activity_b"], name="overlap_activity_b"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_a} ~ {self.activity_b} ({self.score:.2f})"

    def other(self, activity: Activity) -> Activity:
        return self.activity_b if activity.pk == self.activity_a_id else self.activity_a

    @property
    def budget_sek(self) -> int:
        """Kronor in parallel work: both activities' budgets together (a case's is
        goals.overlap.cases.Case.budget_sek)."""
        return (self.activity_a.budget_sek or 0) + (self.activity_b.budget_sek or 0)

    @property
    def reason_list(self) -> list:
        from goals.overlap.reasons import Reason

        return [Reason.from_json(r) for r in self.reasons or []]


# Conflicts raised by the unit they hurt live in goals/conflicts/.
from goals.conflicts.models import Conflict  # noqa: E402, F401

# Django looks for the goals app's models only here: importing follow-up's registers them.
from goals.followup.models import (  # noqa: E402, F401
    ActivityReport,
    ExportJob,
    GoalAssessment,
    GoalColourCount,
    ReportingCount,
    ReportingCycle,
    ReportingPeriod,
    SentReminder,
    StatusColour,
    UnitReport,
)

# The vocabulary of overlap finding lives with the rest of it, in goals/overlap/.
from goals.overlap.models import (  # noqa: E402, F401
    LearnedLink,
    OverlapDocument,
    OverlapPosting,
    OverlapTerm,
    OverlapWord,
    VocabularyGroup,
)

# The expected and realised savings of duplicate decisions live in goals/savings/.
from goals.savings.models import CoordinationSaving  # noqa: E402, F401


class ActivityCell(models.Model):
    """Where an active activity counts in the overview's matrix: once per council goal it bears
    on (directly or through a unit goal below it) and effect, with its owner's top-level unit
    and its budget. Derived, never written by the application: PostgreSQL's triggers rewrite an
    activity's rows in the same transaction as any change to its contributions, its owner,
    withdrawal or budget, a goal's council goal or a unit's top unit (migration 0025), so the
    matrix and the goal list count these rows instead of joining every contribution on a visit.
    tests/goals/test_activity_cells.py compares them with the counts worked out from scratch."""

    # No constraints: the rows follow the activity through the triggers, and a foreign key
    # would only make deleting an activity wait for its cells. The indexes below serve every
    # read.
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    top_unit = models.ForeignKey(
        Unit,
        verbose_name=_("administration or company"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    council_goal = models.ForeignKey(
        Goal,
        verbose_name=_("council goal"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    effect = models.CharField(_("effect"), max_length=12, choices=Contribution.Effect.choices)
    budget_sek = models.BigIntegerField(_("budget (SEK)"), null=True)
    # In duplicated work: in a strong open pair with another active activity
    # (goals.overlap.cases.strong_open_pairs()), what the matrix's duplicate mark counts. Kept by
    # the pairs' and activities' triggers too (migration 0027).
    duplicated = models.BooleanField(_("in duplicated work"), default=False, db_default=False)

    class Meta:
        verbose_name = _("activity in the overview's matrix")
        verbose_name_plural = _("activities in the overview's matrix")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "council_goal", "effect"], name="activity_cell_unique"
            )
        ]
        indexes = [
            # The matrix's aggregate reads only this index (an index-only scan).
            models.Index(
                fields=["top_unit", "council_goal", "effect"],
                include=["budget_sek", "activity"],
                name="activity_cell_matrix",
            ),
            # A council goal's page: its activities per effect, and the count of those outside
            # the units that counteract it, read from this index alone.
            models.Index(
                fields=["council_goal", "effect"],
                include=["activity", "top_unit"],
                name="activity_cell_goal",
            ),
            # The duplicate marks per cell read only the rows in duplicated work.
            models.Index(
                fields=["top_unit", "council_goal", "activity"],
                condition=models.Q(duplicated=True),
                name="activity_cell_duplicated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.council_goal_id} ({self.effect})"


class CellTotal(models.Model):
    """The overview's matrix cell by cell: per top-level unit, council goal and effect, how many
    active activities there are and their combined budget, as the sums of these rows.

    Derived, never written by the application: PostgreSQL's triggers on goals.ActivityCell add
    a row with what each statement inserts or deletes there, in its transaction (migration
    0034; the cells are rewritten, never updated, when an activity's budget, owner or goals
    change), so the matrix adds up a few thousand rows instead of its 170,000 cells. Rows are
    only added, so writers never wait for each other here; goals_cell_totals_compact() folds
    them into one per cell (the overview's refresh task calls it).
    tests/goals/test_cell_totals.py compares the sums with the cells."""

    # No constraints: the rows follow the cells through the triggers.
    top_unit = models.ForeignKey(
        Unit,
        verbose_name=_("administration or company"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    council_goal = models.ForeignKey(
        Goal,
        verbose_name=_("council goal"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    effect = models.CharField(_("effect"), max_length=12, choices=Contribution.Effect.choices)
    # What a statement added (or, negative, took away).
    activities = models.IntegerField(_("activities"))
    budget_sek = models.BigIntegerField(_("budget (SEK)"))

    class Meta:
        verbose_name = _("cell of the overview's matrix")
        verbose_name_plural = _("cells of the overview's matrix")
        indexes = [
            # The matrix reads only this index (an index-only scan).
            models.Index(
                fields=["top_unit", "council_goal", "effect"],
                include=["activities", "budget_sek"],
                name="cell_total_sum",
            )
        ]

    def __str__(self) -> str:
        return f"{self.top_unit_id} {self.council_goal_id} {self.effect}: {self.activities:+d}"


class OverlapCase(models.Model):
    """An open duplicate case as the overview's act-on list and the period report count it: the
    open pairs of one case_key between active activities, when there are two or more, with the
    case's activities counted once. Derived, never written by the application: PostgreSQL's
    triggers rewrite a case's row in the same transaction as any change to its pairs (found,
    decided, regrouped, removed) or to the budget, owner or withdrawal of one of its activities
    (migration 0026), so the act-on list reads a few rows instead of aggregating every open pair
    on a visit. tests/goals/overlap/test_case_rows.py compares them with the cases worked out
    from scratch."""

    key = models.BigIntegerField(_("case"), primary_key=True)
    pairs = models.PositiveIntegerField(_("open pairs"))
    activities = models.PositiveIntegerField(_("activities"))
    kronor = models.BigIntegerField(_("combined budget (SEK)"))
    # The owners of the case's activities, each once; their names are read with the case.
    unit_ids = ArrayField(models.BigIntegerField(), verbose_name=_("units"))
    # The activity with the largest budget (the lowest id among equals), which names the work.
    largest = models.ForeignKey(
        Activity,
        verbose_name=_("largest activity"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("open duplicate case")
        verbose_name_plural = _("open duplicate cases")
        indexes = [
            # The act-on list's order: the largest combined budget first.
            models.Index(fields=["-kronor", "-activities", "key"], name="overlap_case_largest"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.activities} ({self.kronor} kr)"


class OpenPairCount(models.Model):
    """How many overlap pairs are open (undecided), in one row: the overview's tile and the
    review queue read it instead of counting every pair. Derived, never written by the
    application: the pairs' triggers add what each statement opens or closes, in its
    transaction, and assign() after a full scan counts them again (migration 0029).
    tests/goals/overlap/test_case_rows.py compares it with the count."""

    id = models.PositiveSmallIntegerField(_("ID"), primary_key=True, default=1)
    pairs = models.BigIntegerField(_("open pairs"), default=0)

    class Meta:
        verbose_name = _("number of open pairs")
        verbose_name_plural = _("numbers of open pairs")

    def __str__(self) -> str:
        return str(self.pairs)


class UnitActivityCount(models.Model):
    """How many active activities a unit owns, and how many of them bear on no goal: the
    overview's summary and tile and the unit tree add these rows up instead of counting every
    activity. Derived, never written by the application: PostgreSQL's triggers add what each
    statement on the activities or their contributions changes, in its transaction (migration
    0030). tests/goals/test_unit_activity_counts.py compares them with the counts."""

    unit = models.OneToOneField(
        Unit,
        verbose_name=_("unit"),
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    active = models.IntegerField(_("active activities"), default=0)
    without_goal = models.IntegerField(_("active activities without goal"), default=0)

    class Meta:
        verbose_name = _("activities of a unit")
        verbose_name_plural = _("activities of the units")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.active}"
