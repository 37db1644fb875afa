"""Importing activity plans from CSV and Excel: what is read, what is refused, and that a file with
any error saves nothing. Files are built in each test with csv and openpyxl."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pghistory.models
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook

from goals.importing import reading
from goals.importing import services as importing
from goals.models import Activity, Contribution
from goals.tasks import overlap_scan_activities_task
from tests import factories as f
from vaxjo_riktning.celery import app as celery_app
from vaxjo_riktning.models import OutboxTask
from vaxjo_riktning.tasks import overview_refresh_task

pytestmark = pytest.mark.django_db

SV_HEADER = ["enhet", "titel", "beskrivning", "mål", "effekt", "process", "status", "start"]
SV_HEADER += ["slut", "budget"]


def csv_bytes(rows: list[list[str]], *, delimiter: str = ";", bom: bool = False) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _english():
    """Read the importer's messages in the English source text, as the view tests do."""
    with translation.override("en"):
        yield


def expect(text, /, **params) -> str:
    """A message constant as the import writes it, in whatever language is active."""
    return text % params if params else str(text)


def run(content: bytes, *, user=None, name: str = "plan.csv", dry_run: bool = False):
    return importing.importing_run(user=user, file_name=name, content=content, dry_run=dry_run)


def errors_of(result) -> list[tuple[int | None, str, str]]:
    return [(e.line, e.column, e.message) for e in result.errors]


@pytest.fixture
def goals(group):
    council = f.GoalFactory(code="2", title="Fler klarar skolan")
    unit_goal = f.UnitGoalFactory(code="2.1", title="Alla elever läser", parent=council)
    return council, unit_goal


def row(**values: str) -> list[str]:
    """A data row under SV_HEADER, with sensible values unless overridden."""
    defaults = {
        "enhet": "Grundskoleavdelningen",
        "titel": "Läxhjälp i alla skolor",
        "beskrivning": "Efter skoltid.",
        "mål": "",
        "effekt": "",
        "process": "",
        "status": "",
        "start": "",
        "slut": "",
        "budget": "",
    }
    defaults.update(values)
    return [defaults[h] for h in SV_HEADER]


# --- What is read -----------------------------------------------------------------------------


def test_a_swedish_file_imports_every_field(group, goals, editor):
    council, unit_goal = goals
    content = csv_bytes(
        [
            SV_HEADER,
            row(
                mål="2; 2.1",
                process="Rekrytering",
                status="pågående",
                start="2026-03-01",
                slut="2026-12-31",
                budget="1 250 000 kr",
            ),
            row(enhet="utbildning", titel="Lärarlyft", status="Planerad"),
        ]
    )
    result = run(content, user=editor)
    assert result.ok, result.errors
    assert len(result.created_ids) == 2
    first = Activity.objects.get(title="Läxhjälp i alla skolor")
    assert first.owner_unit == group.department
    assert first.description == "Efter skoltid."
    assert first.process == group.recruitment_process
    assert first.status == Activity.Status.ONGOING
    assert (first.start_date, first.end_date) == (date(2026, 3, 1), date(2026, 12, 31))
    assert first.budget_sek == 1_250_000
    assert first.created_by == editor
    assert set(first.goals.all()) == {council, unit_goal}
    assert set(first.contributions.values_list("effect", flat=True)) == {"supports"}
    second = Activity.objects.get(title="Lärarlyft")
    assert second.owner_unit == group.administration  # by slug
    assert second.status == Activity.Status.PLANNED


def test_english_headers_in_any_case_and_spacing_import(group, goals, editor):
    header = ["  Unit ", "TITLE", "Description", "Goals", "Effect", "Process", "Status", "Start"]
    header += ["End", "Budget"]
    content = csv_bytes(
        [
            header,
            [
                "grundskoleavdelningen",
                "Läsfrämjande",
                "",
                "2.1",
                "supports",
                "",
                "Ongoing",
                "",
                "",
                "5000",
            ],
        ]  # fmt: skip
    )
    result = run(content, user=editor)
    assert result.ok, result.errors
    activity = Activity.objects.get(pk=result.created_ids[0])
    assert (activity.owner_unit, activity.status, activity.budget_sek) == (
        group.department,
        Activity.Status.ONGOING,
        5000,
    )


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("bom", [True, False])
def test_semicolon_comma_and_tab_files_with_or_without_bom_import(group, editor, delimiter, bom):
    content = csv_bytes(
        [["enhet", "titel", "beskrivning"], ["Grundskoleavdelningen", "Läxhjälp", "A, b; c"]],
        delimiter=delimiter,
        bom=bom,
    )
    result = run(content, user=editor)
    assert result.ok, result.errors
    assert Activity.objects.get().description == "A, b; c"


def test_mal_without_ring_and_the_reason_column_are_accepted(group, goals, editor):
    _council, unit_goal = goals
    content = csv_bytes(
        [
            ["Enhet", "Titel", "MAL", "Effekt", "Motivering"],
            [
                "Grundskoleavdelningen",
                "Bilparkering vid skolan",
                "Alla elever läser",
                "motverkar",
                "Mer biltrafik",
            ],  # fmt: skip
        ]
    )
    result = run(content, user=editor)
    assert result.ok, result.errors
    contribution = Contribution.objects.get()
    assert (contribution.goal, contribution.effect, contribution.reason) == (
        unit_goal,
        Contribution.Effect.COUNTERACTS,
        "Mer biltrafik",
    )


def test_goals_are_found_by_id_code_title_and_code_with_title(group, editor):
    by_hash = f.GoalFactory(code="7", title="Mål A")
    by_code = f.GoalFactory(code="3.4", title="Mål B")
    by_title = f.GoalFactory(code="", title="Ett hållbart Växjö")
    by_label = f.GoalFactory(code="5", title="Trygghet")
    by_bare_id = f.GoalFactory(code="", title="Mål E")
    goals = f"#{by_hash.pk}; 3.4\nett HÅLLBART växjö; 5 Trygghet; {by_bare_id.pk}"
    content = csv_bytes([["enhet", "titel", "mål"], ["Grundskoleavdelningen", "Allt", goals]])
    result = run(content, user=editor)
    assert result.ok, result.errors
    assert set(Activity.objects.get().goals.all()) == {
        by_hash,
        by_code,
        by_title,
        by_label,
        by_bare_id,
    }


def test_an_excel_workbook_imports_with_date_and_number_cells(group, goals, editor):
    content = xlsx_bytes(
        [
            ["Enhet", "Titel", "Mål", "Start", "Slut", "Budget", "Status"],
            [
                "Grundskoleavdelningen",
                "Läxhjälp",
                "2.1",
                datetime(2026, 3, 1),  # noqa: DTZ001 - Excel's date cells have no time zone
                date(2026, 6, 30),
                250000,
                "klar",
            ],  # fmt: skip
            [None, None, None, None, None, None, None],  # a blank row is skipped
            ["Utbildningsförvaltningen", "Lärarlyft", 2, None, None, 1000.0, None],
        ]
    )
    result = run(content, user=editor, name="Plan.XLSX")
    assert result.ok, result.errors
    first = Activity.objects.get(title="Läxhjälp")
    assert (first.start_date, first.end_date, first.budget_sek, first.status) == (
        date(2026, 3, 1),
        date(2026, 6, 30),
        250_000,
        Activity.Status.DONE,
    )
    assert str(Activity.objects.get(title="Lärarlyft").goals.get().code) == "2"


def test_a_quoted_cell_with_line_breaks_stays_one_line_and_blank_lines_still_count(group, editor):
    content = csv_bytes(
        [
            ["enhet", "titel", "beskrivning"],
            ["Grundskoleavdelningen", "Ett", "rad ett\nrad två"],
            ["", "", ""],
            ["Okänd enhet", "Två", ""],
        ]
    )
    result = run(content, user=editor)
    assert errors_of(result) == [(4, "enhet", expect(importing.UNKNOWN_UNIT, value="Okänd enhet"))]


def test_a_dry_run_checks_and_saves_nothing(group, editor):
    content = csv_bytes([["enhet", "titel"], ["Grundskoleavdelningen", "Läxhjälp"]])
    result = run(content, user=editor, dry_run=True)
    assert result.ok
    assert (result.row_count, result.created_ids) == (1, [])
    assert not Activity.objects.exists()


def test_the_overlap_scan_is_enqueued_for_the_new_activities_in_the_outbox(
    group, editor, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)  # a worker runs the tasks
    content = csv_bytes([["enhet", "titel"], ["Grundskoleavdelningen", "A"], ["utbildning", "B"]])
    with django_capture_on_commit_callbacks(execute=False):
        result = run(content, user=editor)
    assert result.ok
    assert len(result.created_ids) == 2
    # Recorded in the import's own transaction: the scan of exactly the new rows, and the
    # overview's refresh.
    queued = {row.task: row.args for row in OutboxTask.objects.all()}
    assert queued == {
        overlap_scan_activities_task.name: [result.created_ids],
        overview_refresh_task.name: [],
    }


def test_a_failed_or_dry_run_import_enqueues_nothing(
    group, editor, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    fine = csv_bytes([["enhet", "titel"], ["Grundskoleavdelningen", "A"]])
    bad = csv_bytes([["enhet", "titel"], ["X", "A"]])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run(fine, user=editor, dry_run=True)
        run(bad, user=editor)
    assert callbacks == []
    assert not OutboxTask.objects.exists()


def test_the_history_names_the_file(group, editor):
    content = csv_bytes([["enhet", "titel"], ["Grundskoleavdelningen", "A"]])
    run(content, user=editor, name="plan-2026.csv")
    assert pghistory.models.Context.objects.filter(metadata__import_file="plan-2026.csv").exists()


# --- Row errors: every error reported with its line and column, and nothing saved -------------


BAD_ROWS = [
    (
        {"enhet": "Gatukontoret"},
        "enhet",
        lambda g: expect(importing.UNKNOWN_UNIT, value="Gatukontoret"),
    ),
    ({"enhet": ""}, "enhet", lambda g: expect(importing.REQUIRED)),
    ({"mål": "9.9"}, "mål", lambda g: expect(importing.UNKNOWN_GOAL, value="9.9")),
    ({"mål": "2.1; 2.1"}, "mål", lambda g: expect(importing.DUPLICATE_GOAL, value="2.1")),
    ({"process": "Lön"}, "process", lambda g: expect(importing.UNKNOWN_PROCESS, value="Lön")),
    (
        {"status": "halvklar"},
        "status",
        lambda g: expect(importing.BAD_STATUS, value="halvklar", choices=importing.STATUS_HELP),
    ),
    ({"effekt": "kanske"}, "effekt", lambda g: expect(importing.BAD_EFFECT, value="kanske")),
    ({"start": "1/3 2026"}, "start", lambda g: expect(importing.BAD_DATE, value="1/3 2026")),
    ({"slut": "2026-02-30"}, "slut", lambda g: expect(importing.BAD_DATE, value="2026-02-30")),
    (
        {"start": "2026-05-01", "slut": "2026-04-01"},
        "slut",
        lambda g: expect(importing.END_BEFORE_START, end="2026-04-01", start="2026-05-01"),
    ),
    ({"budget": "-100"}, "budget", lambda g: expect(importing.BUDGET_NEGATIVE)),
    (
        {"budget": "mycket"},
        "budget",
        lambda g: expect(importing.BUDGET_NOT_A_NUMBER, value="mycket"),
    ),  # fmt: skip
    ({"budget": "100,50"}, "budget", lambda g: expect(importing.BUDGET_NOT_WHOLE, value="100,50")),
    ({"titel": "   "}, "titel", lambda g: expect(importing.REQUIRED)),
    (
        {"titel": "x" * 201},
        "titel",
        lambda g: expect(importing.TITLE_TOO_LONG, length=201, limit=200),
    ),
    (
        {"mål": "2", "effekt": "motverkar"},
        "motivering",
        lambda g: expect(importing.COUNTERACTION_NEEDS_REASON),
    ),
    (
        {"beskrivning": '=HYPERLINK("x")'},
        "beskrivning",
        lambda g: expect(importing.FORMULA_REFUSED, char="="),
    ),  # fmt: skip
    (
        {"titel": "+cmd|' /C calc'!A0"},
        "titel",
        lambda g: expect(importing.FORMULA_REFUSED, char="+"),
    ),  # fmt: skip
    ({"titel": "-2+3"}, "titel", lambda g: expect(importing.FORMULA_REFUSED, char="-")),
    (
        {"beskrivning": "@SUM(A1)"},
        "beskrivning",
        lambda g: expect(importing.FORMULA_REFUSED, char="@"),
    ),  # fmt: skip
    ({"titel": "\t=1+1"}, "titel", lambda g: expect(importing.FORMULA_REFUSED, char="=")),
]


@pytest.mark.parametrize(("values", "column", "message"), BAD_ROWS)
def test_a_bad_row_is_reported_with_its_line_and_column_and_nothing_is_saved(
    group, goals, editor, values, column, message
):
    f.ActivityFactory(owner_unit=group.company, title="Finns redan")
    before = (Activity.objects.count(), Contribution.objects.count())
    content = csv_bytes([SV_HEADER, row(titel="Bra rad"), row(titel="Bra rad två"), row(**values)])
    result = run(content, user=editor)
    assert errors_of(result) == [(4, column, message(group))]
    assert result.created_ids == []
    assert (Activity.objects.count(), Contribution.objects.count()) == before


def test_every_error_is_reported_by_line_and_then_column_order(group, editor):
    content = csv_bytes(
        [
            ["enhet", "titel", "budget"],
            ["X", "", "-5"],
            ["Grundskoleavdelningen", "Bra", ""],
            ["Grundskoleavdelningen", "Bra", "abc"],
        ]
    )
    result = run(content, user=editor)
    assert errors_of(result) == [
        (2, "enhet", expect(importing.UNKNOWN_UNIT, value="X")),
        (2, "titel", expect(importing.REQUIRED)),
        (2, "budget", expect(importing.BUDGET_NEGATIVE)),
        (4, "titel", expect(importing.DUPLICATE_ROW, line=3)),
        (4, "budget", expect(importing.BUDGET_NOT_A_NUMBER, value="abc")),
    ]
    assert not Activity.objects.exists()


def test_a_plain_signed_number_is_a_number_not_a_formula(group, editor):
    content = csv_bytes(
        [["enhet", "titel", "ansvarig"], ["Grundskoleavdelningen", "A", "+46 470 410 00"]]
    )
    result = run(content, user=editor)
    assert result.ok, result.errors


def test_a_formula_cell_in_excel_is_refused(group, editor):
    content = xlsx_bytes([["enhet", "titel", "budget"], ["Grundskoleavdelningen", "A", "=1000*2"]])
    result = run(content, user=editor, name="plan.xlsx")
    assert errors_of(result) == [(2, "budget", expect(importing.FORMULA_REFUSED, char="="))]
    assert not Activity.objects.exists()


def test_an_activity_the_unit_already_has_is_refused(group, editor):
    existing = f.ActivityFactory(owner_unit=group.department, title="Läxhjälp")
    content = csv_bytes([["enhet", "titel"], ["Grundskoleavdelningen", "LÄXHJÄLP"]])
    result = run(content, user=editor)
    assert errors_of(result) == [
        (2, "titel", expect(importing.ALREADY_EXISTS, unit=group.department.name, id=existing.pk))
    ]


def test_a_unit_editor_gets_a_row_error_for_another_unit(group, editor):
    content = csv_bytes(
        [["enhet", "titel"], ["Grundskoleavdelningen", "A"], ["Växjöbostäder AB", "B"]]
    )
    result = run(content, user=editor)
    assert errors_of(result) == [
        (3, "enhet", expect(importing.UNIT_NOT_ALLOWED, unit="Växjöbostäder AB"))
    ]
    assert not Activity.objects.exists()


def test_a_process_owner_imports_only_through_their_processes(group, process_owner):
    other = f.ProcessFactory(name="Lön", slug="lon")
    content = csv_bytes(
        [
            ["enhet", "titel", "process"],
            ["Växjöbostäder AB", "Rekrytera hyresvärdar", "rekrytering"],
            ["Växjöbostäder AB", "Lönerevision", "Lön"],
        ]
    )
    result = run(content, user=process_owner)
    assert errors_of(result) == [
        (
            3,
            "process",
            expect(importing.PROCESS_NOT_ALLOWED, unit="Växjöbostäder AB", process=other.name),
        )
    ]


def test_an_ambiguous_goal_code_is_refused_with_the_ids(group, editor):
    a = f.UnitGoalFactory(code="1.1", title="Nämndmål A")
    b = f.UnitGoalFactory(code="1.1", title="Nämndmål B")
    content = csv_bytes([["enhet", "titel", "mål"], ["Grundskoleavdelningen", "A", "1.1"]])
    result = run(content, user=editor)
    ids = sorted([a.pk, b.pk])
    assert errors_of(result) == [
        (
            2,
            "mål",
            expect(importing.AMBIGUOUS_GOAL, value="1.1", ids=f"#{ids[0]}, #{ids[1]}", id=ids[0]),
        )
    ]


def test_user_text_in_messages_is_shortened(group, editor):
    content = csv_bytes([["enhet", "titel"], ["Ö" * 500, "A"]])
    (error,) = run(content, user=editor).errors
    assert "Ö" * 59 + "…" in error.message
    assert "Ö" * 61 not in error.message


# --- Whole-file refusals ----------------------------------------------------------------------


def test_unknown_and_missing_headers_are_reported_on_line_one(group, editor):
    content = csv_bytes([["Titel", "Kostnad", "Ansvarig enhet"], ["A", "1", "x"]])
    result = run(content, user=editor)
    columns = ", ".join(importing.TEMPLATE_HEADERS)
    assert errors_of(result) == [
        (1, "Kostnad", expect(importing.HEADER_UNKNOWN, value="Kostnad", columns=columns)),
        (
            1,
            "Ansvarig enhet",
            expect(importing.HEADER_UNKNOWN, value="Ansvarig enhet", columns=columns),
        ),
        (1, "enhet", expect(importing.HEADER_MISSING, value="enhet")),
    ]


def test_a_column_named_twice_is_refused(group, editor):
    content = csv_bytes([["enhet", "titel", "Title"], ["Grundskoleavdelningen", "A", "B"]])
    assert errors_of(run(content, user=editor)) == [
        (1, "Title", expect(importing.HEADER_DUPLICATE, value="Title"))
    ]


def test_an_empty_trailing_column_is_ignored_but_values_without_a_header_are_not(group, editor):
    fine = csv_bytes([["enhet", "titel", ""], ["Grundskoleavdelningen", "A", ""]])
    assert run(fine, user=editor, dry_run=True).ok
    bad = csv_bytes([["enhet", "titel", ""], ["Grundskoleavdelningen", "A", "något"]])
    assert errors_of(run(bad, user=editor)) == [(1, "column 3", expect(importing.HEADER_EMPTY))]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", reading.FILE_EMPTY),
        (b"  \r\n", reading.FILE_EMPTY),
        (csv_bytes([["enhet", "titel"]]), reading.FILE_NO_ROWS),
        (
            csv_bytes([["enhet", "titel"], ["", ""], [" ", ""]], delimiter=","),
            reading.FILE_NO_ROWS,
        ),  # fmt: skip
    ],
)
def test_an_empty_file_or_one_without_rows_is_refused(group, editor, content, message):
    result = run(content, user=editor)
    assert errors_of(result) == [(None, "", expect(message))]


def test_text_that_is_not_utf8_is_refused_whole(group, editor):
    content = "enhet;titel\nGrundskoleavdelningen;Växjö läser\n".encode("latin-1")
    result = run(content, user=editor)
    position = content.index("ä".encode("latin-1")) + 1
    assert errors_of(result) == [(None, "", expect(reading.FILE_BAD_ENCODING, position=position))]
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", reading.FILE_WRONG_TYPE),
        ("plan.csv", b"%PDF-1.7\nenhet;titel\n", reading.FILE_WRONG_TYPE),
        ("plan.txt", b"enhet;titel\n\x00\x01\x02\xff\xfe", reading.FILE_WRONG_TYPE),
        ("plan.docx", b"PK\x03\x04rest-of-a-zip", reading.FILE_WRONG_TYPE),
        ("plan.csv", b"PK\x03\x04rest-of-a-zip", reading.FILE_WRONG_TYPE),
        ("plan", b"enhet;titel\nA;B\n", reading.FILE_WRONG_TYPE),
        ("plan.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", reading.FILE_OLD_EXCEL),
        ("plan.xlsx", b"enhet;titel\nA;B\n", reading.FILE_WRONG_TYPE),
        ("plan.xlsx", b"PK\x03\x04not-really-a-zip", reading.FILE_UNREADABLE_EXCEL),
    ],
)
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused_whole(
    group, editor, name, content, message
):
    result = run(content, user=editor, name=name)
    assert errors_of(result) == [(None, "", expect(message))]


def test_a_file_over_10_mb_is_refused_before_it_is_read(group, editor, monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(reading, "_sniff_kind", must_not_run)
    content = b"x" * (10 * 1024 * 1024 + 1)
    result = run(content, user=editor)
    assert errors_of(result) == [(None, "", expect(reading.FILE_TOO_LARGE, limit=10))]


def test_a_file_of_exactly_10_mb_is_read(group, editor):
    rows = [["enhet", "titel", "beskrivning"]]
    rows += [["Grundskoleavdelningen", f"A{n:04}", "x" * 2600] for n in range(3950)]
    content = csv_bytes(rows)
    content += b"Grundskoleavdelningen;Sist;" + b"y" * (reading.MAX_BYTES - len(content) - 27)
    assert len(content) == reading.MAX_BYTES
    result = run(content, user=editor, dry_run=True)
    assert result.ok, result.errors[:1]
    assert result.row_count == 3951


def test_more_rows_than_the_limit_are_refused_whole(group, editor):
    rows = [["enhet", "titel"]] + [
        ["Grundskoleavdelningen", f"Aktivitet {n}"] for n in range(reading.MAX_ROWS + 1)
    ]
    result = run(csv_bytes(rows), user=editor)
    assert errors_of(result) == [(None, "", expect(reading.FILE_TOO_MANY_ROWS, limit="5 000"))]
    assert not Activity.objects.exists()


def test_the_row_limit_itself_imports(group, editor, django_assert_max_num_queries):
    rows = [["enhet", "titel", "mål"]] + [
        ["Grundskoleavdelningen", f"Aktivitet {n}", "2"] for n in range(reading.MAX_ROWS)
    ]
    f.GoalFactory(code="2")
    # The units, processes, goals and existing titles are read once; the rows are saved in bulk.
    with django_assert_max_num_queries(30):
        result = run(csv_bytes(rows), user=editor)
    assert result.ok
    assert Activity.objects.count() == reading.MAX_ROWS
    assert Contribution.objects.count() == reading.MAX_ROWS


# --- The command ------------------------------------------------------------------------------


def _call(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_activities", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_as_the_system_and_history_names_it(group, goals, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([SV_HEADER, row(enhet="Växjöbostäder AB", mål="2")]))
    out, _err = _call(str(path))
    assert out.strip() == expect(importing.IMPORTED, count=1)
    activity = Activity.objects.get()
    assert (activity.owner_unit, activity.created_by) == (group.company, None)
    assert pghistory.models.Context.objects.filter(
        metadata__command="import_activities", metadata__import_file="plan.csv"
    ).exists()


def test_the_command_prints_row_errors_and_fails(group, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([SV_HEADER, row(), row(enhet="X", titel="B")]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_activities", str(path), stdout=io.StringIO(), stderr=err)
    expected = expect(
        importing.ERROR_LINE,
        line=3,
        column="enhet",
        message=expect(importing.UNKNOWN_UNIT, value="X"),
    )
    assert err.getvalue().splitlines() == [expected]
    assert not Activity.objects.exists()


def test_the_command_checks_the_user_s_rights(group, editor, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([SV_HEADER, row(enhet="Växjöbostäder AB")]))
    with pytest.raises(CommandError):
        _call(str(path), "--user", editor.username)
    assert not Activity.objects.exists()
    path.write_bytes(csv_bytes([SV_HEADER, row()]))
    _call(str(path), "--user", editor.username)
    assert Activity.objects.get().created_by == editor


def test_the_command_dry_run_saves_nothing(group, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx_bytes([SV_HEADER, row()]))
    out, _err = _call(str(path), "--dry-run")
    assert out.strip() == expect(importing.CHECKED, count=1)
    assert not Activity.objects.exists()


def test_the_command_refuses_an_unknown_user_a_missing_file_and_a_huge_file(group, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([SV_HEADER, row()]))
    with pytest.raises(CommandError):
        _call(str(path), "--user", "nobody")
    with pytest.raises(CommandError):
        _call(str(tmp_path / "missing.csv"))
    huge = tmp_path / "huge.csv"
    huge.write_bytes(b"x" * (reading.MAX_BYTES + 1))
    with pytest.raises(CommandError, match="10"):
        _call(str(huge))


def test_a_reader_s_rows_are_all_refused(group, reader):
    content = csv_bytes([["enhet", "titel"], ["Grundskoleavdelningen", "A"]])
    result = run(content, user=reader)
    assert errors_of(result) == [
        (2, "enhet", expect(importing.UNIT_NOT_ALLOWED, unit="Grundskoleavdelningen"))
    ]
