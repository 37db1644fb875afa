"""The first, letters-only engine's list of Swedish compound parts, kept for the migrations only.

Migration 0009 rendered it into the database function riktning_normalize, which stored each
activity's stemmed text with compound parts added ("ledarutvecklingsprogram led utveckling
program"); migration 0017 dropped the function and its columns, and rebuilds them from here when
it is reversed. The present engine splits compounds with Debian's hunspell dictionary
(``goals/overlap/text.py``), which knows far more parts than this list. Nothing else reads it;
change it and the history of the migrations changes with it.

The rules, written as one anchored regular expression (``pattern()``): two to four parts, each a
word of ``PARTS`` (or without its final "a" or "e", or with "e" for a final "a"), a linking "s"
after any part but the last, an inflection on the last.
"""

from __future__ import annotations

# Parts of compounds common in a Swedish municipal group's plans, in their dictionary form.
# Words of at least three letters (and "el": elbil, elnät); no stop words (they add nothing).
PARTS = """
administration aktivitet alkohol allmän anhörig anläggning ansökan anställd arbete arbetsgivare
arkiv arkitektur avfall avlopp avtal bad barn bas behandling belysning beredskap bemanning
besök bibliotek bidrag bil biogas boende bostad brand bro budget buss byggnad bygg
centrum chef cykel cell data dag del demens digital drift dricksvatten ekonomi el elev
energi entré evenemang fastighet fjärrvärme flykting fordon forskning fritid friluft
funktion förening förskola företag förvaltning gata gatu gator grund grön gymnasium gård hall
hamn handledning handling hantering hem hemtjänst hus hälsa hållbarhet idrott infrastruktur
ingenjör inköp integration invånare kemikalie klimat kommunikation kompetens konst
kontakt kontor kostnad kultur kund kunskap kurs kvalitet kök lag ladd lärare ledare ledarskap
lek lokal luft lägenhet läsning mat medarbetare miljö mottagning musik mål mätning natur
nämnd nät omsorg område park parkering patient person personal plan plats program projekt
psykiatri rektor rekrytering region rening rådgivning samhälle samverkan sjuksköterska skola
skog skydd snö social sol station stad stadsdel stöd system säkerhet tid tillgänglighet
tillsyn tjänst trafik trafiksäkerhet trygghet turism ungdom upphandling utbildning
utrustning utveckling vatten verksamhet vind vuxen vård väg värme yta äldre ärende
förebyggande hjälp hälso kollektivtrafik resa resor simhall sim
""".split()  # noqa: SIM905 (one word a line otherwise)


# Compounds that Riktning treats as one word saying what kind of work it is (see GENERIC_STEMS in
# goals/overlap/search.py): split, "kompetensutveckling för lärare" would meet "kompetensutveckling
# för chefer" through "kompetens". Kept whole with any ending.
KEEP_WHOLE = ("kompetensutveckling",)


def keep_whole_pattern() -> str:
    return "^(" + "|".join(KEEP_WHOLE) + ")"


def forms() -> list[str]:
    """Every form a part takes inside a compound: as written, and without a final a or e."""
    out = set()
    for part in PARTS:
        out.add(part)
        if part[-1] in "ae" and len(part) > 3:
            out.add(part[:-1])
        if part[-1] == "a" and len(part) > 3:
            out.add(part[:-1] + "e")
    # Longest first: the regular expression then prefers "trafiksäkerhet" to "trafik".
    return sorted(out, key=lambda f: (-len(f), f))


# Endings the last part may carry: plural, definite and genitive forms.
INFLECTIONS = (  # noqa: SIM905
    "arnas ernas ornas arna erna orna ens ets arens erns ar er or en et na ns ts s e a n t"
).split()


def pattern() -> str:
    """The anchored regular expression (PostgreSQL's advanced syntax, also valid in Python's re)
    that matches a word made of two to four parts and captures the parts."""
    part = "(" + "|".join(forms()) + ")"
    tail = "(?:" + "|".join(INFLECTIONS) + ")?"
    return f"^{part}s?{part}(?:s?{part})?(?:s?{part})?{tail}$"
