"""The compact shape the activity modules are written in."""

from __future__ import annotations

from typing import NamedTuple

PLANNED = "planned"
ONGOING = "ongoing"
DONE = "done"
PAUSED = "paused"
CANCELLED = "cancelled"


class Link(NamedTuple):
    """How an activity bears on a goal (by the goal's code)."""

    goal: str
    effect: str
    reason: str


def sup(goal: str, reason: str) -> Link:
    return Link(goal, "supports", reason)


def mot(goal: str, reason: str) -> Link:
    """The activity counteracts the goal (motverkar); the reason says how."""
    return Link(goal, "counteracts", reason)


class Act(NamedTuple):
    """One demo activity; (unit, title) is its key."""

    unit: str
    title: str
    description: str
    responsible: str
    status: str
    start: str | None
    end: str | None
    budget: int | None
    process: str | None
    goals: tuple[Link, ...]
    cooperating: tuple[str, ...] = ()
