"""The vocabulary of municipal work: shipped as a data file, loaded by a migration, then owned by
administrators in the admin, where a group that would mislead is refused beside its field."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils.html import escape

from goals.models import VocabularyGroup
from goals.overlap.meaning import Vocabulary
from goals.overlap.text import DICTIONARY, analyse
from goals.overlap.vocabulary import current, read_file
from tests import factories as f
from vaxjo_riktning.admin import history_url

needs_dictionary = pytest.mark.skipif(
    not DICTIONARY.available(), reason="hunspell-sv is not installed (make setup installs it)"
)


def test_the_shipped_vocabulary_covers_every_field_of_a_municipal_group():
    groups = read_file()
    fields = {field for field, _ in groups}
    assert len(groups) >= 300
    assert len(fields) >= 12
    assert all(len(terms) >= 2 for _, terms in groups)
    terms = [term for _, group in groups for term in group]
    assert len(terms) == len(set(terms)), "a term is in two groups"
    assert {"förskola och skola", "äldreomsorg", "it och digitalisering"} <= fields


@pytest.mark.django_db
def test_the_migration_loads_the_shipped_file():
    migration = importlib.import_module("goals.migrations.0013_vocabulary")
    VocabularyGroup.objects.all().delete()
    migration.load_vocabulary(django_apps, None)
    assert VocabularyGroup.objects.count() == len(read_file())
    sfi = VocabularyGroup.objects.get(terms__startswith="sfi\n")
    assert "svenska för invandrare" in sfi.term_list()


@needs_dictionary
def test_a_group_is_found_in_any_inflection_in_a_compound_and_as_several_words():
    vocabulary = Vocabulary.build(
        [(1, "arbetsmarknad", ["feriearbete", "sommarjobb"]), (2, "omsorg", ["stöd i hemmet"])]
    )
    assert set(vocabulary.groups_in(analyse("Sommarjobben för unga"))) == {1}
    found = vocabulary.groups_in(analyse("Fler sommarjobbsplatser"))
    assert found[1][1] < 1  # through a compound's part: weaker evidence
    assert set(vocabulary.groups_in(analyse("Mer stöd i hemmet för äldre"))) == {2}
    assert vocabulary.groups_in(analyse("Stöd till föreningar i hemmets närhet")) == {}


# --- The admin ----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def _add(admin_client, terms: str, field: str = "test"):
    return admin_client.post(
        reverse("admin:goals_vocabularygroup_add"), {"field": field, "terms": terms}
    )


@pytest.mark.django_db
@needs_dictionary
@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("", "This field is required"),
        ("badhus", "Write at least two terms"),
        ("badhus\nsimhall\nbadhus", "is written twice"),
        ("badhuset\nsimhall\nbadhus", "is written twice"),
        ("simhall\noch", "stop word or a generic word"),
        ("simhall\nutveckling", "stop word or a generic word"),
    ],
)
def test_a_group_that_would_mislead_is_refused_beside_its_terms(admin_client, terms, message):
    before = VocabularyGroup.objects.count()
    response = _add(admin_client, terms)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors["terms"])
    assert VocabularyGroup.objects.count() == before
    assert terms.split("\n")[0] in response.content.decode()  # what was typed is kept


@pytest.mark.django_db
@needs_dictionary
def test_a_term_already_in_another_group_is_refused(admin_client):
    VocabularyGroup.objects.create(field="fritid", terms="snöskulptur\nsnöfigur")
    before = VocabularyGroup.objects.count()
    response = _add(admin_client, "snöfigurer\nsnögubbe")
    assert "“snöfigurer” is already in the word group “snöskulptur | snöfigur”" in " ".join(
        response.context["adminform"].form.errors["terms"]
    )
    assert VocabularyGroup.objects.count() == before


@pytest.mark.django_db
@needs_dictionary
def test_a_term_in_most_activities_is_refused_as_joining_every_text(admin_client):
    unit = f.UnitFactory()
    f.ActivityFactory.create_batch(45, owner_unit=unit, title="Parkvandring i Öster")
    f.ActivityFactory.create_batch(10, owner_unit=unit, title="Ny cykelbana")
    response = _add(admin_client, "parkvandring\nstadsvandring i park")
    assert "would join almost every text" in " ".join(
        response.context["adminform"].form.errors["terms"]
    )
    assert not VocabularyGroup.objects.filter(terms__contains="stadsvandring i park").exists()


@pytest.mark.django_db
@needs_dictionary
def test_a_good_group_is_saved_with_history_and_used_at_once(admin_client):
    before = current()
    response = _add(admin_client, "Pulkabacke\nkälkbacke\n\n", field="fritid")
    assert response.status_code == 302
    group = VocabularyGroup.objects.get(terms__contains="kälkbacke")
    assert group.term_list() == ["pulkabacke", "kälkbacke"]
    assert group.events.count() == 1
    vocabulary = current()
    assert vocabulary is not before
    assert set(vocabulary.groups_in(analyse("Nya pulkabackar"))) == {group.pk}
    page = admin_client.get(reverse("admin:goals_vocabularygroup_change", args=[group.pk]))
    assert escape(history_url(group)) in page.content.decode()


@pytest.mark.django_db
def test_people_without_the_administrator_role_cannot_open_it(client, reader):
    client.force_login(reader)
    response = client.get(reverse("admin:goals_vocabularygroup_changelist"))
    assert response.status_code == 302  # to the admin's login
