"""The review queue's rows of pairs, which Python writes instead of a template (goals/
templatetags/overlap_rows.py): read back as a browser parses them, with names that need
escaping, an open pair with every kind of reason, a decided pair with a withdrawn activity, for
one who decides and one who reads, in both languages; and the pair's own page, whose reasons
the same code writes."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.urls import reverse

from goals.models import Activity, OverlapSuggestion
from tests import factories as f
from tests.html_tree import Element, parse

pytestmark = pytest.mark.django_db

Decision = OverlapSuggestion.Decision
# Names with every character an attribute or the page must escape.
AWKWARD = 'Bo & Bygg "Hem" <AB>'
TITLE = 'Mässa för <lärare> & "rektorer"'
OTHER = "Mässa för lärare 'i' <Braås>"
LIST = reverse("goals:overlap_list")


@pytest.fixture
def pairs(group, chief):
    """An open pair between a company named awkwardly and an HR process named awkwardly, with
    every kind of reason; and a pair decided by the chief executive, one of whose activities has
    since been withdrawn."""
    company = f.UnitFactory(name=AWKWARD, slug="bo-bygg")
    process = f.ProcessFactory(area=group.hr_area, name=f"Process {AWKWARD}", slug="konstig")
    a = f.ActivityFactory(title=TITLE, owner_unit=group.administration, process=process)
    b = f.ActivityFactory(title=OTHER, owner_unit=company)
    open_pair = OverlapSuggestion.objects.create(
        activity_a=a,
        activity_b=b,
        score=0.826,
        text_score=0.7,
        shared_goals=2,
        same_process=True,
        reasons=[
            ["thing", "mässa ≈ <marknad> & co"],
            ["words", "lärare"],
            ["goal", ""],
            ["process", ""],
        ],
    )
    c = f.ActivityFactory(title="Gammal mässa", owner_unit=group.administration)
    d = f.ActivityFactory(title="Äldre mässa", owner_unit=company)
    decided = OverlapSuggestion.objects.create(
        activity_a=c,
        activity_b=d,
        score=0.5,
        text_score=0.5,
        decision=Decision.RELATED,
        decided_by=chief,
        decided_at=datetime(2026, 3, 4, 23, 30, tzinfo=UTC),
    )
    Activity.objects.filter(pk=d.pk).update(
        withdrawn_at=datetime(2026, 4, 1, tzinfo=UTC), withdrawn_reason="Klar"
    )
    return open_pair, decided


def rows(client, url: str, language: str = "en") -> list[Element]:
    client.cookies["django_language"] = language
    page = parse(client.get(url).content.decode())
    (table,) = [t for t in page.all("table", **{"class": "overlap-table"}) if t.all("tbody")]
    return table.one("tbody").all("tr")


def test_an_open_pair_reads_back_with_its_names_links_and_reasons(client, chief, group, pairs):
    open_pair, _decided = pairs
    client.force_login(chief)
    (row,) = rows(client, LIST)
    score, side_a, side_b, reasons, decision = row.all("td")
    assert (score.attrs["class"], score.text) == ("num", "83%")
    assert score.one("span").attrs == {"class": "score"}

    link = side_a.one("a")
    assert (link.attrs["href"], link.text) == (open_pair.activity_a.get_absolute_url(), TITLE)
    assert side_a.all("span", **{"class": "badge badge--withdrawn"}) == []
    assert side_a.one("span", **{"class": "activity-process"}).text == (
        f"Utbildningsförvaltningen · HR/personal: Process {AWKWARD}"
    )
    link = side_b.one("a")
    assert (link.attrs["href"], link.text) == (open_pair.activity_b.get_absolute_url(), OTHER)
    # No process: the unit alone.
    assert side_b.one("span", **{"class": "activity-process"}).text == AWKWARD

    listed = reasons.one("ul", **{"class": "overlap-reasons"})
    assert [item.text for item in listed.all("li")] == [
        "Same thing: mässa ≈ <marknad> & co",
        "Same words: lärare",
        "Texts 70% alike",
        "2 shared goals",
        "Same group-wide process",
    ]

    state = decision.one("span", **{"class": "decision decision--open"})
    assert state.text == "Not yet decided"
    assert decision.all("time") == []
    link = decision.one("a", **{"class": "overlap-open"})
    assert link.attrs["href"] == (
        reverse("goals:overlap_detail", args=[open_pair.pk]) + "?next=" + quote(LIST, safe="/")
    )
    assert link.text == f"Compare and decide: {TITLE} – {OTHER}"
    assert link.one("span", **{"class": "visually-hidden"}).text == f": {TITLE} – {OTHER}"


def test_a_reader_compares_and_the_link_returns_to_the_filtered_queue(client, reader, pairs):
    open_pair, _decided = pairs
    client.force_login(reader)
    url = f"{LIST}?decision=open&min_score=10"
    (row,) = rows(client, url)
    link = row.one("a", **{"class": "overlap-open"})
    assert link.attrs["href"] == (
        reverse("goals:overlap_detail", args=[open_pair.pk]) + "?next=" + quote(url, safe="/")
    )
    assert link.text == f"Compare: {TITLE} – {OTHER}"


def test_a_decided_pair_shows_who_decided_when_and_the_withdrawn_activity(
    client, chief, pairs, settings
):
    _open_pair, decided = pairs
    client.force_login(chief)
    first, second = rows(client, f"{LIST}?decision=all")
    assert "Gammal mässa" not in first.text
    _score, _side_a, side_b, reasons, decision = second.all("td")
    assert side_b.one("span", **{"class": "badge badge--withdrawn"}).text == "Withdrawn"
    assert side_b.text.startswith("Äldre mässa Withdrawn")
    # No shared goal, no process: the text's likeness alone.
    assert [item.text for item in reasons.all("li")] == ["Texts 50% alike"]
    state = decision.one("span", **{"class": "decision decision--related"})
    assert state.text == "Related: coordinate"
    who = decision.one("span", **{"class": "activity-process"})
    # 23:30 UTC is the next day in Stockholm.
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert who.one("time").attrs["datetime"] == "2026-03-05T00:30:00+01:00"
    assert who.text == f"{decided.decided_by}, 03/05/2026"


def test_in_swedish_the_rows_say_the_same(client, reader, pairs):
    client.force_login(reader)
    first, second = rows(client, f"{LIST}?decision=all", "sv")
    assert [item.text for item in first.all("li")] == [
        "Samma sak: mässa ≈ <marknad> & co",
        "Samma ord: lärare",
        "Texterna 70 % lika",
        "2 gemensamma mål",
        "Samma koncerngemensamma process",
    ]
    assert first.one("a", **{"class": "overlap-open"}).text.startswith("Jämför: ")
    assert second.one("span", **{"class": "badge badge--withdrawn"}).text == "Återkallad"
    assert second.one("time").text == "2026-03-05"


def test_the_pairs_page_lists_the_same_reasons(client, reader, pairs):
    open_pair, _decided = pairs
    client.force_login(reader)
    client.cookies["django_language"] = "en"
    page = parse(client.get(reverse("goals:overlap_detail", args=[open_pair.pk])).content.decode())
    listed = page.one("ul", **{"class": "overlap-reasons"})
    assert [item.text for item in listed.all("li")] == [
        "Same thing: mässa ≈ <marknad> & co",
        "Same words: lärare",
        "Texts 70% alike",
        "2 shared goals",
        "Same group-wide process",
    ]
