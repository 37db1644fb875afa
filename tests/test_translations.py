"""Swedish first: every text the app shows has its Swedish translation, none left fuzzy (a fuzzy
entry is not used, so the page would show English)."""

from __future__ import annotations

import re
from pathlib import Path

from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

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
