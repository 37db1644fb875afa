"""The cockpit's activity rows, written in Python.

A page of the cockpit holds 25 rows, and a process owner's row holds two forms: a select to move
the activity to another process (an option per process of the area) and a comment box. Through
the template partial each row cost about 2.6 ms, 64 ms of the page's 84 ms in the profile
(cProfile, 20,000 activities), nearly all of it resolving variables, translations, URL tags and
the CSRF token again for every row. Here a writer looks each translation, the CSRF field and the
options up once per page and writes each row as one string, with the same elements, attributes,
labels and escaping as the partial did; htmx's answer after a move or a comment is the same
writer's row. tests/processes/test_cockpit_rows_html.py reads the result as a browser would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import template
from django.forms import BaseForm
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from processes.models import Process
from processes.selectors import CockpitRow

register = template.Library()


def _csrf_field(context: template.Context) -> str:
    """What {% csrf_token %} writes: the hidden field, or nothing without a token."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


class _PkURL:
    """reverse(name, args=[pk]) for any activity's pk, escaped, reversed once per page: the URL
    around a placeholder (a row has four such links; reversing each was a third of the rows'
    time)."""

    PLACEHOLDER = "2147483647"

    def __init__(self, name: str) -> None:
        before, after = reverse(name, args=[int(self.PLACEHOLDER)]).split(self.PLACEHOLDER)
        self.before, self.after = escape(before), escape(after)

    def __call__(self, pk: int) -> str:
        return f"{self.before}{int(pk)}{self.after}"


def _error_list(element_id: str, errors: Iterable[Any]) -> str:
    items = "".join(f"<li>{escape(error)}</li>" for error in errors)
    return f'<ul class="errorlist" id="{element_id}">{items}</ul>'


class _RowWriter:
    """Writes rows in the active language, each translation and option looked up once."""

    def __init__(
        self,
        *,
        csrf_field: str,
        owner: bool,
        processes: Sequence[Process],
        reassign_form: BaseForm | str | None = None,
        comment_form: BaseForm | str | None = None,
        saved: str = "",
    ) -> None:
        self.csrf_field = csrf_field
        self.owner = owner
        self.edit = escape(gettext("Edit"))
        self.move = escape(gettext("Move"))
        self.write_comment = escape(gettext("Write a comment"))
        self.save_comment = escape(gettext("Save comment"))
        self.process_of = gettext("Process of %(title)s")
        # Each process's option, selected and not.
        self.options = [
            (process.pk, f'<option value="{process.pk}"', f">{escape(process.name)}</option>")
            for process in processes
        ]
        # (A form the template does not have comes as "": no errors, an empty box.)
        reassign_errors = reassign_form.errors if isinstance(reassign_form, BaseForm) else {}
        self.reassign_errors = [error for errors in reassign_errors.values() for error in errors]
        self.comment_label = self.comment_value = ""
        self.comment_errors: list[str] = []
        self.comment_open = False
        if isinstance(comment_form, BaseForm):
            field = comment_form["text"]
            self.comment_label = escape(field.label)
            self.comment_errors = list(field.errors)
            value = field.value()
            self.comment_value = "" if value is None else escape(value)
            self.comment_open = bool(comment_form.errors)
        self.saved = (
            f'<p class="message message--success" role="status">{escape(saved)}</p>\n'
            if saved
            else ""
        )
        self.units: dict[int, str] = {}
        self.activity_url = _PkURL("goals:activity_detail")
        self.edit_url = _PkURL("goals:activity_edit")
        self.reassign_url = _PkURL("processes:activity_reassign")
        self.comment_url = _PkURL("processes:activity_comment")

    def unit_link(self, activity: Any) -> str:
        unit = activity.owner_unit
        link = self.units.get(unit.pk)
        if link is None:
            link = self.units[unit.pk] = (
                f'<a href="{escape(unit.get_absolute_url())}">{escape(unit.display_name)}</a>'
            )
        return link

    def row(self, row: CockpitRow) -> str:
        activity = row.activity
        pk = activity.pk
        title = escape(activity.title)
        editable = row.may_edit and self.owner
        edit = (
            f'\n<a class="cell-edit" href="{self.edit_url(pk)}">'
            f'{self.edit}<span class="visually-hidden">: {title}</span></a>'
            if editable
            else ""
        )
        process = self.process_cell(activity, title) if editable else self.process_name(activity)
        comment = self.comment_cell(activity, title) if self.owner else ""
        return (
            f'<tr id="cockpit-row-{pk}">\n'
            f'<th scope="row">\n<a href="{self.activity_url(pk)}">{title}</a>{edit}\n'
            f"</th>\n"
            f"<td>{self.unit_link(activity)}</td>\n"
            f'<td><span class="badge badge--status">{escape(activity.get_status_display())}'
            f"</span></td>\n"
            f"<td>\n{process}\n</td>\n"
            f"<td>\n{self.saved}{comment}</td>\n"
            f"</tr>\n"
        )

    def process_name(self, activity: Any) -> str:
        process = activity.process
        return escape(process.name) if process is not None else ""

    def process_cell(self, activity: Any, title: str) -> str:
        pk = activity.pk
        url = self.reassign_url(pk)
        options = "".join(
            f"{start} selected{end}" if value == activity.process_id else f"{start}{end}"
            for value, start, end in self.options
        )
        invalid = ""
        errors = ""
        if self.reassign_errors:
            invalid = f' aria-invalid="true" aria-describedby="process-{pk}-error"'
            errors = _error_list(f"process-{pk}-error", self.reassign_errors) + "\n"
        label = self.process_of % {"title": title}
        return (
            f'<form method="post" action="{url}" hx-post="{url}" hx-target="#cockpit-row-{pk}" '
            f'hx-swap="outerHTML" class="inline-form">\n'
            f"{self.csrf_field}\n"
            f'<input type="hidden" name="version" value="{activity.version}">\n'
            f'<label for="process-{pk}" class="visually-hidden">{label}</label>\n'
            f'<select id="process-{pk}" name="process"{invalid}>\n{options}\n</select>\n'
            f'<button type="submit" class="button">{self.move}</button>\n'
            f"{errors}</form>"
        )

    def comment_cell(self, activity: Any, title: str) -> str:
        pk = activity.pk
        url = self.comment_url(pk)
        invalid = ""
        errors = ""
        if self.comment_errors:
            invalid = f' aria-invalid="true" aria-describedby="comment-{pk}-error"'
            errors = _error_list(f"comment-{pk}-error", self.comment_errors) + "\n"
        return (
            f"<details{' open' if self.comment_open else ''}>\n"
            f'<summary>{self.write_comment}<span class="visually-hidden">: {title}</span>'
            f"</summary>\n"
            f'<form method="post" action="{url}" hx-post="{url}" hx-target="#cockpit-row-{pk}" '
            f'hx-swap="outerHTML">\n'
            f"{self.csrf_field}\n"
            f'<label for="comment-{pk}">{self.comment_label}</label>\n'
            f'<textarea id="comment-{pk}" name="text" rows="3" maxlength="2000"{invalid}>'
            f"{self.comment_value}</textarea>\n"
            f"{errors}"
            f'<button type="submit" class="button">{self.save_comment}</button>\n'
            f"</form>\n</details>\n"
        )


@register.simple_tag(takes_context=True)
def cockpit_rows(
    context: template.Context,
    rows: Iterable[CockpitRow],
    *,
    owner: bool,
    processes: Sequence[Process],
    comment_form: BaseForm | str | None = None,
    reassign_form: BaseForm | str | None = None,
    saved: str = "",
) -> SafeString:
    """The cockpit's rows: ``{% cockpit_rows cockpit.rows owner=cockpit.owner
    processes=processes comment_form=comment_form %}``; with one row and a form's errors, or
    the message of what was saved, the row htmx swaps in after a change."""
    writer = _RowWriter(
        csrf_field=_csrf_field(context),
        owner=bool(owner),
        processes=processes,
        reassign_form=reassign_form,
        comment_form=comment_form,
        saved=str(saved or ""),
    )
    return mark_safe("".join(writer.row(row) for row in rows))  # noqa: S308
