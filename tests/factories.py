"""factory_boy factories for Riktning's models; SubFactory keeps related rows consistent."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from goals.models import Activity, Contribution, Goal, Indicator
from processes.models import Process, ProcessArea
from vaxjo_riktning.models import Role, RoleAssignment, Unit, User

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    password = factory.django.Password(PASSWORD)


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Förvaltning {n}")
    slug = factory.Sequence(lambda n: f"forvaltning-{n}")
    kind = Unit.Kind.ADMINISTRATION


class DepartmentFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Avdelning {n}")
    slug = factory.Sequence(lambda n: f"avdelning-{n}")
    kind = Unit.Kind.DEPARTMENT
    parent = factory.SubFactory(UnitFactory)


class ProcessAreaFactory(DjangoModelFactory):
    class Meta:
        model = ProcessArea

    name = factory.Sequence(lambda n: f"Processområde {n}")
    slug = factory.Sequence(lambda n: f"processomrade-{n}")


class ProcessFactory(DjangoModelFactory):
    class Meta:
        model = Process

    area = factory.SubFactory(ProcessAreaFactory)
    name = factory.Sequence(lambda n: f"Process {n}")
    slug = factory.Sequence(lambda n: f"process-{n}")


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    title = factory.Sequence(lambda n: f"Kommunfullmäktiges mål {n}")
    code = factory.Sequence(lambda n: str(n))
    level = Goal.Level.COUNCIL
    period_start = 2024
    period_end = 2027


class UnitGoalFactory(GoalFactory):
    title = factory.Sequence(lambda n: f"Nämndmål {n}")
    level = Goal.Level.UNIT
    parent = factory.SubFactory(GoalFactory)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    name = factory.Sequence(lambda n: f"Nyckeltal {n}")
    unit_of_measure = "%"


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"Aktivitet {n}")
    description = "En aktivitet för att nå målen."
    owner_unit = factory.SubFactory(UnitFactory)
    status = Activity.Status.ONGOING


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = Contribution

    activity = factory.SubFactory(ActivityFactory)
    goal = factory.SubFactory(GoalFactory)
    effect = Contribution.Effect.SUPPORTS


def assign(user: User, role: Role, *, unit: Unit | None = None, area=None) -> RoleAssignment:
    """Give a user a role (and forget the roles cached on the object)."""
    assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit, process_area=area)
    user.__dict__.pop("assignments", None)
    user.__dict__.pop("_editable_unit_ids", None)
    return assignment
