"""Raising, confirming, deciding and withdrawing conflicts (goals/conflicts/services.py): who may
take each step, what the conflict's state allows, and that a refusal changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from goals.conflicts import permissions, services
from goals.conflicts.history import conflict_history
from goals.conflicts.models import DEFAULT_DUE_DAYS, Conflict
from goals.history import activity_history
from tests import factories as f
from vaxjo_riktning.models import Role

pytestmark = pytest.mark.django_db

Outcome = Conflict.Outcome


def raise_(user, world, **kwargs):
    values = {
        "user": user,
        "activity": world.company_activity,
        "goal": world.admin_goal,
        "reason": "Garaget styr hyresgästerna mot bilen.",
    }
    return services.conflict_raise(**{**values, **kwargs})


def messages_of(error: ValidationError, field: str) -> list[str]:
    return [str(m) for m in error.message_dict[field]]


# --- Raising ------------------------------------------------------------------------------------


def test_an_editor_raises_a_conflict_about_another_units_activity(editor, world, group):
    conflict = raise_(editor, world)
    assert conflict.hurt_unit == group.administration
    assert conflict.raised_by == editor
    assert conflict.outcome == Outcome.OPEN
    assert conflict.due_on == timezone.localdate() + timedelta(days=DEFAULT_DUE_DAYS)
    assert conflict.kronor_at_stake == 420_000_000
    assert not conflict.is_overdue


def test_a_process_owner_raises_one_for_a_goal_their_process_serves(process_owner, world):
    conflict = raise_(process_owner, world, goal=world.hr_goal)
    assert conflict.hurt_unit == world.management


def test_it_refuses_a_goal_the_user_does_not_speak_for(company_editor, process_owner, world):
    with pytest.raises(PermissionDenied):
        raise_(process_owner, world, goal=world.admin_goal)
    with pytest.raises(PermissionDenied):
        raise_(company_editor, world, activity=world.own_activity)
    assert not Conflict.objects.exists()


def test_a_reader_and_the_chief_executive_may_not_raise_one(reader, chief, world):
    for user in (reader, chief):
        with pytest.raises(PermissionDenied):
            raise_(user, world)
    assert not Conflict.objects.exists()


def test_it_refuses_a_conflict_without_a_reason(editor, world):
    with pytest.raises(ValidationError) as caught:
        raise_(editor, world, reason="   ")
    assert messages_of(caught.value, "reason") == [str(services.REASON_REQUIRED)]
    assert not Conflict.objects.exists()


def test_it_sends_the_unit_to_counteracts_for_its_own_activity(editor, world):
    with pytest.raises(ValidationError) as caught:
        raise_(editor, world, activity=world.own_activity)
    assert messages_of(caught.value, "goal") == [str(services.OWN_ACTIVITY)]
    assert "counteracts" in str(services.OWN_ACTIVITY)
    assert not Conflict.objects.exists()


def test_it_refuses_an_activity_the_user_edits_in_another_unit(editor, world, group):
    # An editor of both units says "counteracts" on the activity instead.
    f.assign(editor, Role.UNIT_EDITOR, unit=group.company)
    editor.__dict__.pop("assignments", None)
    editor.__dict__.pop("_editable_unit_ids", None)
    with pytest.raises(ValidationError) as caught:
        raise_(editor, world)
    assert messages_of(caught.value, "goal") == [str(services.OWN_ACTIVITY)]


def test_it_refuses_a_withdrawn_activity(editor, world):
    world.company_activity.withdrawn_at = timezone.now()
    world.company_activity.withdrawn_reason = "Avbruten"
    world.company_activity.save()
    with pytest.raises(ValidationError) as caught:
        raise_(editor, world)
    assert caught.value.messages == [str(services.ACTIVITY_WITHDRAWN)]
    assert not Conflict.objects.exists()


def test_it_refuses_the_same_flag_twice_while_unsettled(editor, chief, world):
    first = raise_(editor, world)
    with pytest.raises(ValidationError) as caught:
        raise_(editor, world, reason="En gång till.")
    assert messages_of(caught.value, "goal") == [str(services.ALREADY_RAISED)]
    services.conflict_decide(user=chief, conflict=first, outcome=Outcome.ESCALATED)
    with pytest.raises(ValidationError):
        raise_(editor, world, reason="Och igen.")
    assert Conflict.objects.count() == 1
    # Once settled, the unit may raise it again (the activity may have changed back).
    services.conflict_decide(user=chief, conflict=first, outcome=Outcome.RESOLVED)
    raise_(editor, world, reason="Garaget byggdes ändå.")
    assert Conflict.objects.count() == 2


def test_the_database_refuses_a_second_unsettled_flag_too(editor, world):
    first = raise_(editor, world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conflict.objects.create(
            activity=first.activity, goal=first.goal, hurt_unit=first.hurt_unit, reason="x"
        )


def test_the_database_refuses_a_conflict_without_a_reason(world, group):
    with pytest.raises(IntegrityError), transaction.atomic():
        Conflict.objects.create(
            activity=world.company_activity,
            goal=world.admin_goal,
            hurt_unit=group.administration,
            reason="",
        )


def test_it_refuses_a_date_in_the_past(editor, world):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        raise_(editor, world, due_on=yesterday)
    assert messages_of(caught.value, "due_on") == [str(services.DUE_IN_PAST)]


def test_a_conflict_past_its_date_is_overdue_while_open(editor, world):
    conflict = raise_(editor, world)
    conflict.due_on = timezone.localdate() - timedelta(days=1)
    assert conflict.is_overdue
    conflict.outcome = Outcome.ESCALATED
    assert not conflict.is_overdue


# --- Deciding -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["chief", "administrator"])
def test_the_chief_executive_or_an_administrator_decides(request, editor, world, who):
    decider = request.getfixturevalue(who)
    conflict = raise_(editor, world)
    decided = services.conflict_decide(
        user=decider, conflict=conflict, outcome=Outcome.ACCEPTED, note="Bostäderna behövs."
    )
    assert (decided.outcome, decided.decided_by, decided.decision_note) == (
        Outcome.ACCEPTED,
        decider,
        "Bostäderna behövs.",
    )
    assert decided.decided_at is not None


@pytest.mark.parametrize("who", ["editor", "company_editor", "process_owner", "reader"])
def test_nobody_else_decides_and_nothing_changes(request, editor, world, who):
    conflict = raise_(editor, world)
    with pytest.raises(PermissionDenied):
        services.conflict_decide(
            user=request.getfixturevalue(who), conflict=conflict, outcome=Outcome.RESOLVED
        )
    conflict.refresh_from_db()
    assert (conflict.outcome, conflict.decided_at) == (Outcome.OPEN, None)


def test_an_accepted_trade_off_needs_a_reason(editor, chief, world):
    conflict = raise_(editor, world)
    with pytest.raises(ValidationError) as caught:
        services.conflict_decide(user=chief, conflict=conflict, outcome=Outcome.ACCEPTED, note=" ")
    assert messages_of(caught.value, "note") == [str(services.TRADE_OFF_NEEDS_REASON)]
    conflict.refresh_from_db()
    assert conflict.outcome == Outcome.OPEN


def test_an_escalated_conflict_is_decided_again_when_the_board_has(editor, chief, world):
    conflict = raise_(editor, world)
    services.conflict_decide(user=chief, conflict=conflict, outcome=Outcome.ESCALATED)
    with pytest.raises(ValidationError):
        services.conflict_decide(user=chief, conflict=conflict, outcome=Outcome.ESCALATED)
    services.conflict_decide(
        user=chief, conflict=conflict, outcome=Outcome.ACCEPTED, note="Kommunstyrelsen beslöt."
    )
    with pytest.raises(ValidationError) as caught:
        services.conflict_decide(user=chief, conflict=conflict, outcome=Outcome.RESOLVED)
    assert caught.value.messages == [str(services.ALREADY_SETTLED)]
    conflict.refresh_from_db()
    assert conflict.outcome == Outcome.ACCEPTED


def test_an_outcome_must_be_one_of_the_three(editor, chief, world):
    conflict = raise_(editor, world)
    with pytest.raises(ValidationError):
        services.conflict_decide(user=chief, conflict=conflict, outcome=Outcome.OPEN)


# --- Both units agreeing ------------------------------------------------------------------------


def test_both_units_confirming_resolves_the_conflict(editor, company_editor, world):
    conflict = raise_(editor, world)
    once = services.conflict_confirm_resolved(
        user=company_editor, conflict=conflict, side=services.OWNER_SIDE
    )
    assert once.outcome == Outcome.OPEN
    assert once.owner_agreed_by == company_editor
    both = services.conflict_confirm_resolved(
        user=editor, conflict=conflict, side=services.HURT_SIDE
    )
    assert both.outcome == Outcome.RESOLVED
    assert both.resolved_by_agreement
    assert both.decided_by == editor


def test_a_side_confirms_only_for_itself_and_once(editor, company_editor, reader, world):
    conflict = raise_(editor, world)
    for user, side in [
        (editor, services.OWNER_SIDE),
        (company_editor, services.HURT_SIDE),
        (reader, services.OWNER_SIDE),
        (editor, "both"),
    ]:
        with pytest.raises(PermissionDenied):
            services.conflict_confirm_resolved(user=user, conflict=conflict, side=side)
    services.conflict_confirm_resolved(user=editor, conflict=conflict, side=services.HURT_SIDE)
    with pytest.raises(ValidationError):
        services.conflict_confirm_resolved(user=editor, conflict=conflict, side=services.HURT_SIDE)
    conflict.refresh_from_db()
    assert conflict.outcome == Outcome.OPEN
    assert conflict.owner_agreed_at is None


# --- Withdrawing --------------------------------------------------------------------------------


def test_the_raising_side_withdraws_with_a_reason(editor, world):
    conflict = raise_(editor, world)
    with pytest.raises(ValidationError):
        services.conflict_withdraw(user=editor, conflict=conflict, reason="")
    withdrawn = services.conflict_withdraw(user=editor, conflict=conflict, reason="Löst i dialog.")
    assert withdrawn.is_withdrawn
    assert (withdrawn.withdrawn_by, withdrawn.withdrawn_reason) == (editor, "Löst i dialog.")
    assert Conflict.objects.filter(pk=conflict.pk).exists()  # never deleted
    # A withdrawn conflict no longer blocks a new one.
    raise_(editor, world, reason="Nu igen.")


def test_the_running_unit_may_not_withdraw_it(editor, company_editor, world):
    conflict = raise_(editor, world)
    with pytest.raises(PermissionDenied):
        services.conflict_withdraw(user=company_editor, conflict=conflict, reason="Nej.")
    conflict.refresh_from_db()
    assert not conflict.is_withdrawn


def test_a_settled_conflict_is_not_withdrawn(editor, chief, world):
    conflict = raise_(editor, world)
    services.conflict_decide(user=chief, conflict=conflict, outcome=Outcome.RESOLVED)
    with pytest.raises(ValidationError):
        services.conflict_withdraw(user=editor, conflict=conflict, reason="Sent.")


# --- Permissions and history --------------------------------------------------------------------


def test_the_goals_each_role_may_raise_a_conflict_for(
    editor, company_editor, process_owner, administrator, reader, world, group
):
    company_goal = f.UnitGoalFactory(parent=world.council, owner_unit=group.company)
    department_goal = f.UnitGoalFactory(parent=world.council, owner_unit=group.department)
    f.GoalFactory(level="vision", owner_unit=group.administration)
    assert set(permissions.flaggable_goals(editor)) == {world.admin_goal, department_goal}
    assert set(permissions.flaggable_goals(company_editor)) == {company_goal}
    assert set(permissions.flaggable_goals(process_owner)) == {world.hr_goal}
    assert set(permissions.flaggable_goals(reader)) == set()
    # An administrator: every council and unit goal with an owning unit (the council goal has
    # none here), never the vision.
    assert set(permissions.flaggable_goals(administrator)) == {
        world.admin_goal,
        world.hr_goal,
        company_goal,
        department_goal,
    }


def test_every_step_is_in_the_conflicts_and_the_activitys_history(
    editor, company_editor, chief, world
):
    conflict = raise_(editor, world)
    services.conflict_confirm_resolved(
        user=company_editor, conflict=conflict, side=services.OWNER_SIDE
    )
    services.conflict_decide(
        user=chief, conflict=conflict, outcome=Outcome.ACCEPTED, note="Bostäderna behövs."
    )
    texts = [(entry.lines[0].text, entry.lines[0].detail) for entry in conflict_history(conflict)]
    goal = str(world.admin_goal)
    assert texts == [
        (
            f"Conflict about {goal} decided: Accepted as a deliberate trade-off",
            "Bostäderna behövs.",
        ),
        (f"Conflict about {goal} confirmed as resolved for the running unit", ""),
        (
            f"Conflict raised by Utbildningsförvaltningen: works against {goal}; to be settled "
            f"by {conflict.due_on:%m/%d/%Y}",
            "Garaget styr hyresgästerna mot bilen.",
        ),
    ]
    activity_lines = [
        line.text for entry in activity_history(world.company_activity) for line in entry.lines
    ]
    # (One transaction here: every event has the same time, so only which lines, not their order.)
    assert {text for text, _ in texts} <= set(activity_lines)
