"""The fields of a coordination saving, shared by the overlap decisions (the expected saving)
and the year-end report (the realised saving)."""

from __future__ import annotations

from typing import Any

from django import forms

from goals.savings.services import parse_kronor


class KronorField(forms.CharField):
    """Whole kronor, 0 or more, as people write them ("250 000 kr"); refused beside the field
    otherwise, with what was typed kept."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "class": "input-short"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        return parse_kronor(super().to_python(value))
