"""How overlap finding reads a Swedish text (goals/overlap/text.py): base forms, compound parts
from Debian's hunspell dictionary, and places."""

from __future__ import annotations

import pytest

from goals.overlap.text import analyse, key

pytestmark = pytest.mark.skipif(
    not __import__("goals.overlap.text", fromlist=["DICTIONARY"]).DICTIONARY.available(),
    reason="hunspell-sv is not installed (make setup installs it)",
)


def lemmas(text: str) -> list[str]:
    return [w.lemma for w in analyse(text).words]


def test_inflections_meet_in_their_base_form():
    assert lemmas("Cykelvägarna och skolorna") == ["cykelväg", "skola"]
    assert lemmas("hyresgästerna") == ["hyresgäst"]


def test_a_compound_keeps_its_parts():
    (word,) = analyse("feriearbetet").words
    assert word.lemma == "feriearbete"
    assert {"ferie", "arbete"} <= set(word.parts)
    (word,) = analyse("trygghetsvandringen").words
    assert word.lemma == "trygghetsvandring"
    assert {"trygghet", "vandring"} <= set(word.parts)


def test_of_two_readings_the_shorter_base_form_wins():
    assert lemmas("ungdomar") == ["ungdom"]


def test_stop_words_and_numbers_are_left_out():
    assert lemmas("Vi ska göra det för 2026 och av de") == ["göra"]


def test_districts_are_places_wherever_they_stand():
    analysis = analyse("Teleborg får en cykelväg till Hovshaga och Arabyområdet.")
    assert analysis.places == {"teleborg", "hovshaga", "araby"}
    araby = next(w for w in analysis.words if w.lemma == "araby")
    assert araby.parts == ("område",)


def test_a_named_place_keeps_its_whole_name_before_the_word_it_is_joined_with():
    # "broskolan" and "bergsförskolan" are compounds the dictionary knows; the place's own name
    # ends where a word of its own begins.
    analysis = analyse("Ny idrottshall vid Sandsbroskolan, Hällebergsförskolan och Hälleby.")
    assert analysis.places == {"sandsbro", "hällebergs", "hälleby"}
    school = next(w for w in analysis.words if w.lemma == "sandsbro")
    assert school.parts == ("skola",)


def test_a_capital_at_a_sentence_start_is_not_a_place():
    analysis = analyse("Ny förskola. Skolgårdar rustas.")
    assert analysis.places == frozenset()
    assert lemmas("Ny förskola. Skolgårdar rustas.")[:2] == ["ny", "förskola"]


def test_abbreviations_are_words_not_places():
    analysis = analyse("SFI och LSS i Braås")
    assert [w.lemma for w in analysis.words] == ["sfi", "lss", "braås"]
    assert analysis.places == {"braås"}


def test_keys_forgive_the_vowel_that_compounds_change():
    assert key("skola") == key("skol")
    assert key("gata") == key("gatu")
    assert key("hälsa") == key("hälso")
    assert key("ledare") == key("ledar")


def test_words_joined_by_hyphens_are_one_word_with_their_pieces_as_parts():
    (word,) = analyse("e-tjänsterna").words
    assert word.lemma == "e-tjänst"
    assert "tjänst" in word.parts
    (word,) = analyse("VA-planen").words
    assert (word.lemma, word.parts[:2]) == ("va-plan", ("va", "plan"))
    assert lemmas("gång- och cykelvägar") == ["gång", "cykelväg"]


def test_an_unknown_compound_at_a_sentence_start_is_a_word_not_a_place():
    (word, _) = analyse("Förskoletak i Braås").words
    assert (word.lemma, word.place, word.parts) == ("förskoletak", False, ("förskola", "tak"))


def test_a_run_of_letters_longer_than_any_word_is_not_sent_to_the_dictionary(monkeypatch):
    from goals.overlap import text

    def refuse(word):
        raise AssertionError(f"the dictionary was asked about {word[:20]}…")

    monkeypatch.setattr(text, "_forms", refuse)
    word = text.analyse_word("b" * 500)
    assert word.lemma == "b" * text.MAX_WORD_LENGTH and not word.known
