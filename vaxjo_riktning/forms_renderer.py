"""The form renderer: Django's, with the select boxes written in Python.

Django renders a select box through a template that includes a template for every option. At the
largest group's size the activity list's filters hold 178 units, 537 goals and the processes,
and the profile of that page (cProfile, 100,000 activities) showed 0.27 s of its 0.38 s in the
seven select widgets' templates, against 0.03 s in its queries. The same boxes head the activity
form. Here a select whose templates are Django's own is written directly, to the same HTML
character for character (tests/vaxjo_riktning/test_forms_renderer.py compares the two on every
kind of option); any other template, or a select whose templates a project has overridden,
renders as before.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class QuickSelectRenderer(DjangoTemplates):
    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        widget = context.get("widget")
        if template_name == SELECT_TEMPLATE and widget is not None and self._own_templates():
            quick = render_select(widget)
            if quick is not None:
                return quick
        return super().render(template_name, context, request=request)

    def _own_templates(self) -> bool:
        """Whether the select and option templates found are Django's (not overridden)."""
        if not hasattr(self, "_django_templates"):
            self._django_templates = all(
                self.get_template(name)
                .origin.name.replace("\\", "/")
                .endswith(f"django/forms/templates/{name}")
                for name in (SELECT_TEMPLATE, OPTION_TEMPLATE)
            )
        return self._django_templates


def _shown(value: Any) -> str:
    """A value as {{ value }} shows it: localised, as text, escaped unless already safe."""
    value = localize(value)
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value: Any) -> str:
    """A value as {{ value|stringformat:'s' }} shows it."""
    text = str(value)  # what "%s" does, tuples included (as the filter turns them to text)
    return _shown(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs: dict[str, Any]) -> str:
    """As django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict[str, Any]) -> SafeString | None:
    """The select box as django/forms/widgets/select.html writes it (stripped, as Django's
    renderer returns every template's output); None if an option has a template of its own."""
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))
