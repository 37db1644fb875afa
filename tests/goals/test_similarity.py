"""The live search for alike activities (goals/overlap/search.py): Swedish inflections and
compounds, the same work in other words through the vocabulary, stop and generic words, bad
input, which activities it may suggest, and the reason it gives."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone, translation

from goals.models import OverlapDocument, VocabularyGroup
from goals.overlap import documents, search
from goals.overlap.search import MAX_TEXT_LENGTH, TEXT_TOO_LONG, similar_activities
from tests import factories as f


def _ids(matches) -> list[int]:
    return [m.activity.pk for m in matches]


@pytest.fixture
def other_unit(db):
    return f.UnitFactory(name="Tekniska förvaltningen", slug="teknik")


@pytest.fixture
def summer_jobs(db):
    """The vocabulary's group for summer jobs, whatever a test before has left of the shipped
    vocabulary."""
    VocabularyGroup.objects.filter(terms__contains="feriearbete").delete()
    return VocabularyGroup.objects.create(
        field="arbetsmarknad", terms="feriearbete\nsommarjobb\nferiejobb"
    )


def test_inflections_meet(db, other_unit):
    road = f.ActivityFactory(title="Utbyggnad av cykelvägar", description="", owner_unit=other_unit)
    matches = similar_activities(title="Ny cykelväg i Öster", description="Utbyggnad av cykelväg")
    assert road.pk in _ids(matches)


def test_a_compound_meets_its_parts(db, other_unit):
    solar = f.ActivityFactory(
        title="Solcellsanläggningar på förskoletak", description="", owner_unit=other_unit
    )
    f.ActivityFactory(title="Renovering av stadsbiblioteket", owner_unit=other_unit)
    matches = similar_activities(title="Solceller på förskolornas tak")
    assert _ids(matches) == [solar.pk]


def test_the_same_work_in_other_words_meets_through_the_vocabulary(db, other_unit, summer_jobs):
    """The issue's own example: three units run summer jobs and call them feriearbete."""
    ferie = f.ActivityFactory(
        title="Feriearbete för 16-åringar",
        description="Ungdomar får jobba tre veckor i kommunens verksamheter.",
        owner_unit=other_unit,
    )
    f.ActivityFactory(title="Ny konstgräsplan i Braås", owner_unit=other_unit)
    matches = similar_activities(
        title="Sommarjobb för gymnasieelever",
        description="Unga får ett första jobb under sommaren.",
    )
    assert _ids(matches) == [ferie.pk]
    assert "same thing: sommarjobb ≈ feriearbete" in [str(r) for r in matches[0].reasons]
    summer_jobs.delete()
    matches = similar_activities(
        title="Sommarjobb för gymnasieelever",
        description="Unga får ett första jobb under sommaren.",
    )
    assert not any("same thing" in str(r) for m in matches for r in m.reasons)


def test_stop_words_do_not_make_texts_alike(db, other_unit):
    f.ActivityFactory(title="Det som vi har gjort för dem", description="", owner_unit=other_unit)
    assert similar_activities(title="Det är för oss och de som är här") == []


def test_generic_words_do_not_make_texts_alike(db, other_unit):
    f.ActivityFactory(
        title="Utveckling av gatubelysningen",
        description="Arbetet med att byta armaturer fortsätter i projektet.",
        owner_unit=other_unit,
    )
    assert (
        similar_activities(
            title="Utveckling av elevhälsan", description="Arbetet i projektet fortsätter."
        )
        == []
    )


@pytest.mark.parametrize(
    ("title", "description"),
    [("", ""), ("   ", ""), ("Cykelvägar", ""), ("Projekt", ""), ("Utveckling av projekt", "")],
)
def test_too_little_text_gives_nothing(db, other_unit, title, description):
    f.ActivityFactory(title="Utveckling av cykelvägar i projekt", owner_unit=other_unit)
    assert similar_activities(title=title, description=description) == []


def test_too_long_text_is_refused_before_any_query(db, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        similar_activities(title="Cykelväg", description="x" * MAX_TEXT_LENGTH)
    assert refused.value.messages == [str(TEXT_TOO_LONG)]


def test_own_unit_and_withdrawn_and_excluded_activity_are_left_out(db, group, other_unit):
    text = {"title": "Rekryteringskampanj för sjuksköterskor", "description": ""}
    own = f.ActivityFactory(owner_unit=group.administration, **text)
    withdrawn = f.ActivityFactory(
        owner_unit=other_unit,
        withdrawn_at=timezone.now(),
        withdrawn_reason="Slogs ihop",
        **text,
    )
    excluded = f.ActivityFactory(owner_unit=group.company, **text)
    wanted = f.ActivityFactory(owner_unit=other_unit, **text)
    matches = similar_activities(
        title="Kampanj för att rekrytera sjuksköterskor",
        unit=group.administration,
        exclude_activity_id=excluded.pk,
    )
    assert _ids(matches) == [wanted.pk]
    assert own.pk not in _ids(matches) and withdrawn.pk not in _ids(matches)


def test_matches_come_with_unit_and_goals_without_more_queries(
    db, other_unit, django_assert_num_queries
):
    for n in range(3):
        activity = f.ActivityFactory(
            title=f"Minskat matsvinn i skolköken {n}", description="", owner_unit=other_unit
        )
        f.ContributionFactory(activity=activity)
    matches = similar_activities(title="Minska matsvinnet i skolans kök", limit=2)
    assert len(matches) == 2
    assert matches[0].score >= matches[1].score
    with django_assert_num_queries(0):
        for match in matches:
            assert match.activity.owner_unit.name
            assert [c.goal.title for c in match.activity.contributions.all()]


def test_the_postings_index_answers_the_words_channel(db, other_unit):
    """The words channel reads the postings' (key, activity) index, never the documents
    (the planner may still prefer a scan on a tiny table, so the index is forced here;
    manage.py benchmark measures it at 100,000 activities)."""
    activity = f.ActivityFactory(title="Minskat matsvinn i skolköken", owner_unit=other_unit)
    documents.refresh([activity.pk])
    # The key "matsvinn" is found by, as the analysis writes it.
    (waste,) = [k for k in OverlapDocument.objects.get(activity=activity).keys if k[:5] == "matsv"]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT activity_id FROM goals_overlapposting WHERE key = ANY(%s::text[])",
            [[waste]],
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "goals_overlapposting_pkey" in plan and "goals_overlapdocument" not in plan
    assert search._by_words([waste], {waste: 1.0}, None, None) == [activity.pk]


# --- find_similar -------------------------------------------------------------------------------


def test_find_similar_prints_a_table(db, group, other_unit):
    road = f.ActivityFactory(title="Utbyggnad av cykelvägar i Öster", owner_unit=other_unit)
    out = StringIO()
    call_command("find_similar", "Ny cykelväg genom Öster", stdout=out)
    assert "score" in out.getvalue()
    assert road.title in out.getvalue() and str(road.pk) in out.getvalue()


def test_find_similar_prints_json_and_leaves_out_the_unit(db, group, other_unit):
    road = f.ActivityFactory(title="Utbyggnad av cykelvägar i Öster", owner_unit=other_unit)
    f.ActivityFactory(title="Utbyggnad av cykelvägar i Öster", owner_unit=group.company)
    out = StringIO()
    call_command(
        "find_similar",
        "Ny cykelväg genom Öster",
        "--unit",
        group.company.slug,
        "--limit",
        "3",
        "--json",
        stdout=out,
    )
    rows = json.loads(out.getvalue())
    assert [r["id"] for r in rows] == [road.pk]
    assert rows[0]["unit"] == other_unit.slug and 0 < rows[0]["score"] <= 1
    assert "same words: cykelväg" in rows[0]["reason"]


def test_find_similar_refuses_an_unknown_unit(db):
    with pytest.raises(CommandError, match="No unit with the slug 'finns-inte'"):
        call_command("find_similar", "Ny cykelväg", "--unit", "finns-inte")


def test_find_similar_refuses_too_long_text(db):
    # Commands speak the active language, Swedish unless told otherwise.
    with translation.override("sv"), pytest.raises(CommandError, match="för lång"):
        call_command("find_similar", "a " * MAX_TEXT_LENGTH)
