"""The activity import page: who may use it, the template, a clean import, and a refused one."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from goals.importing import forms as import_forms
from goals.importing import reading
from goals.importing import services as importing
from goals.importing import views as imports
from goals.models import Activity, Contribution
from tests import factories as f
from tests.goals.importing.test_services import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

URL = reverse("goals:activity_import")
LIST_URL = reverse("goals:activity_list")


def upload(content: bytes, name: str = "plan.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def good_file() -> bytes:
    return csv_bytes(
        [
            ["enhet", "titel", "mål", "budget"],
            ["Grundskoleavdelningen", "Läxhjälp", "2", "250 000"],
            ["Utbildningsförvaltningen", "Lärarlyft", "", ""],
        ]
    )


@pytest.fixture
def goal(group):
    return f.GoalFactory(code="2", title="Fler klarar skolan")


# --- Who may use it ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, group):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client.post(URL, {"file": upload(good_file())})
    assert response.status_code == 302
    assert not Activity.objects.exists()


@pytest.mark.parametrize("who", ["reader", "chief", "recruiter"])
def test_users_who_write_no_activities_are_refused(client, request, group, goal, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"mall": "1"}).status_code == 403
    assert client.post(URL, {"file": upload(good_file())}).status_code == 403
    assert not Activity.objects.exists()


def test_other_methods_are_not_allowed(client, editor):
    client.force_login(editor)
    assert client.put(URL).status_code == 405


@pytest.mark.parametrize(("who", "shown"), [("editor", True), ("reader", False)])
def test_the_activity_list_links_to_the_import_only_for_writers(client, request, who, shown):
    client.force_login(request.getfixturevalue(who))
    page = client.get(LIST_URL).content.decode()
    assert (f'href="{URL}"' in page) is shown


# --- The page and the template ----------------------------------------------------------------


def test_the_page_shows_the_form_and_the_columns(client, editor):
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert '<label for="id_file">' in page
    assert 'aria-describedby="id_file_helptext"' in page
    for header in importing.TEMPLATE_HEADERS:
        assert header in page
    assert f'href="{URL}?mall=1"' in page
    assert 'value="check"' in page


def test_the_template_is_a_csv_excel_opens_with_the_editor_s_unit(client, group, goal, editor):
    client.force_login(editor)
    response = client.get(URL, {"mall": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == importing.TEMPLATE_HEADERS
    assert len(rows) == 2
    assert rows[1][0] in {group.administration.name, group.department.name}  # the editor's
    assert rows[1][3] == "2"
    # The template itself imports cleanly, for the user who downloaded it.
    result = importing.importing_run(
        user=editor, file_name="mall.csv", content=response.content, dry_run=True
    )
    assert result.ok, result.errors


# --- Importing --------------------------------------------------------------------------------


def test_an_editor_imports_a_plan_and_lands_on_the_list(
    client, group, goal, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(URL, {"file": upload(good_file()), "action": "import"})
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert Activity.objects.count() == 2
    assert Activity.objects.get(title="Läxhjälp").goals.get() == goal
    assert len(callbacks) == 1  # the overlap scan, after the commit
    page = client.get(LIST_URL).content.decode()
    assert escape(imports.IMPORTED % {"count": 2}) in page


def test_an_excel_workbook_imports_through_the_page(client, group, editor):
    client.force_login(editor)
    content = xlsx_bytes([["Unit", "Title"], ["Grundskoleavdelningen", "Läxhjälp"]])
    response = client.post(URL, {"file": upload(content, "plan.xlsx")})
    assert response.status_code == 302
    assert Activity.objects.get().owner_unit == group.department


def test_check_only_reports_and_saves_nothing(client, group, goal, editor):
    client.force_login(editor)
    response = client.post(URL, {"file": upload(good_file()), "action": "check"})
    assert response.status_code == 200
    assert escape(imports.CHECKED % {"count": 2}) in response.content.decode()
    assert not Activity.objects.exists()


def test_row_errors_are_shown_in_a_table_and_nothing_is_saved(client, group, goal, editor):
    f.ActivityFactory(owner_unit=group.company, title="Finns")
    before = (Activity.objects.count(), Contribution.objects.count())
    client.force_login(editor)
    content = csv_bytes(
        [
            ["enhet", "titel", "mål"],
            ["Grundskoleavdelningen", "Bra", "2"],
            ["Växjöbostäder AB", "Annan enhet", ""],
            ["Grundskoleavdelningen", "Okänt mål", "9.9"],
        ]
    )
    response = client.post(URL, {"file": upload(content)})
    assert response.status_code == 200
    page = response.content.decode()
    assert (Activity.objects.count(), Contribution.objects.count()) == before
    assert "<caption" in page
    assert '<th scope="row" class="num">3</th>' in page
    assert escape(str(importing.UNIT_NOT_ALLOWED) % {"unit": "Växjöbostäder AB"}) in page
    assert '<th scope="row" class="num">4</th>' in page
    assert escape(str(importing.UNKNOWN_GOAL) % {"value": "9.9"}) in page


def test_user_text_in_the_errors_is_escaped(client, group, editor):
    client.force_login(editor)
    content = csv_bytes([["enhet", "titel"], ["<script>alert(1)</script>", "A"]])
    page = client.post(URL, {"file": upload(content)}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert escape("<script>alert(1)</script>") in page
    assert not Activity.objects.exists()


def test_unknown_headers_are_escaped_too(client, group, editor):
    client.force_login(editor)
    content = csv_bytes([["enhet", "titel", '<img src=x onerror="x">'], ["A", "B", "C"]])
    page = client.post(URL, {"file": upload(content)}).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, import_forms.FILE_REQUIRED),
        ({"file": upload(b"", "plan.csv")}, reading.FILE_EMPTY),
        ({"file": upload(b"%PDF-1.7 ...", "plan.pdf")}, reading.FILE_WRONG_TYPE),
        ({"file": upload(b"\xd0\xcf\x11\xe0...", "plan.xls")}, reading.FILE_OLD_EXCEL),
        ({"file": upload(b"enhet;titel\n\x00\x01\x02", "plan.txt")}, reading.FILE_WRONG_TYPE),
        (
            {"file": upload("enhet;titel\nGrundskoleavdelningen;Växjö\n".encode("cp1252"))},
            (reading.FILE_BAD_ENCODING, {"position": 36}),
        ),
    ],
)
def test_a_missing_or_wrong_file_is_refused_beside_the_field(client, group, editor, data, message):
    client.force_login(editor)
    response = client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<ul class="errorlist" id="id_file_error">' in page
    # Formatted here, not when the cases are collected: the page is read in English.
    message = message[0] % message[1] if isinstance(message, tuple) else str(message)
    assert escape(message) in page
    assert 'aria-describedby="id_file_helptext id_file_error"' in page
    assert not Activity.objects.exists()


def test_a_file_over_10_mb_is_refused_by_its_size(client, group, editor, monkeypatch):
    def must_not_run(**kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(importing, "importing_run", must_not_run)
    client.force_login(editor)
    content = b"enhet;titel\n" + b"x" * (reading.MAX_BYTES + 1 - 12)
    assert len(content) == reading.MAX_BYTES + 1
    response = client.post(URL, {"file": upload(content)})
    assert response.status_code == 200
    assert escape(str(reading.FILE_TOO_LARGE) % {"limit": 10}) in response.content.decode()
    assert not Activity.objects.exists()
