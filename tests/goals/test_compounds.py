"""Swedish compounds stored with their parts (goals/overlap/compounds.py, riktning_normalize): the
demo's two leadership programmes find each other, live and in the nightly scan."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from goals.models import Activity, OverlapSuggestion
from goals.overlap.compounds import KEEP_WHOLE, PARTS, pattern
from goals.overlap.scan import overlap_scan
from goals.overlap.search import normalize, similar_activities, words
from tests import factories as f

# The demo's pair (vaxjo_riktning/demo/activities), as seed_demo writes it.
SCHOOL = (
    "Ledarutvecklingsprogram för rektorer",
    "Ett tvåårigt ledarutvecklingsprogram för rektorer och biträdande rektorer med "
    "handledning, nätverk och utbildning i pedagogiskt ledarskap och arbetsmiljö.",
)
ELDERLY = (
    "Utveckling av ledare inom äldreomsorgen",
    "Ett ledarutvecklingsprogram för enhetschefer inom äldreomsorgen med handledning, "
    "nätverk och utbildning i ledarskap, arbetsmiljö och förändringsarbete.",
)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("ledarutvecklingsprogram", ["led", "utveckling", "program"]),
        ("äldreomsorgen", ["äldr", "omsorg"]),
        ("cykelvägar", ["cykel", "väg"]),
        ("solcellsanläggningar", ["sol", "cell", "anläggning"]),
        ("skolgårdens", ["skol", "gård"]),
        ("ärendehanteringssystem", ["ärend", "hantering", "system"]),
        ("förskolechef", ["förskol", "chef"]),
    ],
)
def test_a_compound_is_stored_with_its_parts(db, word, parts):
    stored = words(normalize(word)[0])
    assert set(parts) <= set(stored)
    assert len(stored) == len(parts) + 1  # and the whole word itself


@pytest.mark.parametrize(
    "word", ["ledare", "rektorer", "leder", "program", "kompetensutvecklingen", "sjöarna"]
)
def test_a_word_that_does_not_split_completely_stays_as_it_is(db, word):
    assert len(words(normalize(word)[0])) == 1


def test_the_database_splits_with_the_list_kept_in_python(db):
    """The function is rendered from goals/overlap/compounds.py by migration 0009: a change of PARTS
    without a migration that renders it again fails here."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('riktning_normalize(text, text)'::regprocedure)")
        definition = cursor.fetchone()[0]
    assert pattern().replace("'", "''") in definition
    assert all(w in definition for w in KEEP_WHOLE)
    assert re.fullmatch(pattern(), "ledarutvecklingsprogram")
    assert len(PARTS) == len(set(PARTS))


def test_the_stored_columns_are_computed_with_the_parts(db):
    activity = f.ActivityFactory(title=SCHOOL[0], description="")
    activity.refresh_from_db()
    assert {"led", "utveckling", "program"} <= set(words(activity.similarity_title))


@pytest.fixture
def demo_pair(db):
    school = f.ActivityFactory(
        title=SCHOOL[0],
        description=SCHOOL[1],
        owner_unit=f.UnitFactory(name="Utbildningsförvaltningen", slug="uf"),
    )
    elderly = f.ActivityFactory(
        title=ELDERLY[0],
        description=ELDERLY[1],
        owner_unit=f.UnitFactory(name="Äldreomsorgsavdelningen", slug="aldre"),
    )
    return school, elderly


@pytest.mark.parametrize("typed", ["title", "title and description"])
def test_the_demo_pair_finds_each_other_live(demo_pair, typed):
    school, elderly = demo_pair
    for searched, expected in ((school, elderly), (elderly, school)):
        matches = similar_activities(
            title=searched.title,
            description=searched.description if typed != "title" else "",
            unit=searched.owner_unit,
        )
        assert [m.activity.pk for m in matches] == [expected.pk]


def test_the_demo_pair_finds_each_other_in_the_scan(demo_pair):
    school, elderly = demo_pair
    overlap_scan()
    pair = OverlapSuggestion.objects.get()
    assert {pair.activity_a_id, pair.activity_b_id} == {school.pk, elderly.pk}
    assert pair.text_score >= 0.30


def test_compounds_sharing_a_part_do_not_meet(db):
    f.ActivityFactory(title="Skolgårdens lekutrustning", description="Nya gungor på skolgården.")
    matches = similar_activities(title="Solcellsanläggning på skolan", description="")
    assert matches == []
    assert Activity.objects.count() == 1
