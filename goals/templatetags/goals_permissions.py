"""Permission checks for templates: a page shows an action only to those who may take it."""

from __future__ import annotations

from django import template

from vaxjo_riktning import permissions

register = template.Library()


@register.filter
def may_write_activities(user) -> bool:
    """{% if user|may_write_activities %}: whether the user may write any activity at all."""
    return permissions.may_write_activities(user)
