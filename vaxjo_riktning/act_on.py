"""What the chief executive acts on: the short list the overview opens with (issue 12).

Strongest first, in one ordered list:

1. the largest open duplicate cases (goals.overlap.cases: three or more activities in several
   units that the review queue decides as one) and the largest open conflicts raised by the unit
   they hurt (goals.conflicts.selectors.open_conflicts), merged by the kronor at stake, at most
   TOP_ENTRIES of them; each names its units and links to the page where it is decided;
2. the units late with their report in the current period (one line, to the follow-up page);
3. the goals nobody serves (one line, the overview tile's number, to the gaps list).

Beside it, the headline figure "kronor i parallellt arbete": the combined budget of every open
duplicate case, each activity counted once.

The matrix's markers come with it: per cell (top-level unit × council goal), the open conflicts
and the active activities in duplicated work (a strong open overlap pair,
goals.overlap.cases.strong_open_pairs()).

**Caching.** The money part (cases and conflicts, 3 queries, the cases read from the rows the
database keeps per case, goals.OverlapCase; and the markers per cell, one query each while
conflicts or pairs are open) is cached under its own key, so deciding a conflict
does not make the matrix be worked out again. group_state() cannot be that key: the overlap scan
writes, rescores, deletes and regroups pairs without a history event, and a conflict is not in
it. The key is state() (one query; the count of open pairs that the overview's tile shows is
kept in the cache under it, so the warm overview runs no more queries than before):

- the newest history event of conflicts (raised, confirmed, decided, withdrawn), of overlap pairs
  (found or decided), of activities (a budget, a title, a withdrawal), of contributions and goals
  (which cell of the matrix an activity or a conflict falls in), and the unit tree;
- the number of open pairs (a pair decided or dropped by a scan);
- goals.overlap.cases.cases_version(): every scan ends in cases.assign(), which regroups the open
  pairs into cases without an event, so it gives the cases a new version after it commits.

Late units and goals without activity come from what the overview reads anyway (the follow-up
section and the tiles), so they cost no query here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.urls import reverse

from goals.conflicts.selectors import (
    CellConflicts,
    ConflictRow,
    open_conflicts,
    open_conflicts_by_cell,
)
from goals.followup.selectors import OverviewFollowUp, UnitProgress
from goals.overlap.cases import (
    cases_version,
    duplicated_work_by_cell,
    open_case_totals,
    open_pair_count,
)
from vaxjo_riktning.history import newest_events

# How many cases and conflicts the list names: what fits on the first screen with the headline.
TOP_ENTRIES = 5
# Kept as long as the overview's own entry; the key changes with the data.
CACHE_SECONDS = 24 * 60 * 60
# Part of the cache key: a new one whenever Money changes shape, so that an entry pickled by the
# previous release (without the new fields) is never read back after a deploy.
CACHE_VERSION = 2


class Kind:
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"


@dataclass
class Entry:
    """A decision waiting: a duplicate case or a conflict, with the money at stake."""

    kind: str
    # What it is about: the case's largest activity, or the conflict's activity and goal.
    title: str
    units: list[str]
    kronor: int
    url: str
    # A conflict: the unit whose goal is hurt, and the goal.
    hurt_unit: str = ""
    goal: str = ""
    activities: int = 0

    @property
    def is_duplicate(self) -> bool:
        return self.kind == Kind.DUPLICATE


@dataclass
class DuplicateCases:
    """The open duplicate cases: how many, their combined budget and the largest."""

    count: int = 0
    kronor: int = 0
    largest: list[Entry] = field(default_factory=list)


@dataclass
class Money:
    """The cached part of the act-on list."""

    cases: DuplicateCases
    conflicts: int
    conflict_kronor: int
    entries: list[Entry]
    # Open conflicts per (top-level unit id, council goal id), for the matrix's markers.
    conflict_cells: dict[tuple[int, int], CellConflicts] = field(default_factory=dict)
    # Active activities in a strong open overlap pair per cell, for the duplicate-work markers.
    duplicate_cells: dict[tuple[int, int], int] = field(default_factory=dict)


@dataclass
class State:
    fingerprint: str
    open_pairs: int


# What the money part depends on (see state()).
STATE_EVENTS = [
    "goals.ConflictEvent",
    "goals.OverlapDecisionEvent",
    "goals.ActivityEvent",
    "goals.ContributionEvent",
    "goals.GoalEvent",
]


def state(events: str | None = None) -> State:
    """What the money part depends on, in one query (none when `events`, newest_events() of
    STATE_EVENTS, is given), and the number of open overlap pairs (the overview's tile shows
    it), kept in the cache under that state.

    The count is the row the database keeps (cases.open_pair_count()), and the state already
    changes with every change to it: a pair found or decided is a history event, and a pair a
    scan drops ends in cases.assign(), which renews the cases' version. So a warm overview
    reads nothing for it."""
    fingerprint = f"{events or newest_events(STATE_EVENTS)}:{cases_version()}"
    key = f"riktning:open-pairs:{fingerprint}"
    open_pairs = cache.get(key)
    if open_pairs is None:
        open_pairs = open_pair_count()
        cache.set(key, open_pairs, CACHE_SECONDS)
    return State(fingerprint=fingerprint, open_pairs=int(open_pairs))


def duplicate_cases(*, limit: int = TOP_ENTRIES) -> DuplicateCases:
    """The open cases by combined budget, each activity counted once, with the total over every
    case (goals.overlap.cases.open_case_totals, which the period report reads too): one query."""
    totals = open_case_totals(limit=limit)
    return DuplicateCases(
        count=totals.count,
        kronor=totals.kronor,
        largest=[
            Entry(
                kind=Kind.DUPLICATE,
                title=case.title,
                units=case.units,
                kronor=case.kronor,
                url=reverse("goals:overlap_case", kwargs={"key": case.key}),
                activities=case.activities,
            )
            for case in totals.largest
        ],
    )


def _conflict_entry(row: ConflictRow) -> Entry:
    return Entry(
        kind=Kind.CONFLICT,
        title=row.activity_title,
        units=[row.runner_name],
        kronor=row.kronor or 0,
        url=row.url,
        hurt_unit=row.hurt_name or "",
        goal=row.goal_label,
    )


def money_at_stake(*, limit: int = TOP_ENTRIES, open_pairs: int | None = None) -> Money:
    """The open duplicate cases and conflicts, the ``limit`` largest of both merged by kronor
    (a case before a conflict of the same amount: it joins more units), and per cell of the
    matrix the open conflicts and the activities in duplicated work.

    ``open_pairs`` is the number of open overlap pairs when the caller knows it (state() counts
    them): with none, no cell can hold duplicated work.

    Queries: the cases (1), the conflicts' summary and largest (2), the conflicts per cell of
    the matrix (1, only while conflicts are open), the duplicated work per cell (1, only while
    pairs are open).
    """
    cases = duplicate_cases(limit=limit)
    conflicts = open_conflicts(limit=limit)
    cells = open_conflicts_by_cell() if conflicts.count else {}
    duplicate_cells = duplicated_work_by_cell() if open_pairs is None or open_pairs else {}
    merged = cases.largest + [_conflict_entry(row) for row in conflicts.largest]
    # sorted() is stable: among equal kronor the cases (listed first) stay first.
    entries = sorted(merged, key=lambda entry: -entry.kronor)[:limit]
    return Money(
        cases=cases,
        conflicts=conflicts.count,
        conflict_kronor=conflicts.kronor,
        entries=entries,
        conflict_cells=cells,
        duplicate_cells=duplicate_cells,
    )


def cached_money_at_stake(current: State) -> Money:
    """money_at_stake() from the cache while its state is unchanged (see the module's note)."""
    key = f"riktning:act-on:v{CACHE_VERSION}:{current.fingerprint}:{current.open_pairs}"
    money = cache.get(key)
    if money is None:
        money = money_at_stake(open_pairs=current.open_pairs)
        cache.set(key, money, CACHE_SECONDS)
    return money


@dataclass
class ActOn:
    """The overview's list of what needs a decision, strongest first."""

    money: Money
    followup: OverviewFollowUp | None
    goals_without_activity: int

    @property
    def entries(self) -> list[Entry]:
        return self.money.entries

    @property
    def late(self) -> list[UnitProgress]:
        return self.followup.progress.late if self.followup is not None else []

    @property
    def is_empty(self) -> bool:
        return not (self.entries or self.late or self.goals_without_activity)
