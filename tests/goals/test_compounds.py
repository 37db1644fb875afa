"""Swedish compounds meet their parts (hunspell splits them, goals/overlap/text.py): the demo's
two leadership programmes find each other, live and in the nightly scan, and compounds that only
share a part do not."""

from __future__ import annotations

import pytest

from goals.models import Activity, OverlapSuggestion
from goals.overlap import search
from goals.overlap.scan import overlap_scan
from goals.overlap.search import similar_activities
from tests import factories as f

# The demo's pair (demo/data/activities), as seed_demo writes it.
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


def test_the_demo_pair_finds_each_other_live(demo_pair):
    school, elderly = demo_pair
    for searched, expected in ((school, elderly), (elderly, school)):
        matches = similar_activities(
            title=searched.title, description=searched.description, unit=searched.owner_unit
        )
        assert [m.activity.pk for m in matches] == [expected.pk]


def test_the_demo_pair_finds_each_other_in_the_scan(demo_pair):
    school, elderly = demo_pair
    overlap_scan()
    pair = OverlapSuggestion.objects.get()
    assert {pair.activity_a_id, pair.activity_b_id} == {school.pk, elderly.pk}
    assert pair.text_score >= search.model().scan_threshold


def test_compounds_sharing_a_part_do_not_meet(db):
    f.ActivityFactory(title="Skolgårdens lekutrustning", description="Nya gungor på skolgården.")
    matches = similar_activities(title="Solcellsanläggning på skolan", description="")
    assert matches == []
    assert Activity.objects.count() == 1
