"""The page links under a paged list: ``{% include "includes/pagination.html" %}`` with the page
(page_obj), the id of the section htmx swaps (target), the navigation's name (label) and the
query parameter that holds the page number (page_param, "page" unless a page pages two lists)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaulttags import querystring

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, param: str, number: int) -> Any:
    """Django's {% querystring %} with the page's parameter named by a variable: the current
    query with ``param`` set to ``number``."""
    return querystring(context, **{param: number})
