"""What a text says, word by word, as overlap finding compares it.

Each word becomes its base form (lemma) and, for a compound, its parts, as Debian's Swedish
hunspell dictionary (hunspell-sv, read by spylls) analyses it: "cykelvägnätet" → cykelvägnät with
parts cykel and vägnät, "hyresgästerna" → hyresgäst. So inflections meet, and a compound meets its
parts written apart, far beyond any list we could keep by hand. Proper nouns the dictionary knows
("Teleborg", "Ingelstad") or that are capitalised and unknown ("Hovshaga", "Arabyområdet" →
Araby + område) are places: two activities in the same district are more likely the same work,
two in different districts less.

A word's analysis never changes with the corpus, so it is computed once per word form and kept
(in this process, and in the database table OverlapWord so that other processes need not load the
dictionary, which takes a second and 120 MB).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

HUNSPELL = Path("/usr/share/hunspell/sv_SE")

# PostgreSQL's Swedish stop words (Snowball), and a few more that say nothing about the work.
STOP_WORDS = frozenset(
    """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av
    icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något
    från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller
    allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa
    några deras blir mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje
    vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert era vilkas
    ska skall samt även genom bland både via per två tre fyra fem år
    """.split()  # noqa: SIM905 (one word a line otherwise)
)

# Words that say what kind of work it is, not what it is about ("Utveckling av elevhälsan" and
# "Utveckling av gatubelysningen" must not look alike). They still count, but little.
GENERIC = frozenset(
    """
    aktivitet arbete arbeta bra bättre del digital effektiv fler förbättra förbättring gemensam
    genomföra genomförande göra information insats införa införande kartläggning kartlägga kommun
    kommunal kvalitet mer ny nytt ökad öka plan planering program projekt samverkan samverka
    satsning stöd stödja strategi uppdrag uppföljning utveckla utveckling verksamhet åtgärd
    översyn större ta tillsammans arbetssätt behov del område grupp form syfte mål vecka
    erbjuda fortsätta fortsatt också olika flera hela god alla skapa säkerställa
    fortsätter sker görs genomförs införs arbetar utvecklas ökar minskar få får
    nå uppnå bidra stärka främja målen
    """.split()  # noqa: SIM905 (one word a line otherwise)
)

# A word, or words joined by hyphens ("e-tjänst", "gc-väg", "VA-plan"); "gång- och cykelväg"
# gives "gång" and "cykelväg".
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:;]\s+|\n")


@dataclass(frozen=True)
class Word:
    """One word as compared: its base form, the parts of a compound, and whether it names a
    place (a proper noun)."""

    lemma: str
    parts: tuple[str, ...] = ()
    place: bool = False
    # Whether Debian's dictionary knows the word as written (not a guess from its letters); the
    # live search looks for the others letter by letter. Not part of what is compared.
    known: bool = field(default=True, compare=False)


def is_generic(word: Word) -> bool:
    return word.lemma in GENERIC


@lru_cache(maxsize=100_000)
def key(lemma: str) -> str:
    """The form two words are matched by: lower case, without the final vowel that Swedish
    compounds drop or change ("skola"/"skol", "gata"/"gatu", "ledare"/"ledar", "hälsa"/"hälso")."""
    lemma = lemma.lower()
    if len(lemma) >= 4 and lemma[-1] in "aeou":
        return lemma[:-1]
    return lemma


class _Dictionary:
    """Debian's Swedish hunspell dictionary, loaded on first use, once per process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dictionary = None

    def available(self) -> bool:
        return HUNSPELL.with_suffix(".dic").exists()

    def load(self) -> None:
        """Load it now (about 3 s), so that a process serving users does it when it starts
        rather than on its first save or first suggestions while typing."""
        if self.available():
            self.lookuper  # noqa: B018 (the property loads it)

    @property
    def lookuper(self):
        if self._dictionary is None:
            with self._lock:
                if self._dictionary is None:
                    from spylls.hunspell import Dictionary

                    self._dictionary = Dictionary.from_files(str(HUNSPELL))
        return self._dictionary.lookuper


DICTIONARY = _Dictionary()


def _forms(word: str) -> list:
    if not DICTIONARY.available():
        return []
    try:
        return list(DICTIONARY.lookuper.good_forms(word))
    except (IndexError, KeyError, ValueError):  # spylls on odd input
        return []


_SUFFIXES = (
    "arnas",
    "ernas",
    "ornas",
    "arna",
    "erna",
    "orna",
    "ens",
    "ets",
    "ar",
    "er",
    "or",
    "en",
    "et",
    "na",
    "s",
    "n",
)


def _strip(word: str) -> str:
    """A crude base form for a word the dictionary does not know (jargon, abbreviations)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


# The analyses this process knows, by token as written: made here, or read from the database
# (goals/overlap/documents.py's prepare_words). Emptied when it grows past MAX_KNOWN.
_KNOWN: dict[str, Word] = {}
# Made here by hunspell and not stored yet.
_NEW: dict[str, Word] = {}
# Looked for in the database and not found: not looked for again by this process.
_ASKED: set[str] = set()
MAX_KNOWN = 200_000


def analyse_word(token: str) -> Word:
    """The analysis of one token as written (case matters: it tells places from words)."""
    word = _KNOWN.get(token)
    if word is None:
        word = _analyse_word(token)
        if len(_KNOWN) >= MAX_KNOWN:
            _KNOWN.clear()
            _ASKED.clear()
        _KNOWN[token] = _NEW[token] = word
    return word


def unknown(forms: Iterable[str]) -> set[str]:
    """Of these tokens, those this process has no analysis of and has not looked for."""
    return {form for form in forms if form not in _KNOWN and form not in _ASKED}


def remember(asked: Iterable[str], analyses: dict[str, Word]) -> None:
    """Analyses made by another process (read from the database), of the forms asked for."""
    if len(_KNOWN) + len(analyses) >= MAX_KNOWN:
        _KNOWN.clear()
        _ASKED.clear()
    _KNOWN.update(analyses)
    _ASKED.update(form for form in asked if form not in analyses)


def take_new() -> dict[str, Word]:
    """The analyses this process made since it was last asked, to be stored for the others.
    The dict is swapped, not copied and cleared, so a word another thread analyses meanwhile
    is kept for the next call."""
    global _NEW
    new, _NEW = _NEW, {}
    return new


def forget() -> None:
    """Drop every analysis this process holds, as a newly started process holds none."""
    _KNOWN.clear()
    _NEW.clear()
    _ASKED.clear()


# Longer runs of letters are not words (the longest compounds in municipal plans have about 55
# letters) and are not sent to the dictionary: spylls takes seconds on a 200-letter run.
MAX_WORD_LENGTH = 60


def _analyse_word(token: str) -> Word:
    if len(token) > MAX_WORD_LENGTH:
        return Word(token[:MAX_WORD_LENGTH].lower(), known=False)
    if "-" in token:
        return _hyphenated(token)
    lower = token.lower()
    capitalised = token[:1].isupper() and not token.isupper()
    if token.isupper() and len(token) <= 6:  # an abbreviation: LSS, SFI, VA, IFO
        return Word(lower)
    forms = _forms(lower)
    if not forms and capitalised:
        forms = _forms(token)
        if forms and all(not hasattr(f, "parts") and f.stem[:1].isupper() for f in forms):
            return Word(lower, place=True)
    if not forms:
        guess = _unknown_name(token) if capitalised else _unknown_compound(lower)
        return replace(guess or Word(_strip(lower)), known=False)
    lemmas = [f.stem for f in forms if not hasattr(f, "parts")]
    compounds = [f for f in forms if hasattr(f, "parts")]
    if lemmas and all(lemma[:1].isupper() for lemma in lemmas) and capitalised:
        return Word(lower, place=True)
    if lemmas:
        lemma = min(lemmas, key=len).lower()
    else:
        # Only compound analyses: the word without its inflection is the written stem of every
        # part but the last, then the last part's base form ("trygghetsvandringen" →
        # trygghetsvandring). Of several analyses the shortest such lemma wins ("ungdomar" is
        # ung + dom, not ung + domare).
        lemma = min((_joined(lower, c) for c in compounds), key=len)
    parts: list[str] = []
    for compound in compounds:
        if lemmas or _joined(lower, compound) == lemma:
            for part in compound.parts:
                stem = part.stem.lower()
                if len(stem) >= 2 and stem not in parts and stem != lemma:
                    parts.append(stem)
    return Word(lemma, tuple(parts))


def _hyphenated(token: str) -> Word:
    """Words joined by hyphens: one word ("e-tjänster" → e-tjänst), whose parts are the pieces,
    the last one analysed like any word ("VA-planen" → va-plan: va, plan)."""
    *heads, last = token.split("-")
    tail = analyse_word(last)
    heads = [h.lower() for h in heads]
    parts = [h for h in heads if len(h) >= 2] + [tail.lemma, *tail.parts]
    return Word("-".join([*heads, tail.lemma]), tuple(dict.fromkeys(parts)))


def _joined(lower: str, compound) -> str:
    last = compound.parts[-1]
    return lower[: len(lower) - len(last.text)] + last.stem.lower()


def _unknown_compound(lower: str) -> Word | None:
    """A word the dictionary does not know that is two words it knows ("förskoletak" →
    förskola + tak): the first as compounds write it (a linking "s", or "e" for a final "a")."""
    if len(lower) < 7:
        return None
    for cut in range(len(lower) - 3, 2, -1):
        head, tail = lower[:cut], lower[cut:]
        if not _forms(tail):
            continue
        for stem in (head, head[:-1] if head.endswith("s") else "", head[:-1] + "a"):
            if len(stem) >= 3 and _forms(stem):
                tail_word = analyse_word(tail)
                head_word = analyse_word(stem)
                return Word(lower, (head_word.lemma, tail_word.lemma))
    return None


def _unknown_name(token: str) -> Word:
    """A capitalised word the dictionary does not know: a place, possibly joined with a known
    word ("Arabyområdet" → the place Araby, the word område). The word is the longest ending
    the dictionary knows as a word of its own, and only failing that one it knows as a compound:
    "Sandsbroskolan" is the place Sandsbro and skola, not Sands and broskola; "Hällebergsskolan"
    is not the same place as "Hälledalsparken"."""
    lower = token.lower()
    compound_cut = None
    for cut in range(3, len(lower) - 3):
        forms = _forms(lower[cut:])
        if any(not hasattr(f, "parts") for f in forms):
            break
        if forms and compound_cut is None:
            compound_cut = cut
    else:
        if compound_cut is None:
            return Word(lower, place=True)
        cut = compound_cut
    return Word(lower[:cut], (analyse_word(lower[cut:]).lemma,), place=True)


@dataclass(frozen=True)
class Analysis:
    """A text's meaningful words in order (stop words out), and the places it names."""

    words: tuple[Word, ...]

    @property
    def places(self) -> frozenset[str]:
        return frozenset(w.lemma for w in self.words if w.place)

    def to_json(self) -> list:
        return [[w.lemma, list(w.parts), w.place] for w in self.words]

    @classmethod
    def from_json(cls, data: list) -> Analysis:
        return cls(tuple(Word(lemma, tuple(parts), place) for lemma, parts, place in data))


def words_of(text: str) -> list[str]:
    """The words of a text as written."""
    return _TOKEN.findall(text)


def tokens(text: str) -> list[tuple[str, bool]]:
    """The words of a text, each with whether it begins a sentence (where a capital says
    nothing)."""
    out: list[tuple[str, bool]] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        between = text[previous_end : match.start()]
        out.append((match.group(), not out or bool(_SENTENCE_END.search(between + " "))))
        previous_end = match.end()
    return out


def _is_word(lower: str) -> bool:
    """Whether a capitalised word is a known word or two known words joined ("Förskoletak"),
    read from its lower-case analysis (kept like any other, so no dictionary lookup when it is
    stored): the dictionary knows it, or it was read as two words it knows."""
    word = analyse_word(lower)
    return word.known or bool(word.parts)


def analyse(text: str) -> Analysis:
    words: list[Word] = []
    for token, sentence_start in tokens(text or ""):
        if len(token) < 2 or token.lower() in STOP_WORDS:
            continue
        word = analyse_word(token)
        # A capital at a sentence start proves nothing: a known word, or two known words
        # joined ("Förskoletak"), is a word.
        lower = token.lower()
        if word.place and sentence_start and not token.isupper() and _is_word(lower):
            word = analyse_word(lower)
        if word.lemma in STOP_WORDS:
            continue
        words.append(word)
    return Analysis(tuple(words))
