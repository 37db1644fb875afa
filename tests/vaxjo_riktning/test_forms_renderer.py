"""The quick select boxes write exactly what Django's templates write, for every kind of option;
and the project's forms use them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from tests import factories as f
from vaxjo_riktning.forms_renderer import QuickSelectRenderer

DJANGO = DjangoTemplates()
QUICK = QuickSelectRenderer()

CHOICES = [
    ("", "---------"),
    (1, "Växjö kommun"),
    ("a&b", 'Tom & "Jerry" <script>'),
    ("safe", mark_safe("<b>redan säker</b>")),
    (Decimal("1.5"), Decimal("2.25")),
    (1000000, 1234567),
    ("lazy", gettext_lazy("Activities")),
    (
        "Grupp <1>",
        [("g1", "Första i gruppen"), ("g2", "Andra i gruppen")],
    ),
    (None, "ingen"),
]


VALUES = [None, "", 1, "1", "a&b", Decimal("1.5"), True, False, "unknown"]


def widgets():
    """Widgets, each with the values it is given."""
    yield forms.Select(choices=CHOICES), VALUES
    odd_attrs = {"class": 'a"b', "required": True, "x": False}
    yield forms.Select(choices=CHOICES, attrs=odd_attrs), VALUES
    multiple = forms.SelectMultiple(choices=CHOICES, attrs={"aria-describedby": "help-1 err-1"})
    yield multiple, [*VALUES, ["g2", "1"], []]
    yield forms.NullBooleanSelect(), VALUES
    yield forms.Select(choices=[]), VALUES


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_quick_select_writes_what_djangos_templates_write(language):
    compared = 0
    with translation.override(language):
        for widget, values in widgets():
            for value in values:
                for name in ("goal", 'odd"name<'):
                    django_html = widget.render(name, value, attrs={"id": "id_x"}, renderer=DJANGO)
                    quick_html = widget.render(name, value, attrs={"id": "id_x"}, renderer=QUICK)
                    assert quick_html == django_html, (widget, value, name)
                    compared += 1
    assert compared == (5 * len(VALUES) + 2) * 2


def test_a_select_with_an_option_template_of_its_own_renders_through_it():
    class OwnOption(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = OwnOption(choices=[(1, "ett")])
    assert widget.render("x", 1, renderer=QUICK) == widget.render("x", 1, renderer=DJANGO)


def test_other_widgets_render_as_before():
    for widget in (forms.TextInput(), forms.RadioSelect(choices=CHOICES[:3]), forms.Textarea()):
        assert widget.render("x", "1", renderer=QUICK) == widget.render("x", "1", renderer=DJANGO)


def test_the_project_renders_forms_with_the_quick_selects():
    assert settings.FORM_RENDERER == "vaxjo_riktning.forms_renderer.QuickSelectRenderer"


@pytest.mark.django_db
def test_a_model_choice_box_is_the_same_either_way():
    units = [f.UnitFactory(name=f"Enhet <{n}> & co") for n in range(3)]
    field = forms.ModelChoiceField(queryset=type(units[0]).objects.order_by("pk"))
    for value in (None, units[1].pk):
        assert field.widget.render("unit", value, renderer=QUICK) == field.widget.render(
            "unit", value, renderer=DJANGO
        )
