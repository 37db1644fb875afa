"""The period report's tables as WeasyPrint lays them out: the columns have fixed widths (measuring
every cell took most of a long report's time), so each must hold its longest word, in Swedish and
in English, without breaking it or running into the next column."""

from __future__ import annotations

import pytest
from django.utils import translation
from weasyprint.formatting_structure import boxes

from goals.followup.models import ActivityReport, GoalAssessment
from goals.followup.pdf import lay_out, render_report_html
from goals.followup.report import period_report
from tests import factories as f
from tests.goals.followup.test_export_pdf import pdf_text

pytestmark = pytest.mark.django_db

# One-word names as long as those of the largest groups (46 mm in 8.5 pt DejaVu Sans).
LONG_UNIT = "Kommunledningsförvaltningen"
LONG_TITLE_WORD = "funktionsrättsorganisationerna"


@pytest.fixture
def long_words(group):
    group.administration.name = LONG_UNIT
    group.administration.save()
    period = f.ReportingPeriodFactory()
    goal = f.UnitGoalFactory(owner_unit=group.administration, title=f"Stöd till {LONG_TITLE_WORD}")
    GoalAssessment.objects.create(
        period=period, goal=goal, assessment="partly_met", analysis="Närmare målet än i fjol"
    )
    for n, status in enumerate(["on_track", "at_risk", "off_track", "not_assessed"]):
        activity = f.ActivityFactory(
            owner_unit=group.administration, title=f"Bidrag {n} till {LONG_TITLE_WORD}"
        )
        ActivityReport.objects.create(
            period=period, activity=activity, progress=100, status=status, comment="Enligt plan"
        )
    return period


def cells(box):
    if isinstance(box, boxes.TableCellBox):
        yield box
    for child in getattr(box, "children", []):
        yield from cells(child)


def text_boxes(box):
    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, "children", []):
        yield from text_boxes(child)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("whole_group", [False, True])
def test_every_column_holds_its_longest_word(long_words, group, language, whole_group):
    unit = None if whole_group else group.administration
    with translation.override(language):
        document = lay_out(render_report_html(period_report(period=long_words, unit=unit)))

    overflowing = []
    for page in document.pages:
        for cell in cells(page._page_box):
            left = cell.content_box_x()
            right = left + cell.width
            for text in text_boxes(cell):
                if text.position_x < left - 0.01 or text.position_x + text.width > right + 0.01:
                    overflowing.append(text.text)
    assert overflowing == []
    # Nothing broke inside a word: the long ones print whole.
    text = pdf_text(document.write_pdf())
    assert text.count(LONG_UNIT) >= 2
    assert LONG_TITLE_WORD in text
