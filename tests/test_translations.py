"""Swedish first: every text the app shows has its Swedish translation, none left fuzzy (a fuzzy
entry is not used, so the page would show English)."""

from __future__ import annotations

import re
from pathlib import Path

SWEDISH = Path(__file__).resolve().parent.parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[str]:
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text)]
    # The header (msgid "") and obsolete entries (#~) are not texts the app shows.
    return [b for b in blocks if b and not b.startswith('msgid ""') and "\n#~" not in "\n" + b]


def _translations(block: str) -> list[str]:
    """Each msgstr (or msgstr[n]) of the entry, its continuation lines joined."""
    found: list[str] = []
    for line in block.splitlines():
        if line.startswith("msgstr"):
            found.append(line.split('"', 1)[1].rsplit('"', 1)[0])
        elif line.startswith('"') and found:
            found[-1] += line[1:-1]
    return found


def test_every_swedish_entry_is_translated_and_none_is_fuzzy():
    entries = _entries(SWEDISH.read_text(encoding="utf-8"))
    assert len(entries) > 500  # the catalogue was read, not an empty file
    fuzzy = [b.splitlines()[-1] for b in entries if re.search(r"^#,.*\bfuzzy\b", b, re.M)]
    empty = [b for b in entries if not all(_translations(b))]
    assert fuzzy == []
    assert [re.search(r'msgid "(.*)"', b)[1] or b.splitlines()[-3] for b in empty] == []
