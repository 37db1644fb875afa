"""Numbers as the templates show them, for pages written in Python (the overview's matrix, the
goal chain): Django's number formatting reads the language's formats on every call, and those
pages repeat the same small numbers hundreds of times, so each is worked out once per value and
language."""

from __future__ import annotations

import functools

from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape


@functools.lru_cache(maxsize=4096)
def shown_number(value: int, language: str | None, *, grouped: bool = False) -> str:
    """``value`` escaped as {{ value }} shows it in ``language`` (the active one: get_language()),
    or with ``grouped`` as {{ value|floatformat:"0g" }} does (kronor: 1 250 000)."""
    return conditional_escape(floatformat(value, "0g") if grouped else localize(value))
