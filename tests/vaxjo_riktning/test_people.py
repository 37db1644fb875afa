"""How a person is named: User.__str__, User.name_with_title and the ``person`` filter."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from vaxjo_riktning.models import User


@pytest.mark.parametrize(
    ("first", "last", "title", "shown"),
    [
        ("Anna", "Berg", "Förvaltningschef", "Anna Berg, förvaltningschef"),
        ("Anna", "Berg", "HR-specialist, rekrytering", "Anna Berg, HR-specialist, rekrytering"),
        ("Anna", "Berg", "", "Anna Berg"),
        ("", "", "Kommunchef", "aberg, kommunchef"),
        # A holder named by the post: the title is not said twice.
        (
            "Förvaltningschef, Omsorgsförvaltningen",
            "",
            "Förvaltningschef, Omsorgsförvaltningen",
            "Förvaltningschef, Omsorgsförvaltningen",
        ),
    ],
)
def test_the_name_comes_with_the_title_as_swedish_writes_it(first, last, title, shown):
    user = User(username="aberg", first_name=first, last_name=last, title=title)
    assert user.name_with_title == shown


def test_the_filter_names_the_person_escaped_and_no_one_as_empty():
    template = Template('{% load people %}[{{ user|person }}][{{ nobody|person|default:"–" }}]')
    user = User(username="x", first_name="<b>Anna</b>", last_name="Berg", title="Chef")
    html = template.render(Context({"user": user, "nobody": None}))
    assert html == "[&lt;b&gt;Anna&lt;/b&gt; Berg, chef][–]"
