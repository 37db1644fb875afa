"""The upload form of the activity import."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.utils.translation import gettext_lazy as _

from goals.importing import reading

FILE_REQUIRED = _("Choose a CSV or Excel file to import.")
ACCEPTED_TYPES = (
    ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)


class ActivityImportForm(forms.Form):
    """The uploaded plan. Checks what can be told without reading it: present, size, kind."""

    file = forms.FileField(
        label=_("Activity plan"),
        help_text=_(
            "A CSV file (UTF-8) or an Excel workbook (.xlsx), at most 10 MB and 5,000 rows."
        ),
        error_messages={"required": FILE_REQUIRED, "empty": reading.FILE_EMPTY},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        # Refused by its size before a byte of it is read.
        if uploaded.size > reading.MAX_BYTES:
            raise forms.ValidationError(
                str(reading.FILE_TOO_LARGE) % {"limit": reading.MAX_BYTES // (1024 * 1024)}
            )
        extension = PurePath(uploaded.name).suffix.lower()
        if extension == ".xls":
            raise forms.ValidationError(reading.FILE_OLD_EXCEL)
        if extension not in (".csv", ".txt", ".xlsx"):
            raise forms.ValidationError(reading.FILE_WRONG_TYPE)
        return uploaded
