"""Entering an indicator's value by hand on the goal page: the editors of the goal's unit and
administrators may; everyone else is refused and nothing changes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from goals.kolada import KOLADA_SOURCE
from goals.models import Measurement
from tests import factories as f


@pytest.fixture
def indicator(group):
    goal = f.UnitGoalFactory(owner_unit=group.administration)
    return f.IndicatorFactory(goal=goal, name="Behöriga till gymnasiet")


def post(client, indicator, year, value):
    prefix = f"m{indicator.pk}"
    return client.post(
        reverse("goals:measurement_add", args=[indicator.pk]),
        {f"{prefix}-year": year, f"{prefix}-value": value},
    )


def stored(indicator):
    return dict(Measurement.objects.filter(indicator=indicator).values_list("year", "value"))


@pytest.mark.django_db
def test_the_units_editor_enters_a_value_and_sees_it_charted(client, editor, indicator):
    client.force_login(editor)
    page = client.get(indicator.goal.get_absolute_url()).content.decode()
    assert reverse("goals:measurement_add", args=[indicator.pk]) in page

    response = post(client, indicator, 2025, "87.5")

    assert response.status_code == 302
    assert stored(indicator) == {2025: Decimal("87.50")}
    assert Measurement.objects.get(indicator=indicator).source == ""
    html = client.get(response["Location"]).content.decode()
    assert "The value for 2025 was saved." in html
    assert 'role="img"' in html and "Entered by hand" in html
    assert "Source: Kolada" not in html


@pytest.mark.django_db
def test_a_value_by_hand_replaces_that_years_kolada_value(client, administrator, indicator):
    Measurement.objects.create(indicator=indicator, year=2024, value=1, source=KOLADA_SOURCE)
    client.force_login(administrator)

    post(client, indicator, 2024, "2")

    assert stored(indicator) == {2024: Decimal("2.00")}
    # Both values stay in the history, the one by hand with who entered it.
    events = apps.get_model("goals", "MeasurementEvent").objects.filter(
        pgh_obj__indicator=indicator
    )
    rows = [
        (
            e.pgh_label,
            e.value,
            e.source,
            (e.pgh_context.metadata if e.pgh_context else {}).get("user"),
        )
        for e in events.select_related("pgh_context").order_by("pgh_id")
    ]
    assert rows == [
        ("insert", Decimal("1.00"), KOLADA_SOURCE, None),
        ("update", Decimal("2.00"), "", administrator.pk),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "value", "message"),
    [
        ("1800", "5", "greater than or equal to 1990"),
        ("2025", "mycket", "Enter a number."),
        ("", "5", "This field is required."),
    ],
)
def test_bad_input_is_named_beside_the_field_and_kept(
    client, editor, indicator, year, value, message
):
    client.force_login(editor)

    response = post(client, indicator, year, value)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'value="{value}"' in html  # what was typed comes back
    assert stored(indicator) == {}


@pytest.mark.django_db
def test_others_are_refused_and_nothing_changes(client, company_editor, reader, chief, indicator):
    Measurement.objects.create(indicator=indicator, year=2024, value=3)
    for user in (company_editor, reader, chief):
        client.force_login(user)
        assert post(client, indicator, 2024, "9").status_code == 403
        page = client.get(indicator.goal.get_absolute_url()).content.decode()
        assert reverse("goals:measurement_add", args=[indicator.pk]) not in page
    assert stored(indicator) == {2024: Decimal("3.00")}


@pytest.mark.django_db
def test_unknown_indicator_and_wrong_method(client, editor, indicator):
    client.force_login(editor)
    assert client.post(reverse("goals:measurement_add", args=[999999])).status_code == 404
    assert client.get(reverse("goals:measurement_add", args=[indicator.pk])).status_code == 405
