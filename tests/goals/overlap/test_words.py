"""Word analyses kept in the database (OverlapWord): a process that has not met a word reads its
analysis instead of asking Debian's dictionary, which costs milliseconds a word."""

from __future__ import annotations

import pytest

from goals.overlap import documents, search, text
from goals.overlap.models import OverlapWord
from tests import factories as f

pytestmark = pytest.mark.skipif(
    not text.DICTIONARY.available(),
    reason="hunspell-sv is not installed (make setup installs it)",
)


@pytest.fixture
def fresh_process():
    """This process forgets every analysis, as a newly started worker knows none."""
    text.forget()
    yield
    text.forget()


def _no_dictionary(monkeypatch):
    def refuse(token):
        raise AssertionError(f"the dictionary was asked about {token!r}")

    monkeypatch.setattr(text, "_analyse_word", refuse)


def test_a_search_stores_the_analyses_it_made(db, fresh_process):
    search.similar_activities(title="Feriearbete för ungdomar", description="Sommarjobben växer")
    stored = {w.form: w for w in OverlapWord.objects.all()}
    assert stored["Feriearbete"].lemma == "feriearbete"
    assert {"ferie", "arbete"} <= set(stored["Feriearbete"].parts)
    assert stored["Sommarjobben"].lemma == "sommarjobb"
    assert stored["Sommarjobben"].analyser == documents.ANALYSER_VERSION
    assert text.take_new() == {}


def test_a_new_process_reads_stored_analyses_instead_of_asking_the_dictionary(
    db, fresh_process, monkeypatch
):
    words = "Trygghetsvandringen i Teleborg. Cykelvägarna byggs ut"
    documents.prepare_words(words)
    before = text.analyse(words)
    documents.store_new_words()
    text.forget()
    _no_dictionary(monkeypatch)
    documents.prepare_words(words)
    assert text.analyse(words) == before


def test_analyses_of_another_analyser_version_are_not_read(db, fresh_process, monkeypatch):
    OverlapWord.objects.create(form="badhuset", lemma="fel", analyser="old")
    documents.prepare_words("badhuset")
    assert text.analyse("badhuset").words[0].lemma == "badhus"
    documents.store_new_words()
    assert OverlapWord.objects.get(form="badhuset").analyser == documents.ANALYSER_VERSION


def test_the_scan_stores_the_words_of_the_texts_it_analyses(db, fresh_process):
    f.ActivityFactory(title="Simhallen byggs om", description="Badhuset renoveras")
    documents.refresh()
    assert OverlapWord.objects.filter(form__in=["Simhallen", "Badhuset", "renoveras"]).count() == 3


def test_the_postings_follow_the_documents_keys(db):
    from goals.overlap.models import OverlapDocument, OverlapPosting

    activity = f.ActivityFactory(title="Simhallen byggs om", description="")
    documents.refresh([activity.pk])

    def posted():
        return set(OverlapPosting.objects.filter(activity=activity).values_list("key", flat=True))

    document = OverlapDocument.objects.get(activity=activity)
    assert posted() == set(document.keys) and document.keys
    activity.title = "Badhuset renoveras"
    activity.save()
    documents.refresh([activity.pk])
    document.refresh_from_db()
    assert posted() == set(document.keys) and "simhall" not in posted()
    document.delete()
    assert posted() == set()


@pytest.mark.parametrize("bulk", [False, True])
def test_analysing_many_texts_at_once_brings_the_planners_statistics_up_to_date(
    db, monkeypatch, bulk
):
    from django.db import connection

    from goals.overlap.models import OverlapDocument, OverlapPosting

    def believed_postings() -> float:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = %s",
                [OverlapPosting._meta.db_table],
            )
            return cursor.fetchone()[0]

    f.ActivityFactory(title="Simhallen byggs om", description="Badhuset renoveras")
    f.ActivityFactory(title="Laddstolpar vid Arabyskolan", description="")
    OverlapDocument.objects.all().delete()  # as after a bulk load, which sends no signal
    # The planner believes the table empty. Set here, not left from another test: ANALYZE
    # writes its belief outside the test's transaction, so one test's would be the next's.
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {OverlapPosting._meta.db_table}")
    assert believed_postings() == 0
    monkeypatch.setattr(documents, "BULK_ANALYSED", 2 if bulk else 3)
    assert documents.refresh() == 2
    postings = OverlapPosting.objects.count()
    assert postings > 0
    assert believed_postings() == (postings if bulk else 0)


def test_the_letters_channel_looks_for_the_words_the_dictionary_does_not_know(db):
    unit = f.UnitFactory()
    jargon = f.ActivityFactory(title="Xylofonix i skolorna", owner_unit=unit)
    f.ActivityFactory(title="Cykelvägar i Teleborg", owner_unit=unit)
    typed = search._unknown_title_words("Cykelvägarna och Xylofonixen", {}, limit=10)
    assert typed == ["xylofonixen"]
    assert search._by_letters(typed, None, None) == [jargon.pk]
    # Too common a word brings nothing by its letters either.
    lemma = text.key(text.analyse_word("Xylofonixen").lemma)
    assert search._unknown_title_words("Xylofonixen", {lemma: 11}, limit=10) == []
