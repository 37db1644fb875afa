"""The goal page charts each indicator's values against its target: an accessible SVG with the
numbers in a table beside it, and "Source: Kolada" where the values came from Kolada."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from goals.charts import indicator_chart
from goals.kolada import KOLADA_SOURCE
from goals.models import Measurement
from tests import factories as f


@pytest.mark.django_db
def test_the_goal_page_charts_values_against_the_target(client, reader):
    goal = f.GoalFactory(title="Fler i arbete")
    indicator = f.IndicatorFactory(
        goal=goal, name="Förvärvsarbetande <invånare>", target_value=Decimal("85"), target_year=2027
    )
    for year, value in [(2021, "81.00"), (2022, "81.60"), (2024, "82.35")]:
        Measurement.objects.create(
            indicator=indicator, year=year, value=Decimal(value), source=KOLADA_SOURCE
        )
    client.force_login(reader)

    html = client.get(goal.get_absolute_url()).content.decode()

    svg = re.search(r'<svg[^>]*role="img"[^>]*>.*?</svg>', html, re.S)
    assert svg is not None
    assert "<title id=" in svg.group(0)
    assert "Förvärvsarbetande &lt;invånare&gt;: values 2021–2024 against the target" in svg.group(0)
    assert "<polyline" in svg.group(0) and "stroke-dasharray" in svg.group(0)  # values and target
    assert "Förvärvsarbetande <invånare>" not in html  # escaped
    assert "Source: Kolada" in html
    table = re.search(r'<table class="indicator-chart__table">.*?</table>', html, re.S).group(0)
    assert "81.60" in table and "82.35" in table and "2022" in table


@pytest.mark.django_db
def test_values_entered_by_hand_do_not_claim_kolada(client, reader):
    indicator = f.IndicatorFactory(target_value=Decimal("10"))
    Measurement.objects.create(indicator=indicator, year=2023, value=Decimal("12"), source="")
    client.force_login(reader)

    html = client.get(indicator.goal.get_absolute_url()).content.decode()

    assert 'role="img"' in html
    assert "Source: Kolada" not in html


@pytest.mark.django_db
def test_an_indicator_without_values_has_no_chart(client, reader):
    indicator = f.IndicatorFactory()
    client.force_login(reader)

    html = client.get(indicator.goal.get_absolute_url()).content.decode()

    assert indicator.name in html
    assert 'role="img"' not in html


@pytest.mark.django_db
def test_the_chart_scales_values_and_target_inside_the_plot():
    indicator = f.IndicatorFactory(target_value=Decimal("100"))
    measurements = [
        Measurement(indicator=indicator, year=2020 + n, value=Decimal(v))
        for n, v in enumerate(["20", "60", "40"])
    ]

    chart = indicator_chart(indicator, measurements)

    assert [p.x for p in chart.points] == sorted(p.x for p in chart.points)
    assert all(12 <= p.y <= chart.bottom_y for p in chart.points)
    assert chart.target_y == pytest.approx(12)  # the highest value sits at the top
    assert chart.points[1].y < chart.points[2].y < chart.points[0].y  # higher value, higher up
    assert indicator_chart(indicator, []) is None


@pytest.mark.django_db
def test_in_swedish_the_charts_coordinates_keep_their_decimal_point(client, reader, settings):
    """Swedish writes 44,0 for 44.0; in an SVG attribute the comma separates two coordinates, so
    the points vanished and the axis labels broke apart (one letter at each coordinate)."""
    goal = f.GoalFactory(title="Fler i arbete")
    indicator = f.IndicatorFactory(goal=goal, target_value=Decimal("85.5"))
    for year, value in [(2021, "81.25"), (2024, "82.35")]:
        Measurement.objects.create(indicator=indicator, year=year, value=Decimal(value))
    client.force_login(reader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"

    html = client.get(goal.get_absolute_url()).content.decode()

    svg = re.search(r'<svg[^>]*role="img"[^>]*>.*?</svg>', html, re.S).group(0)
    coordinates = re.findall(r'\b(?:x|y|x1|y1|x2|y2|cx|cy)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordinates), coordinates
    assert "85,5" in html  # the numbers people read are still Swedish
