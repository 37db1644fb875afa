"""The cockpit's rows, which Python writes instead of a template (processes/templatetags/
cockpit.py): read back as a browser parses them, with names that need escaping, for the owner
and for a reader, in both languages, and as htmx's answer after a form with errors or a save."""

from __future__ import annotations

import pytest
from django.urls import reverse

from processes import services
from tests import factories as f
from tests.html_tree import Element, parse

HTMX = {"HX-Request": "true"}
# Names with every character an attribute or the page must escape.
AWKWARD = 'Bo & Bygg "Hem" <AB>'
TITLE = 'Mässa för <lärare> & "rektorer"'


def row_of(page: Element, activity) -> Element:
    return page.one("tr", id=f"cockpit-row-{activity.pk}")


@pytest.fixture
def awkward(group):
    """A company and a second recruitment process named awkwardly, and an activity of it."""
    company = f.UnitFactory(name=AWKWARD, short_name=f"{AWKWARD} kort", slug="bo-bygg")
    process = f.ProcessFactory(area=group.hr_area, name=f"Process {AWKWARD}", slug="konstig")
    activity = f.ActivityFactory(title=TITLE, owner_unit=company, process=process)
    return activity, process


def test_the_owners_row_reads_back_with_its_names_links_and_forms(
    client, process_owner, group, awkward
):
    activity, process = awkward
    client.force_login(process_owner)
    client.cookies["django_language"] = "en"
    row = row_of(parse(client.get(reverse("processes:cockpit")).content.decode()), activity)

    header = row.one("th", scope="row")
    title_link, edit_link = header.all("a")
    assert (title_link.attrs["href"], title_link.text) == (activity.get_absolute_url(), TITLE)
    assert edit_link.attrs == {
        "class": "cell-edit",
        "href": reverse("goals:activity_edit", args=[activity.pk]),
    }
    assert edit_link.text == f"Edit: {TITLE}"
    assert edit_link.one("span", **{"class": "visually-hidden"}).text == f": {TITLE}"
    unit_cell, status_cell, process_cell, comment_cell = row.all("td")
    assert unit_cell.one("a").attrs["href"] == reverse("unit_detail", args=["bo-bygg"])
    assert unit_cell.text == f"{AWKWARD} kort"
    assert status_cell.one("span").text == activity.get_status_display()

    move, comment = row.all("form")
    url = reverse("processes:activity_reassign", args=[activity.pk])
    assert move.attrs == {
        "method": "post",
        "action": url,
        "hx-post": url,
        "hx-target": f"#cockpit-row-{activity.pk}",
        "hx-swap": "outerHTML",
        "class": "inline-form",
    }
    hidden = {i.attrs["name"]: i.attrs["value"] for i in move.all("input", type="hidden")}
    assert hidden["version"] == str(activity.version)
    assert hidden["csrfmiddlewaretoken"]
    select = move.one("select")
    assert select.attrs == {"id": f"process-{activity.pk}", "name": "process"}
    label = move.one("label", **{"for": select.attrs["id"]})
    assert label.text == f"Process of {TITLE}"
    assert label.attrs["class"] == "visually-hidden"
    options = [(o.attrs["value"], o.text, "selected" in o.attrs) for o in select.all("option")]
    # The area's processes in their order (by name), the activity's own selected.
    assert options == [
        (str(process.pk), f"Process {AWKWARD}", True),
        (str(group.recruitment_process.pk), "Rekrytering", False),
    ]
    assert move.one("button").text == "Move"

    assert "open" not in comment_cell.one("details").attrs
    assert comment_cell.one("summary").text == f"Write a comment: {TITLE}"
    url = reverse("processes:activity_comment", args=[activity.pk])
    assert (comment.attrs["action"], comment.attrs["hx-post"]) == (url, url)
    assert comment.attrs["hx-target"] == f"#cockpit-row-{activity.pk}"
    assert comment.one("input", name="csrfmiddlewaretoken").attrs["value"]
    textarea = comment.one("textarea")
    assert textarea.attrs == {
        "id": f"comment-{activity.pk}",
        "name": "text",
        "rows": "3",
        "maxlength": "2000",
    }
    assert textarea.text == ""
    assert comment.one("label", **{"for": textarea.attrs["id"]}).text == "Comment for the unit"
    assert comment.one("button").text == "Save comment"


def test_in_swedish_the_row_says_the_same(client, process_owner, awkward):
    activity, _process = awkward
    client.force_login(process_owner)
    client.cookies["django_language"] = "sv"
    row = row_of(parse(client.get(reverse("processes:cockpit")).content.decode()), activity)
    assert row.one("label", **{"for": f"process-{activity.pk}"}).text == f"Process för {TITLE}"
    assert row.one("summary").text == f"Skriv en kommentar: {TITLE}"
    assert row.one("label", **{"for": f"comment-{activity.pk}"}).text == "Kommentar till enheten"
    assert [b.text for b in row.all("button")] == ["Flytta", "Spara kommentar"]


def test_a_reader_reads_the_process_by_name_with_no_forms(client, reader, awkward):
    activity, _process = awkward
    client.force_login(reader)
    client.cookies["django_language"] = "en"
    row = row_of(parse(client.get(reverse("processes:cockpit")).content.decode()), activity)
    assert [a.text for a in row.all("a")] == [TITLE, f"{AWKWARD} kort"]
    assert row.all("td")[2].text == f"Process {AWKWARD}"
    assert row.all("td")[3].text == ""
    assert not row.all("form") and not row.all("select") and not row.all("textarea")


def test_a_refused_comment_comes_back_open_with_its_text_and_message(
    client, process_owner, awkward
):
    activity, _process = awkward
    client.force_login(process_owner)
    client.cookies["django_language"] = "en"
    typed = "<b>för lång</b> & " * 200
    response = client.post(
        reverse("processes:activity_comment", args=[activity.pk]), {"text": typed}, headers=HTMX
    )
    row = row_of(parse(response.content.decode()), activity)
    assert "open" in row.one("details").attrs
    textarea = row.one("textarea")
    assert textarea.text == " ".join(typed.split())
    assert textarea.attrs["aria-invalid"] == "true"
    errors = row.one("ul", id=textarea.attrs["aria-describedby"])
    assert errors.attrs["class"] == "errorlist"
    assert [li.text for li in errors.all("li")] == [str(services.COMMENT_TOO_LONG)]
    # The move form beside it has no message.
    assert "aria-invalid" not in row.one("select").attrs


def test_a_refused_move_comes_back_with_its_message_beside_the_select(
    client, process_owner, awkward, finance
):
    activity, _process = awkward
    client.force_login(process_owner)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("processes:activity_reassign", args=[activity.pk]),
        {"process": finance.pk, "version": activity.version},
        headers=HTMX,
    )
    row = row_of(parse(response.content.decode()), activity)
    select = row.one("select")
    assert select.attrs["aria-invalid"] == "true"
    errors = row.one("ul", id=select.attrs["aria-describedby"])
    assert [li.text for li in errors.all("li")] == [str(services.NOT_YOUR_PROCESS)]
    assert "open" not in row.one("details").attrs
    assert "aria-invalid" not in row.one("textarea").attrs


def test_a_saved_comment_is_announced_in_the_row(client, process_owner, awkward):
    activity, _process = awkward
    client.force_login(process_owner)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("processes:activity_comment", args=[activity.pk]),
        {"text": "Bra jobbat"},
        headers=HTMX,
    )
    row = row_of(parse(response.content.decode()), activity)
    message = row.one("p", role="status")
    assert message.attrs["class"] == "message message--success"
    assert message.text == "Your comment was saved; the unit sees it on the activity's page."
    assert row.one("textarea").text == ""
