"""The services that change activities, the mail they enqueue, and the history they leave."""

from __future__ import annotations

import pghistory
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from goals import services
from goals.history import activity_history
from goals.models import Activity, Contribution, Cooperation
from tests import factories as f
from vaxjo_riktning.models import Role, Unit

pytestmark = pytest.mark.django_db


def _data(unit: Unit, **overrides) -> dict:
    return {
        "title": "Läxhjälp i alla skolor",
        "description": "Läxhjälp efter skoltid.",
        "owner_unit": unit,
        "responsible": "Anna Andersson",
        "status": Activity.Status.PLANNED,
        "start_date": None,
        "end_date": None,
        "budget_sek": 250_000,
        "process": None,
        **overrides,
    }


def _supports(goal, reason: str = "") -> services.ContributionData:
    return {"goal": goal, "effect": Contribution.Effect.SUPPORTS, "reason": reason}


def _counteracts(goal, reason: str) -> services.ContributionData:
    return {"goal": goal, "effect": Contribution.Effect.COUNTERACTS, "reason": reason}


def test_create_saves_the_activity_its_goals_and_co_operating_units(group, editor):
    goal = f.GoalFactory()
    activity = services.activity_create(
        user=editor,
        data=_data(group.department),
        contributions=[_supports(goal, "Fler klarar skolan.")],
        cooperating_units=[group.company, group.department],  # the owner is dropped
    )
    activity.refresh_from_db()
    assert activity.owner_unit == group.department
    assert activity.version == 1
    assert activity.created_by == editor
    assert list(activity.cooperating_units.all()) == [group.company]
    contribution = activity.contributions.get()
    assert (contribution.goal, contribution.reason) == (goal, "Fler klarar skolan.")


def test_create_refuses_a_unit_the_editor_does_not_edit(group, editor):
    with pytest.raises(ValidationError) as error:
        services.activity_create(user=editor, data=_data(group.company))
    assert error.value.message_dict == {"owner_unit": [str(services.UNIT_NOT_ALLOWED)]}
    assert not Activity.objects.exists()


def test_a_process_owner_creates_in_any_unit_but_only_in_their_process(group, process_owner):
    services.activity_create(
        user=process_owner, data=_data(group.company, process=group.recruitment_process)
    )
    other = f.ProcessFactory(name="Ekonomistyrning")
    with pytest.raises(ValidationError) as error:
        services.activity_create(user=process_owner, data=_data(group.company, process=other))
    assert error.value.message_dict == {"process": [str(services.PROCESS_NOT_ALLOWED)]}
    assert Activity.objects.count() == 1


def test_create_refuses_an_end_before_the_start(group, editor):
    import datetime

    with pytest.raises(ValidationError) as error:
        services.activity_create(
            user=editor,
            data=_data(
                group.administration,
                start_date=datetime.date(2026, 5, 1),
                end_date=datetime.date(2026, 4, 1),
            ),
        )
    assert error.value.message_dict["end_date"] == [str(services.END_BEFORE_START)]
    assert not Activity.objects.exists()


def test_a_counteraction_needs_a_reason_and_a_goal_is_linked_once(group, editor):
    goal = f.GoalFactory()
    with pytest.raises(ValidationError, match=str(services.COUNTERACTION_NEEDS_REASON)):
        services.activity_create(
            user=editor, data=_data(group.administration), contributions=[_counteracts(goal, " ")]
        )
    with pytest.raises(ValidationError, match=str(services.DUPLICATE_GOAL)):
        services.activity_create(
            user=editor,
            data=_data(group.administration),
            contributions=[_supports(goal), _counteracts(goal, "Mer trafik.")],
        )
    assert not Activity.objects.exists()


def test_update_raises_the_version_and_changes_goal_links_in_place(group, editor):
    kept, dropped, added = f.GoalFactory(), f.GoalFactory(), f.GoalFactory()
    activity = services.activity_create(
        user=editor,
        data=_data(group.administration),
        contributions=[_supports(kept), _supports(dropped)],
    )
    kept_link = activity.contributions.get(goal=kept)

    updated = services.activity_update(
        user=editor,
        activity=activity,
        version=1,
        data=_data(group.administration, status=Activity.Status.ONGOING),
        contributions=[_counteracts(kept, "Mer bilresor."), _supports(added)],
        cooperating_units=[],
    )

    assert updated.version == 2
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.ONGOING
    links = {c.goal: c for c in activity.contributions.all()}
    assert set(links) == {kept, added}
    # The same row, changed: history reads "effect changed", not an unlink and a new link.
    assert links[kept].pk == kept_link.pk
    assert links[kept].effect == Contribution.Effect.COUNTERACTS


def test_update_from_an_old_version_changes_nothing(group, editor):
    goal = f.GoalFactory()
    activity = services.activity_create(user=editor, data=_data(group.administration))
    services.activity_update(
        user=editor, activity=activity, version=1, data=_data(group.administration, title="Först")
    )

    with pytest.raises(ValidationError) as error:
        services.activity_update(
            user=editor,
            activity=activity,
            version=1,
            data=_data(group.administration, title="Sen"),
            contributions=[_supports(goal)],
            cooperating_units=[group.company],
        )

    assert error.value.messages == [str(services.STALE_VERSION)]
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Först", 2)
    assert not activity.contributions.exists()
    assert not activity.cooperations.exists()


def test_update_refuses_a_withdrawn_activity(group, editor):
    activity = services.activity_create(user=editor, data=_data(group.administration))
    services.activity_withdraw(user=editor, activity=activity, reason="Ersatt.")
    with pytest.raises(ValidationError, match=str(services.ACTIVITY_WITHDRAWN)):
        services.activity_update(
            user=editor, activity=activity, version=2, data=_data(group.administration)
        )


def test_update_refuses_a_user_who_may_not_edit(group, editor, company_editor):
    activity = services.activity_create(user=editor, data=_data(group.administration))
    with pytest.raises(PermissionDenied, match=str(services.NOT_ALLOWED_TO_EDIT)):
        services.activity_update(
            user=company_editor, activity=activity, version=1, data=_data(group.company)
        )
    assert Activity.objects.get(pk=activity.pk).owner_unit == group.administration


def test_withdraw_keeps_the_row_with_reason_who_and_when(group, editor):
    activity = services.activity_create(user=editor, data=_data(group.administration))
    services.activity_withdraw(user=editor, activity=activity, reason="  Ersatt av ny satsning. ")
    activity.refresh_from_db()
    assert activity.is_withdrawn
    assert activity.withdrawn_by == editor
    assert activity.withdrawn_reason == "Ersatt av ny satsning."
    with pytest.raises(ValidationError, match=str(services.ALREADY_WITHDRAWN)):
        services.activity_withdraw(user=editor, activity=activity, reason="Igen.")


def test_withdraw_needs_a_reason(group, editor):
    activity = services.activity_create(user=editor, data=_data(group.administration))
    with pytest.raises(ValidationError):
        services.activity_withdraw(user=editor, activity=activity, reason="   ")
    assert not Activity.objects.get(pk=activity.pk).is_withdrawn


def test_newly_named_units_editors_are_mailed_after_commit(
    group, editor, company_editor, django_capture_on_commit_callbacks
):
    no_email = f.UserFactory(username="utan-epost", email="")
    f.assign(no_email, Role.UNIT_EDITOR, unit=group.company)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        activity = services.activity_create(
            user=editor, data=_data(group.administration), cooperating_units=[group.company]
        )
    # The mail to the co-operating unit, the overlap scan, and (registered by the scan's
    # cases.assign) the new version of the cases, which the overview's act-on list keys on.
    assert len(callbacks) == 3
    assert [m.to for m in mail.outbox] == [[company_editor.email]]
    message = mail.outbox[0]
    assert activity.title in message.subject
    assert activity.get_absolute_url() in message.body
    assert group.company.name in message.body

    # Saving again without naming anyone new sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_update(
            user=editor,
            activity=activity,
            version=1,
            data=_data(group.administration),
            cooperating_units=[group.company],
        )
    assert mail.outbox == []


def test_nothing_is_mailed_when_the_save_is_refused(
    group, editor, company_editor, django_capture_on_commit_callbacks
):
    activity = services.activity_create(user=editor, data=_data(group.administration))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.activity_update(
            user=editor,
            activity=activity,
            version=99,
            data=_data(group.administration),
            cooperating_units=[group.company],
        )
    assert mail.outbox == []
    assert not Cooperation.objects.exists()


def test_history_reads_as_sentences_with_names_and_labels(group, editor):
    goal = f.GoalFactory(title="Fler i arbete", code="3")
    with pghistory.context(user=editor.pk):
        activity = services.activity_create(
            user=editor, data=_data(group.administration), contributions=[_supports(goal)]
        )
    with pghistory.context(user=editor.pk):
        services.activity_update(
            user=editor,
            activity=activity,
            version=1,
            data=_data(
                group.department, status=Activity.Status.ONGOING, process=group.recruitment_process
            ),
            contributions=[],
            cooperating_units=[group.company],
        )

    with pghistory.context(user=editor.pk):
        services.activity_withdraw(user=editor, activity=activity, reason="Ersatt <b>nu</b>.")

    with translation.override("en"):
        history = activity_history(activity)

    assert [entry.user for entry in history] == [editor, editor, editor]
    withdrawal, newest, first = history
    assert [(line.text, line.detail) for line in withdrawal.lines] == [
        ("Withdrawn", "Ersatt <b>nu</b>.")  # escaped by the template, like all user text
    ]
    assert [line.text for line in first.lines] == [
        "Activity created: Läxhjälp i alla skolor",
        "Goal linked: 3 Fler i arbete (supports)",
    ]
    changes = {c.label: (c.old, c.new) for c in newest.lines[0].changes}
    assert changes == {
        "Unit": ("Utbildningsförvaltningen", "Grundskoleavdelningen"),
        "Status": ("Planned", "Ongoing"),
        "Group-wide process": ("(none)", "Rekrytering"),
    }
    assert [line.text for line in newest.lines[1:]] == [
        "Goal unlinked: 3 Fler i arbete",
        "Co-operating unit added: Växjöbostäder AB",
    ]
