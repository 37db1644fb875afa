"""Swedish first: every text the app shows has its Swedish translation, none left fuzzy (a fuzzy
entry is not used, so the page would show English)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from tests import factories as f
from tests.signin import pass_second_factor
from vaxjo_riktning.models import User

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


# Words that are the same in Swedish as in English. Each is still marked for translation.
SAME_IN_BOTH = {"ID", "CV", "format", "organisation", "period", "person", "process", "status"}
SAME_IN_BOTH |= {"version"}
OUR_APPS = ["vaxjo_riktning", "goals", "processes", "recruitment", "demo"]


def _labels():
    """Every model's names and every field's verbose_name in Riktning's own apps (their history
    event models copy the fields, so they are covered by their tracked model)."""
    from django.apps import apps
    from pghistory.models import Event

    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            if issubclass(model, Event):
                continue
            meta = model._meta
            yield f"{meta.label} (model)", meta.verbose_name
            yield f"{meta.label} (model, plural)", meta.verbose_name_plural
            for field in meta.get_fields():
                if field.auto_created:
                    continue  # the id Django adds, or a reverse relation: never shown by name
                if isinstance(field, models.CompositePrimaryKey):
                    continue  # its columns are the fields, each with its own name
                yield f"{meta.label}.{field.name}", field.verbose_name


def test_every_model_and_field_name_is_swedish_in_the_admin():
    """The admin shows these as column headings and labels: one left out was "Unit" in the
    Swedish admin (an inline's column)."""
    untranslated = []
    for where, label in _labels():
        with translation.override("sv"):
            swedish = str(label)
        with translation.override("en"):
            english = str(label)
        if not isinstance(label, Promise) or (swedish == english and english not in SAME_IN_BOTH):
            untranslated.append(f"{where}: {english!r}")
    assert untranslated == []


def test_the_admin_speaks_swedish_down_to_djangos_own_labels(db):
    user = User.objects.create_superuser("superadmin", "superadmin@example.se", "x")
    client = Client()
    client.force_login(user)
    pass_second_factor(client, user)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Riktnings administration" in html
    assert "Logga ut" in html  # Django's own
    assert ">Historik<" in html  # pghistory's app
    assert ">Ändringar<" in html  # pghistory's MiddlewareEvents
    assert "Pghistory" not in html
    assert "Middleware events" not in html
    assert "Django" not in html


# --- The catalogues, and no Swedish in the English interface -----------------------------------

LOCALE = Path(__file__).resolve().parent.parent / "locale"
ENGLISH = LOCALE / "en" / "LC_MESSAGES" / "django.po"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _msgid(block: str) -> str:
    found = re.search(r'^msgid "(.*)"((?:\n".*")*)', block, re.M)
    return found[1] + "".join(line[1:-1] for line in found[2].splitlines() if line) if found else ""


def test_no_entry_is_fuzzy_in_the_english_catalogue_either():
    """The sources are English, so the English catalogue's entries stay empty (the msgid is
    shown); a fuzzy one there is a guess by makemessages from a similar text, and a fuzzy entry
    that someone later un-marks shows the wrong English."""
    entries = _entries(ENGLISH.read_text(encoding="utf-8"))
    assert len(entries) > 500
    fuzzy = [_msgid(b) for b in entries if re.search(r"^#,.*\bfuzzy\b", b, re.M)]
    assert fuzzy == []


def _swedish_texts() -> list[str]:
    """The Swedish translations long enough to be recognised on a page, placeholders aside."""
    texts = set()
    for block in _entries(SWEDISH.read_text(encoding="utf-8")):
        msgid = _msgid(block)
        for text in _translations(block):
            text = text.replace('\\"', '"').replace("\\n", " ")
            # Split on placeholders and markup: each piece is text the page would show as is.
            for piece in re.split(r"%\(\w+\)[sd]|%[sd]|<[^>]*>|\{\{[^}]*\}\}", text):
                piece = " ".join(piece.split()).strip(" .,:;()")
                if len(piece) >= 12 and " " in piece and piece not in msgid:
                    texts.add(piece)
    return sorted(texts)


def _visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    # lang="sv" marks what is Swedish on purpose (the language switch's own name).
    html = re.sub(r'(?s)<(?!html)(\w+)[^>]*\blang="sv"[^>]*>.*?</\1>', " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.django_db
def test_the_english_interface_has_no_swedish_left(client, chief, group):
    activity = f.ActivityFactory(owner_unit=group.department, title="Summer jobs", description="x")
    client.force_login(chief)
    pages = [
        reverse("overview"),
        reverse("goals:activity_detail", args=[activity.pk]),
        reverse("goals:activity_list"),
        reverse("unit_list"),
        reverse("accessibility_statement"),
        reverse("recruitment:public_ads"),
        "/finns-inte/",
    ]
    swedish = _swedish_texts()
    assert len(swedish) > 300  # the catalogue was read
    left = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        text = _visible_text(response.content.decode())
        found = [s for s in swedish if s in text]
        if found:
            left[url] = found
    assert left == {}


# Templates rendered without translations on purpose: both languages, Swedish first.
BILINGUAL_TEMPLATES = {"500.html", "503.html"}


def test_no_swedish_text_in_a_template_bypasses_translation():
    """Swedish written straight into a template would show in the English interface too: text
    goes in English inside {% translate %} or {% blocktranslate %}, with its Swedish in the
    catalogue."""
    tag = re.compile(
        r"(?s)\{%\s*(blocktranslate|comment)\b.*?\{%\s*end\1\s*%\}|\{%.*?%\}|\{#.*?#\}"
    )
    left = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = str(path.relative_to(TEMPLATES))
        if name in BILINGUAL_TEMPLATES:
            continue
        text = tag.sub("", path.read_text(encoding="utf-8"))
        # Marked lang="sv": Swedish on purpose in both languages (the import's column names).
        text = re.sub(r'(?s)<(\w+)[^>]*\blang="sv"[^>]*>.*?</\1>', " ", text)
        for line in text.splitlines():
            if re.search(r"[åäöÅÄÖ]", line):
                left.append(f"{name}: {line.strip()}")
    assert left == []
