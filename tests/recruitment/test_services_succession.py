"""The succession services: naming, changing and taking off a successor hold their rules however
they are called (who may, a key position only, a readiness on the scale, a person named once),
and a refusal changes nothing."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from recruitment import services
from recruitment.models import Successor
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def position(group):
    f.ProcessFactory(area=group.hr_area, name="Successionsplanering", slug="successionsplanering")
    return f.PositionFactory(title="Förvaltningschef", unit=group.administration)


@pytest.fixture
def candidate():
    return f.UserFactory(username="bitr-forvaltningschef")


def test_hrs_process_owner_names_a_successor(process_owner, position, candidate):
    successor = services.successor_create(
        user=process_owner,
        position=position,
        person=candidate,
        readiness="1-2",
        development_actions="  Ledarprogram  ",
    )
    successor.refresh_from_db()
    assert (successor.person, successor.readiness) == (candidate, "1-2")
    assert successor.development_actions == "Ledarprogram"


@pytest.mark.parametrize("who", ["chief", "reader", "recruiter"])
def test_others_may_not_name_change_or_remove(request, who, position, candidate):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.successor_create(user=user, position=position, person=candidate, readiness="now")
    successor = Successor.objects.create(position=position, person=candidate, readiness="3+")
    with pytest.raises(PermissionDenied):
        services.successor_update(
            user=user, successor=successor, readiness="now", development_actions=""
        )
    with pytest.raises(PermissionDenied):
        services.successor_delete(user=user, successor=successor)
    successor.refresh_from_db()
    assert successor.readiness == "3+"


def test_bad_input_is_refused_and_nothing_is_saved(administrator, position, candidate, group):
    clerk = f.PositionFactory(title="Handläggare", unit=group.administration, is_key=False)
    with pytest.raises(ValidationError) as refused:
        services.successor_create(
            user=administrator, position=clerk, person=candidate, readiness="now"
        )
    assert refused.value.messages == [str(services.NOT_A_KEY_POSITION)]
    with pytest.raises(ValidationError) as refused:
        services.successor_create(
            user=administrator, position=position, person=candidate, readiness="someday"
        )
    assert refused.value.message_dict == {"readiness": [str(services.READINESS_NOT_ON_SCALE)]}
    assert not Successor.objects.exists()


def test_a_person_is_named_once_even_past_the_forms_check(administrator, position, candidate):
    services.successor_create(
        user=administrator, position=position, person=candidate, readiness="now"
    )
    # The unique constraint decides, as for a second request naming the person at the same time.
    with pytest.raises(ValidationError) as refused:
        services.successor_create(
            user=administrator, position=position, person=candidate, readiness="3+"
        )
    assert refused.value.message_dict == {"person": [str(services.SUCCESSOR_TWICE)]}
    assert Successor.objects.get().readiness == "now"


def test_a_change_is_saved_from_the_row_not_from_the_callers_copy(
    administrator, position, candidate
):
    successor = Successor.objects.create(position=position, person=candidate, readiness="3+")
    stale = Successor.objects.get(pk=successor.pk)
    stale.readiness = "1-2"  # what a bound form writes onto its instance before the save
    with pytest.raises(ValidationError):
        services.successor_update(
            user=administrator, successor=stale, readiness="later", development_actions=""
        )
    successor.refresh_from_db()
    assert successor.readiness == "3+"
    services.successor_update(
        user=administrator, successor=stale, readiness="now", development_actions=" Mentor "
    )
    successor.refresh_from_db()
    assert (successor.readiness, successor.development_actions) == ("now", "Mentor")


def test_taking_a_successor_off_keeps_it_in_the_history(administrator, position, candidate):
    successor = services.successor_create(
        user=administrator, position=position, person=candidate, readiness="now"
    )
    services.successor_delete(user=administrator, successor=successor)
    assert not Successor.objects.exists()
    events = apps.get_model("recruitment", "SuccessorEvent").objects.filter(position_id=position.pk)
    assert sorted(events.values_list("pgh_label", flat=True)) == ["delete", "insert"]
