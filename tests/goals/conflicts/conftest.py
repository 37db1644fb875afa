"""A small world for conflicts: a council goal broken down into a goal of the administration and
a goal of the HR process, the company's activity that works against them, and the
administration's own activity."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from goals.models import Activity, Goal
from tests import factories as f
from vaxjo_riktning.models import Unit


@dataclass
class World:
    council: Goal
    admin_goal: Goal
    hr_goal: Goal
    management: Unit
    company_activity: Activity
    own_activity: Activity


@pytest.fixture
def world(group) -> World:
    council = f.GoalFactory(code="4", title="Miljö, energi och trafik")
    admin_goal = f.UnitGoalFactory(
        parent=council, code="4.1", title="Fler cyklar", owner_unit=group.administration
    )
    management = f.UnitFactory(name="Kommunledningsförvaltningen", slug="kommunledning")
    hr_goal = f.UnitGoalFactory(
        parent=council, code="4.9", title="Hållbara resor i tjänsten", owner_unit=management
    )
    group.recruitment_process.goals.add(hr_goal)
    company_activity = f.ActivityFactory(
        title="Garage under varje hus", owner_unit=group.company, budget_sek=420_000_000
    )
    own_activity = f.ActivityFactory(title="Skolbilar", owner_unit=group.department)
    return World(council, admin_goal, hr_goal, management, company_activity, own_activity)
