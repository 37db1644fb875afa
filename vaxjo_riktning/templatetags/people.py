"""How pages name a person: ``{{ user }}`` gives the name (User.__str__: the full name, the
username only without one), ``{{ user|person }}`` the name with the title where space allows.
Pages use these two and never a user's username or their own copy of "name (title)"."""

from __future__ import annotations

from django import template

from vaxjo_riktning.models import User

register = template.Library()


@register.filter
def person(user: User | None) -> str:
    """ "Anna Berg, förvaltningschef"; "" for no one, so that ``|person|default:"–"`` works.
    Autoescaped like any variable: the result is not marked safe."""
    if user is None or user == "":
        return ""
    return user.name_with_title
