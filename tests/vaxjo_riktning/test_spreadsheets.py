"""The spreadsheet helpers every export and the import template share."""

import pytest

from vaxjo_riktning.spreadsheets import neutralise, sheet_name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("=1+1", "'=1+1"),
        ("+46", "'+46"),
        ("-x", "'-x"),
        ("@a", "'@a"),
        ("\tx", "'\tx"),
        ("\x00=x", "'=x"),
        ("Vanlig text", "Vanlig text"),
        (None, ""),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_a_sheet_name_is_neutralised_and_fits_excels_limit():
    assert sheet_name("=" + "x" * 40) == "'=" + "x" * 29
